"""Phân công xử lý văn bản đến and the handling record (ý kiến, kết quả, chuyển tiếp)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.db.base import Base, Timestamped, UTCDateTime, str_enum


class AssignmentRole(enum.StrEnum):
    MAIN = "xu_ly_chinh"  # xử lý chính
    COOPERATE = "phoi_hop"  # phối hợp
    INFORM = "de_biet"  # nhận để biết


class AssignmentStatus(enum.StrEnum):
    PENDING = "pending"  # chưa xử lý
    IN_PROGRESS = "in_progress"
    DONE = "done"
    FORWARDED = "forwarded"  # passed on to someone else
    RECALLED = "recalled"  # the whole document was recalled (thu hồi văn bản)
    INFORMED = "informed"  # nhận để biết, chưa xem
    SEEN = "seen"  # nhận để biết, đã xem
    CLOSED = "closed"  # phối hợp / để biết still open when the main handler completed the document
    RETURNED = "returned"  # trả lại (with a reason) to whoever passed it
    TAKEN_BACK = "taken_back"  # thu hồi by the one who assigned or forwarded it


class NoteKind(enum.StrEnum):
    NOTE = "note"  # ý kiến xử lý
    RESULT = "result"  # kết quả xử lý
    FORWARD = "forward"
    COMPLETE = "complete"
    RECALL = "recall"
    RETURN = "return"  # trả lại, with the reason
    TAKE_BACK = "take_back"  # thu hồi phân công, with the reason
    EXTENSION = "extension"  # xin gia hạn and its answer


class ExtensionStatus(enum.StrEnum):
    OPEN = "open"  # chờ người giao quyết định
    GRANTED = "granted"
    REFUSED = "refused"
    CANCELLED = "cancelled"  # the assignment ended before anyone decided


class Assignment(Base, Timestamped):
    """One unit or person given a role on an incoming document, with its own deadline."""

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("user_id IS NOT NULL OR department_id IS NOT NULL", name="assignee"),
        Index(
            "ix_assignments_department_document",
            "department_id",
            "document_id",
            postgresql_include=["status"],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    role: Mapped[AssignmentRole] = mapped_column(str_enum(AssignmentRole, 16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[AssignmentStatus] = mapped_column(
        str_enum(AssignmentStatus, 16), default=AssignmentStatus.PENDING
    )
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    forwarded_from_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    instruction: Mapped[str] = mapped_column(Text, default="")  # ý kiến chỉ đạo
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # nhận để biết: when it was seen


class ExtensionRequest(Base, Timestamped):
    """Xin gia hạn: the holder of an assignment asks its assigner for a later deadline, with a reason.

    At most one request per assignment is open (the partial unique index holds it even if a caller forgot the
    document lock)."""

    __tablename__ = "extension_requests"
    __table_args__ = (
        Index(
            "ux_extension_requests_open",
            "assignment_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    old_deadline: Mapped[date | None] = mapped_column(Date)
    new_deadline: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[ExtensionStatus] = mapped_column(
        str_enum(ExtensionStatus, 16), default=ExtensionStatus.OPEN
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")


class HandlingNote(Base, Timestamped):
    """An entry of the handling record: a note, a result, a forward, a completion or a recall."""

    __tablename__ = "handling_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[NoteKind] = mapped_column(str_enum(NoteKind, 16))
    text: Mapped[str] = mapped_column(Text, default="")
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))

    author = relationship("User")

    @property
    def author_name(self) -> str:
        return str(self.author.full_name) if self.author else ""


class Presentation(Base, Timestamped):
    """Trình: the văn thư puts a registered document before a leader of the agency for direction.

    It stays open ("chờ lãnh đạo cho ý kiến", in that leader's inbox) until a leader directs or assigns the
    document. At most one is open per document: the partial unique index holds it even if a caller forgot
    the document lock."""

    __tablename__ = "presentations"
    __table_args__ = (
        Index(
            "ux_presentations_open",
            "document_id",
            unique=True,
            sqlite_where=text("answered_at IS NULL"),
            postgresql_where=text("answered_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    presented_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Direction(Base, Timestamped):
    """Bút phê / ý kiến chỉ đạo: what a leader writes on the document, in his own words, as its own record
    (who, when, text) — printed on the phiếu xử lý and sent to the people he assigns with it."""

    __tablename__ = "directions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)

    author = relationship("User")

    @property
    def author_name(self) -> str:
        return str(self.author.full_name) if self.author else ""


class Contribution(Base, Timestamped):
    """Ý kiến phối hợp: a cooperating unit's or person's part, sent to the main handler; it ends that
    phối hợp assignment (done, with this report)."""

    __tablename__ = "contributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("document_files.id"))

    author = relationship("User")

    @property
    def author_name(self) -> str:
        return str(self.author.full_name) if self.author else ""


__all__ = [
    "Assignment",
    "AssignmentRole",
    "AssignmentStatus",
    "Contribution",
    "Direction",
    "ExtensionRequest",
    "ExtensionStatus",
    "HandlingNote",
    "NoteKind",
    "Presentation",
]
