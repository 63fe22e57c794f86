"""Reading edXML packages leniently: every package a real platform or vendor emits is read, and what deviated
from QCVN 102:2016 (as the Government Office's library writes it) is reported as warnings, not refused.

Lenient: any order of known children (each deviation one warning), unknown elements and attributes ignored
(the package is kept byte for byte anyway), `Signature` in the edXML or the XML-DSig namespace or none,
`Manifest` as well as `edXMLManifest`, BKAV's older namespace (`http://www.e-doc.vn/Schema/`) and elements
without a namespace, several `To` / `ResponseFor` / `ReplacementInfoList`, empty contact fields, surrounding
and repeated whitespace, dates as `yyyy/mm/dd`, `yyyy-mm-dd` or `dd/mm/yyyy`, files sent unzipped.

Refused, with a Vietnamese reason: what cannot be read safely or is missing what a document is (see `_xml`
for DOCTYPE, size and syntax): no sender `OrganId`, no recipient, no `DocumentId`, no number and symbol, no
file, a file the manifest names but the package lacks, broken base64 or ZIP, a status package that does not
name its document or carries an unknown `StatusCode`.
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
from eoffice.exchange._xml import BKAV_NS, NS, parse_xml
from eoffice.exchange._zip import ZIP_CONTENT_TYPE, unzip_one
from eoffice.exchange.errors import EdxmlAttachmentInvalid, EdxmlInvalid, EdxmlTooLarge
from eoffice.file_kinds import is_zip

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


_EDXML_NAMESPACES = (NS, BKAV_NS, None)

# The order the Government Office's library writes; a package in another order is read, with a warning.
_ORDER = {
    "edXMLHeader": ("MessageHeader", "TraceHeaderList", "Signature"),
    "MessageHeader": (
        "From",
        "To",
        "DocumentId",
        "Code",
        "PromulgationInfo",
        "DocumentType",
        "Subject",
        "Content",
        "Author",
        "SignerInfo",
        "DueDate",
        "OtherInfo",
        "SteeringType",
        "ToPlaces",
        "ResponseFor",
    ),
    "MessageHeader/status": ("From", "ResponseFor", "StaffInfo", "StatusCode", "Description", "Timestamp"),
    "From": (
        "OrganId",
        "OrganizationInCharge",
        "OrganName",
        "OrganAdd",
        "Email",
        "Telephone",
        "Fax",
        "Website",
    ),
    "ResponseFor": ("OrganId", "Code", "PromulgationDate", "DocumentId"),
    "Bussiness": (
        "DocumentId",
        "BussinessDocType",
        "BussinessDocReason",
        "Paper",
        "StaffInfo",
        "BussinessDocumentInfo",
        "ReplacementInfoList",
    ),
    "Reference": ("ContentId", "ContentType", "Description", "AttachmentName"),
    "Attachment": ("ContentId", "AttachmentName", "Description", "ContentType", "ContentTransferEncoded"),
}
_ORDER["To"] = _ORDER["From"]


class Notes:
    """Warnings gathered while reading one package, each once, in the order met."""

    def __init__(self, initial: list[str] | None = None) -> None:
        self.items: list[str] = list(initial or [])
        self._namespaces_noted: set[str | None] = set()

    def add(self, text: str) -> None:
        if text not in self.items:
            self.items.append(text)

    def namespace(self, namespace: str | None, name: str) -> None:
        if namespace == NS or namespace in self._namespaces_noted:
            return
        self._namespaces_noted.add(namespace)
        if namespace == BKAV_NS:
            self.add(f"Gói tin dùng không gian tên cũ của BKAV ({BKAV_NS}) thay cho QCVN 102:2016.")
        else:
            self.add(f"Phần tử {name} (và có thể các phần tử khác) không thuộc không gian tên QCVN 102:2016.")


def _name(element: etree._Element, notes: Notes | None = None) -> str | None:
    """The edXML local name of `element` (any of the namespaces real packages use), else None."""
    if not isinstance(element.tag, str):
        return None
    qname = etree.QName(element)
    if qname.namespace not in _EDXML_NAMESPACES:
        return None
    if notes is not None:
        notes.namespace(qname.namespace, qname.localname)
    return qname.localname


def _children(parent: etree._Element | None, name: str) -> list[etree._Element]:
    if parent is None:
        return []
    return [child for child in parent if _name(child) == name]


def _child(parent: etree._Element | None, name: str) -> etree._Element | None:
    found = _children(parent, name)
    return found[0] if found else None


def _text(parent: etree._Element | None, name: str, *, multiline: bool = False) -> str:
    element = _child(parent, name)
    return _clean(element.text if element is not None else None, multiline=multiline)


def _survey(parent: etree._Element | None, label: str, notes: Notes, *, order: str | None = None) -> None:
    """Warn about unknown edXML children of `parent` and about known ones out of the library's order."""
    if parent is None:
        return
    known = _ORDER[order or label]
    last, last_name = -1, ""
    for child in parent:
        name = _name(child, notes)
        if name is None:
            continue  # another namespace (XML-DSig, a vendor's extension): not ours to judge
        if name not in known:
            if name != "Signature":
                notes.add(f"Phần tử {label}/{name} không có trong QCVN 102:2016; đã bỏ qua.")
            continue
        index = known.index(name)
        if index < last:
            notes.add(
                f"Thứ tự phần tử trong {label} khác QCVN 102:2016 ({name} đứng sau {last_name}); vẫn đọc được."
            )
        elif index > last:
            last, last_name = index, name


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


