"""Between registering and handling: trình (the văn thư presents the document to a leader), bút phê / ý kiến
chỉ đạo (the leader's direction, alone or with the assignments it decides), and ý kiến phối hợp (a
cooperating unit's part, sent to the main handler).

Like every change in `eoffice.incoming.service`, each function takes the document lock first (two clicks at
once: one effect, 409 for the other), writes its audit records, notifications and re-index in the caller's
transaction, and the caller commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.audit import snapshot
from eoffice.documents.errors import WrongState
from eoffice.documents.files import FileBatch, Upload, check_upload, store_file
from eoffice.documents.kinds import FileRole
from eoffice.documents.models import Document
from eoffice.documents.service import Actor, audit
from eoffice.effects import documents_changed
from eoffice.errors import Forbidden, InvalidInput
from eoffice.file_kinds import SCANNABLE
from eoffice.incoming import service
from eoffice.incoming.models import (
    AssignmentRole,
    AssignmentStatus,
    Contribution,
    Direction,
    Presentation,
)
from eoffice.incoming.schemas import DirectionRequest, PresentRequest
from eoffice.notifications.events import notify
from eoffice.notifications.models import NotificationKind
from eoffice.orgs.models import User
from eoffice.permissions import holds_role, may_read

__all__ = [
    "AlreadyContributed",
    "AlreadyPresented",
    "DirectionRepeated",
    "DirectionRecord",
    "contribute",
    "direct",
    "present",
    "record_of",
]


class AlreadyPresented(WrongState):
    """A trình is still open (e.g. the same presentation sent twice at once)."""

    code = "incoming.already_presented"
    message = "Văn bản đang chờ lãnh đạo cho ý kiến; hãy tải lại văn bản."


class DirectionRepeated(WrongState):
    """The same leader's last direction has the same words (e.g. the dialog submitted twice)."""

    code = "incoming.direction_repeated"
    message = "Ý kiến chỉ đạo này đã được ghi; hãy tải lại văn bản."


class AlreadyContributed(WrongState):
    """The cooperating assignment was reported already (e.g. the same report sent twice at once)."""

    code = "incoming.already_contributed"
    message = "Ý kiến phối hợp của bạn đã được gửi; hãy tải lại văn bản."


def present(session: Session, actor: Actor, document_id: int, data: PresentRequest) -> Presentation:
    """Trình: the văn thư puts the document before a leader of the agency, who finds it in "chờ cho ý kiến"
    and is told. One trình is open at a time; it ends when a leader directs or assigns."""
    document = service._open_incoming(session, actor, document_id)
    if not holds_role(actor.user, document.agency_id, *service.PRESENTERS):
        raise Forbidden("Chỉ văn thư mới được trình văn bản đến cho lãnh đạo.")
    if service.open_presentation(session, document.id) is not None:
        raise AlreadyPresented()
    leader = session.get(User, data.leader_id)
    if (
        leader is None
        or leader.agency_id != document.agency_id
        or not leader.is_active
        or not holds_role(leader, document.agency_id, *service.DIRECTORS)
    ):
        raise InvalidInput(
            "Người được trình phải là lãnh đạo đang làm việc của cơ quan.",
            detail=[{"field": "leader_id", "problem": "không phải lãnh đạo của cơ quan"}],
        )
    if not may_read(session, leader, document):
        # A secret document is read by the people named on it: the clerk names the leader first, knowingly.
        raise InvalidInput(
            "Lãnh đạo này chưa được xem văn bản mật; hãy chia sẻ văn bản cho lãnh đạo trước khi trình.",
            detail=[{"field": "leader_id", "problem": "không được xem văn bản"}],
        )
    presentation = Presentation(
        document_id=document.id, leader_id=leader.id, presented_by_id=actor.id, note=data.note
    )
    session.add(presentation)
    session.flush()
    audit(session, actor, "incoming.present", presentation)
    detail = f"Ghi chú của văn thư: {data.note}" if data.note else ""
    notify(session, NotificationKind.PRESENTED, document, [leader.id], actor_id=actor.id, detail=detail)
    documents_changed(session, document.id)
    return presentation


