"""Thông báo theo sự kiện: who is told what when a document moves along its way.

A service that changes a document calls `notify` in the same transaction as the change, so the bell shows
the event exactly when the change is committed and never for a change that rolled back. Only people who
may read the document are told (the one read rule), and the list endpoint applies the rule again when it
reads, since access can end after the message was written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice import effects
from eoffice.documents.models import Document
from eoffice.notifications.models import Notification, NotificationKind
from eoffice.orgs.models import Role, RoleAssignment, User
from eoffice.permissions import readable_clause

__all__ = ["agency_people", "department_people", "notify"]

_TITLES = {
    NotificationKind.ASSIGNED: "Văn bản được giao xử lý",
    NotificationKind.FORWARDED: "Văn bản được chuyển đến bạn",
    NotificationKind.HANDED_BACK: "Văn bản được trả lại cho bạn",
    NotificationKind.TAKEN_BACK: "Văn bản đã được thu hồi khỏi bạn",
    NotificationKind.EXTENSION_REQUESTED: "Đề nghị gia hạn xử lý chờ bạn quyết định",
    NotificationKind.EXTENSION_GRANTED: "Đề nghị gia hạn đã được chấp nhận",
    NotificationKind.EXTENSION_REFUSED: "Đề nghị gia hạn không được chấp nhận",
    NotificationKind.COMPLETED: "Văn bản đã hoàn thành xử lý",
    NotificationKind.PRESENTED: "Văn bản trình chờ bạn cho ý kiến chỉ đạo",
    NotificationKind.DIRECTED: "Lãnh đạo đã cho ý kiến chỉ đạo",
    NotificationKind.CONTRIBUTED: "Đơn vị phối hợp đã gửi ý kiến",
    NotificationKind.SUBMITTED: "Văn bản chờ bạn duyệt",
    NotificationKind.APPROVED: "Dự thảo đã được duyệt",
    NotificationKind.RETURNED: "Dự thảo bị trả lại",
    NotificationKind.REJECTED: "Dự thảo không được duyệt",
    NotificationKind.ROUTE_RESET: "Dự thảo có phiên bản mới, phải duyệt lại",
    NotificationKind.SIGNED: "Văn bản đã được lãnh đạo ký",
    NotificationKind.ISSUED: "Văn bản đã được cấp số, phát hành",
    NotificationKind.RECEIVED: "Văn bản đến mới",
    NotificationKind.DELIVERY_FAILED: "Gửi liên thông thất bại",
}


def department_people(session: Session, department_ids: Iterable[int]) -> dict[int, list[int]]:
    """department id → its heads (lãnh đạo phòng), or all its active members when it has none: a unit's
    work reaches the person who distributes it."""
    wanted = set(department_ids)
    if not wanted:
        return {}
    members: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    heads = select(RoleAssignment.user_id).where(RoleAssignment.role == Role.DEPARTMENT_HEAD)
    for user_id, department_id, is_head in session.execute(
        select(User.id, User.department_id, User.id.in_(heads)).where(
            User.department_id.in_(wanted), User.is_active.is_(True)
        )
    ):
        if department_id is not None:
            members[department_id].append((user_id, bool(is_head)))
    people: dict[int, list[int]] = {}
    for department_id, found in members.items():
        chosen = [user_id for user_id, is_head in found if is_head]
        people[department_id] = chosen or [user_id for user_id, _ in found]
    return people


def agency_people(session: Session, agency_id: int, role: Role) -> list[int]:
    """Active holders of `role` in the agency (e.g. its văn thư, who register what arrives)."""
    return list(
        session.scalars(
            select(User.id)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(
                RoleAssignment.agency_id == agency_id, RoleAssignment.role == role, User.is_active.is_(True)
            )
            .distinct()
        )
    )


def readers_among(session: Session, document_id: int, user_ids: Iterable[int]) -> list[int]:
    """The users of `user_ids` the read rule lets read the document, in id order."""
    readers = []
    for user in session.scalars(select(User).where(User.id.in_(set(user_ids))).order_by(User.id)):
        found = session.scalar(select(Document.id).where(Document.id == document_id, readable_clause(user)))
        if found is not None:
            readers.append(user.id)
    return readers


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def notify(
    session: Session,
    kind: NotificationKind,
    document: Document,
    user_ids: Iterable[int],
    *,
    actor_id: int | None = None,
    detail: str = "",
) -> list[int]:
    """Tell `user_ids` (less the actor, who knows) about `kind` on `document`; returns who was told.

    The message names the document by its number and summary; `detail` adds the reason or instruction."""
    session.flush()
    wanted = {u for u in user_ids if u is not None and u != actor_id}
    told = readers_among(session, document.id, wanted) if wanted else []
    label = f"{document.number_symbol} — " if document.number_symbol else ""
    message = f"{label}“{_short(document.title)}”"
    if detail.strip():
        message += f": {_short(detail.strip(), 300)}"
    rows = [
        Notification(
            user_id=user_id, document_id=document.id, kind=kind, title=_TITLES[kind], message=message
        )
        for user_id in told
    ]
    session.add_all(rows)
    # Each one is also mailed to whoever has an address (the worker decides whether mail is on); only the
    # readers chosen above are written, so a mail never names a document its reader may not read.
    with_address = (
        set(session.scalars(select(User.id).where(User.id.in_(told), User.email != ""))) if told else set()
    )
    if with_address:
        session.flush()
        for row in rows:
            if row.user_id in with_address:
                effects.mail_notification(session, row.id)
    return told


def notify_arrival(session: Session, agency_id: int, sender: str, subject: str, number: str) -> list[int]:
    """Văn bản đến qua liên thông, chờ tiếp nhận: the agency's văn thư are told (the package is not a
    document yet, so the message carries no document; only the văn thư may see the queue it points to)."""
    clerks = agency_people(session, agency_id, Role.CLERK)
    label = f"{number} — " if number else ""
    message = f"{label}“{_short(subject)}” của {_short(sender, 120)}, chờ văn thư tiếp nhận."
    for user_id in clerks:
        session.add(
            Notification(
                user_id=user_id,
                kind=NotificationKind.RECEIVED,
                title=_TITLES[NotificationKind.RECEIVED],
                message=message,
            )
        )
    return clerks
