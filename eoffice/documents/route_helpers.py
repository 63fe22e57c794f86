"""Small helpers the document routers share: the acting user, uploads, JSON metadata in multipart forms."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from fastapi import Request, UploadFile
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from eoffice.documents.files import FileBatch, Upload, file_batch
from eoffice.documents.models import DocumentFile
from eoffice.documents.schemas import FileOut
from eoffice.documents.service import Actor
from eoffice.orgs.models import User
from storage import ObjectStore

M = TypeVar("M", bound=BaseModel)


def actor_of(request: Request, user: User) -> Actor:
    return Actor(user=user, client_address=request.client.host if request.client else None)


def uploads_of(files: list[UploadFile] | None) -> list[Upload]:
    return [Upload(stream=f.file, filename=f.filename, inspect=True) for f in files or []]


def stored_files(
    session: Session,
    objects: ObjectStore,
    actor: Actor,
    document_id: int,
    files: list[UploadFile],
    max_bytes: int,
    store: Callable[[Session, FileBatch, Actor, int, list[Upload], int], Sequence[DocumentFile]],
) -> list[FileOut]:
    """Files a service `store`s on a document, in one file batch (an object written before a failed commit is
    removed again), committed and answered as the API shows them."""
    with file_batch(objects) as batch:
        stored = store(session, batch, actor, document_id, uploads_of(files), max_bytes)
        session.commit()
    return [FileOut.of(f) for f in stored]


def parse_metadata(model: type[M], raw: str) -> M:
    """Validate the `metadata` form field (JSON) like a JSON body, so 422 names the missing fields."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = [{**error, "loc": ("body", *error.get("loc", ()))} for error in exc.errors()]
        raise RequestValidationError(errors) from exc
