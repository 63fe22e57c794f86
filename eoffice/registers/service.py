"""Taking the next number from a register, without duplicates or gaps even under concurrency.

The number is taken in the caller's transaction: `UPDATE registers SET last_number = last_number + 1 ...
RETURNING last_number` locks the counter row on PostgreSQL (what `SELECT … FOR UPDATE` would) until the
transaction ends, and on SQLite takes the database's single write lock. A concurrent registration waits,
then reads the committed counter; if the caller's transaction rolls back, so does the increment — no gap.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.documents.kinds import DocumentKind, DocumentType
from eoffice.documents.service import Actor, audit
from eoffice.errors import Conflict, Forbidden, InvalidInput
from eoffice.orgs.models import Agency, Department, Role, User
from eoffice.permissions import holds_role
from eoffice.registers.models import DEFAULT_CODE, Register
from eoffice.registers.schemas import RegisterCreate

REGISTER_READERS = (Role.CLERK, Role.LEADER, Role.ADMIN)

_REGISTER_NAMES = {DocumentKind.INCOMING: "Sổ văn bản đến", DocumentKind.OUTGOING: "Sổ văn bản đi"}


class RegisterCodeTaken(Conflict):
    code = "registers.code_taken"
    message = "Đã có sổ văn bản mang mã này trong năm."


def format_number(number: int) -> str:
    """Numbers below 10 are written with a leading 0 (`05`), the rest as they are (`123`)."""
    return f"{number:02d}"


def document_symbol(
    doc_type: DocumentType, agency: Agency, department: Department | None, year: int | None = None
) -> str:
    """Ký hiệu: `QĐ-UBND`; a công văn (no type abbreviation) uses the drafting unit instead: `UBND-VP`."""
    if doc_type.abbreviation:
        return f"{doc_type.abbreviation}-{agency.abbreviation}"
    if department is not None:
        return f"{agency.abbreviation}-{department.abbreviation}"
    return agency.abbreviation


def ensure_register(
    session: Session, agency_id: int, kind: DocumentKind, year: int, code: str = DEFAULT_CODE
) -> int:
    """The id of the agency's sổ `code` for that year, created on first use (races resolved by the database).

    Looked up first: an `INSERT … ON CONFLICT` on a register another transaction is numbering waits for that
    transaction to end, so every registration would queue twice on the same row. Only the sổ chung is made
    from nothing; another code is carried over from the agency's latest earlier year (`year_registers`)."""
    existing = _find(session, agency_id, kind, year, code)
    if existing is not None:
        return existing
    if code != DEFAULT_CODE:
        year_registers(session, agency_id, kind, year)
        found = _find(session, agency_id, kind, year, code)
        if found is None:
            raise InvalidInput(
                f"Cơ quan không có sổ “{code}” cho năm {year}.",
                detail=[{"field": "register_id", "problem": "không có sổ cho năm này"}],
            )
        return found
    _insert(session, _default_values(agency_id, kind, year))
    register_id = _find(session, agency_id, kind, year, code)
    assert register_id is not None
    return register_id


def year_registers(session: Session, agency_id: int, kind: DocumentKind, year: int) -> list[Register]:
    """The agency's sổ of that direction and year, the sổ chung first; a year's first look sets them up.

    The sổ an admin configured carry over to the next year (same code, name and secrecy; numbers from 1),
    so văn thư never starts a year without them. Callers pass a year that has begun: registering for a
    year is what creates its sổ, and an absurd year is refused before it gets here."""
    if _find(session, agency_id, kind, year, DEFAULT_CODE) is None:
        _insert(session, _default_values(agency_id, kind, year))
    earlier = session.scalar(
        select(func.max(Register.year)).where(
            Register.agency_id == agency_id, Register.kind == kind, Register.year < year
        )
    )
    if earlier is not None:
        have = set(_codes(session, agency_id, kind, year))
        for previous in session.scalars(
            select(Register).where(
                Register.agency_id == agency_id, Register.kind == kind, Register.year == earlier
            )
        ):
            if previous.code not in have:
                _insert(
                    session,
                    {
                        "agency_id": agency_id,
                        "kind": kind,
                        "year": year,
                        "code": previous.code,
                        "name": previous.name,
                        "secret": previous.secret,
                        "last_number": 0,
                    },
                )
    return list(
        session.scalars(
            select(Register)
            .where(Register.agency_id == agency_id, Register.kind == kind, Register.year == year)
            .order_by(Register.code != DEFAULT_CODE, Register.secret, Register.name, Register.id)
        )
    )