def _organization(element: etree._Element, label: str, notes: Notes) -> Organization:
    _survey(element, label, notes, order="From")
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


def _sender(message: etree._Element, notes: Notes) -> Organization:
    found = _children(message, "From")
    if not found:
        raise EdxmlInvalid("Gói tin thiếu thông tin cơ quan gửi (From).")
    if len(found) > 1:
        raise EdxmlInvalid(f"Gói tin có {len(found)} phần tử From; chỉ được có một cơ quan gửi.")
    return _organization(found[0], "From", notes)


def _staff(element: etree._Element | None) -> StaffInfo:
    return StaffInfo(
        department=_text(element, "Department"),
        staff=_text(element, "Staff"),
        email=_text(element, "Email"),
        mobile=_text(element, "Mobile"),
    )


def _business_type(raw: str, notes: Notes) -> BusinessType:
    if not raw:
        return BusinessType.NEW
    if raw in ("0", "1", "2", "3"):
        return BusinessType.from_wire(raw)
    notes.add(f"BussinessDocType “{raw}” không thuộc 0–3; coi là văn bản mới.")
    return BusinessType.NEW


def _replaced_ids(node: etree._Element) -> tuple[str, ...]:
    """Every DocumentId under the ReplacementInfoList(s): the documents this one replaces or updates."""
    found: list[str] = []
    for replacement_list in _children(node, "ReplacementInfoList"):
        for element in replacement_list.iter():
            if element is not replacement_list and _name(element) == "DocumentId":
                value = _clean(element.text)
                if value and value not in found:
                    found.append(value)
    return tuple(found)


def _traces(header: etree._Element, notes: Notes) -> tuple[tuple[TraceEntry, ...], Business]:
    trace_list = _child(header, "TraceHeaderList")
    traces: list[TraceEntry] = []
    business = Business()
    if trace_list is None:
        return (), business
    for trace in _children(trace_list, "TraceHeader"):
        organ_id = _text(trace, "OrganId")
        if organ_id:
            traces.append(TraceEntry(organ_id, _timestamp(_text(trace, "Timestamp"))))
    node = _child(trace_list, "Bussiness")
    if node is not None:
        _survey(node, "Bussiness", notes)
        business = Business(
            doc_type=_business_type(_text(node, "BussinessDocType"), notes),
            reason=_text(node, "BussinessDocReason", multiline=True),
            staff=_staff(_child(node, "StaffInfo")),
            document_id=_text(node, "DocumentId"),
            paper=_text(node, "Paper") or "0",
            replaces=_replaced_ids(node),
        )
    return tuple(traces), business


