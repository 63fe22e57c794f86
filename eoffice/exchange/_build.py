"""Writing document and status packages the way the Government Office's edXML library does.

Element order as that library writes it (MessageHeader: From, To…, DocumentId, Code, PromulgationInfo,
DocumentType, Subject, Content, SignerInfo, DueDate, OtherInfo, SteeringType, ToPlaces, ResponseFor…;
Bussiness: DocumentId, BussinessDocType, BussinessDocReason, Paper, StaffInfo), `edXMLManifest
version="1.0"`, every element with the `edXML:` prefix. No XML-DSig `Signature` is written (docs/EDXML.md).
Every file travels zipped (`ContentType` `application/zip`) under its own name; dates are `yyyy/mm/dd`,
timestamps `yyyy/mm/dd HH:MM:SS` in Vietnam time. Empty optional values are written as empty elements, as
real systems do, except groups that are entirely absent (`ResponseFor`, `DueDate`).
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from zoneinfo import ZoneInfo

from lxml import etree

from eoffice.exchange._model import (
    Attachment,
    Business,
    DocumentPackage,
    Organization,
    ResponseFor,
    StaffInfo,
    StatusPackage,
    TraceEntry,
)
from eoffice.exchange._xml import NS, q
from eoffice.exchange._zip import ZIP_CONTENT_TYPE, zip_one

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def format_date(value: date | None) -> str:
    return f"{value:%Y/%m/%d}" if value else ""


def format_timestamp(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(VIETNAM)
    return f"{value:%Y/%m/%d %H:%M:%S}"


def _add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, q(name))
    if text is not None:
        element.text = text
    return element


def _organization(parent: etree._Element, name: str, org: Organization) -> None:
    element = _add(parent, name)
    for tag, value in (
        ("OrganId", org.organ_id),
        ("OrganizationInCharge", org.organization_in_charge),
        ("OrganName", org.organ_name),
        ("OrganAdd", org.organ_add),
        ("Email", org.email),
        ("Telephone", org.telephone),
        ("Fax", org.fax),
        ("Website", org.website),
    ):
        _add(element, tag, value)


def _staff(parent: etree._Element, staff: StaffInfo) -> None:
    element = _add(parent, "StaffInfo")
    for tag, value in (
        ("Department", staff.department),
        ("Staff", staff.staff),
        ("Email", staff.email),
        ("Mobile", staff.mobile),
    ):
        _add(element, tag, value)


def _response_for(parent: etree._Element, response: ResponseFor) -> None:
    element = _add(parent, "ResponseFor")
    _add(element, "OrganId", response.organ_id)
    _add(element, "Code", response.code)
    _add(element, "PromulgationDate", format_date(response.promulgation_date))
    _add(element, "DocumentId", response.document_id)


def _traces(
    parent: etree._Element,
    traces: tuple[TraceEntry, ...],
    business: Business | None,
    document_id: str = "",
) -> None:
    element = _add(parent, "TraceHeaderList")
    for trace in traces:
        header = _add(element, "TraceHeader")
        _add(header, "OrganId", trace.organ_id)
        _add(header, "Timestamp", format_timestamp(trace.timestamp))
    if business is not None:
        node = _add(element, "Bussiness")
        _add(node, "DocumentId", business.document_id or document_id)
        _add(node, "BussinessDocType", business.doc_type.wire)
        _add(node, "BussinessDocReason", business.reason)
        _add(node, "Paper", business.paper or "0")
        _staff(node, business.staff)
        if business.replaces:
            replacements = _add(node, "ReplacementInfoList")
            for replaced in business.replaces:
                info = _add(replacements, "ReplacementInfo")
                _add(info, "DocumentId", replaced)


def _envelope() -> tuple[etree._Element, etree._Element, etree._Element]:
    root = etree.Element(q("edXML"), nsmap={"edXML": NS})
    envelope = _add(root, "edXMLEnvelope")
    header = _add(envelope, "edXMLHeader")
    return root, envelope, header


def _serialize(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _content_id(index: int, attachment: Attachment) -> str:
    return attachment.content_id or f"cid:{index:03d}"


def build_document_package(package: DocumentPackage, *, timestamp: datetime | None = None) -> bytes:
    """The edXML bytes of a document package; `timestamp` (default now) goes into a trace of the sender."""
    root, envelope, header = _envelope()
    message = _add(header, "MessageHeader")
    _organization(message, "From", package.sender)
    for recipient in package.recipients:
        _organization(message, "To", recipient)
    _add(message, "DocumentId", package.document_id)
    code = _add(message, "Code")
    _add(code, "CodeNumber", package.code.number)
    _add(code, "CodeNotation", package.code.notation)
    promulgation = _add(message, "PromulgationInfo")
    _add(promulgation, "Place", package.promulgation.place)
    _add(promulgation, "PromulgationDate", format_date(package.promulgation.date))
    doc_type = _add(message, "DocumentType")
    _add(doc_type, "Type", package.document_type.type)
    _add(doc_type, "TypeDetail", package.document_type.type_detail)
    _add(doc_type, "TypeName", package.document_type.type_name)
    _add(message, "Subject", package.subject)
    _add(message, "Content", package.content)
    signer = _add(message, "SignerInfo")
    _add(signer, "Competence", package.signer.competence)
    _add(signer, "Position", package.signer.position)
    _add(signer, "FullName", package.signer.full_name)
    if package.due_date is not None:
        _add(message, "DueDate", format_date(package.due_date))
    other = _add(message, "OtherInfo")
    info = package.other_info
    for tag, value in (
        ("Priority", info.priority),
        ("SphereOfPromulgation", info.sphere_of_promulgation),
        ("TyperNotation", info.typer_notation),
        ("PromulgationAmount", info.promulgation_amount),
        ("PageAmount", info.page_amount),
        ("Direction", info.direction),
    ):
        _add(other, tag, value)
    if info.appendixes:
        appendixes = _add(other, "Appendixes")
        for appendix in info.appendixes:
            _add(appendixes, "Appendix", appendix)
    _add(message, "SteeringType", package.steering_type)
    places = _add(message, "ToPlaces")
    for place in package.to_places:
        _add(places, "Place", place)
    for response in package.response_for:
        _response_for(message, response)
    traces = package.traces or (TraceEntry(package.sender.organ_id, timestamp or datetime.now(VIETNAM)),)
    _traces(header, traces, package.business, package.document_id)

    body = _add(envelope, "edXMLBody")
    manifest = _add(body, "edXMLManifest")
    manifest.set("version", "1.0")
    encoded = _add(root, "AttachmentEncoded")
    for index, attachment in enumerate(package.attachments, start=1):
        content_id = _content_id(index, attachment)
        reference = _add(manifest, "Reference")
        _add(reference, "ContentId", content_id)
        _add(reference, "ContentType", ZIP_CONTENT_TYPE)
        _add(reference, "Description", attachment.description)
        _add(reference, "AttachmentName", attachment.name)
        node = _add(encoded, "Attachment")
        _add(node, "ContentId", content_id)
        _add(node, "AttachmentName", attachment.name)
        _add(node, "Description", attachment.description)
        _add(node, "ContentType", ZIP_CONTENT_TYPE)
        zipped = zip_one(attachment.name, attachment.data)
        _add(node, "ContentTransferEncoded", base64.b64encode(zipped).decode("ascii"))
    return _serialize(root)


def build_status_package(package: StatusPackage) -> bytes:
    """The edXML bytes of a status package (no files, an empty body)."""
    root, envelope, header = _envelope()
    message = _add(header, "MessageHeader")
    _organization(message, "From", package.sender)
    _response_for(message, package.response_for)
    _staff(message, package.staff)
    _add(message, "StatusCode", package.status_code.value)
    _add(message, "Description", package.description)
    _add(message, "Timestamp", format_timestamp(package.timestamp))
    traces = package.traces or (TraceEntry(package.sender.organ_id, package.timestamp),)
    _traces(header, traces, None)
    _add(envelope, "edXMLBody")
    return _serialize(root)
