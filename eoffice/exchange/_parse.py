"""Reading edXML packages: strict about what matters, tolerant of what real systems leave out.

Strict: the sender's OrganId, at least one recipient, DocumentId (`<sender OrganId>,<date>,<number/symbol>`,
its OrganId the sender's), Code (number and notation), at least one file, every file decoding (base64) and
unzipping, and the manifest naming exactly the attached files. Tolerant: missing optional elements, empty
contact fields, surrounding and repeated whitespace, dates as `yyyy/mm/dd`, `yyyy-mm-dd` or `dd/mm/yyyy`,
files sent unzipped.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from lxml import etree

from eoffice.exchange._model import (
    Attachment,
    Business,
    BusinessType,
    DocumentCode,
    DocumentPackage,
    DocumentTypeInfo,
    Organization,
    OtherInfo,
    Package,
    PromulgationInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusCode,
    StatusPackage,
    TraceEntry,
)
from eoffice.exchange._xml import parse_xml, q, validate
from eoffice.exchange._zip import ZIP_CONTENT_TYPE, looks_zipped, unzip_one
from eoffice.exchange.errors import EdxmlAttachmentInvalid, EdxmlInvalid, EdxmlTooLarge

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
_SPACES = re.compile(r"\s+")
_DATE_FORMATS = ("%Y/%m/%d", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
_TIMESTAMP_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%d/%m/%Y %H:%M:%S")


@dataclass(frozen=True)
class Limits:
    """How much a package may hold; beyond it the package is refused with `edxml.too_large`."""

    max_package_bytes: int = 64 * 1024 * 1024
    max_file_bytes: int = 50 * 1024 * 1024
    max_total_bytes: int = 200 * 1024 * 1024
    max_attachments: int = 100


def _clean(text: str | None, *, multiline: bool = False) -> str:
    value = unicodedata.normalize("NFC", text or "").strip()
    if multiline:
        return "\n".join(line.strip() for line in value.splitlines()).strip()
    return _SPACES.sub(" ", value)


def _child(parent: etree._Element | None, name: str) -> etree._Element | None:
    return None if parent is None else parent.find(q(name))


def _text(parent: etree._Element | None, name: str, *, multiline: bool = False) -> str:
    element = _child(parent, name)
    return _clean(element.text if element is not None else None, multiline=multiline)


def _single(parent: etree._Element, name: str, label: str) -> etree._Element | None:
    found = parent.findall(q(name))
    if len(found) > 1:
        raise EdxmlInvalid(f"Gói tin có {len(found)} phần tử {label}; chỉ được có một.")
    return found[0] if found else None


def _date(value: str, label: str) -> date | None:
    value = value.split(" ")[0].split("T")[0] if value else ""
    if not value:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 (a calendar day: no zone to read)
        except ValueError:
            continue
    raise EdxmlInvalid(f"Ngày “{value}” ở {label} không đúng định dạng yyyy/mm/dd.")


def _timestamp(value: str) -> datetime | None:
    if not value:
        return None
    for fmt in _TIMESTAMP_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=VIETNAM)
        except ValueError:
            continue
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None  # an unreadable trace time is not worth refusing a package for
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=VIETNAM)


def _organization(element: etree._Element, label: str) -> Organization:
    organ_id = _text(element, "OrganId")
    if not organ_id:
        raise EdxmlInvalid(f"Thiếu mã định danh cơ quan ({label}/OrganId).")
    return Organization(
        organ_id=organ_id,
        organ_name=_text(element, "OrganName"),
        organization_in_charge=_text(element, "OrganizationInCharge"),
        organ_add=_text(element, "OrganAdd"),
        email=_text(element, "Email"),
        telephone=_text(element, "Telephone"),
        fax=_text(element, "Fax"),
        website=_text(element, "Website"),
    )


def _sender(message: etree._Element) -> Organization:
    element = _single(message, "From", "From")
    if element is None:
        raise EdxmlInvalid("Gói tin thiếu thông tin cơ quan gửi (From).")
    return _organization(element, "From")


def _staff(element: etree._Element | None) -> StaffInfo:
    return StaffInfo(
        department=_text(element, "Department"),
        staff=_text(element, "Staff"),
        email=_text(element, "Email"),
        mobile=_text(element, "Mobile"),
    )


def _traces(header: etree._Element) -> tuple[tuple[TraceEntry, ...], Business]:
    trace_list = _child(header, "TraceHeaderList")
    traces: list[TraceEntry] = []
    business = Business()
    if trace_list is None:
        return (), business
    for trace in trace_list.findall(q("TraceHeader")):
        organ_id = _text(trace, "OrganId")
        if organ_id:
            traces.append(TraceEntry(organ_id, _timestamp(_text(trace, "Timestamp"))))
    node = trace_list.find(q("Bussiness"))
    if node is not None:
        raw = _text(node, "BussinessDocType")
        business = Business(
            doc_type=BusinessType.from_wire(raw) if raw else BusinessType.NEW,
            reason=_text(node, "BussinessDocReason", multiline=True),
            staff=_staff(_child(node, "StaffInfo")),
        )
    return tuple(traces), business


def _response_for(element: etree._Element) -> ResponseFor:
    organ_id = _text(element, "OrganId")
    if not organ_id:
        raise EdxmlInvalid("Thiếu mã định danh cơ quan của văn bản được phản hồi (ResponseFor/OrganId).")
    return ResponseFor(
        organ_id=organ_id,
        code=_text(element, "Code"),
        promulgation_date=_date(_text(element, "PromulgationDate"), "ResponseFor/PromulgationDate"),
        document_id=_text(element, "DocumentId"),
    )


def _check_document_id(document_id: str, sender: Organization) -> None:
    if not document_id:
        raise EdxmlInvalid("Gói tin thiếu mã văn bản (DocumentId).")
    parts = [part.strip() for part in document_id.split(",")]
    if len(parts) < 3 or not all(parts[:3]):
        raise EdxmlInvalid(
            f"Mã văn bản “{document_id}” không đúng dạng <mã định danh>,<yyyy/mm/dd>,<số/ký hiệu>."
        )
    if parts[0] != sender.organ_id:
        raise EdxmlInvalid(
            f"Mã văn bản “{document_id}” không thuộc cơ quan gửi {sender.organ_id}.",
            detail={"document_id": document_id, "sender": sender.organ_id},
        )


def _clean_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()


def _content_type_of(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def _normalise_cid(value: str) -> str:
    value = value.strip()
    return value[4:] if value.lower().startswith("cid:") else value


def _attachment(element: etree._Element, limits: Limits, index: int) -> Attachment:
    content_id = _text(element, "ContentId")
    name = _clean_name(_text(element, "AttachmentName"))
    label = name or content_id or f"#{index}"
    declared = _text(element, "ContentType").lower()
    encoded = _child(element, "ContentTransferEncoded")
    raw = (
        re.sub(rb"\s+", b"", (encoded.text or "").encode("ascii", errors="replace"))
        if encoded is not None
        else b""
    )
    if not raw:
        raise EdxmlAttachmentInvalid(f"Tệp đính kèm “{label}” không có nội dung.")
    if len(raw) * 3 // 4 > limits.max_file_bytes:
        raise EdxmlTooLarge(
            f"Tệp đính kèm “{label}” vượt quá giới hạn {limits.max_file_bytes} byte.",
            detail={"attachment": label, "limit": limits.max_file_bytes},
        )
    try:
        data = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise EdxmlAttachmentInvalid(f"Tệp đính kèm “{label}” không đúng mã hóa base64.") from exc
    if declared == ZIP_CONTENT_TYPE or (
        declared in ("", "application/x-zip-compressed") and looks_zipped(data)
    ):
        inner_name, data = unzip_one(data, label=label, max_bytes=limits.max_file_bytes)
        if not name or name.lower().endswith(".zip"):
            name = _clean_name(inner_name) or name
        content_type = _content_type_of(name)
    else:
        content_type = declared or _content_type_of(name)
    if not data:
        raise EdxmlAttachmentInvalid(f"Tệp đính kèm “{label}” rỗng.")
    return Attachment(
        name=name or f"tep-{index}",
        content_type=content_type,
        data=data,
        content_id=content_id,
        description=_text(element, "Description"),
    )


def _attachments(root: etree._Element, envelope: etree._Element, limits: Limits) -> tuple[Attachment, ...]:
    manifest = _child(_child(envelope, "edXMLBody"), "edXMLManifest")
    references = [] if manifest is None else manifest.findall(q("Reference"))
    encoded = _child(root, "AttachmentEncoded")
    elements = [] if encoded is None else encoded.findall(q("Attachment"))
    if not elements:
        raise EdxmlInvalid("Gói tin văn bản không có tệp đính kèm (AttachmentEncoded/Attachment).")
    if len(elements) > limits.max_attachments:
        raise EdxmlTooLarge(
            f"Gói tin có {len(elements)} tệp, vượt quá giới hạn {limits.max_attachments} tệp."
        )
    listed = sorted(_normalise_cid(_text(ref, "ContentId")) for ref in references)
    attached = sorted(_normalise_cid(_text(el, "ContentId")) for el in elements)
    if listed != attached:
        raise EdxmlInvalid(
            "Danh mục tệp (edXMLManifest) không khớp với các tệp đính kèm (AttachmentEncoded).",
            detail={"manifest": listed, "attachments": attached},
        )
    files: list[Attachment] = []
    total = 0
    for index, element in enumerate(elements, start=1):
        attachment = _attachment(element, limits, index)
        total += attachment.size
        if total > limits.max_total_bytes:
            raise EdxmlTooLarge(f"Tổng dung lượng các tệp vượt quá giới hạn {limits.max_total_bytes} byte.")
        files.append(attachment)
    return tuple(files)


def _document(
    root: etree._Element,
    envelope: etree._Element,
    header: etree._Element,
    message: etree._Element,
    limits: Limits,
) -> DocumentPackage:
    sender = _sender(message)
    recipients = tuple(_organization(el, "To") for el in message.findall(q("To")))
    if not recipients:
        raise EdxmlInvalid("Gói tin văn bản thiếu cơ quan nhận (To).")
    document_id = _text(message, "DocumentId")
    _check_document_id(document_id, sender)
    code_element = _single(message, "Code", "Code")
    number, notation = _text(code_element, "CodeNumber"), _text(code_element, "CodeNotation")
    if not number or not notation:
        raise EdxmlInvalid("Gói tin văn bản thiếu số hoặc ký hiệu (Code/CodeNumber, Code/CodeNotation).")
    promulgation = _child(message, "PromulgationInfo")
    doc_type = _child(message, "DocumentType")
    signer = _child(message, "SignerInfo")
    other = _child(message, "OtherInfo")
    appendixes = _child(other, "Appendixes")
    response = _child(message, "ResponseFor")
    places = _child(message, "ToPlaces")
    traces, business = _traces(header)
    return DocumentPackage(
        sender=sender,
        recipients=recipients,
        document_id=document_id,
        code=DocumentCode(number, notation),
        subject=_text(message, "Subject"),
        promulgation=PromulgationInfo(
            place=_text(promulgation, "Place"),
            date=_date(_text(promulgation, "PromulgationDate"), "PromulgationInfo/PromulgationDate"),
        ),
        document_type=DocumentTypeInfo(
            type=_text(doc_type, "Type"),
            type_detail=_text(doc_type, "TypeDetail"),
            type_name=_text(doc_type, "TypeName"),
        ),
        content=_text(message, "Content", multiline=True),
        signer=SignerInfo(
            competence=_text(signer, "Competence"),
            position=_text(signer, "Position"),
            full_name=_text(signer, "FullName"),
        ),
        due_date=_date(_text(message, "DueDate"), "DueDate"),
        other_info=OtherInfo(
            priority=_text(other, "Priority"),
            sphere_of_promulgation=_text(other, "SphereOfPromulgation"),
            typer_notation=_text(other, "TyperNotation"),
            promulgation_amount=_text(other, "PromulgationAmount"),
            page_amount=_text(other, "PageAmount"),
            direction=_text(other, "Direction"),
            appendixes=tuple(
                _clean(a.text) for a in ([] if appendixes is None else appendixes.findall(q("Appendix")))
            ),
        ),
        steering_type=_text(message, "SteeringType"),
        to_places=tuple(_clean(p.text) for p in ([] if places is None else places.findall(q("Place")))),
        response_for=_response_for(response) if response is not None else None,
        traces=traces,
        business=business,
        attachments=_attachments(root, envelope, limits),
    )


def _status(header: etree._Element, message: etree._Element) -> StatusPackage:
    sender = _sender(message)
    response = _single(message, "ResponseFor", "ResponseFor")
    if response is None:
        raise EdxmlInvalid("Gói tin trạng thái thiếu thông tin văn bản được phản hồi (ResponseFor).")
    response_for = _response_for(response)
    if not response_for.document_id:
        raise EdxmlInvalid("Gói tin trạng thái thiếu mã văn bản (ResponseFor/DocumentId).")
    traces, _business = _traces(header)
    timestamp = _timestamp(_text(message, "Timestamp")) or (traces[-1].timestamp if traces else None)
    return StatusPackage(
        sender=sender,
        response_for=response_for,
        status_code=StatusCode(_text(message, "StatusCode")),
        timestamp=timestamp,
        description=_text(message, "Description", multiline=True),
        staff=_staff(_child(message, "StaffInfo")),
        traces=traces,
    )


def parse_package(data: bytes, limits: Limits | None = None) -> Package:
    """Read a document or status package; refuse anything else with an `edxml.*` error."""
    limits = limits or Limits()
    root = parse_xml(data, max_bytes=limits.max_package_bytes)
    if root.tag != q("edXML"):
        raise EdxmlInvalid(
            f"Phần tử gốc phải là edXML trong không gian tên QCVN 102:2016 (nhận được {root.tag})."
        )
    validate(root)
    envelope = root.find(q("edXMLEnvelope"))
    header = _child(envelope, "edXMLHeader")
    message = _child(header, "MessageHeader")
    assert envelope is not None and header is not None and message is not None  # the schema requires them
    if message.find(q("StatusCode")) is not None:
        return _status(header, message)
    return _document(root, envelope, header, message, limits)
