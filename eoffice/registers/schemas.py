"""API shapes of the sổ văn bản an agency keeps: what the văn thư chooses from, what the admin adds."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from eoffice.documents.kinds import DocumentKind
from eoffice.registers.models import Register


class RegisterCreate(BaseModel):
    """A new sổ văn bản đến (sổ mật, by channel or document type) for a year, default the current one."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    code: str = Field(
        min_length=1, max_length=32, pattern=r"^[a-z0-9_-]+$", description="Mã sổ, ví dụ `mat`, `buu_chinh`"
    )
    name: str = Field(min_length=1, max_length=255, description="Tên sổ, ví dụ Sổ văn bản đến mật")
    secret: bool = Field(default=False, description="Sổ mật: chỉ vào sổ văn bản có độ mật")
    year: int | None = Field(default=None, description="Năm của sổ; mặc định năm hiện tại")


class RegisterEntryOut(BaseModel):
    """A sổ văn bản of the caller's agency."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    agency_id: int
    kind: DocumentKind
    year: int
    code: str
    name: str
    secret: bool
    is_default: bool
    last_number: int

    @classmethod
    def of(cls, register: Register) -> RegisterEntryOut:
        return cls.model_validate(register)
