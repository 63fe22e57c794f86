"""What `POST /incoming/prefill` answers: each field the form can pre-fill, with where it was read."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any

from pydantic import BaseModel, Field, field_validator


class InputKind(enum.StrEnum):
    DOCX = "docx"
    PDF = "pdf"  # a PDF with a text layer
    SCAN = "scan"  # a scan (image or PDF without text), read through OCR
    EDXML = "edxml"  # the metadata of a package received by exchange (liên thông), not read from a file


class SourceOut(BaseModel):
    """Where the value was read: paragraph/line number in reading order; for a PDF (a scan's OCR'd copy
    included) the page and the box in points, origin at the page's lower left corner."""

    line: int | None = None
    page: int | None = None
    box: list[float] | None = Field(default=None, description="[trái, dưới, phải, trên] (pt)")


class ReadValue(BaseModel):
    """One pre-filled value ("đọc từ văn bản"): `value` as the form takes it, `text` as printed."""

    value: str
    text: str
    source: SourceOut


class DeadlineOut(BaseModel):
    text: str
    date: dt.date | None
    days: int | None
    working_days: bool
    source: SourceOut


class CitationOut(BaseModel):
    text: str
    type: str | None
    number: str | None
    issuer: str | None
    date: dt.date | None


class DirectoryMatch(BaseModel):
    """The issuer found in the danh bạ liên thông by name."""

    organ_id: str = Field(description="Mã định danh")
    name: str


class PrefillOut(BaseModel):
    """The registration form's fields as read from the uploaded file; absent fields were not found."""

    input_kind: InputKind
    number: ReadValue | None = None
    symbol: ReadValue | None = None
    issuer: ReadValue | None = None
    parent_issuer: ReadValue | None = None
    issuer_directory: DirectoryMatch | None = None
    place: ReadValue | None = None
    issue_date: ReadValue | None = Field(default=None, description="value: YYYY-MM-DD")
    doc_type: ReadValue | None = None
    title: ReadValue | None = Field(default=None, description="Trích yếu")
    signer_authority: ReadValue | None = None
    signer_position: ReadValue | None = None
    signer_name: ReadValue | None = None
    urgency: ReadValue | None = None
    secrecy: ReadValue | None = None
    deadline: ReadValue | None = Field(default=None, description="Hạn xử lý: the earliest date in the text")
    deadlines: list[DeadlineOut] = Field(default_factory=list)
    citations: list[CitationOut] = Field(default_factory=list)
    duplicates: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Văn bản đã vào sổ cùng số, ký hiệu, cơ quan ban hành (như cảnh báo 409 khi vào sổ)",
    )


PREFILLED_FIELDS = (
    "title",
    "doc_type",
    "issuer",
    "number",
    "symbol",
    "issue_date",
    "urgency",
    "secrecy",
    "deadline",
)


class PrefilledIn(BaseModel):
    """The values the form filled from the document (`POST /incoming/prefill`), sent back with the registration
    so that what the văn thư corrected is counted (`GET /incoming/prefill/accuracy`)."""

    input_kind: InputKind
    values: dict[str, Annotated[str, Field(max_length=5000)]] = Field(
        max_length=len(PREFILLED_FIELDS), description="Trường → giá trị đã điền sẵn"
    )

    @field_validator("values")
    @classmethod
    def _known_fields(cls, values: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(values) - set(PREFILLED_FIELDS))
        if unknown:
            raise ValueError(f"trường không điền sẵn được: {', '.join(unknown)}")
        return values


class FieldAccuracy(BaseModel):
    """How often a pre-filled field was saved as read, per input kind, over the agency's registrations."""

    field: str
    input_kind: InputKind
    filled: int = Field(description="Số lần điền sẵn")
    kept: int = Field(description="Số lần văn thư giữ nguyên")
    share_kept: float = Field(description="Tỷ lệ giữ nguyên (0–1)")
