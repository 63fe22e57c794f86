"""`/api/v1/documents/{id}/processing`: what the pipeline did with a document's files, for the UI's
"đang xử lý" badge and error messages, and the derived PDFs (OCR'd copy, DOCX converted) to preview."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.auth.deps import CurrentUser
from eoffice.deps import BackendsDep, SessionDep
from eoffice.documents.models import Document
from eoffice.errors import NotFound
from eoffice.orgs.models import User
from eoffice.permissions import may_read
from eoffice.processing.models import DocumentProcessing, Status
from eoffice.processing.schemas import ProcessingOut, StageOut
from eoffice.processing.status import state_of

router = APIRouter(tags=["processing"])


def _readable(session: Session, user: User, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None or not may_read(session, user, document):
        raise NotFound("Không tìm thấy văn bản hoặc bạn không có quyền xem văn bản này.")
    return document


@router.get("/documents/{document_id}/processing")
def document_processing(document_id: int, session: SessionDep, user: CurrentUser) -> ProcessingOut:
    """Each stage of each file (extract, OCR, convert, index): its status, attempts and failure reason."""
    document = _readable(session, user, document_id)
    rows = session.scalars(
        select(DocumentProcessing)
        .where(DocumentProcessing.document_id == document.id)
        .order_by(DocumentProcessing.id)
    ).all()
    state = state_of(rows)
    return ProcessingOut(
        document_id=document.id, state=state, state_label=state.label, stages=[StageOut.of(r) for r in rows]
    )


@router.get("/documents/{document_id}/processing/{processing_id}/pdf", response_class=StreamingResponse)
def derived_pdf(
    document_id: int, processing_id: int, session: SessionDep, backends: BackendsDep, user: CurrentUser
) -> StreamingResponse:
    """The searchable PDF a stage derived (OCR'd scan, converted DOCX); the received original is unchanged."""
    document = _readable(session, user, document_id)
    row = session.scalar(
        select(DocumentProcessing).where(
            DocumentProcessing.id == processing_id, DocumentProcessing.document_id == document.id
        )
    )
    if row is None or not row.pdf_key or row.status != Status.DONE:
        raise NotFound("Không có bản PDF dẫn xuất cho bước xử lý này.")
    chunks = backends.objects.get(row.pdf_key)
    first = next(chunks, b"")

    def body() -> Iterator[bytes]:
        yield first
        yield from chunks

    headers = {
        "Content-Disposition": f'inline; filename="van-ban-{document.id}-{row.stage.value}.pdf"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return StreamingResponse(body(), media_type="application/pdf", headers=headers)
