"""API shapes of the agency directory: entries with their connection and its health, the admin's edits, a
sync's outcome, and the connections (peer rows) with their health."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from eoffice.exchange.models import DirectorySource, OutboundState, TransportKind

ORGAN_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


class Health(BaseModel):
    """The newest package over a connection (or to an agency): where it stands, its last error, and how many
    packages wait or failed."""

    state: OutboundState
    attempts: int
    last_error: str
    queued_at: datetime
    delivered_at: datetime | None
    pending: int = Field(description="Gói tin đang chờ gửi lại")
    failed: int = Field(description="Gói tin đã ngừng gửi (thất bại)")


class Route(BaseModel):
    """The peer row a delivery to this agency takes: its own, or the default route `*`."""

    organ_id: str = Field(description="Mã định danh của kết nối; `*` là tuyến mặc định")
    transport: TransportKind
    endpoint: str
    is_default: bool


class DirectoryEntryOut(BaseModel):
    id: int
    organ_id: str
    name: str
    parent_organ_id: str
    parent_name: str = Field(description="Tên cơ quan chủ quản, khi có trong danh bạ")
    source: DirectorySource
    active: bool
    synced_at: datetime | None
    updated_at: datetime
    reachable: bool = Field(description="Có kết nối để gửi liên thông (và mục còn sử dụng)")
    route: Route | None
    health: Health | None = Field(description="Lần gửi gần nhất tới cơ quan này")


class DirectoryPage(BaseModel):
    items: list[DirectoryEntryOut]
    total: int


class DirectoryEntryIn(BaseModel):
    """A hand-made entry: an agency on the province's own platform or reached by a direct peer."""

    model_config = ConfigDict(str_strip_whitespace=True)

    organ_id: str = Field(pattern=ORGAN_ID_PATTERN, description="Mã định danh, ví dụ 000.00.12.H40")
    name: str = Field(min_length=1, max_length=255)
    parent_organ_id: str = Field(default="", max_length=64, description="Mã định danh cơ quan chủ quản")
    active: bool = True


class DirectoryEntryPatch(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=255)
    parent_organ_id: str | None = Field(default=None, max_length=64)
    active: bool | None = None


class DirectorySyncOut(BaseModel):
    """What one sync from the axis changed."""

    listed: int = Field(description="Số cơ quan trục VXP trả về")
    added: int
    updated: int
    deactivated: int = Field(description="Mục đồng bộ trước đây mà trục không còn liệt kê")
    kept_manual: int = Field(description="Mục nhập tay trùng mã, được giữ nguyên")
    synced_at: datetime


class ConnectionOut(BaseModel):
    """A peer row (kết nối liên thông) with the health of what went over it; the secret is never returned."""

    organ_id: str
    name: str
    transport: TransportKind
    endpoint: str
    account: str
    is_default: bool
    health: Health | None