def _response_for(element: etree._Element, notes: Notes) -> ResponseFor:
    _survey(element, "ResponseFor", notes)
    organ_id = _text(element, "OrganId")
    if not organ_id:
        raise EdxmlInvalid("Thiếu mã định danh cơ quan của văn bản được phản hồi (ResponseFor/OrganId).")
    return ResponseFor(
        organ_id=organ_id,
        code=_text(element, "Code"),
        promulgation_date=_date(_text(element, "PromulgationDate"), "ResponseFor/PromulgationDate"),
        document_id=_text(element, "DocumentId"),
    )


def _check_document_id(document_id: str, sender: Organization, notes: Notes) -> None:
    """A DocumentId is required (statuses name the document by it); its form is checked with warnings only,
    since forwarded documents keep their issuer's id."""
    if not document_id:
        raise EdxmlInvalid("Gói tin thiếu mã văn bản (DocumentId).")
    parts = [part.strip() for part in document_id.split(",")]
    if len(parts) < 3 or not all(parts[:3]):
        notes.add(f"Mã văn bản “{document_id}” không đúng dạng <mã định danh>,<yyyy/mm/dd>,<số/ký hiệu>.")
    elif parts[0] != sender.organ_id:
        notes.add(f"Mã văn bản “{document_id}” không mang mã định danh của cơ quan gửi {sender.organ_id}.")


def _clean_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()


def _content_type_of(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def _normalise_cid(value: str) -> str:
    value = value.strip()
    return value[4:] if value.lower().startswith("cid:") else value


def _attachment(element: etree._Element, limits: Limits, index: int, notes: Notes) -> Attachment:
    _survey(element, "Attachment", notes)
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
    if declared == ZIP_CONTENT_TYPE or (declared in ("", "application/x-zip-compressed") and is_zip(data)):
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


def _manifest(envelope: etree._Element, notes: Notes) -> etree._Element | None:
    body = _child(envelope, "edXMLBody")
    manifest = _child(body, "edXMLManifest")
    if manifest is None and (manifest := _child(body, "Manifest")) is not None:
        notes.add("Danh mục tệp mang tên Manifest thay cho edXMLManifest.")
    return manifest


def _attachments(
    root: etree._Element, envelope: etree._Element, limits: Limits, notes: Notes
) -> tuple[Attachment, ...]:
    manifest = _manifest(envelope, notes)
    references = _children(manifest, "Reference")
    for reference in references:
        _survey(reference, "Reference", notes)
    elements = [
        el for encoded in _children(root, "AttachmentEncoded") for el in _children(encoded, "Attachment")
    ]
    if not elements:
        raise EdxmlInvalid("Gói tin văn bản không có tệp đính kèm (AttachmentEncoded/Attachment).")
    if len(elements) > limits.max_attachments:
        raise EdxmlTooLarge(
            f"Gói tin có {len(elements)} tệp, vượt quá giới hạn {limits.max_attachments} tệp."
        )
    listed = sorted(_normalise_cid(_text(ref, "ContentId")) for ref in references)
    attached = sorted(_normalise_cid(_text(el, "ContentId")) for el in elements)
    missing = [cid for cid in listed if cid not in attached]
    if missing:
        raise EdxmlInvalid(
            "Danh mục tệp (edXMLManifest) không khớp với các tệp đính kèm (AttachmentEncoded): thiếu "
            + ", ".join(missing)
            + ".",
            detail={"manifest": listed, "attachments": attached},
        )
    if manifest is None:
        notes.add("Gói tin không có danh mục tệp (edXMLManifest).")
    elif unlisted := [cid for cid in attached if cid not in listed]:
        notes.add("Danh mục tệp không liệt kê: " + ", ".join(unlisted) + ".")
    files: list[Attachment] = []
    total = 0
    for index, element in enumerate(elements, start=1):
        attachment = _attachment(element, limits, index, notes)
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
    notes: Notes,
) -> DocumentPackage:
    _survey(message, "MessageHeader", notes)
    sender = _sender(message, notes)
    recipients = tuple(_organization(el, "To", notes) for el in _children(message, "To"))
    if not recipients:
        raise EdxmlInvalid("Gói tin văn bản thiếu cơ quan nhận (To).")
    document_id = _text(message, "DocumentId")
    _check_document_id(document_id, sender, notes)
    codes = _children(message, "Code")
    if len(codes) > 1:
        raise EdxmlInvalid(f"Gói tin có {len(codes)} phần tử Code; chỉ được có một.")
    code_element = codes[0] if codes else None
    number, notation = _text(code_element, "CodeNumber"), _text(code_element, "CodeNotation")
    if not number or not notation:
        raise EdxmlInvalid("Gói tin văn bản thiếu số hoặc ký hiệu (Code/CodeNumber, Code/CodeNotation).")
    promulgation = _child(message, "PromulgationInfo")
    doc_type = _child(message, "DocumentType")
    signer = _child(message, "SignerInfo")
    other = _child(message, "OtherInfo")
    appendixes = _child(other, "Appendixes")
    places = [place for group in _children(message, "ToPlaces") for place in _children(group, "Place")]
    traces, business = _traces(header, notes)
    attachments = _attachments(root, envelope, limits, notes)
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
            appendixes=tuple(_clean(a.text) for a in _children(appendixes, "Appendix")),
        ),
        steering_type=_text(message, "SteeringType"),
        to_places=tuple(_clean(p.text) for p in places),
        response_for=tuple(_response_for(el, notes) for el in _children(message, "ResponseFor")),
        traces=traces,
        business=business,
        attachments=attachments,
        warnings=tuple(notes.items),
    )


