"""Vào sổ a received package (issue 24): its edXML metadata gives the sổ đến fields where present, and what it
leaves out is read from its main file with the registration form's reader (`eoffice.incoming.prefill`), a scan
OCR'd in the pipeline's sandbox with that reader's time limit.

The metadata wins because the sender's system wrote it from the document's own record; the page is read only
for what is missing. A main file that cannot be read (broken, hostile, an OCR past its time) leaves the
metadata alone, and the answer says why, so the văn thư knows to type the rest.
"""

from __future__ import annotations

import io
import logging
import re

from eoffice.documents.files import Upload
from eoffice.documents.kinds import DocumentType, Urgency
from eoffice.errors import EOfficeError
from eoffice.exchange.edxml import Attachment, DocumentPackage
from eoffice.exchange.schemas import AcceptPrefill, AcceptValue, FieldSource
from eoffice.file_kinds import SCANNABLE, sniff
from eoffice.settings import Settings

log = logging.getLogger(__name__)

# `OtherInfo/Priority`: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ.
URGENCY = {
    "0": Urgency.NORMAL,
    "1": Urgency.URGENT,
    "2": Urgency.VERY_URGENT,
    "3": Urgency.FLASH,
    "4": Urgency.FLASH,
}
FIELDS = (
    "title",
    "doc_type",
    "issuer",
    "number",
    "symbol",
    "issue_date",
    "urgency",
    "deadline",
    "signer_authority",
    "signer_position",
    "signer_name",
)


def package_doc_type(package: DocumentPackage) -> DocumentType | None:
    """The tên loại from `TypeName`, else from the ký hiệu's first part (`QĐ-UBND` → Quyết định); None when
    the package names neither."""
    name = package.document_type.type_name.casefold()
    for member in DocumentType:
        if name and member.label.casefold() == name:
            return member
    first = re.split(r"[-/]", package.code.notation, maxsplit=1)[0]
    for member in DocumentType:
        if member.abbreviation and member.abbreviation == first:
            return member
    return None


def main_file(package: DocumentPackage) -> tuple[int, Attachment] | None:
    """The package's văn bản: its first attachment of a kind the reader takes (PDF, DOCX, image)."""
    for index, attachment in enumerate(package.attachments):
        if sniff(io.BytesIO(attachment.data)) in SCANNABLE:
            return index, attachment
    return None


def _given(value: object) -> AcceptValue | None:
    if value is None or value == "":
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return AcceptValue(value=text.strip(), source=FieldSource.PACKAGE)


def from_metadata(package: DocumentPackage) -> AcceptPrefill:
    """The fields the package's metadata gives, each marked "theo gói tin"."""
    signer = package.signer
    return AcceptPrefill(
        issuer_code=package.sender.organ_id,
        title=_given(package.subject.strip()),
        doc_type=_given(package_doc_type(package)),
        issuer=_given(package.sender.organ_name.strip()),
        number=_given(package.code.number.strip()),
        symbol=_given(package.code.notation.strip()),
        issue_date=_given(package.promulgation.date),
        urgency=_given(URGENCY.get(package.other_info.priority.strip())),
        deadline=_given(package.due_date),
        signer_authority=_given(signer.competence.strip()),
        signer_position=_given(signer.position.strip()),
        signer_name=_given(signer.full_name.strip()),
    )


def missing(fields: AcceptPrefill, wanted: tuple[str, ...] = FIELDS) -> list[str]:
    return [name for name in wanted if getattr(fields, name) is None]


def registration_fields(
    settings: Settings, package: DocumentPackage, wanted: tuple[str, ...] = FIELDS
) -> AcceptPrefill:
    """The metadata's fields, and those of `wanted` it lacks read from the main file (marked "đọc từ văn
    bản", with where they were read). The file is opened only when something is missing."""
    from eoffice.incoming.prefill.service import read_upload

    fields = from_metadata(package)
    lacking = missing(fields, wanted)
    if not lacking:
        return fields
    found = main_file(package)
    if found is None:
        fields.problem = "Gói tin không có tệp văn bản đọc được (PDF, DOCX hoặc ảnh quét)."
        return fields
    index, attachment = found
    fields.file_index = index
    try:
        read = read_upload(settings, Upload(io.BytesIO(attachment.data), attachment.name, inspect=True))
    except EOfficeError as error:
        log.info("exchange prefill: %s not read: %s", attachment.name, error.message)
        fields.problem = f"Không đọc được tệp “{attachment.name}”: {error.message}"
        return fields
    fields.input_kind = read.input_kind
    for name in lacking:
        value = getattr(read, name)
        if value is not None:
            setattr(
                fields,
                name,
                AcceptValue(
                    value=value.value, source=FieldSource.DOCUMENT, text=value.text, where=value.source
                ),
            )
    return fields
