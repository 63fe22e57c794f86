"""`/api/v1`: agencies, departments, users, roles and delegations (reads for members, writes for admins)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, status

from eoffice.auth.deps import CurrentUser
from eoffice.deps import SessionDep
from eoffice.orgs import service
from eoffice.orgs.models import Role
from eoffice.orgs.schemas import (
    AgencyIn,
    AgencyOut,
    AgencyPatch,
    AgencyPowerOut,
    DelegationIn,
    DelegationOut,
    DelegationPatch,
    DepartmentIn,
    DepartmentOut,
    DepartmentPatch,
    RolesIn,
    UserIn,
    UserOut,
    UserPatch,
)

router = APIRouter(tags=["orgs"])

AgencyQuery = Annotated[int | None, Query(description="Cơ quan; mặc định là cơ quan của người gọi")]


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


# Agencies


@router.get("/agencies", response_model=list[AgencyOut])
def list_agencies(user: CurrentUser, session: SessionDep) -> list[AgencyOut]:
    """Cơ quan the caller works in or holds a role in."""
    return [AgencyOut.model_validate(a) for a in service.list_agencies(session, user)]


@router.post("/agencies", response_model=AgencyOut, status_code=status.HTTP_201_CREATED)
def create_agency(body: AgencyIn, user: CurrentUser, request: Request, session: SessionDep) -> AgencyOut:
    agency = service.create_agency(session, user, body, _address(request))
    session.commit()
    return AgencyOut.model_validate(agency)


@router.get("/agencies/{agency_id}", response_model=AgencyOut)
def get_agency(agency_id: int, user: CurrentUser, session: SessionDep) -> AgencyOut:
    return AgencyOut.model_validate(service.get_agency(session, user, agency_id))


@router.patch("/agencies/{agency_id}", response_model=AgencyOut)
def update_agency(
    agency_id: int, body: AgencyPatch, user: CurrentUser, request: Request, session: SessionDep
) -> AgencyOut:
    agency = service.update_agency(session, user, agency_id, body, _address(request))
    session.commit()
    return AgencyOut.model_validate(agency)


@router.get("/agencies/{agency_id}/powers", response_model=list[AgencyPowerOut])
def list_agency_powers(agency_id: int, user: CurrentUser, session: SessionDep) -> list[AgencyPowerOut]:
    """Mọi tài khoản có quyền trong cơ quan: its admins, and every account of another agency with a role."""
    return service.agency_powers(session, user, agency_id)


@router.delete("/agencies/{agency_id}/roles/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_agency_roles(
    agency_id: int, user_id: int, user: CurrentUser, request: Request, session: SessionDep
) -> None:
    """Thu hồi mọi vai trò trong cơ quan của một tài khoản thuộc cơ quan khác."""
    service.remove_outside_roles(session, user, agency_id, user_id, _address(request))
    session.commit()


# Departments


@router.get("/departments", response_model=list[DepartmentOut])
def list_departments(
    user: CurrentUser, session: SessionDep, agency_id: AgencyQuery = None
) -> list[DepartmentOut]:
    return [DepartmentOut.model_validate(d) for d in service.list_departments(session, user, agency_id)]


@router.post("/departments", response_model=DepartmentOut, status_code=status.HTTP_201_CREATED)
def create_department(
    body: DepartmentIn,
    user: CurrentUser,
    request: Request,
    session: SessionDep,
    agency_id: AgencyQuery = None,
) -> DepartmentOut:
    department = service.create_department(session, user, body, _address(request), agency_id)
    session.commit()
    return DepartmentOut.model_validate(department)


@router.patch("/departments/{department_id}", response_model=DepartmentOut)
def update_department(
    department_id: int, body: DepartmentPatch, user: CurrentUser, request: Request, session: SessionDep
) -> DepartmentOut:
    department = service.update_department(session, user, department_id, body, _address(request))
    session.commit()
    return DepartmentOut.model_validate(department)


# Users and roles


@router.get("/users", response_model=list[UserOut])
def list_users(
    user: CurrentUser,
    session: SessionDep,
    agency_id: AgencyQuery = None,
    department_id: int | None = None,
    role: Role | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Tìm theo họ tên hoặc tên đăng nhập")] = None,
    active: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[UserOut]:
    """Người dùng of one agency (the caller's by default), e.g. for assignment dialogs."""
    users = service.list_users(
        session,
        user,
        agency_id=agency_id,
        department_id=department_id,
        role=role,
        query=q,
        active=active,
        limit=limit,
        offset=offset,
    )
    return [UserOut.model_validate(u) for u in users]


@router.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(
    body: UserIn, user: CurrentUser, request: Request, session: SessionDep, agency_id: AgencyQuery = None
) -> UserOut:
    created = service.create_user(session, user, body, _address(request), agency_id)
    session.commit()
    return UserOut.model_validate(created)


@router.get("/users/{user_id}", response_model=UserOut)
def get_user(user_id: int, user: CurrentUser, session: SessionDep) -> UserOut:
    return UserOut.model_validate(service.get_user(session, user, user_id))


@router.patch("/users/{user_id}", response_model=UserOut)
def update_user(
    user_id: int, body: UserPatch, user: CurrentUser, request: Request, session: SessionDep
) -> UserOut:
    updated = service.update_user(session, user, user_id, body, _address(request))
    session.commit()
    return UserOut.model_validate(updated)


@router.put("/users/{user_id}/roles", response_model=UserOut)
def set_user_roles(
    user_id: int, body: RolesIn, user: CurrentUser, request: Request, session: SessionDep
) -> UserOut:
    """Replace the user's roles in their agency."""
    updated = service.set_roles(session, user, user_id, body.roles, _address(request))
    session.commit()
    return UserOut.model_validate(updated)


# Delegations


@router.get("/delegations", response_model=list[DelegationOut])
def list_delegations(
    user: CurrentUser,
    session: SessionDep,
    agency_id: AgencyQuery = None,
    active_on: Annotated[date | None, Query(description="Chỉ ủy quyền còn hiệu lực vào ngày này")] = None,
    principal_id: int | None = None,
    delegate_id: int | None = None,
) -> list[DelegationOut]:
    delegations = service.list_delegations(
        session,
        user,
        agency_id=agency_id,
        active_on=active_on,
        principal_id=principal_id,
        delegate_id=delegate_id,
    )
    return [DelegationOut.model_validate(d) for d in delegations]


@router.post("/delegations", response_model=DelegationOut, status_code=status.HTTP_201_CREATED)
def create_delegation(
    body: DelegationIn,
    user: CurrentUser,
    request: Request,
    session: SessionDep,
    agency_id: AgencyQuery = None,
) -> DelegationOut:
    delegation = service.create_delegation(session, user, body, _address(request), agency_id)
    session.commit()
    return DelegationOut.model_validate(delegation)


@router.patch("/delegations/{delegation_id}", response_model=DelegationOut)
def update_delegation(
    delegation_id: int, body: DelegationPatch, user: CurrentUser, request: Request, session: SessionDep
) -> DelegationOut:
    """Shorten, extend or revoke (thu hồi) a delegation."""
    delegation = service.update_delegation(session, user, delegation_id, body, _address(request))
    session.commit()
    return DelegationOut.model_validate(delegation)
