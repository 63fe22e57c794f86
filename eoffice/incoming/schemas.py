"""API shapes of văn bản đến: registration, assignment, handling, and the inbox views."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from eoffice.documents.kinds import DocumentType, Secrecy, Urgency
from eoffice.documents.links import LinkOut
from eoffice.documents.schemas import DocumentOut, FileOut
from eoffice.incoming.models import AssignmentRole, AssignmentStatus, ExtensionStatus, NoteKind
from eoffice.incoming.prefill.schemas import PrefilledIn


class IncomingCreate(BaseModel):
    """What the văn thư types when registering a received document (DOMAIN.md metadata)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=5000, description="Trích yếu")
    doc_type: DocumentType
    issuer: str = Field(min_length=1, max_length=255, description="Cơ quan ban hành")
    number: str = Field(default="", max_length=32, description="Số của văn bản, do nơi gửi cấp")
    symbol: str = Field(default="", max_length=64, description="Ký hiệu, ví dụ QĐ-UBND")
    issue_date: date | None = None
    urgency: Urgency = Urgency.NORMAL
    secrecy: Secrecy = Secrecy.NONE
    deadline: date | None = None
    pages: StrictInt | None = Field(default=None, ge=1, le=100_000)
    arrived_at: datetime | None = Field(
        default=None,
        description="Thời điểm đến; mặc định là lúc vào sổ; không ở tương lai, không trước năm của sổ. "
        "Không có múi giờ: giờ của cơ quan",
    )
    named_user_ids: list[StrictInt] = Field(default_factory=list, description="Người được xem văn bản mật")
    register_id: StrictInt | None = Field(
        default=None,
        description="Sổ văn bản đến; mặc định sổ chung của năm đến (văn bản mật: sổ mật nếu cơ quan có)",
    )
    confirm_duplicate: bool = Field(
        default=False,
        description="Vẫn vào sổ dù đã có văn bản cùng số, ký hiệu và cơ quan ban hành (sau cảnh báo 409)",
    )
    prefilled: PrefilledIn | None = Field(
        default=None, description="Giá trị đã điền sẵn từ văn bản, để đếm những trường văn thư sửa lại"
    )


class CancelRegistrationRequest(BaseModel):
    """Hủy vào sổ: why the entry was wrong (shown in the sổ)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=2000, description="Lý do hủy vào sổ")


class AssignmentIn(BaseModel):
    """One assignee: exactly one of `user_id` / `department_id`."""

    role: AssignmentRole
    user_id: StrictInt | None = None
    department_id: StrictInt | None = None
    deadline: date | None = None
    deadline_working_days: int | None = Field(
        default=None,
        ge=1,
        le=365,
        description="Hạn xử lý là N ngày làm việc kể từ hôm nay (thay cho deadline)",
    )
    instruction: str = Field(default="", max_length=5000)

    @model_validator(mode="after")
    def _one_assignee(self) -> AssignmentIn:
        if (self.user_id is None) == (self.department_id is None):
            raise ValueError("cần đúng một trong hai: user_id hoặc department_id")
        if self.deadline is not None and self.deadline_working_days is not None:
            raise ValueError("chỉ nhập một trong hai: deadline hoặc deadline_working_days")
        return self


class AssignRequest(BaseModel):
    assignments: list[AssignmentIn] = Field(min_length=1, max_length=100)


class PresentRequest(BaseModel):
    """Trình: the leader (lãnh đạo) the văn thư puts the document before, and an optional note to him."""

    model_config = ConfigDict(str_strip_whitespace=True)

    leader_id: StrictInt = Field(description="Lãnh đạo được trình")
    note: str = Field(default="", max_length=5000, description="Ghi chú khi trình")


class DirectionRequest(BaseModel):
    """Cho ý kiến chỉ đạo (bút phê), and with it, in the same step, the assignments it decides (optional)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=20_000, description="Ý kiến chỉ đạo")
    assignments: list[AssignmentIn] = Field(
        default_factory=list, max_length=100, description="Phân công cùng lúc (có thể để trống)"
    )


class ForwardRequest(BaseModel):
    """Chuyển tiếp: hand my assignment on to another person or unit."""

    user_id: StrictInt | None = None
    department_id: StrictInt | None = None
    role: AssignmentRole | None = None  # default: the role I held
    deadline: date | None = None
    note: str = Field(default="", max_length=5000)

    @model_validator(mode="after")
    def _one_target(self) -> ForwardRequest:
        if (self.user_id is None) == (self.department_id is None):
            raise ValueError("cần đúng một trong hai: user_id hoặc department_id")
        return self


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=20_000)
    kind: Literal[NoteKind.NOTE, NoteKind.RESULT] = NoteKind.NOTE


class CompleteRequest(BaseModel):
    result: str = Field(default="", max_length=20_000)


class RecallRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=5000)


class HandBackRequest(BaseModel):
    """Trả lại or thu hồi phân công: the reason is required, the other side reads it."""

    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=5000)


class ExtensionIn(BaseModel):
    """Xin gia hạn: the new deadline asked for and why."""

    model_config = ConfigDict(str_strip_whitespace=True)

    deadline: date
    reason: str = Field(min_length=1, max_length=5000)


