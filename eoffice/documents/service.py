"""What every document action shares: who acts, loading through the read rule, overdue, audit records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.audit import record, snapshot
from eoffice.db.locking import for_update, lock_row
from eoffice.documents.errors import WrongState
from eoffice.documents.files import FileBatch, Upload, check_upload, store_file
from eoffice.documents.kinds import OPEN_INCOMING, AccessReason, DocumentKind, FileRole
from eoffice.documents.models import Document, DocumentAccess, DocumentFile
from eoffice.effects import documents_changed
from eoffice.errors import Forbidden, InvalidInput, NotFound
from eoffice.file_kinds import SCANNABLE
from eoffice.orgs.models import Role, User
from eoffice.permissions import holds_role, readable_clause


@dataclass(frozen=True)
class Actor:
    """Who performs an action, and from where (for the audit record)."""

    user: User
    client_address: str | None = None

    @property
    def id(self) -> int:
        return self.user.id


def is_overdue(deadline: date | None, open_: bool, today: date) -> bool:
    """Quá hạn: still open and the deadline's day has passed."""
    return open_ and deadline is not None and deadline < today


def document_overdue(document: Document, today: date) -> bool:
    return is_overdue(document.deadline, document.status in OPEN_INCOMING, today)


def get_readable(
    session: Session, user: User, document_id: int, kind: DocumentKind | None = None, *, lock: bool = False
) -> Document:
    """The document if `user` may read it; otherwise 404, so the existence of others' documents never leaks.

    `lock=True` for every state change: the row stays locked until the transaction ends (on SQLite too, see
    `eoffice.db.locking`), so of two clicks at once the second waits, then sees the state the first left and
    gets `WrongState` (409) before it stores or numbers anything.
    """
    query = select(Document).where(Document.id == document_id, readable_clause(user))
    if kind is not None:
        query = query.where(Document.kind == kind)
    if lock:
        lock_row(session, Document, document_id)
        query = for_update(query, Document)
    document = session.scalar(query)
    if document is None:
        raise NotFound("Không tìm thấy văn bản hoặc bạn không có quyền xem văn bản này.")
    return document


def audit(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: Any,
    *,
    before: Any = None,
    after: Any = None,
    entity_type: str | None = None,
) -> None:
    """One audit record in the caller's transaction; `after` defaults to the entity's current columns."""
    record(
        session,
        actor_id=actor.id if actor else None,
        action=action,
        entity_type=entity_type or type(entity).__tablename__,
        entity_id=entity.id,
        before=before,
        after=after if after is not None else snapshot(entity),
        client_address=actor.client_address if actor else None,
    )


def attach_files(
    session: Session, batch: FileBatch, actor: Actor, document_id: int, uploads: list[Upload], max_bytes: int
) -> list[DocumentFile]:
    """Add received files to an open incoming document (by its văn thư or whoever registered it)."""
    document = get_readable(session, actor.user, document_id, DocumentKind.INCOMING, lock=True)
    if document.created_by_id != actor.id and not holds_role(actor.user, document.agency_id, Role.CLERK):
        raise Forbidden("Chỉ văn thư mới được bổ sung tệp cho văn bản đến.")
    if document.status not in OPEN_INCOMING:
        raise WrongState("Văn bản đã hoàn thành hoặc đã bị thu hồi, không thể bổ sung tệp.")
    kinds = [check_upload(upload, SCANNABLE, max_bytes) for upload in uploads]
    stored = [
        store_file(
            session, batch, document=document, upload=u, kind=k, role=FileRole.ATTACHMENT, actor_id=actor.id
        )
        for u, k in zip(uploads, kinds, strict=True)
    ]
    for file in stored:
        audit(session, actor, "document_file.store", file)
    documents_changed(session, document.id)
    return stored


def grant(session: Session, actor: Actor, document_id: int, user_ids: list[int]) -> None:
    """Name people on a document; only its creator or the agency's leaders and clerks may do so."""
    document = get_readable(session, actor.user, document_id, lock=True)
    if document.created_by_id != actor.id and not holds_role(
        actor.user, document.agency_id, Role.LEADER, Role.CLERK
    ):
        raise Forbidden("Bạn không có quyền chia sẻ văn bản này.")
    users = session.scalars(
        select(User).where(User.id.in_(set(user_ids)), User.agency_id == document.agency_id)
    )
    found = {u.id for u in users}
    missing = sorted(set(user_ids) - found)
    if missing:
        raise InvalidInput(
            f"Người dùng không thuộc cơ quan: {', '.join(map(str, missing))}.",
            detail=[{"field": "user_ids", "problem": "không thuộc cơ quan", "ids": missing}],
        )
    existing = set(
        session.scalars(
            select(DocumentAccess.user_id).where(
                DocumentAccess.document_id == document.id, DocumentAccess.reason == AccessReason.NAMED
            )
        )
    )
    for user_id in sorted(found - existing):
        access = DocumentAccess(document_id=document.id, user_id=user_id, reason=AccessReason.NAMED)
        session.add(access)
        session.flush()
        audit(session, actor, "document.grant", access)
    documents_changed(session, document.id)
