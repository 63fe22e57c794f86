"""Who may read a document — decided in one place, in Python and in SQL, and for the search index.

The rule:
- never a document of an agency the user does not belong to;
- its creator and the people named on it (`document_access`: explicit grants, personal assignees, approval
  route participants) always;
- for a document without độ mật, also the agency's leaders (lãnh đạo đơn vị) and clerks (văn thư), and the
  members of a department it is assigned to;
- a document with độ mật (Mật, Tối mật, Tuyệt mật) only its creator and the people named on it.

The rule is kept as a read model: `principals_for(user)` / `document_principals(document)` express it as
sets of strings (`user:<id>`, `agency:<id>:readers`, `department:<id>`) such that a user of the document's
agency may read it exactly when the two sets intersect. The search index stores the document's set with
each entry; the database stores it in `document_readers`, rewritten in the same flush as any change that
moves it (a document's creator, agency or độ mật; a grant; an assignment, its unit or its recall), so no
service has to remember to.

`readable_clause(user)` is the rule as a SQL condition on `Document` over that table (an indexed semi-join
the planner can drive from either side, instead of an `OR EXISTS` over the unit's assignments evaluated on
every row), used by every list and query; `may_read` evaluates that same clause for one document, so the
two can never disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
    case,
    cast,
    delete,
    event,
    func,
    inspect,
    literal_column,
    not_,
    null,
    or_,
    select,
    true,
    union,
)
from sqlalchemy import insert as sa_insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapper, Session, UOWTransaction, object_session

from eoffice.documents.kinds import OPEN_INCOMING, Secrecy
from eoffice.documents.models import Document, DocumentAccess, DocumentReader, ReaderTally
from eoffice.incoming.models import Assignment, AssignmentStatus
from eoffice.orgs.models import Role, User

READER_ROLES = frozenset({Role.LEADER, Role.CLERK})


def member_agencies(user: User) -> frozenset[int]:
    """The agencies whose documents the user may ever see: their own and any where they hold a role."""
    return frozenset({user.agency_id, *(r.agency_id for r in user.roles)})


def reader_agencies(user: User) -> frozenset[int]:
    """Agencies where the user is a leader or a clerk, and so reads every document without độ mật."""
    return frozenset(r.agency_id for r in user.roles if r.role in READER_ROLES)


def holds_role(user: User, agency_id: int, *roles: Role) -> bool:
    """Whether the user holds any of `roles` in that agency."""
    return any(r.agency_id == agency_id and r.role in roles for r in user.roles)


def readable_clause(user: User, *, open_only: bool = False) -> ColumnElement[bool]:
    """The read rule as a condition on `Document`; put it in the WHERE of every query listing documents.

    Membership of the agency stays a column predicate (it depends on the user's roles, not the document);
    the rest is "one of the document's readers is one of my principals" in `document_readers`.
    `open_only` is for a query that already keeps only documents whose status is in `OPEN_INCOMING`: the same
    rule, looked up among the open documents' readers alone (a small partial index instead of all of them).
    """
    principals = sorted(principals_for(user))
    readers = select(DocumentReader.document_id).where(DocumentReader.principal.in_(principals))
    if open_only:
        readers = readers.where(DocumentReader.is_open)
    return and_(Document.agency_id.in_(member_agencies(user)), Document.id.in_(readers))


def reader_entries(
    user: User, principal: str | None = None, rows: type[DocumentReader | ReaderTally] = DocumentReader
) -> ColumnElement[bool]:
    """The read rule as a condition on `DocumentReader` itself: the user's own entries (of one of their
    principals when given), for a count answered from the read model's index without the documents; on
    `ReaderTally`, the tallies of those entries.

    A document readable through two of the user's principals has two entries: count distinct documents,
    or use `entries_once`.
    """
    principals = sorted(principals_for(user)) if principal is None else [principal]
    return and_(rows.principal.in_(principals), rows.agency_id.in_(sorted(member_agencies(user))))


def entries_once(
    user: User, rows: type[DocumentReader | ReaderTally] = DocumentReader
) -> tuple[ColumnElement[bool], bool]:
    """The user's entries keeping each readable document once where the rule itself shows the overlap, and
    whether that is all of it (else the caller still counts distinct documents). `rows`: as in
    `reader_entries`.

    In an agency where the user is a leader or a clerk, `agency:<id>:readers` holds every document without
    độ mật, so the user's other entries there matter only for a document with độ mật — which has no unit
    entries, and one `user:` entry per person. The clerk's and the leader's counts then need no DISTINCT
    over tens of thousands of entries; a unit's people (whose personal and unit entries overlap) still do.
    """
    readers = sorted(reader_agencies(user))
    # covered by `agency:<id>:readers`: the user's personal entries of documents without độ mật there, and
    # the unit's entries there (a unit is only ever given documents without độ mật: see `readers_select`)
    covered = rows.agency_id.in_(readers)
    dropped: list[ColumnElement[bool]] = [
        and_(rows.principal == f"user:{user.id}", covered, not_(rows.is_secret))
    ]
    overlapping = False
    if user.department_id is not None:
        dropped.append(and_(rows.principal == f"department:{user.department_id}", covered))
        overlapping = not set(member_agencies(user)) <= set(readers)
    # the principals stay an index range; what the readers' entry covers is a filter on it
    entries = and_(reader_entries(user, rows=rows), not_(or_(*dropped)))
    return entries, not overlapping


def may_read(session: Session, user: User, document: Document) -> bool:
    """Whether `user` may read `document`: the same clause every list uses, evaluated for this one row."""
    found = session.scalar(select(Document.id).where(Document.id == document.id, readable_clause(user)))
    return found is not None


def principals_for(user: User) -> frozenset[str]:
    """The search-index principals a user acts as."""
    principals = {f"user:{user.id}"}
    principals.update(f"agency:{agency_id}:readers" for agency_id in reader_agencies(user))
    if user.department_id is not None:
        principals.add(f"department:{user.department_id}")
    return frozenset(principals)


def document_principals(document: Document, session: Session | None = None) -> frozenset[str]:
    """The principals that may read `document`, to store with it in the search index."""
    session = session or object_session(document)
    if session is None:
        raise ValueError("document_principals needs a document attached to a session")
    principals = {f"user:{document.created_by_id}"}
    principals.update(
        f"user:{user_id}"
        for user_id in session.scalars(
            select(DocumentAccess.user_id).where(DocumentAccess.document_id == document.id)
        )
    )
    if document.secrecy == Secrecy.NONE:
        principals.add(f"agency:{document.agency_id}:readers")
        principals.update(
            f"department:{department_id}"
            for department_id in session.scalars(
                select(Assignment.department_id).where(
                    Assignment.document_id == document.id,
                    Assignment.department_id.is_not(None),
                    Assignment.status != AssignmentStatus.RECALLED,
                )
            )
        )
    return frozenset(principals)


# ---------------------------------------------------------------- the read model, kept in the same flush


def _principal(prefix: str, column: Any, suffix: str = "") -> ColumnElement[str]:
    """`'<prefix>' || <column> || '<suffix>'`, the same text on SQLite and PostgreSQL."""
    value = literal_column(f"'{prefix}'", String) + cast(column, String)
    return value + literal_column(f"'{suffix}'", String) if suffix else value


# A reader row: who may read which document, and the document's columns the inbox counts its views by.
READER_COLUMNS = [
    "document_id",
    "principal",
    "is_open",
    "agency_id",
    "kind",
    "status",
    "deadline",
    "is_secret",
]


def readers_select(document_ids: Iterable[int] | None = None) -> Select[Any]:
    """`READER_COLUMNS` for every reader of the documents (all documents when `None`).

    The SQL form of `document_principals`; the migration that created the table backfilled it with the same
    statement, and `bench/inbox_bench.py` fills its generated data with it.
    """
    ids = None if document_ids is None else sorted(set(document_ids))

    def only(column: Any) -> ColumnElement[bool]:
        return true() if ids is None else column.in_(ids)

    creators = select(Document.id, _principal("user:", Document.created_by_id)).where(only(Document.id))
    named = select(DocumentAccess.document_id, _principal("user:", DocumentAccess.user_id)).where(
        only(DocumentAccess.document_id)
    )
    office = select(Document.id, _principal("agency:", Document.agency_id, ":readers")).where(
        only(Document.id), Document.secrecy == Secrecy.NONE
    )
    units = (
        select(Assignment.document_id, _principal("department:", Assignment.department_id))
        .join(Document, Document.id == Assignment.document_id)
        .where(
            only(Assignment.document_id),
            Document.secrecy == Secrecy.NONE,
            Assignment.department_id.is_not(None),
            Assignment.status != AssignmentStatus.RECALLED,
        )
    )
    rows = union(creators, named, office, units).subquery()
    documents = Document.__table__.alias("reader_documents")
    return (
        select(
            rows.c[0].label("document_id"),
            rows.c[1].label("principal"),
            documents.c.status.in_(OPEN_INCOMING).label("is_open"),
            documents.c.agency_id,
            documents.c.kind,
            documents.c.status,
            documents.c.deadline,
            (documents.c.secrecy != Secrecy.NONE).label("is_secret"),
        )
        .join(documents, documents.c.id == rows.c[0])
        .where(true())  # keeps SQLite from reading a following ON CONFLICT as the join's ON
    )


def fill_readers(connection: Connection, document_ids: Iterable[int] | None = None) -> None:
    """Rewrite the readers of these documents (all when `None`) from their current rows, and their tallies.

    Old rows go, the current set is inserted; a row another transaction inserted meanwhile is skipped
    rather than failing the change (the set is a function of committed rows, so both write the same). The
    tallies get exactly what was deleted and what was inserted (RETURNING), so two transactions rewriting
    the same document count it once.
    """
    ids = None if document_ids is None else sorted(set(document_ids))
    if ids is not None and not ids:
        return
    stale = delete(DocumentReader)
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(DocumentReader).from_select(READER_COLUMNS, readers_select(ids))
    keys = _tally_key()
    if ids is None:  # everything again: count the new rows in one statement
        connection.execute(stale)
        connection.execute(insert.on_conflict_do_nothing())
        connection.execute(delete(ReaderTally))
        counted = select(*keys, func.count()).group_by(*keys)
        connection.execute(sa_insert(ReaderTally).from_select([*TALLY_GROUPS, "n"], counted))
        return
    changes: Counter[tuple[Any, ...]] = Counter()
    for row in connection.execute(stale.where(DocumentReader.document_id.in_(ids)).returning(*keys)):
        changes[tuple(row)] -= 1
    for row in connection.execute(insert.on_conflict_do_nothing().returning(*keys)):
        changes[tuple(row)] += 1
    _add_tallies(connection, changes)


# What a tally is kept by: the reader entry's columns, the deadline only while the document is open.
TALLY_GROUPS = ("principal", "agency_id", "kind", "status", "deadline", "is_secret")


def _tally_key() -> list[Any]:
    """`TALLY_GROUPS` of a `document_readers` row."""
    open_deadline = case((DocumentReader.is_open, DocumentReader.deadline), else_=null())
    return [
        DocumentReader.principal,
        DocumentReader.agency_id,
        DocumentReader.kind,
        DocumentReader.status,
        open_deadline.label("deadline"),
        DocumentReader.is_secret,
    ]


def _add_tallies(connection: Connection, changes: Counter[tuple[Any, ...]]) -> None:
    rows = [dict(zip((*TALLY_GROUPS, "n"), (*key, n), strict=True)) for key, n in changes.items() if n]
    if rows:
        connection.execute(sa_insert(ReaderTally), rows)


def fold_tallies(connection: Connection) -> int:
    """Replace every key's delta rows by one row holding their sum (none when it is 0); how many rows went.

    Nothing is rewritten while every key has one row. The rows are taken with DELETE … RETURNING, so a delta
    written meanwhile by a transaction not yet committed is not taken and stays as it is: the sums never
    change, only the number of rows.
    """
    keys = [getattr(ReaderTally, g) for g in TALLY_GROUPS]
    repeated = select(ReaderTally.principal).group_by(*keys).having(func.count() > 1).limit(1)
    if connection.execute(repeated).first() is None:
        return 0
    sums: Counter[tuple[Any, ...]] = Counter()
    taken = 0
    for row in connection.execute(delete(ReaderTally).returning(*keys, ReaderTally.n)):
        sums[tuple(row[: len(TALLY_GROUPS)])] += row[-1]
        taken += 1
    _add_tallies(connection, sums)
    return taken - sum(1 for n in sums.values() if n)


_TOUCHED = "eoffice.permissions.readers_touched"
# What each mapped row's reader rows depend on; other columns leave them as they are.
_WATCHED: dict[type, tuple[str, ...]] = {
    Document: ("created_by_id", "agency_id", "secrecy", "status", "kind", "deadline"),
    DocumentAccess: ("document_id", "user_id"),
    Assignment: ("document_id", "department_id", "status"),
}


def _touched(target: Any) -> set[int]:
    session = object_session(target)
    if session is None:  # pragma: no cover - a flush always has its session
        return set()
    found: set[int] = session.info.setdefault(_TOUCHED, set())
    return found


def _document_ids(target: Any) -> set[int]:
    """The document a row belongs to, and the one it belonged to before this flush if that changed."""
    attribute = "id" if isinstance(target, Document) else "document_id"
    ids = {getattr(target, attribute)}
    ids.update(inspect(target).attrs[attribute].history.deleted or ())
    return {i for i in ids if i is not None}


def _on_insert_or_delete(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    _touched(target).update(_document_ids(target))


def _on_update(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    state = inspect(target)
    if any(state.attrs[name].history.has_changes() for name in _WATCHED[type(target)]):
        _touched(target).update(_document_ids(target))


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    """Rewrite the readers of every document whose rows this flush changed, on the flush's connection."""
    touched: set[int] = session.info.pop(_TOUCHED, set())
    if touched:
        fill_readers(session.connection(), touched)


for _model in _WATCHED:
    event.listen(_model, "after_insert", _on_insert_or_delete)
    event.listen(_model, "after_delete", _on_insert_or_delete)
    event.listen(_model, "after_update", _on_update)
event.listen(Session, "after_flush", _after_flush)
