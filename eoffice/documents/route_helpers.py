"""Small helpers the document routers share: the acting user, uploads, JSON metadata in multipart forms."""

from __future__ import annotations

from typing import TypeVar

from fastapi import Request, UploadFile
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from eoffice.documents.files import Upload
from eoffice.documents.service import Actor
from eoffice.orgs.models import User

M = TypeVar("M", bound=BaseModel)


def actor_of(request: Request, user: User) -> Actor:
    return Actor(user=user, client_address=request.client.host if request.client else None)


def uploads_of(files: list[UploadFile] | None) -> list[Upload]:
    return [Upload(stream=f.file, filename=f.filename, inspect=True) for f in files or []]


def parse_metadata(model: type[M], raw: str) -> M:
    """Validate the `metadata` form field (JSON) like a JSON body, so 422 names the missing fields."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = [{**error, "loc": ("body", *error.get("loc", ()))} for error in exc.errors()]
        raise RequestValidationError(errors) from exc
