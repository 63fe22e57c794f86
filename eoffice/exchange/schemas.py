"""API shapes of the exchange: per-recipient statuses, the văn thư's received queue, peers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from eoffice.documents.kinds import DocumentType
from eoffice.exchange.models import OutboundState, ReceivedState, TransportKind


class StatusEntry(BaseModel):
    status_code: str
    label: str
    description: str
    staff: str
    occurred_at: datetime | None


class RecipientStatus(BaseModel):
    """Where the document is at one outside recipient: delivery, then the statuses it reported."""

    organ_id: str
    organ_name: str
    delivery: OutboundState
    transport: str
    attempts: int
    last_error: str
    delivered_at: datetime | None
    status_code: str | None = Field(description="Mã trạng thái mới nhất (01–06, 13, 15, 16)")
    status_label: str | None
    description: str
    updated_at: datetime | None
    history: list[StatusEntry]


class DocumentStatuses(BaseModel):
    document_id: int
    recipients: list[RecipientStatus]


class ReceivedOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    sender_organ_id: str
    sender_name: str
    transport: str
    edxml_document_id: str
    number: str
    symbol: str
    subject: str
    promulgation_date: date | None
    business_type: str
    state: ReceivedState
    reason: str
    incoming_document_id: int | None
    created_at: datetime
    decided_at: datetime | None
    warnings: list[str] = Field(
        default_factory=list, description="Điểm gói tin khác QCVN 102:2016 nhưng vẫn đọc được"
    )


class ReplacedOut(BaseModel):
    """A document this agency registered that a received replacement or update names."""

    incoming_document_id: int
    number_symbol: str
    title: str


class ReceivedDetail(ReceivedOut):
    summary: dict[str, Any]
    validation: list[dict[str, Any]]
    replaces: list[ReplacedOut] = Field(
        default_factory=list, description="Văn bản đã vào sổ mà văn bản thay thế/đính chính này nhắc tới"
    )


class ReceivedPage(BaseModel):
    items: list[ReceivedOut]
    total: int


class AcceptIn(BaseModel):
    """What the văn thư may correct when accepting; the rest comes from the package."""

    doc_type: DocumentType | None = None
    deadline: date | None = None


class RefuseIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=3, max_length=2000, description="Lý do từ chối, gửi lại cơ quan gửi")


class PeerIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(default="", max_length=255)
    transport: TransportKind
    endpoint: HttpUrl
    secret: str = Field(
        min_length=16, max_length=255, description="Khóa HMAC dùng chung (tối thiểu 16 ký tự)"
    )
    account: str = Field(
        default="", max_length=128, description="Trục VXP: mã hệ thống (systemid) của cơ quan tại trục"
    )


class PeerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    organ_id: str
    name: str
    transport: TransportKind
    endpoint: str
    account: str = ""
