"""Phân công xử lý văn bản đến and the handling record (ý kiến, kết quả, chuyển tiếp)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Text
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
    RECALLED = "recalled"


class NoteKind(enum.StrEnum):
    NOTE = "note"  # ý kiến xử lý
    RESULT = "result"  # kết quả xử lý
    FORWARD = "forward"
    COMPLETE = "complete"
    RECALL = "recall"


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


__all__ = ["Assignment", "AssignmentRole", "AssignmentStatus", "HandlingNote", "NoteKind"]
