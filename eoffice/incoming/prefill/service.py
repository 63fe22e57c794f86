"""Điền sẵn phiếu vào sổ: read an uploaded file before it is registered, match its issuer in the danh bạ
and flag a duplicate, so the văn thư only confirms or corrects.

Nothing is stored: the file is registered later with the form (`POST /incoming`). A DOCX or a text PDF is read
at once; a scan goes through the pipeline's OCR in its sandbox child with `OCR_TIMEOUT`, and a scan that
cannot be read in that time is an error the form shows (the văn thư types the fields), never a guess.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from eoffice.checks import Layout, read_layout
from eoffice.checks.text import fold
from eoffice.documents.files import Upload, check_upload
from eoffice.errors import Forbidden
from eoffice.exchange import directory
from eoffice.file_kinds import SCANNABLE, FileKind
from eoffice.incoming.prefill import outcomes
from eoffice.incoming.prefill._read import Deadline, Found, ReadFields, Source, read_fields
from eoffice.incoming.prefill.schemas import (
    CitationOut,
    DeadlineOut,
    DirectoryMatch,
    FieldAccuracy,
    InputKind,
    PrefillOut,
    ReadValue,
    SourceOut,
)
from eoffice.incoming.service import REGISTRARS, possible_duplicates
from eoffice.orgs.models import User
from eoffice.permissions import holds_role
from eoffice.processing import ocr_in_sandbox
from eoffice.settings import Settings

__all__ = ["OCR_TIMEOUT", "accuracy", "prefill", "read_file", "read_upload", "to_out"]

OCR_TIMEOUT = 60.0  # seconds for the OCR of one upload; a two-page scan takes about ten on two cores
_SUFFIXES = {FileKind.PDF: ".pdf", FileKind.PNG: ".png", FileKind.JPEG: ".jpg", FileKind.TIFF: ".tif"}


def prefill(session: Session, settings: Settings, user: User, upload: Upload) -> PrefillOut:
    """The form's fields read from `upload`, the issuer's danh bạ entry and the sổ entries it would
    duplicate. Only those who register incoming documents may ask."""
    if not holds_role(user, user.agency_id, *REGISTRARS):
        raise Forbidden("Chỉ văn thư mới được vào sổ văn bản đến.")
    out = read_upload(settings, upload)
    if out.issuer is not None:
        match = _directory_match(session, user.agency_id, out.issuer.value)
        out.issuer_directory = match
        issuer = match.name if match is not None else out.issuer.value
        if out.number is not None and out.symbol is not None:
            out.duplicates = possible_duplicates(session, user, out.number.value, out.symbol.value, issuer)
    return out


def read_upload(settings: Settings, upload: Upload) -> PrefillOut:
    """The fields read from `upload` (checked like any upload; a scan OCR'd in the sandbox with
    `OCR_TIMEOUT`), without the database parts. The exchange reads a package's main file with it.

    Raises the upload's, the reader's or the pipeline's `EOfficeError` for a file it cannot read."""
    kind = check_upload(upload, SCANNABLE, settings.max_upload_bytes)
    fields, input_kind = read_file(settings, kind, upload.stream.read())
    return to_out(fields, input_kind)


def accuracy(session: Session, user: User) -> list[FieldAccuracy]:
    """The share of pre-filled values saved as read, per field and input kind, in the user's agency."""
    if not holds_role(user, user.agency_id, *REGISTRARS):
        raise Forbidden("Chỉ văn thư và quản trị viên xem được độ chính xác của điền sẵn.")
    return outcomes.accuracy(session, user.agency_id)


def read_file(settings: Settings, kind: FileKind, data: bytes) -> tuple[ReadFields, InputKind]:
    """The fields of a file of `kind` (a scan OCR'd in the sandbox), and which kind of input it was."""
    layout, input_kind = _layout(settings, kind, data)
    return read_fields(layout), input_kind


def _layout(settings: Settings, kind: FileKind, data: bytes) -> tuple[Layout, InputKind]:
    if kind == FileKind.DOCX:
        return read_layout(data), InputKind.DOCX
    if kind == FileKind.PDF:
        layout = read_layout(data)
        if any(not line.empty for line in layout.lines):
            return layout, InputKind.PDF
    with tempfile.TemporaryDirectory(prefix="eoffice-prefill-") as folder:
        workdir = Path(folder)
        source = workdir / f"source{_SUFFIXES[kind]}"
        source.write_bytes(data)
        ocr = ocr_in_sandbox(source, workdir, settings.data_dir.resolve() / "processing", OCR_TIMEOUT)
    return read_layout(ocr), InputKind.SCAN


def _directory_match(session: Session, agency_id: int, issuer: str) -> DirectoryMatch | None:
    """The danh bạ entry whose name is the issuer's (diacritics, case and spacing aside), if exactly one."""
    wanted = fold(issuer)
    page = directory.search(session, agency_id, issuer, limit=20)
    same = [entry for entry in page.items if fold(entry.name) == wanted]
    if len(same) != 1:
        return None
    return DirectoryMatch(organ_id=same[0].organ_id, name=same[0].name)


def _source(source: Source) -> SourceOut:
    return SourceOut(
        line=source.line,
        page=source.page,
        box=[round(v, 1) for v in source.box] if source.box is not None else None,
    )


def _value(found: Found[Any] | None) -> ReadValue | None:
    if found is None:
        return None
    value = found.value
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return ReadValue(value=text, text=found.text, source=_source(found.source))


def _deadline(deadlines: tuple[Deadline, ...]) -> ReadValue | None:
    dated = sorted((d for d in deadlines if d.date is not None), key=lambda d: d.date or 0)
    if not dated:
        return None
    first = dated[0]
    assert first.date is not None
    return ReadValue(value=first.date.isoformat(), text=first.text, source=_source(first.source))


def to_out(fields: ReadFields, input_kind: InputKind) -> PrefillOut:
    return PrefillOut(
        input_kind=input_kind,
        number=_value(fields.number),
        symbol=_value(fields.symbol),
        issuer=_value(fields.issuer),
        parent_issuer=_value(fields.parent_issuer),
        place=_value(fields.place),
        issue_date=_value(fields.issue_date),
        doc_type=_value(fields.doc_type),
        title=_value(fields.summary),
        signer_authority=_value(fields.signer_authority),
        signer_position=_value(fields.signer_position),
        signer_name=_value(fields.signer_name),
        urgency=_value(fields.urgency),
        secrecy=_value(fields.secrecy),
        deadline=_deadline(fields.deadlines),
        deadlines=[
            DeadlineOut(
                text=d.text, date=d.date, days=d.days, working_days=d.working_days, source=_source(d.source)
            )
            for d in fields.deadlines
        ],
        citations=[
            CitationOut(text=c.text, type=c.type, number=c.number, issuer=c.issuer, date=c.date)
            for c in fields.citations
        ],
    )
