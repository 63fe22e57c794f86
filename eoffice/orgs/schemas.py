"""Request and response bodies of the organisation API."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationInfo, field_validator

from eoffice.orgs.models import DelegationKind, Role

_AGENCY_CODE = r"^[A-Z0-9]{2,3}(\.[A-Z0-9]{2,3}){3}$"  # mã định danh, e.g. 000.00.00.H99


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AgencyOut(_Out):
    id: int
    code: str
    name: str
    abbreviation: str
    parent_name: str
    place: str


class FirstAdminIn(BaseModel):
    """Quản trị viên đầu tiên of a new agency: an account of that agency, made together with it."""

    username: str = Field(min_length=2, max_length=64, pattern=r"^[a-zA-Z0-9._-]+$")
    full_name: str = Field(min_length=1, max_length=255)
    password: str = Field(min_length=1, max_length=1024, description="Ít nhất 12 ký tự, khó đoán")
    position: str = Field(default="Quản trị hệ thống", max_length=255)
    email: str = Field(default="", max_length=255)


class AgencyIn(BaseModel):
    code: str = Field(pattern=_AGENCY_CODE, description="Mã định danh điện tử, e.g. 000.00.00.H99")
    name: str = Field(min_length=1, max_length=255)
    abbreviation: str = Field(min_length=1, max_length=32)
    parent_name: str = Field(default="", max_length=255)
    place: str = Field(default="", max_length=128)
    first_admin: FirstAdminIn = Field(description="Quản trị viên đầu tiên, tài khoản của chính cơ quan mới")


class AgencyPatch(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    abbreviation: str | None = Field(default=None, min_length=1, max_length=32)
    parent_name: str | None = Field(default=None, max_length=255)
    place: str | None = Field(default=None, max_length=128)


class DepartmentOut(_Out):
    id: int
    agency_id: int
    name: str
    abbreviation: str


class DepartmentIn(BaseModel):
    name: str = Field(min_length=1, max_length=255)
    abbreviation: str = Field(min_length=1, max_length=32)


class DepartmentPatch(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    abbreviation: str | None = Field(default=None, min_length=1, max_length=32)


class UserOut(_Out):
    id: int
    username: str
    full_name: str
    position: str
    email: str
    is_active: bool
    agency_id: int
    department_id: int | None
    roles: list[Role]
    is_system_admin: bool = False

    @field_validator("roles", mode="before")
    @classmethod
    def _role_names(cls, value: object) -> object:
        if isinstance(value, list):
            return [getattr(item, "role", item) for item in value]
        return value


class UserProfile(UserOut):
    """The signed-in user with the agency and department spelled out (`GET /auth/me`)."""

    agency: AgencyOut
    department: DepartmentOut | None


class UserIn(BaseModel):
    username: str = Field(min_length=2, max_length=64, pattern=r"^[a-zA-Z0-9._-]+$")
    full_name: str = Field(min_length=1, max_length=255)
    password: str = Field(min_length=1, max_length=1024, description="Ít nhất 12 ký tự, khó đoán")
    department_id: StrictInt | None = None
    position: str = Field(default="", max_length=255)
    email: str = Field(default="", max_length=255)
    roles: list[Role] = Field(default_factory=lambda: [Role.SPECIALIST])


class UserPatch(BaseModel):
    full_name: str | None = Field(default=None, min_length=1, max_length=255)
    password: str | None = Field(
        default=None, min_length=1, max_length=1024, description="Ít nhất 12 ký tự, khó đoán"
    )
    department_id: StrictInt | None = None
    position: str | None = Field(default=None, max_length=255)
    email: str | None = Field(default=None, max_length=255)
    is_active: StrictBool | None = None


class RolesIn(BaseModel):
    roles: list[Role]


class DelegationOut(_Out):
    id: int
    agency_id: int
    principal_id: int
    delegate_id: int
    kind: DelegationKind
    starts_on: date
    ends_on: date
    revoked: bool


class DelegationIn(BaseModel):
    principal_id: StrictInt
    delegate_id: StrictInt
    kind: DelegationKind
    starts_on: date
    ends_on: date

    @field_validator("ends_on")
    @classmethod
    def _range(cls, value: date, info: ValidationInfo) -> date:
        starts_on = info.data.get("starts_on")
        if starts_on is not None and value < starts_on:
            raise ValueError("ngày kết thúc phải từ ngày bắt đầu trở đi")
        return value

    @field_validator("delegate_id")
    @classmethod
    def _not_self(cls, value: int, info: ValidationInfo) -> int:
        if value == info.data.get("principal_id"):
            raise ValueError("người được ủy quyền phải khác người ủy quyền")
        return value


class DelegationPatch(BaseModel):
    ends_on: date | None = None
    revoked: StrictBool | None = None


class AgencyPowerOut(BaseModel):
    """Một tài khoản có quyền trong cơ quan: every admin of it, and everyone of another agency holding any
    role in it — so the agency's admins see every account with power over it, wherever it belongs."""

    user_id: int
    username: str
    full_name: str
    is_active: bool
    home_agency_id: int
    home_agency_name: str
    outside: bool = Field(description="Tài khoản của cơ quan khác")
    roles: list[Role] = Field(description="Vai trò trong cơ quan này")
