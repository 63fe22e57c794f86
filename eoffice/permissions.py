"""Who may read a document — decided in one place, in Python and in SQL, and for the search index.

The rule:
- never a document of an agency the user does not belong to;
- its creator and the people named on it (`document_access`: explicit grants, personal assignees, approval
  route participants) always;
- for a document without độ mật, also the agency's leaders (lãnh đạo đơn vị) and clerks (văn thư), and the
  members of a department it is assigned to;
- a document with độ mật (Mật, Tối mật, Tuyệt mật) only its creator and the people named on it.

`readable_clause(user)` is the rule as a SQL condition on `Document`, used by every list and query;
`may_read` evaluates that same clause for one document, so the two can never disagree.
`principals_for` / `document_principals` express the rule as sets of strings for the search index: a user
may read a document exactly when the two sets intersect.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, false, or_, select
from sqlalchemy.orm import Session, object_session

from eoffice.documents.kinds import Secrecy
from eoffice.documents.models import Document, DocumentAccess
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


def readable_clause(user: User) -> ColumnElement[bool]:
    """The read rule as a condition on `Document`; put it in the WHERE of every query listing documents."""
    named = exists().where(DocumentAccess.document_id == Document.id, DocumentAccess.user_id == user.id)
    personal = or_(Document.created_by_id == user.id, named)
    department: ColumnElement[bool] = false()
    if user.department_id is not None:
        department = exists().where(
            Assignment.document_id == Document.id,
            Assignment.department_id == user.department_id,
            Assignment.status != AssignmentStatus.RECALLED,
        )
    readers = reader_agencies(user)
    by_office: ColumnElement[bool] = Document.agency_id.in_(readers) if readers else false()
    open_document = and_(Document.secrecy == Secrecy.NONE, or_(by_office, department))
    return and_(Document.agency_id.in_(member_agencies(user)), or_(personal, open_document))


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
