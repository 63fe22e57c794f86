"""Thông báo: what the system tells one user — a workflow event on a document, or a deadline falling due."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db.base import Base, UTCDateTime, str_enum, utcnow


class NotificationKind(enum.StrEnum):
    DEADLINE_SOON = "deadline_soon"  # sắp đến hạn xử lý (today or tomorrow)
    DEADLINE_OVERDUE = "deadline_overdue"  # quá hạn xử lý
    ASSIGNED = "assigned"  # được giao xử lý chính, phối hợp hoặc để biết
    FORWARDED = "forwarded"  # được chuyển tiếp đến
    HANDED_BACK = "handed_back"  # văn bản đến được trả lại cho mình (có lý do)
    TAKEN_BACK = "taken_back"  # phân công của mình bị người giao thu hồi
    EXTENSION_REQUESTED = "extension_requested"  # người xử lý xin gia hạn, chờ mình quyết định
    EXTENSION_GRANTED = "extension_granted"  # đề nghị gia hạn của mình được chấp nhận
    EXTENSION_REFUSED = "extension_refused"  # đề nghị gia hạn của mình không được chấp nhận
    COMPLETED = "completed"  # văn bản đến mình đã giao (hoặc phối hợp) đã hoàn thành xử lý
    PRESENTED = "presented"  # văn thư trình văn bản đến, chờ mình cho ý kiến chỉ đạo
    DIRECTED = "directed"  # lãnh đạo đã cho ý kiến chỉ đạo văn bản mình trình (hoặc mình đang xử lý)
    CONTRIBUTED = "contributed"  # đơn vị, cá nhân phối hợp gửi ý kiến phối hợp cho mình (xử lý chính)
    SUBMITTED = "submitted"  # dự thảo chờ mình duyệt
    APPROVED = "approved"  # dự thảo của mình đã được duyệt xong
    RETURNED = "returned"  # dự thảo của mình bị trả lại (có lý do)
    REJECTED = "rejected"  # dự thảo của mình không được duyệt
    ROUTE_RESET = "route_reset"  # dự thảo mình đã duyệt có phiên bản mới: phải duyệt lại
    SIGNED = "signed"  # lãnh đạo đã ký, chờ văn thư cấp số
    ISSUED = "issued"  # đã cấp số (văn bản mình soạn)
    RECEIVED = "received"  # văn bản đến mới từ cơ quan khác, chờ vào sổ
    DELIVERY_FAILED = "delivery_failed"  # gửi liên thông tới một cơ quan ngoài thất bại, không gửi lại nữa


class Notification(Base):
    """One message to one user. The unique key makes a reminder idempotent: the daily run and an on-demand
    run on the same day never notify the same person twice about the same deadline."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "document_id", "kind", "due_date"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(str_enum(NotificationKind, 32))
    due_date: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(255))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When its e-mail copy was handed to the SMTP server (eoffice.notifications.mail): set before sending, so a
    # message delivered twice, or by two workers at once, mails it once.
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MailDigest(Base):
    """Thư tổng hợp hằng ngày: one row per user and agency day whose digest of due documents was sent; the
    unique key makes the daily run (and a re-run on the same day) mail each person once."""

    __tablename__ = "mail_digests"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
