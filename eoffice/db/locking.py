"""A row lock that holds on SQLite as well as on PostgreSQL, for "one state change per document at a time".

PostgreSQL locks the row with `SELECT … FOR UPDATE`: a second transaction waits there, then reads the row as
the first one committed it. SQLite ignores `FOR UPDATE`; its only lock is the database's single write lock,
which a transaction takes with its first write (the driver opens the transaction just before it, so the
reads that came earlier in the request held no snapshot). `lock_row` therefore writes the row — setting one
column to itself, which changes nothing — so a concurrent transaction waits on that write (busy timeout) and
reads afterwards what the first one committed. Either way the caller must read the row *after* `lock_row`,
with `for_update`, and decide from what it reads then.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, text
from sqlalchemy.orm import Session

SelectT = TypeVar("SelectT", bound=Select)  # type: ignore[type-arg]  # any row shape


def lock_row(session: Session, model: Any, row_id: int) -> None:
    """Take the lock for `model`'s row `row_id` in the session's transaction (see the module docstring)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    table = model.__table__
    [key] = table.primary_key.columns
    # Neither the key nor a foreign key: rewriting those would make SQLite check every referencing table.
    column = next(c for c in table.columns if not c.primary_key and not c.foreign_keys)
    session.execute(
        text(f'UPDATE "{table.name}" SET "{column.name}" = "{column.name}" WHERE "{key.name}" = :row_id'),
        {"row_id": row_id},
    )


def for_update(query: SelectT, *of: Any) -> SelectT:
    """`query` locking its rows on PostgreSQL and refreshing objects this session already holds."""
    return query.with_for_update(of=of or None).execution_options(populate_existing=True)
