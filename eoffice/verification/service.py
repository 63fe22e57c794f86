"""Which file to validate, whom to trust, and the report as JSON.

The report is `signing.validate_pdf`'s own pydantic models; this module adds the bottom line per signature
(`valid`, a property there) and whether the signer is a person or the agency, so a screen can say plainly
"Nguyễn Văn An ký lúc …: hợp lệ" without interpreting certificates itself.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.documents.kinds import FileRole
from eoffice.documents.models import Document, DocumentFile
from eoffice.documents.schemas import FileOut
from eoffice.documents.service import get_readable
from eoffice.errors import EOfficeError, NotFound
from eoffice.orgs.models import Agency, User
from eoffice.settings import Settings
from signing import SignatureReport, SigningError, TrustSettings, validate_pdf

PDF = "application/pdf"
# the signed copy a reader means by "the document": issued (agency signature) before signed (leader only)
_PREFERENCE = (FileRole.ISSUED, FileRole.SIGNED, FileRole.ORIGINAL, FileRole.ATTACHMENT, FileRole.DRAFT)


class NoSignedFile(NotFound):
    code = "signature.no_pdf"
    message = "Văn bản chưa có tệp PDF để xác thực chữ ký số."


class SignatureOut(BaseModel):
    """One signature: its bottom line, who signed (a person — the leader — or the agency), and the full
    report of `signing.validate_pdf`."""

    valid: bool
    signer_kind: Literal["person", "agency", "timestamp"]
    report: SignatureReport

    @classmethod
    def of(cls, report: SignatureReport, agency_names: set[str]) -> SignatureOut:
        if report.kind == "document_timestamp":
            kind: Literal["person", "agency", "timestamp"] = "timestamp"
        elif report.signer is not None and _folded(report.signer.common_name) in agency_names:
            kind = "agency"
        else:
            kind = "person"
        return cls(valid=report.valid, signer_kind=kind, report=report)


class SignaturesOut(BaseModel):
    """Báo cáo xác thực chữ ký số của một tệp: `valid` when it has signatures and every one is valid."""

    document_id: int
    file: FileOut
    valid: bool
    signatures: list[SignatureOut]


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def choose_file(document: Document, file_id: int | None) -> DocumentFile:
    """The given file, or the newest PDF by preference: issued, signed, received original, attachment, draft."""
    if file_id is not None:
        for file in document.files:
            if file.id == file_id:
                return file
        raise NotFound("Không tìm thấy tệp.")
    pdfs = [f for f in document.files if f.content_type == PDF]
    for role in _PREFERENCE:
        of_role = [f for f in pdfs if f.role == role]
        if of_role:
            return max(of_role, key=lambda f: f.version)
    raise NoSignedFile()


def _agencies(session: Session, document: Document) -> list[Agency]:
    """The document's agency, and the one a released copy came from."""
    ids = [document.agency_id]
    if document.source_document_id is not None:
        source = session.get(Document, document.source_document_id)
        if source is not None and source.agency_id not in ids:
            ids.append(source.agency_id)
    return [a for a in (session.get(Agency, i) for i in ids) if a is not None]


def trust_for_document(
    session: Session, backends: Backends, settings: Settings, document: Document
) -> TrustSettings:
    """The agency's anchors (and those of the agency a released copy came from) plus the configured ones:
    the Vietnamese trust profiles and the operator's roots (`eoffice.keys.configured_trust`)."""
    from eoffice.keys import configured_trust, trust_for_agency

    roots: list[Any] = []
    for agency in _agencies(session, document):
        roots.extend(trust_for_agency(backends, agency).roots)
    configured = configured_trust(settings)
    return configured.combined(TrustSettings(roots=tuple(roots)))


def signature_report(
    session: Session,
    backends: Backends,
    settings: Settings,
    user: User,
    document_id: int,
    file_id: int | None = None,
) -> SignaturesOut:
    """Validate the chosen file of a document the user may read (404 otherwise, like every read)."""
    document = get_readable(session, user, document_id)
    file = choose_file(document, file_id)
    if file.content_type != PDF:
        raise EOfficeError(
            "Chỉ xác thực được chữ ký số trên tệp PDF.", code="signature.not_pdf", status_code=422
        )
    data = b"".join(backends.objects.get(file.object_key))
    try:
        report = validate_pdf(data, trust_for_document(session, backends, settings, document))
    except SigningError as exc:
        raise EOfficeError(exc.message, code=exc.code, status_code=422) from exc
    agency_names = {_folded(a.name) for a in _agencies(session, document)}
    signatures = [SignatureOut.of(s, agency_names) for s in report.signatures]
    return SignaturesOut(
        document_id=document.id, file=FileOut.of(file), valid=report.valid, signatures=signatures
    )