def create_register(
    session: Session, agency_id: int, kind: DocumentKind, year: int, code: str, name: str, *, secret: bool
) -> Register:
    """A new sổ for the agency (the admin configures them); the code is unique per direction and year."""
    year_registers(session, agency_id, kind, year)
    if _find(session, agency_id, kind, year, code) is not None:
        raise RegisterCodeTaken(detail=[{"field": "code", "problem": "đã có sổ mang mã này trong năm"}])
    register = Register(
        agency_id=agency_id, kind=kind, year=year, code=code, name=name, secret=secret, last_number=0
    )
    session.add(register)
    session.flush()
    return register


def take_number(
    session: Session, agency_id: int, kind: DocumentKind, year: int, code: str = DEFAULT_CODE
) -> tuple[int, int]:
    """Lấy số tiếp theo trong sổ: `(register_id, number)`, locked until the caller's transaction ends."""
    register_id = ensure_register(session, agency_id, kind, year, code)
    return register_id, next_number(session, register_id)


def next_number(session: Session, register_id: int) -> int:
    """The next number of that sổ, the counter row locked until the caller's transaction ends."""
    number = session.execute(
        update(Register)
        .where(Register.id == register_id)
        .values(last_number=Register.last_number + 1)
        .returning(Register.last_number)
    ).scalar_one()
    return int(number)


def _default_values(agency_id: int, kind: DocumentKind, year: int) -> dict[str, object]:
    return {
        "agency_id": agency_id,
        "kind": kind,
        "year": year,
        "code": DEFAULT_CODE,
        "name": f"{_REGISTER_NAMES[kind]} năm {year}",
        "secret": False,
        "last_number": 0,
    }


def _insert(session: Session, values: dict[str, object]) -> None:
    """Insert a register unless one with the same agency, direction, year and code exists (even uncommitted)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(postgresql.insert(Register).values(**values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(Register).values(**values).on_conflict_do_nothing())
    else:  # pragma: no cover - other databases
        session.add(Register(**values))
        session.flush()


def _codes(session: Session, agency_id: int, kind: DocumentKind, year: int) -> list[str]:
    return list(
        session.scalars(
            select(Register.code).where(
                Register.agency_id == agency_id, Register.kind == kind, Register.year == year
            )
        )
    )


def _find(session: Session, agency_id: int, kind: DocumentKind, year: int, code: str) -> int | None:
    return session.scalar(
        select(Register.id).where(
            Register.agency_id == agency_id,
            Register.kind == kind,
            Register.year == year,
            Register.code == code,
        )
    )


def agency_registers(
    session: Session, user: User, kind: DocumentKind, year: int | None, *, timezone: str
) -> list[Register]:
    """The sổ of the user's agency for a year (default the current one), for its văn thư, leaders and admin.

    Only the current year's sổ are set up by looking; another year shows what it has."""
    if not holds_role(user, user.agency_id, *REGISTER_READERS):
        raise Forbidden("Chỉ văn thư, lãnh đạo hoặc quản trị viên mới được xem danh sách sổ văn bản.")
    current = clock.today(timezone).year
    if year is None or year == current:
        return year_registers(session, user.agency_id, kind, current)
    return list(
        session.scalars(
            select(Register)
            .where(Register.agency_id == user.agency_id, Register.kind == kind, Register.year == year)
            .order_by(Register.code != DEFAULT_CODE, Register.secret, Register.name, Register.id)
        )
    )


def configure_register(session: Session, actor: Actor, data: RegisterCreate, *, timezone: str) -> Register:
    """Thêm sổ văn bản đến: by the agency's admin, for the current year or the next one."""
    user = actor.user
    if not holds_role(user, user.agency_id, Role.ADMIN):
        raise Forbidden("Chỉ quản trị viên của cơ quan mới được thêm sổ văn bản.")
    current = clock.today(timezone).year
    year = data.year if data.year is not None else current
    if year not in (current, current + 1):
        raise InvalidInput(
            f"Chỉ thêm được sổ cho năm {current} hoặc {current + 1}.",
            detail=[{"field": "year", "problem": "ngoài năm hiện tại và năm sau"}],
        )
    if data.code == DEFAULT_CODE:
        raise RegisterCodeTaken(detail=[{"field": "code", "problem": "mã của sổ chung"}])
    register = create_register(
        session, user.agency_id, DocumentKind.INCOMING, year, data.code, data.name, secret=data.secret
    )
    audit(session, actor, "register.create", register)
    return register
