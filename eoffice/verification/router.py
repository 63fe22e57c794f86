"""`/api/v1/documents/{id}/signatures`: Chữ ký số — who signed the document, when, valid or why not."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from eoffice.auth.deps import CurrentUser
from eoffice.deps import BackendsDep, SessionDep, SettingsDep
from eoffice.verification.service import SignaturesOut, signature_report

router = APIRouter(tags=["signatures"])


@router.get("/documents/{document_id}/signatures")
def document_signatures(
    document_id: int,
    session: SessionDep,
    backends: BackendsDep,
    settings: SettingsDep,
    user: CurrentUser,
    file_id: Annotated[int | None, Query(description="Tệp cần xác thực; mặc định bản đã ký mới nhất")] = None,
) -> SignaturesOut:
    """Báo cáo xác thực chữ ký số of the latest signed PDF (or the given file) of a document."""
    return signature_report(session, backends, settings, user, document_id, file_id)