def _status(header: etree._Element, message: etree._Element, notes: Notes) -> StatusPackage:
    _survey(message, "MessageHeader", notes, order="MessageHeader/status")
    sender = _sender(message, notes)
    responses = _children(message, "ResponseFor")
    if not responses:
        raise EdxmlInvalid("Gói tin trạng thái thiếu thông tin văn bản được phản hồi (ResponseFor).")
    if len(responses) > 1:
        notes.add(f"Gói tin trạng thái có {len(responses)} phần tử ResponseFor; chỉ đọc phần tử đầu.")
    response_for = _response_for(responses[0], notes)
    if not response_for.document_id:
        raise EdxmlInvalid("Gói tin trạng thái thiếu mã văn bản (ResponseFor/DocumentId).")
    raw_code = _text(message, "StatusCode")
    try:
        status_code = StatusCode(raw_code)
    except ValueError:
        raise EdxmlInvalid(
            f"Mã trạng thái “{raw_code}” không thuộc các mã 01–06, 13, 15, 16.", detail={"status": raw_code}
        ) from None
    traces, _business = _traces(header, notes)
    timestamp = _timestamp(_text(message, "Timestamp")) or (traces[-1].timestamp if traces else None)
    return StatusPackage(
        sender=sender,
        response_for=response_for,
        status_code=status_code,
        timestamp=timestamp,
        description=_text(message, "Description", multiline=True),
        staff=_staff(_child(message, "StaffInfo")),
        traces=traces,
        warnings=tuple(notes.items),
    )


def parse_package(data: bytes, limits: Limits | None = None) -> Package:
    """Read a document or status package; refuse only what cannot be read (an `edxml.*` error)."""
    limits = limits or Limits()
    recovered: list[str] = []
    root = parse_xml(data, max_bytes=limits.max_package_bytes, warnings=recovered)
    notes = Notes(recovered)
    if _name(root, notes) != "edXML":
        raise EdxmlInvalid(
            f"Phần tử gốc phải là edXML trong không gian tên QCVN 102:2016 (nhận được {root.tag})."
        )
    envelope = _child(root, "edXMLEnvelope")
    header = _child(envelope, "edXMLHeader")
    message = _child(header, "MessageHeader")
    if envelope is None or header is None or message is None:
        raise EdxmlInvalid("Gói tin thiếu edXMLEnvelope/edXMLHeader/MessageHeader.")
    _survey(header, "edXMLHeader", notes)
    if _child(message, "StatusCode") is not None:
        return _status(header, message, notes)
    return _document(root, envelope, header, message, limits, notes)
