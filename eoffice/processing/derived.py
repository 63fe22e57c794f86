"""The PDF the pipeline derived from one stored file (a DOCX converted by LibreOffice), for the slices that
need it: the leader signs a DOCX draft as this PDF, and every reviewer previews it.

Read-only: the conversion itself stays the pipeline's (`eoffice.processing.runner`); a caller learns whether
it is done, still running, or failed with the pipeline's reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.processing.models import DocumentProcessing, Stage, Status


@dataclass(frozen=True)
class DerivedPdf:
    """The convert stage of one file: `pdf_key` is set only once it is done."""

    processing_id: int | None  # None: the stage is not even scheduled yet (the worker has not seen the file)
    status: Status
    pdf_key: str = ""
    error_message: str = ""

    @property
    def ready(self) -> bool:
        return self.status == Status.DONE and bool(self.pdf_key)


def converted_pdf(session: Session, file_id: int) -> DerivedPdf:
    """The converted PDF of a stored DOCX file, as far as the pipeline got."""
    row = session.scalar(
        select(DocumentProcessing).where(
            DocumentProcessing.file_id == file_id, DocumentProcessing.stage == Stage.CONVERT
        )
    )
    if row is None:
        return DerivedPdf(processing_id=None, status=Status.PENDING)
    return DerivedPdf(
        processing_id=row.id,
        status=row.status,
        pdf_key=row.pdf_key if row.status == Status.DONE else "",
        error_message=row.error_message,
    )