def direct(session: Session, actor: Actor, document_id: int, data: DirectionRequest) -> Direction:
    """Cho ý kiến chỉ đạo: a leader's direction, recorded as its own entry; with `data.assignments` it also
    assigns in the same transaction, each assignee told the direction with the assignment. The open trình is
    answered; whoever presented it and whoever already holds the work are told the direction."""
    document = service._open_incoming(session, actor, document_id)
    if not holds_role(actor.user, document.agency_id, *service.DIRECTORS):
        raise Forbidden("Chỉ lãnh đạo cơ quan mới được cho ý kiến chỉ đạo.")
    last = session.scalar(
        select(Direction).where(Direction.document_id == document.id).order_by(Direction.id.desc()).limit(1)
    )
    if last is not None and last.author_id == actor.id and last.text == data.text:
        raise DirectionRepeated()
    holding = [a for a in service._assignments(session, document.id) if a.status in service.WAITING]
    direction = Direction(document_id=document.id, author_id=actor.id, text=data.text)
    session.add(direction)
    session.flush()
    audit(session, actor, "incoming.direct", direction)
    presentation = service.answer_presentation(session, actor, document)
    if data.assignments:
        service.assign(session, actor, document.id, data.assignments, direction=data.text)
    told = service._holders(session, holding)
    if presentation is not None:
        told.append(presentation.presented_by_id)
    notify(session, NotificationKind.DIRECTED, document, told, actor_id=actor.id, detail=data.text)
    documents_changed(session, document.id)
    return direction


def contribute(
    session: Session,
    batch: FileBatch,
    actor: Actor,
    document_id: int,
    text: str,
    uploads: Sequence[Upload],
    *,
    max_upload_bytes: int,
) -> Contribution:
    """Ý kiến phối hợp: the holder of an open phối hợp assignment sends its part (a text, optionally a file)
    to the main handler, who is told; the assignment ends done, with this report. Informed readers and the
    main handler have nothing to contribute (403)."""
    text = text.strip()
    if not text:
        raise InvalidInput(
            "Vui lòng nhập ý kiến phối hợp.", detail=[{"field": "text", "problem": "không có nội dung"}]
        )
    if len(uploads) > 1:
        raise InvalidInput(
            "Ý kiến phối hợp kèm tối đa một tệp.", detail=[{"field": "file", "problem": "nhiều hơn một tệp"}]
        )
    document = service._open_incoming(session, actor, document_id)
    assignments = service._assignments(session, document.id)
    cooperating = (AssignmentRole.COOPERATE,)
    mine = service._held_in(actor.user, assignments, service.OPEN_ASSIGNMENT, cooperating)
    if mine is None:
        if service._held_in(actor.user, assignments, (AssignmentStatus.DONE,), cooperating) is not None:
            raise AlreadyContributed()
        raise Forbidden("Chỉ đơn vị, cá nhân được giao phối hợp mới gửi ý kiến phối hợp.")
    kinds = [check_upload(upload, SCANNABLE, max_upload_bytes) for upload in uploads]
    stored = [
        store_file(
            session, batch, document=document, upload=u, kind=k, role=FileRole.ATTACHMENT, actor_id=actor.id
        )
        for u, k in zip(uploads, kinds, strict=True)
    ]
    session.flush()
    before = snapshot(mine)
    mine.status = AssignmentStatus.DONE
    mine.completed_at = clock.now()
    service._end_requests(session, [mine.id])
    contribution = Contribution(
        document_id=document.id,
        assignment_id=mine.id,
        author_id=actor.id,
        text=text,
        file_id=stored[0].id if stored else None,
    )
    session.add(contribution)
    session.flush()
    for file in stored:
        audit(session, actor, "document_file.store", file)
    audit(session, actor, "incoming.contribute", contribution)
    audit(session, actor, "incoming.assignment.report", mine, before=before)
    main = [a for a in assignments if a.role == AssignmentRole.MAIN and a.status in service.OPEN_ASSIGNMENT]
    told = service._holders(session, main) or [mine.assigned_by_id]
    notify(
        session,
        NotificationKind.CONTRIBUTED,
        document,
        told,
        actor_id=actor.id,
        detail=f"Ý kiến phối hợp của {actor.user.full_name}: {text}",
    )
    documents_changed(session, document.id)
    return contribution


class DirectionRecord(NamedTuple):
    """What the detail and the phiếu xử lý show of this step, oldest first."""

    presentations: list[Presentation]
    directions: list[Direction]
    contributions: list[Contribution]


def record_of(session: Session, document: Document) -> DirectionRecord:
    return DirectionRecord(
        presentations=list(
            session.scalars(
                select(Presentation).where(Presentation.document_id == document.id).order_by(Presentation.id)
            )
        ),
        directions=list(
            session.scalars(
                select(Direction).where(Direction.document_id == document.id).order_by(Direction.id)
            )
        ),
        contributions=list(
            session.scalars(
                select(Contribution).where(Contribution.document_id == document.id).order_by(Contribution.id)
            )
        ),
    )
