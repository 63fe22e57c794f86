"""Luồng trình duyệt: routes configured per agency and document type, and their runs on documents."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.db.base import Base, Timestamped, UTCDateTime, str_enum
from eoffice.documents.kinds import DocumentType
from eoffice.orgs.models import Role


class RunStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    APPROVED = "approved"
    RETURNED = "returned"
    REJECTED = "rejected"
    RESET = "reset"  # a new draft version came after an approval: the route starts again from the first step


class Decision(enum.StrEnum):
    APPROVE = "approve"  # duyệt / cho ý kiến đồng ý
    RETURN = "return"  # trả lại, with a reason
    REJECT = "reject"  # không duyệt, with a reason


class ApprovalRoute(Base, Timestamped):
    """A route for one document type of an agency, or its default route when `doc_type` is empty."""

    __tablename__ = "approval_routes"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    doc_type: Mapped[DocumentType | None] = mapped_column(str_enum(DocumentType))
    name: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    steps: Mapped[list[RouteStep]] = relationship(
        back_populates="route", order_by="RouteStep.position, RouteStep.id", cascade="all, delete-orphan"
    )


class RouteStep(Base, Timestamped):
    """One member of a step: a role or a person. Rows sharing a `position` form one step.

    A sequential step (`consultation` false) is decided by whichever member acts first; a consultation step
    (góp ý song song) needs an approval from every member, in any order.
    """

    __tablename__ = "route_steps"
    __table_args__ = (CheckConstraint("role IS NOT NULL OR user_id IS NOT NULL", name="member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("approval_routes.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255), default="")
    consultation: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[Role | None] = mapped_column(str_enum(Role))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    route: Mapped[ApprovalRoute] = relationship(back_populates="steps")


class ApprovalRun(Base, Timestamped):
    """A document's passage through a route. `version` makes two simultaneous decisions collide."""

    __tablename__ = "approval_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("approval_routes.id"))
    position: Mapped[int] = mapped_column(Integer)  # the current step
    status: Mapped[RunStatus] = mapped_column(str_enum(RunStatus, 16), default=RunStatus.IN_PROGRESS)
    started_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # The draft version on the route (phiên bản trình duyệt): what every decision of the run approves.
    file_id: Mapped[int | None] = mapped_column(ForeignKey("document_files.id"))
    sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")

    route: Mapped[ApprovalRoute] = relationship()
    decisions: Mapped[list[ApprovalDecision]] = relationship(
        back_populates="run", order_by="ApprovalDecision.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class ApprovalDecision(Base, Timestamped):
    """Who decided what at which step, and why (the reason is required to return or reject)."""

    __tablename__ = "approval_decisions"
    __table_args__ = (UniqueConstraint("run_id", "position", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("approval_runs.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[Decision] = mapped_column(str_enum(Decision, 16))
    reason: Mapped[str] = mapped_column(Text, default="")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("document_files.id"))  # the version decided on
    sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")

    run: Mapped[ApprovalRun] = relationship(back_populates="decisions")
    user = relationship("User")
