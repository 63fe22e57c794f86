"""Administration of the organisation: who may see and change agencies, departments, users, roles and
delegations, with an audit record for every change in the same transaction.

Visibility rule: an object of an agency the caller neither works in nor holds a role in does not exist for
them (404); inside their agency, writes need the admin role there (403).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from eoffice.audit import record, snapshot
from eoffice.auth.passwords import check_policy, hash_password
from eoffice.errors import InvalidInput
from eoffice.orgs.errors import (
    AgencyNotFound,
    DelegationNotFound,
    DepartmentNotFound,
    DuplicateName,
    InvalidDelegation,
    LastAdmin,
    NotAdmin,
    NotAnOutsider,
    SystemAdminRequired,
    UserNotFound,
)
from eoffice.orgs.models import Agency, Delegation, Department, Role, RoleAssignment, User
from eoffice.orgs.schemas import (
    AgencyIn,
    AgencyPatch,
    AgencyPowerOut,
    DelegationIn,
    DelegationPatch,
    DepartmentIn,
    DepartmentPatch,
    UserIn,
    UserPatch,
)

_USER_SECRETS = ("password_hash",)
_ENTITY_TYPES: dict[type, str] = {
    Agency: "agency",
    Department: "department",
    User: "user",
    Delegation: "delegation",
}


def related_agency_ids(actor: User) -> set[int]:
    """Agencies the actor works in or holds any role in."""
    return {actor.agency_id} | {assignment.agency_id for assignment in actor.roles}


def is_admin(actor: User, agency_id: int) -> bool:
    return actor.has_role(Role.ADMIN, agency_id)


def _agency(session: Session, actor: User, agency_id: int | None) -> Agency:
    wanted = actor.agency_id if agency_id is None else agency_id
    agency = session.get(Agency, wanted)
    if agency is None or wanted not in related_agency_ids(actor):
        raise AgencyNotFound()
    return agency


def _require_admin(actor: User, agency_id: int) -> None:
    if not is_admin(actor, agency_id):
        raise NotAdmin()


def _audit(
    session: Session,
    actor: User,
    address: str | None,
    action: str,
    entity: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    record(
        session,
        actor_id=actor.id,
        action=action,
        entity_type=_ENTITY_TYPES[type(entity)],
        entity_id=entity.id,
        before=before,
        after=after,
        client_address=address,
    )


def _apply(entity: Any, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        setattr(entity, name, value)


def _field_error(field: str, problem: str) -> InvalidInput:
    return InvalidInput(
        f"Dữ liệu không hợp lệ ở các trường: {field}.", detail=[{"field": field, "problem": problem}]
    )


# Agencies -----------------------------------------------------------------------------------------------


def list_agencies(session: Session, actor: User) -> Sequence[Agency]:
    ids = related_agency_ids(actor)
    return session.scalars(select(Agency).where(Agency.id.in_(ids)).order_by(Agency.name)).all()


def get_agency(session: Session, actor: User, agency_id: int) -> Agency:
    return _agency(session, actor, agency_id)


def create_agency(session: Session, actor: User, data: AgencyIn, address: str | None) -> Agency:
    """A new agency and its first admin — an account of that agency — by a quản trị hệ thống.

    The creator gets no role in it: power over an agency is held by accounts its own admins can see
    (`agency_powers`), never kept on the side by whoever set it up. An agency admin is not a system admin.
    """
    if not actor.is_system_admin:
        raise SystemAdminRequired()
    if session.scalar(select(Agency.id).where(Agency.code == data.code)) is not None:
        raise DuplicateName("Mã định danh cơ quan đã được sử dụng.")
    first = data.first_admin
    if session.scalar(select(User.id).where(User.username == first.username)) is not None:
        raise DuplicateName("Tên đăng nhập đã được sử dụng.")
    check_policy(first.password, user_inputs=(first.username, first.full_name))
    agency = Agency(**data.model_dump(exclude={"first_admin"}))
    session.add(agency)
    session.flush()
    admin = User(
        username=first.username,
        full_name=first.full_name,
        password_hash=hash_password(first.password),
        agency_id=agency.id,
        position=first.position,
        email=first.email,
    )
    admin.roles = [RoleAssignment(agency_id=agency.id, role=Role.ADMIN)]
    session.add(admin)
    session.flush()
    _audit(session, actor, address, "agency.create", agency, None, snapshot(agency))
    _audit(session, actor, address, "user.create", admin, None, _user_snapshot(admin))
    return agency


def set_system_admin(session: Session, user: User, granted: bool, source: str) -> bool:
    """Give or take the system role (quản trị hệ thống) — by the operator, not through the API (`eoffice
    admin grant-system USER`, `eoffice demo`). Returns whether anything changed; audited with its source."""
    if user.is_system_admin == granted:
        return False
    before = _user_snapshot(user) | {"is_system_admin": user.is_system_admin}
    user.is_system_admin = granted
    session.flush()
    record(
        session,
        actor_id=None,
        action="user.system_admin",
        entity_type="user",
        entity_id=user.id,
        before=before,
        after=_user_snapshot(user) | {"is_system_admin": granted, "source": source},
    )
    return True


def agency_powers(session: Session, actor: User, agency_id: int) -> list[AgencyPowerOut]:
    """Every account with power over the agency, for its admins: all its admins and every account of
    another agency holding any role in it (a role there is power there, wherever the account belongs)."""
    agency = _agency(session, actor, agency_id)
    _require_admin(actor, agency.id)
    holders = session.scalars(
        select(User)
        .where(User.roles.any(RoleAssignment.agency_id == agency.id))
        .options(selectinload(User.roles), selectinload(User.agency))
        .order_by(User.full_name, User.id)
    ).all()
    powers = []
    for user in holders:
        roles = sorted({a.role for a in user.roles if a.agency_id == agency.id}, key=lambda r: r.value)
        outside = user.agency_id != agency.id
        if outside or Role.ADMIN in roles:
            powers.append(
                AgencyPowerOut(
                    user_id=user.id,
                    username=user.username,
                    full_name=user.full_name,
                    is_active=user.is_active,
                    home_agency_id=user.agency_id,
                    home_agency_name=user.agency.name,
                    outside=outside,
                    roles=roles,
                )
            )
    return powers


def remove_outside_roles(
    session: Session, actor: User, agency_id: int, user_id: int, address: str | None
) -> None:
    """Take away every role an account of another agency holds in this one (its own accounts' roles are
    changed with `set_roles`)."""
    agency = _agency(session, actor, agency_id)
    _require_admin(actor, agency.id)
    user = session.get(User, user_id)
    if user is None or not any(a.agency_id == agency.id for a in user.roles):
        raise UserNotFound()
    if user.agency_id == agency.id:
        raise NotAnOutsider()
    if is_admin(user, agency.id) and user.is_active and _admin_count(session, agency.id) <= 1:
        raise LastAdmin()
    before = _user_snapshot(user)
    user.roles = [a for a in user.roles if a.agency_id != agency.id]
    session.flush()
    _audit(session, actor, address, "user.roles", user, before, _user_snapshot(user))


def update_agency(
    session: Session, actor: User, agency_id: int, patch: AgencyPatch, address: str | None
) -> Agency:
    agency = _agency(session, actor, agency_id)
    _require_admin(actor, agency.id)
    before = snapshot(agency)
    _apply(agency, patch.model_dump(exclude_unset=True, exclude_none=True))
    session.flush()
    _audit(session, actor, address, "agency.update", agency, before, snapshot(agency))
    return agency


# Departments --------------------------------------------------------------------------------------------


def list_departments(session: Session, actor: User, agency_id: int | None = None) -> Sequence[Department]:
    agency = _agency(session, actor, agency_id)
    return session.scalars(
        select(Department).where(Department.agency_id == agency.id).order_by(Department.name)
    ).all()


def _department(session: Session, actor: User, department_id: int) -> Department:
    department = session.get(Department, department_id)
    if department is None or department.agency_id not in related_agency_ids(actor):
        raise DepartmentNotFound()
    return department


def _check_department_abbreviation(
    session: Session, agency_id: int, abbreviation: str, own_id: int = 0
) -> None:
    clash = session.scalar(
        select(Department.id).where(
            Department.agency_id == agency_id,
            Department.abbreviation == abbreviation,
            Department.id != own_id,
        )
    )
    if clash is not None:
        raise DuplicateName("Ký hiệu phòng ban đã được sử dụng trong cơ quan.")


def create_department(
    session: Session, actor: User, data: DepartmentIn, address: str | None, agency_id: int | None = None
) -> Department:
    agency = _agency(session, actor, agency_id)
    _require_admin(actor, agency.id)
    _check_department_abbreviation(session, agency.id, data.abbreviation)
    department = Department(agency_id=agency.id, **data.model_dump())
    session.add(department)
    session.flush()
    _audit(session, actor, address, "department.create", department, None, snapshot(department))
    return department


def update_department(
    session: Session, actor: User, department_id: int, patch: DepartmentPatch, address: str | None
) -> Department:
    department = _department(session, actor, department_id)
    _require_admin(actor, department.agency_id)
    changes = patch.model_dump(exclude_unset=True, exclude_none=True)
    if "abbreviation" in changes:
        _check_department_abbreviation(session, department.agency_id, changes["abbreviation"], department.id)
    before = snapshot(department)
    _apply(department, changes)
    session.flush()
    _audit(session, actor, address, "department.update", department, before, snapshot(department))
    return department


# Users and roles ----------------------------------------------------------------------------------------


def _user_snapshot(user: User) -> dict[str, Any]:
    data = snapshot(user, exclude=_USER_SECRETS)
    data["roles"] = sorted(f"{a.agency_id}:{a.role.value}" for a in user.roles)
    return data


def list_users(
    session: Session,
    actor: User,
    *,
    agency_id: int | None = None,
    department_id: int | None = None,
    role: Role | None = None,
    query: str | None = None,
    active: bool | None = None,
    limit: int = 200,
    offset: int = 0,
) -> Sequence[User]:
    """Users of one agency (the caller's by default), e.g. for assignment dialogs."""
    agency = _agency(session, actor, agency_id)
    statement = select(User).where(User.agency_id == agency.id).options(selectinload(User.roles))
    if department_id is not None:
        statement = statement.where(User.department_id == department_id)
    if role is not None:
        statement = statement.where(
            User.roles.any((RoleAssignment.role == role) & (RoleAssignment.agency_id == agency.id))
        )
    if active is not None:
        statement = statement.where(User.is_active.is_(active))
    if query:
        pattern = f"%{query.lower()}%"
        statement = statement.where(
            or_(func.lower(User.full_name).like(pattern), func.lower(User.username).like(pattern))
        )
    return session.scalars(statement.order_by(User.full_name, User.id).limit(limit).offset(offset)).all()


def get_user(session: Session, actor: User, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.agency_id not in related_agency_ids(actor):
        raise UserNotFound()
    return user


def _check_department(session: Session, agency_id: int, department_id: int | None) -> None:
    if department_id is None:
        return
    department = session.get(Department, department_id)
    if department is None or department.agency_id != agency_id:
        raise _field_error("department_id", "phòng ban không thuộc cơ quan")


def create_user(
    session: Session, actor: User, data: UserIn, address: str | None, agency_id: int | None = None
) -> User:
    agency = _agency(session, actor, agency_id)
    _require_admin(actor, agency.id)
    if session.scalar(select(User.id).where(User.username == data.username)) is not None:
        raise DuplicateName("Tên đăng nhập đã được sử dụng.")
    _check_department(session, agency.id, data.department_id)
    check_policy(data.password, user_inputs=(data.username, data.full_name))
    user = User(
        username=data.username,
        full_name=data.full_name,
        password_hash=hash_password(data.password),
        agency_id=agency.id,
        department_id=data.department_id,
        position=data.position,
        email=data.email,
    )
    user.roles = [RoleAssignment(agency_id=agency.id, role=role) for role in dict.fromkeys(data.roles)]
    session.add(user)
    session.flush()
    _audit(session, actor, address, "user.create", user, None, _user_snapshot(user))
    return user


def _admin_count(session: Session, agency_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(RoleAssignment)
            .join(User, User.id == RoleAssignment.user_id)
            .where(
                RoleAssignment.agency_id == agency_id,
                RoleAssignment.role == Role.ADMIN,
                User.is_active.is_(True),
            )
        )
        or 0
    )


def update_user(session: Session, actor: User, user_id: int, patch: UserPatch, address: str | None) -> User:
    user = get_user(session, actor, user_id)
    _require_admin(actor, user.agency_id)
    changes = patch.model_dump(exclude_unset=True)
    for required in ("full_name", "position", "email", "is_active"):
        if required in changes and changes[required] is None:
            del changes[required]
    if "department_id" in changes:
        _check_department(session, user.agency_id, changes["department_id"])
    deactivating_admin = (
        changes.get("is_active") is False and user.is_active and is_admin(user, user.agency_id)
    )
    if deactivating_admin and _admin_count(session, user.agency_id) <= 1:
        raise LastAdmin()
    before = _user_snapshot(user)
    password = changes.pop("password", None)
    if password:
        # Imported here: auth's token model imports orgs' User, so a module-level import would be a cycle.
        from eoffice.auth.tokens import revoke_all

        check_policy(password, user_inputs=(user.username, changes.get("full_name") or user.full_name))
        user.password_hash = hash_password(password)
        # A reset password is often a reset because the old one leaked: whoever signed in with it is out.
        revoke_all(session, user.id)
    _apply(user, changes)
    session.flush()
    after = _user_snapshot(user)
    if password:
        after["password_changed"] = True
    _audit(session, actor, address, "user.update", user, before, after)
    return user


def set_roles(session: Session, actor: User, user_id: int, roles: list[Role], address: str | None) -> User:
    """Replace the user's roles in their own agency (roles held elsewhere are untouched)."""
    user = get_user(session, actor, user_id)
    agency_id = user.agency_id
    _require_admin(actor, agency_id)
    wanted = set(roles)
    if Role.ADMIN not in wanted and is_admin(user, agency_id) and _admin_count(session, agency_id) <= 1:
        raise LastAdmin()
    before = _user_snapshot(user)
    user.roles = [a for a in user.roles if a.agency_id != agency_id or a.role in wanted]
    held = {a.role for a in user.roles if a.agency_id == agency_id}
    user.roles.extend(RoleAssignment(agency_id=agency_id, role=role) for role in sorted(wanted - held))
    session.flush()
    _audit(session, actor, address, "user.roles", user, before, _user_snapshot(user))
    return user


# Delegations --------------------------------------------------------------------------------------------


def list_delegations(
    session: Session,
    actor: User,
    *,
    agency_id: int | None = None,
    active_on: date | None = None,
    principal_id: int | None = None,
    delegate_id: int | None = None,
) -> Sequence[Delegation]:
    agency = _agency(session, actor, agency_id)
    statement = select(Delegation).where(Delegation.agency_id == agency.id)
    if principal_id is not None:
        statement = statement.where(Delegation.principal_id == principal_id)
    if delegate_id is not None:
        statement = statement.where(Delegation.delegate_id == delegate_id)
    if active_on is not None:
        statement = statement.where(
            Delegation.revoked.is_(False), Delegation.starts_on <= active_on, Delegation.ends_on >= active_on
        )
    return session.scalars(statement.order_by(Delegation.starts_on, Delegation.id)).all()


def active_delegations(session: Session, *, delegate_id: int, on: date) -> Sequence[Delegation]:
    """Delegations `delegate_id` may act under on `on` (for routes and the signer block: KT./TL./TUQ./Q.)."""
    return session.scalars(
        select(Delegation)
        .where(
            Delegation.delegate_id == delegate_id,
            Delegation.revoked.is_(False),
            Delegation.starts_on <= on,
            Delegation.ends_on >= on,
        )
        .order_by(Delegation.id)
    ).all()


def delegation_between(
    session: Session, *, principal_id: int, delegate_id: int, on: date
) -> Delegation | None:
    """The active delegation letting `delegate_id` act for `principal_id` on `on`, if any."""
    for delegation in active_delegations(session, delegate_id=delegate_id, on=on):
        if delegation.principal_id == principal_id:
            return delegation
    return None


def _delegation(session: Session, actor: User, delegation_id: int) -> Delegation:
    delegation = session.get(Delegation, delegation_id)
    if delegation is None or delegation.agency_id not in related_agency_ids(actor):
        raise DelegationNotFound()
    return delegation


def create_delegation(
    session: Session, actor: User, data: DelegationIn, address: str | None, agency_id: int | None = None
) -> Delegation:
    agency = _agency(session, actor, agency_id)
    _require_admin(actor, agency.id)
    for field in ("principal_id", "delegate_id"):
        person = session.get(User, getattr(data, field))
        if person is None or person.agency_id != agency.id or not person.is_active:
            raise _field_error(field, "người dùng không thuộc cơ quan hoặc đã bị khóa")
    delegation = Delegation(agency_id=agency.id, **data.model_dump())
    session.add(delegation)
    session.flush()
    _audit(session, actor, address, "delegation.create", delegation, None, snapshot(delegation))
    return delegation


def update_delegation(
    session: Session, actor: User, delegation_id: int, patch: DelegationPatch, address: str | None
) -> Delegation:
    delegation = _delegation(session, actor, delegation_id)
    _require_admin(actor, delegation.agency_id)
    changes = patch.model_dump(exclude_unset=True, exclude_none=True)
    if "ends_on" in changes and changes["ends_on"] < delegation.starts_on:
        raise InvalidDelegation(
            "Ngày kết thúc phải từ ngày bắt đầu trở đi.",
            detail=[{"field": "ends_on", "problem": "trước ngày bắt đầu"}],
        )
    before = snapshot(delegation)
    _apply(delegation, changes)
    session.flush()
    _audit(session, actor, address, "delegation.update", delegation, before, snapshot(delegation))
    return delegation