class ExtensionDecision(BaseModel):
    """The assigner's answer; a refusal says why (checked by the service, with a Vietnamese message)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    granted: bool
    note: str = Field(default="", max_length=5000)


class IncomingAction(enum.StrEnum):
    """What the current user may do now on an incoming document (computed with the endpoints' own rules)."""

    ASSIGN = "assign"  # phân công
    FORWARD = "forward"  # chuyển xử lý
    RETURN = "return"  # trả lại
    TAKE_BACK = "take_back"  # thu hồi phân công mình đã giao/chuyển
    COMPLETE = "complete"  # hoàn thành
    MARK_SEEN = "mark_seen"  # đánh dấu đã xem (nhận để biết)
    REQUEST_EXTENSION = "request_extension"  # xin gia hạn
    DECIDE_EXTENSION = "decide_extension"  # cho/không cho gia hạn
    NOTE = "note"  # ghi ý kiến
    RECALL = "recall"  # thu hồi văn bản
    PRESENT = "present"  # trình lãnh đạo (văn thư)
    DIRECT = "direct"  # cho ý kiến chỉ đạo (lãnh đạo)
    CONTRIBUTE = "contribute"  # gửi ý kiến phối hợp cho đơn vị xử lý chính


class ExtensionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    assignment_id: int
    requested_by_id: int
    old_deadline: date | None
    new_deadline: date
    reason: str
    status: ExtensionStatus
    decided_by_id: int | None
    decided_at: datetime | None
    decision_note: str
    created_at: datetime
    may_decide: bool = False


class AssignmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    role: AssignmentRole
    user_id: int | None
    department_id: int | None
    deadline: date | None
    status: AssignmentStatus
    instruction: str
    assigned_by_id: int
    forwarded_from_id: int | None
    created_at: datetime
    completed_at: datetime | None
    seen_at: datetime | None
    overdue: bool = False
    days_left: int | None = Field(default=None, description="Còn N ngày (âm: quá hạn), như cơ quan tính hạn")
    may_take_back: bool = False


class PresentationOut(BaseModel):
    """Trình: to whom, by whom, when; open ("chờ lãnh đạo cho ý kiến") until `answered_at`."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    leader_id: int
    presented_by_id: int
    note: str
    created_at: datetime
    answered_at: datetime | None
    answered_by_id: int | None


class DirectionOut(BaseModel):
    """Ý kiến chỉ đạo of a leader."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    author_id: int
    author_name: str
    text: str
    created_at: datetime


class ContributionOut(BaseModel):
    """Ý kiến phối hợp sent to the main handler, with its file if any."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    assignment_id: int
    author_id: int
    author_name: str
    text: str
    file_id: int | None
    created_at: datetime


class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: NoteKind
    text: str
    author_id: int
    author_name: str
    assignment_id: int | None
    created_at: datetime


class IncomingDetail(DocumentOut):
    files: list[FileOut]
    assignments: list[AssignmentOut]
    notes: list[NoteOut]
    extensions: list[ExtensionOut]
    presentations: list[PresentationOut] = Field(description="Các lần trình lãnh đạo, mới nhất sau cùng")
    directions: list[DirectionOut] = Field(description="Ý kiến chỉ đạo của lãnh đạo")
    contributions: list[ContributionOut] = Field(description="Ý kiến phối hợp gửi đơn vị xử lý chính")
    actions: list[IncomingAction] = Field(
        description="Thao tác người dùng hiện tại được làm, theo đúng quy tắc của API"
    )
    links: list[LinkOut] = Field(
        default_factory=list, description="Văn bản trả lời, văn bản thay thế hoặc đính chính văn bản này"
    )


class InboxView(enum.StrEnum):
    """The four inbox views of văn bản đến."""

    PENDING = "cho_xu_ly"
    IN_PROGRESS = "dang_xu_ly"
    OVERDUE = "qua_han"
    DONE = "da_hoan_thanh"


InboxSort = Literal[
    "arrived_at", "-arrived_at", "deadline", "-deadline", "number", "-number", "title", "-title", "urgency"
]


class InboxQuery(BaseModel):
    """`?view=&q=&sort=&page=&page_size=` plus filters; unknown values are refused with 422."""

    model_config = ConfigDict(extra="forbid")

    view: InboxView | None = None
    q: str = Field(default="", max_length=500)
    sort: InboxSort = "-arrived_at"
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=20, ge=1, le=100)
    doc_type: DocumentType | None = None
    urgency: Urgency | None = None
    secrecy: Secrecy | None = None
    arrived_from: date | None = None
    arrived_to: date | None = None
    mine: bool = Field(default=False, description="Chỉ văn bản giao cho tôi hoặc đơn vị của tôi")
    awaiting_direction: bool = Field(
        default=False, description="Chỉ văn bản đang trình tôi, chờ tôi cho ý kiến chỉ đạo"
    )


class InboxCounts(BaseModel):
    """Each view's count. The open views are exact; "tất cả" and "đã hoàn thành" stop counting past
    10 000: then the count is 10 001 and its `_capped` flag is set, shown as "hơn 10 000"."""

    all: int
    cho_xu_ly: int
    dang_xu_ly: int
    qua_han: int
    da_hoan_thanh: int
    cho_y_kien: int = Field(default=0, description="Văn bản đang trình tôi, chờ tôi cho ý kiến chỉ đạo")
    all_capped: bool = Field(default=False, description="Hơn 10 000 văn bản: `all` dừng đếm ở 10 001")
    da_hoan_thanh_capped: bool = Field(
        default=False, description="Hơn 10 000 văn bản: `da_hoan_thanh` dừng đếm ở 10 001"
    )


class InboxPage(BaseModel):
    items: list[DocumentOut]
    total: int
    total_capped: bool = Field(default=False, description="Hơn 10 000 văn bản: `total` dừng đếm ở 10 001")
    page: int
    page_size: int
    counts: InboxCounts
