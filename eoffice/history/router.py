"""`/api/v1/documents/{id}/history`: the document's timeline from the audit trail."""

from __future__ import annotations

from fastapi import APIRouter

from eoffice.auth.deps import CurrentUser
from eoffice.deps import SessionDep
from eoffice.history.service import HistoryOut, document_history

router = APIRouter(tags=["history"])


@router.get("/documents/{document_id}/history")
def get_document_history(document_id: int, session: SessionDep, user: CurrentUser) -> HistoryOut:
    """Lịch sử xử lý: every recorded step about the document, in time order, with names and Vietnamese labels."""
    return document_history(session, user, document_id)
