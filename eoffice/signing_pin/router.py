"""`/api/v1/me/signing-pin`, `/api/v1/agencies/{id}/signing-pin`: đổi mã PIN ký số."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from eoffice.auth.deps import CurrentUser
from eoffice.deps import BackendsDep, SessionDep
from eoffice.keys import PIN_MAX_LENGTH
from eoffice.signing_pin import service

router = APIRouter(tags=["signing-pin"])


class SigningPinChange(BaseModel):
    """The current PIN and the new one; neither is stored anywhere."""

    current_pin: str = Field(max_length=PIN_MAX_LENGTH, description="Mã PIN ký số hiện tại")
    new_pin: str = Field(
        max_length=PIN_MAX_LENGTH,
        description="Mã PIN mới: ít nhất 6 ký tự, không phải một ký tự lặp lại hay một dãy liên tiếp",
    )


class SigningPinChanged(BaseModel):
    changed: bool = True


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.post("/me/signing-pin")
def change_my_signing_pin(
    body: SigningPinChange, request: Request, session: SessionDep, backends: BackendsDep, user: CurrentUser
) -> SigningPinChanged:
    """Người giữ khóa đổi mã PIN khóa ký số của mình (cần mã PIN hiện tại)."""
    service.change_own_pin(session, backends, user, body.current_pin, body.new_pin, _address(request))
    session.commit()
    return SigningPinChanged()


@router.post("/agencies/{agency_id}/signing-pin")
def change_agency_signing_pin(
    agency_id: int,
    body: SigningPinChange,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    user: CurrentUser,
) -> SigningPinChanged:
    """Văn thư đổi mã PIN khóa ký số của cơ quan (cần mã PIN hiện tại)."""
    service.change_agency_pin(
        session, backends, user, agency_id, body.current_pin, body.new_pin, _address(request)
    )
    session.commit()
    return SigningPinChanged()
