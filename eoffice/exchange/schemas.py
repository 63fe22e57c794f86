"""API shapes of the exchange: per-recipient statuses, the văn thư's received queue, peers."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from eoffice.documents.kinds import DocumentType, Urgency
from eoffice.exchange.models import OutboundState, ReceivedState, TransportKind
from eoffice.incoming.prefill.schemas import InputKind, PrefilledIn, SourceOut


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


class FieldSource(enum.StrEnum):
    """Where a registration field came from: the package's edXML metadata ("theo gói tin"), or the attached
    main file, read by the pre-fill reader ("đọc từ văn bản")."""

    PACKAGE = "package"
    DOCUMENT = "document"


class AcceptValue(BaseModel):
    """One registration field as the accept dialog shows it: the value the form takes, its source, and for a
    value read from the file the text as printed and where (page and box in points, from the lower left)."""

    value: str
    source: FieldSource
    text: str = ""
    where: SourceOut | None = None


class AcceptPrefill(BaseModel):
    """`GET /exchange/received/{id}/prefill`: the sổ đến fields of a received package — its metadata where
    present, the rest read from its main file (attachment `file_index`). `problem` says why the file could
    not be read (the metadata alone is then shown)."""

    issuer_code: str = Field(description="Mã định danh của cơ quan gửi")
    file_index: int | None = Field(default=None, description="Tệp của gói tin đã đọc (từ 0)")
    input_kind: InputKind | None = Field(default=None, description="Loại tệp đã đọc; trống nếu không đọc")
    problem: str = Field(default="", description="Vì sao không đọc được tệp văn bản")
    title: AcceptValue | None = None
    doc_type: AcceptValue | None = None
    issuer: AcceptValue | None = None
    number: AcceptValue | None = None
    symbol: AcceptValue | None = None
    issue_date: AcceptValue | None = None
    urgency: AcceptValue | None = None
    deadline: AcceptValue | None = None
    signer_authority: AcceptValue | None = None
    signer_position: AcceptValue | None = None
    signer_name: AcceptValue | None = None


class AcceptIn(BaseModel):
    """What the văn thư may correct when accepting; a field left out comes from the package's metadata, else
    from its main file (as `GET …/prefill` shows). `prefilled`: what the dialog showed, per source (input kind
    `edxml` for the metadata), so that her corrections are counted like the registration form's."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str | None = Field(default=None, min_length=1, max_length=5000, description="Trích yếu")
    doc_type: DocumentType | None = None
    issuer: str | None = Field(default=None, min_length=1, max_length=255, description="Cơ quan ban hành")
    number: str | None = Field(default=None, max_length=32)
    symbol: str | None = Field(default=None, max_length=64)
    issue_date: date | None = None
    urgency: Urgency | None = None
    deadline: date | None = None
    prefilled: list[PrefilledIn] = Field(default_factory=list, max_length=2)


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
