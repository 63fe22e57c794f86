"""`/api/v1/documents/...` and `/api/v1/search`: downloads, extra files, named readers, full-text search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import select

from eoffice.auth.deps import CurrentUser
from eoffice.deps import BackendsDep, SessionDep, SettingsDep
from eoffice.documents import service
from eoffice.documents.downloads import verified_download
from eoffice.documents.models import DocumentFile
from eoffice.documents.route_helpers import actor_of, stored_files
from eoffice.documents.schemas import FileOut, GrantRequest, SearchHitOut, SearchOut
from eoffice.documents.search import search_documents
from eoffice.errors import NotFound
from storage import content_disposition

router = APIRouter(tags=["documents"])


@router.get("/documents/{document_id}/files/{file_id}/content", response_class=StreamingResponse)
def download_file(
    document_id: int, file_id: int, session: SessionDep, backends: BackendsDep, user: CurrentUser
) -> Response:
    """The file's exact bytes — checked against the SHA-256 recorded when it was stored — as an attachment,
    only to someone who may read the document; altered bytes are refused (`storage.corrupt`)."""
    document = service.get_readable(session, user, document_id)
    file = session.scalar(
        select(DocumentFile).where(DocumentFile.id == file_id, DocumentFile.document_id == document.id)
    )
    if file is None:
        raise NotFound("Không tìm thấy tệp.")
    headers = {
        "Content-Disposition": content_disposition(file.filename),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return verified_download(
        backends.objects,
        file.object_key,
        sha256=file.sha256,
        size=file.size,
        media_type=file.content_type,
        headers=headers,
    )


@router.post("/documents/{document_id}/files", status_code=201)
def attach_files(
    document_id: int,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    settings: SettingsDep,
    user: CurrentUser,
    files: Annotated[list[UploadFile], File()],
) -> list[FileOut]:
    """Add received files (scans, attachments) to an incoming document still being handled."""
    actor, limit = actor_of(request, user), settings.max_upload_bytes
    return stored_files(session, backends.objects, actor, document_id, files, limit, service.attach_files)


@router.post("/documents/{document_id}/access", status_code=204)
def grant_access(
    document_id: int,
    body: GrantRequest,
    request: Request,
    session: SessionDep,
    user: CurrentUser,
) -> None:
    """Name people on a document (for one with độ mật, the only way anyone else may read it)."""
    service.grant(session, actor_of(request, user), document_id, body.user_ids)
    session.commit()


@router.get("/search")
def search(
    session: SessionDep,
    backends: BackendsDep,
    user: CurrentUser,
    q: Annotated[str, Query(max_length=1000)] = "",
    page: Annotated[int, Query(ge=1, le=500)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchOut:
    """Full-text search over the documents the caller may read (diacritics optional, numbers exact)."""
    total, found = search_documents(session, backends.search, user, q, page=page, page_size=page_size)
    return SearchOut(
        total=total,
        page=page,
        page_size=page_size,
        items=[SearchHitOut(**f.__dict__) for f in found],
    )
