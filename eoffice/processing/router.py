"""`/api/v1/documents/{id}/processing`: what the pipeline did with a document's files, for the UI's
"đang xử lý" badge and error messages, and the derived PDFs (OCR'd copy, DOCX converted) to preview."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.auth.deps import CurrentUser
from eoffice.deps import BackendsDep, SessionDep
from eoffice.documents.downloads import verified_download
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
) -> Response:
    """The searchable PDF a stage derived (OCR'd scan, converted DOCX); the received original is unchanged."""
    document = _readable(session, user, document_id)
    row = session.scalar(
        select(DocumentProcessing).where(
            DocumentProcessing.id == processing_id, DocumentProcessing.document_id == document.id
        )
    )
    if row is None or not row.pdf_key or row.status != Status.DONE:
        raise NotFound("Không có bản PDF dẫn xuất cho bước xử lý này.")
    # No row records this derived copy's digest: the store's own record is the reference, checked before
    # sending (small) or before the last chunk (large), so bytes changed on disk are never served whole.
    stored = backends.objects.stat(row.pdf_key)
    headers = {
        "Content-Disposition": f'inline; filename="van-ban-{document.id}-{row.stage.value}.pdf"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return verified_download(
        backends.objects,
        row.pdf_key,
        sha256=stored.sha256,
        size=stored.size,
        media_type="application/pdf",
        headers=headers,
    )
