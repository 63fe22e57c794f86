"""Taking the next number from a register, without duplicates or gaps even under concurrency.

The number is taken in the caller's transaction: `UPDATE registers SET last_number = last_number + 1 ...
RETURNING last_number` locks the counter row on PostgreSQL (what `SELECT … FOR UPDATE` would) until the
transaction ends, and on SQLite takes the database's single write lock. A concurrent registration waits,
then reads the committed counter; if the caller's transaction rolls back, so does the increment — no gap.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from eoffice.documents.kinds import DocumentKind, DocumentType
from eoffice.orgs.models import Agency, Department
from eoffice.registers.models import Register

_REGISTER_NAMES = {DocumentKind.INCOMING: "Sổ văn bản đến", DocumentKind.OUTGOING: "Sổ văn bản đi"}


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


def ensure_register(session: Session, agency_id: int, kind: DocumentKind, year: int) -> int:
    """The id of the agency's register for that year, created on first use (races resolved by the database).

    Looked up first: an `INSERT … ON CONFLICT` on a register another transaction is numbering waits for that
    transaction to end, so every registration would queue twice on the same row."""
    existing = _find(session, agency_id, kind, year)
    if existing is not None:
        return existing
    values = {
        "agency_id": agency_id,
        "kind": kind,
        "year": year,
        "name": f"{_REGISTER_NAMES[kind]} năm {year}",
        "last_number": 0,
    }
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(postgresql.insert(Register).values(**values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(Register).values(**values).on_conflict_do_nothing())
    elif _find(session, agency_id, kind, year) is None:  # pragma: no cover - other databases
        session.add(Register(**values))
        session.flush()
    register_id = _find(session, agency_id, kind, year)
    assert register_id is not None
    return register_id


def take_number(session: Session, agency_id: int, kind: DocumentKind, year: int) -> tuple[int, int]:
    """Lấy số tiếp theo trong sổ: `(register_id, number)`, locked until the caller's transaction ends."""
    register_id = ensure_register(session, agency_id, kind, year)
    number = session.execute(
        update(Register)
        .where(Register.id == register_id)
        .values(last_number=Register.last_number + 1)
        .returning(Register.last_number)
    ).scalar_one()
    return register_id, int(number)


def _find(session: Session, agency_id: int, kind: DocumentKind, year: int) -> int | None:
    return session.scalar(
        select(Register.id).where(
            Register.agency_id == agency_id, Register.kind == kind, Register.year == year
        )
    )
