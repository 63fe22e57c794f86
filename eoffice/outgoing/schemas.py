"""API shapes of văn bản đi: drafts, versions, comments, the approval run, signing, issuing, release."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from eoffice.documents.kinds import DocumentStatus, DocumentType, Secrecy, Urgency
from eoffice.documents.links import LinkOut
from eoffice.documents.schemas import DocumentOut, FileOut
from eoffice.outgoing.models import DeliveryStatus, RecipientKind
from eoffice.workflow.schemas import RunOut

Level = Literal["B-B", "B-T", "B-LT", "B-LTA"]


class RecipientIn(BaseModel):
    """Nơi nhận: an agency or department on this system, or an outside agency by its mã định danh."""

    kind: RecipientKind
    agency_id: StrictInt | None = None
    department_id: StrictInt | None = None
    organ_id: str = Field(default="", max_length=64)
    name: str = Field(default="", max_length=255)

    @model_validator(mode="after")
    def _target(self) -> RecipientIn:
        needed = {
            RecipientKind.AGENCY: self.agency_id is not None,
            RecipientKind.DEPARTMENT: self.department_id is not None,
            RecipientKind.EXTERNAL: bool(self.organ_id and self.name),
        }
        if not needed[self.kind]:
            raise ValueError(
                {
                    RecipientKind.AGENCY: "cần agency_id",
                    RecipientKind.DEPARTMENT: "cần department_id",
                    RecipientKind.EXTERNAL: "cần organ_id (mã định danh) và name",
                }[self.kind]
            )
        return self


class ReplacesIn(BaseModel):
    """Văn bản thay thế / đính chính: the issued and released outgoing document this draft replaces or
    corrects (one the author may read; 404 otherwise)."""

    document_id: StrictInt
    kind: Literal["thay_the", "dinh_chinh"] = Field(
        description="thay_the: văn bản thay thế; dinh_chinh: đính chính"
    )


class LinksIn(BaseModel):
    """What a new draft replaces, corrects or answers; shared by the plain and the from-template draft."""

    replaces: ReplacesIn | None = Field(
        default=None, description="Văn bản đi đã phát hành được thay thế/đính chính"
    )
    answers: list[StrictInt] = Field(
        default_factory=list, max_length=20, description="Các văn bản đến mà văn bản này trả lời"
    )


class OutgoingCreate(LinksIn):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=5000, description="Trích yếu")
    doc_type: DocumentType
    urgency: Urgency = Urgency.NORMAL
    secrecy: Secrecy = Secrecy.NONE
    deadline: date | None = None
    pages: StrictInt | None = Field(default=None, ge=1, le=100_000)
    recipients: list[RecipientIn] = Field(default_factory=list, max_length=500)
    named_user_ids: list[StrictInt] = Field(default_factory=list)


class CommentIn(BaseModel):
    text: str = Field(min_length=1, max_length=20_000)
    file_version: StrictInt | None = None


class CommentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    author_id: int
    text: str
    file_version: int | None
    created_at: datetime


class SignRequest(BaseModel):
    level: Level | None = Field(default=None, description="Mặc định theo cấu hình EOFFICE_SIGNATURE_LEVEL")
    pin: str | None = Field(
        default=None,
        max_length=64,
        description="Mã PIN ký số của người giữ khóa (lãnh đạo khi ký; khóa cơ quan khi văn thư cấp số); "
        "khi ký qua VNPT SmartCA: mật khẩu tài khoản SmartCA. Không lưu ở đâu.",
    )
    source: Literal["pkcs12", "smartca"] | None = Field(
        default=None,
        description="Khi lãnh đạo ký: khóa PKCS#12 của mình (mặc định, pkcs12) hoặc ký từ xa qua VNPT SmartCA "
        "(smartca, xác nhận trên điện thoại)",
    )
    file_id: StrictInt | None = Field(
        default=None,
        description="Khi ký: phiên bản dự thảo được ký; phải là phiên bản đã duyệt (409 nếu khác)",
    )
    sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="Khi ký: SHA-256 của phiên bản được ký; phải là phiên bản đã duyệt (409 nếu khác)",
    )


class ReleaseRequest(BaseModel):
    recipients: list[RecipientIn] = Field(default_factory=list, max_length=500)


class RecallRequest(BaseModel):
    """Thu hồi văn bản đã phát hành: the reason goes to every recipient (in the edXML package outside)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    reason: str = Field(min_length=3, max_length=2000, description="Lý do thu hồi, gửi tới mọi nơi nhận")


class RecipientOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: RecipientKind
    agency_id: int | None
    department_id: int | None
    organ_id: str
    name: str
    incoming_document_id: int | None


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    organ_id: str
    organ_name: str
    status: DeliveryStatus


class RemoteSignatureOut(BaseModel):
    """The newest remote signature of the document: "pending" while it waits for the phone (smartca) or the
    leader's USB token (token), then its outcome (signed, rejected, expired, cancelled) with the reason in
    Vietnamese."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    provider: Literal["smartca", "token"]
    state: Literal["pending", "signed", "rejected", "expired", "cancelled"]
    reason: str
    user_id: int
    created_at: datetime
    finished_at: datetime | None


class OutgoingDetail(DocumentOut):
    files: list[FileOut]
    comments: list[CommentOut]
    run: RunOut | None
    recipients: list[RecipientOut]
    deliveries: list[DeliveryOut]
    remote_signature: RemoteSignatureOut | None = None
    links: list[LinkOut] = Field(default_factory=list, description="Thay thế, đính chính, trả lời")


class OutgoingQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: DocumentStatus | None = None
    q: str = Field(default="", max_length=500)
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=20, ge=1, le=100)
    awaiting_me: bool = Field(default=False, description="Chỉ văn bản đang chờ tôi duyệt")


class OutgoingPage(BaseModel):
    items: list[DocumentOut]
    total: int
    page: int
    page_size: int
