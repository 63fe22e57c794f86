"""`/api/v1/exchange/directory`: the agency directory — search it (every user of the agency: release and
drafts choose outside recipients from it), and for the agency's admin add, change, sync from the axis, and see
the connections with their health."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from eoffice.auth.deps import CurrentUser
from eoffice.deps import SessionDep
from eoffice.exchange.directory import service
from eoffice.exchange.directory.schemas import (
    ConnectionOut,
    DirectoryEntryIn,
    DirectoryEntryOut,
    DirectoryEntryPatch,
    DirectoryPage,
    DirectorySyncOut,
)
from eoffice.exchange.settings import ExchangeSettingsDep
from eoffice.orgs.errors import NotAdmin
from eoffice.orgs.models import Role, User
from eoffice.permissions import holds_role

router = APIRouter(prefix="/directory", tags=["exchange"])


def _admin_agency(user: User) -> int:
    if not holds_role(user, user.agency_id, Role.ADMIN):
        raise NotAdmin()
    return user.agency_id


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.get("")
def exchange_directory(
    session: SessionDep,
    user: CurrentUser,
    q: Annotated[str, Query(max_length=200, description="Tên hoặc mã định danh, có dấu hay không dấu")] = "",
    include_inactive: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DirectoryPage:
    """Danh bạ cơ quan liên thông: tìm theo tên hoặc mã định danh (không phân biệt dấu), kèm kết nối và tình
    trạng gửi gần nhất; cơ quan chưa có kết nối có `reachable` = false."""
    return service.search(
        session, user.agency_id, q, include_inactive=include_inactive, limit=limit, offset=offset
    )


@router.get("/connections")
def exchange_directory_connections(session: SessionDep, user: CurrentUser) -> list[ConnectionOut]:
    """Các kết nối liên thông của cơ quan và tình trạng gửi qua từng kết nối (quản trị viên)."""
    return service.connections(session, _admin_agency(user))


@router.post("", status_code=201)
def exchange_directory_create(
    data: DirectoryEntryIn, request: Request, session: SessionDep, user: CurrentUser
) -> DirectoryEntryOut:
    """Thêm cơ quan vào danh bạ (nền tảng liên thông của tỉnh, kết nối trực tiếp); lần đồng bộ sau giữ nguyên."""
    entry = service.create_entry(session, user.id, _address(request), _admin_agency(user), data)
    session.commit()
    return entry


@router.patch("/{entry_id}")
def exchange_directory_update(
    entry_id: int, data: DirectoryEntryPatch, request: Request, session: SessionDep, user: CurrentUser
) -> DirectoryEntryOut:
    """Sửa hoặc ngừng sử dụng một cơ quan nhập tay trong danh bạ."""
    entry = service.update_entry(session, user.id, _address(request), _admin_agency(user), entry_id, data)
    session.commit()
    return entry


@router.post("/sync")
def exchange_directory_sync(
    request: Request, session: SessionDep, user: CurrentUser, xsettings: ExchangeSettingsDep
) -> DirectorySyncOut:
    """Đồng bộ danh bạ từ danh sách cơ quan của trục liên thông quốc gia (VXP)."""
    outcome = service.sync(session, user.id, _address(request), _admin_agency(user), xsettings)
    session.commit()
    return outcome
