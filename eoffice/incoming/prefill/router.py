"""`POST /api/v1/incoming/prefill`: the registration form's fields read from a file before it is registered."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from eoffice.auth.deps import CurrentUser
from eoffice.deps import SessionDep, SettingsDep
from eoffice.documents.files import Upload
from eoffice.incoming.prefill import service
from eoffice.incoming.prefill.schemas import FieldAccuracy, PrefillOut

router = APIRouter(prefix="/incoming", tags=["incoming"])


@router.post("/prefill")
def prefill_incoming(
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    file: Annotated[UploadFile, File(description="Tệp văn bản đến: PDF, DOCX hoặc ảnh quét")],
) -> PrefillOut:
    """Điền sẵn: number, symbol, issuer (with its mã định danh), date, type, trích yếu, signer, marks,
    deadlines and citations read from the file, each with where it was read; nothing is stored."""
    return service.prefill(
        session, settings, user, Upload(stream=file.file, filename=file.filename, inspect=True)
    )


@router.get("/prefill/accuracy")
def prefill_accuracy(session: SessionDep, user: CurrentUser) -> list[FieldAccuracy]:
    """Độ chính xác của điền sẵn: per field and input kind, how often the văn thư saved the value as read."""
    return service.accuracy(session, user)
