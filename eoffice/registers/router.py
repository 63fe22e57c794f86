"""`/api/v1/registers`: the sổ văn bản đến of the caller's agency, and the admin adding one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from eoffice.auth.deps import CurrentUser
from eoffice.deps import SessionDep, SettingsDep
from eoffice.documents.kinds import DocumentKind
from eoffice.documents.route_helpers import actor_of
from eoffice.registers import service
from eoffice.registers.schemas import RegisterCreate, RegisterEntryOut

router = APIRouter(prefix="/registers", tags=["registers"])


@router.get("")
def list_registers(
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    kind: DocumentKind = DocumentKind.INCOMING,
    year: Annotated[int | None, Query(ge=1900, le=9999)] = None,
) -> list[RegisterEntryOut]:
    """Sổ văn bản of the agency for a year (default the current one, sổ chung first)."""
    registers = service.agency_registers(session, user, kind, year, timezone=settings.timezone)
    session.commit()  # the current year's sổ are set up on first look
    return [RegisterEntryOut.of(r) for r in registers]


@router.post("", status_code=201)
def create_register(
    body: RegisterCreate, request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> RegisterEntryOut:
    """Thêm sổ văn bản đến (sổ mật, theo kênh hoặc loại văn bản): quản trị viên của cơ quan."""
    register = service.configure_register(session, actor_of(request, user), body, timezone=settings.timezone)
    session.commit()
    return RegisterEntryOut.of(register)
