"""Who works where, with which role, and who may sign for whom."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.db.base import Base, Timestamped, str_enum


class Role(enum.StrEnum):
    """Vai trò trong một cơ quan."""

    ADMIN = "admin"
    CLERK = "van_thu"  # văn thư
    SPECIALIST = "chuyen_vien"  # chuyên viên
    DEPARTMENT_HEAD = "lanh_dao_phong"  # lãnh đạo phòng
    LEADER = "lanh_dao_don_vi"  # lãnh đạo đơn vị


class DelegationKind(enum.StrEnum):
    """Hình thức ký thay mặt: ký thay (KT.), thừa lệnh (TL.), thừa ủy quyền (TUQ.), quyền (Q.)."""

    DEPUTY = "KT"
    BY_ORDER = "TL"
    BY_AUTHORISATION = "TUQ"
    ACTING = "Q"


class Agency(Base, Timestamped):
    """Cơ quan: its mã định danh (e.g. `000.00.00.G22`) identifies it in inter-agency exchange."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    abbreviation: Mapped[str] = mapped_column(String(32))  # used in symbols: QĐ-UBND
    parent_name: Mapped[str] = mapped_column(String(255), default="")  # cơ quan chủ quản
    place: Mapped[str] = mapped_column(String(128), default="")  # địa danh on the date line
    # The agency's own signature, applied by the văn thư when issuing the number (see eoffice.keys)
    signing_key_ref: Mapped[str] = mapped_column(String(512), default="")
    seal_image_key: Mapped[str] = mapped_column(String(512), default="")  # the red seal PNG

    departments: Mapped[list[Department]] = relationship(back_populates="agency")


class Department(Base, Timestamped):
    """Phòng ban / đơn vị trực thuộc."""

    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("agency_id", "abbreviation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    abbreviation: Mapped[str] = mapped_column(String(32))  # công văn symbols: UBND-VP

    agency: Mapped[Agency] = relationship(back_populates="departments")


class User(Base, Timestamped):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(255))
    password_hash: Mapped[str] = mapped_column(String(255))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    position: Mapped[str] = mapped_column(String(255), default="")  # chức vụ, printed in the signer block
    email: Mapped[str] = mapped_column(String(255), default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Quản trị hệ thống: may create agencies (and their first admin), nothing inside any agency by itself.
    # Given by the operator (`eoffice admin grant-system USER`; `eoffice demo` gives it to `admin`).
    is_system_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Where this user's signing key lives: "pkcs12:<object key>", "pkcs11:<token>/<label>", "external:"
    signing_key_ref: Mapped[str] = mapped_column(String(512), default="")
    signature_image_key: Mapped[str] = mapped_column(String(512), default="")  # object key of the blue PNG

    agency: Mapped[Agency] = relationship()
    department: Mapped[Department | None] = relationship()
    roles: Mapped[list[RoleAssignment]] = relationship(back_populates="user", cascade="all, delete-orphan")

    def has_role(self, role: Role, agency_id: int | None = None) -> bool:
        wanted = self.agency_id if agency_id is None else agency_id
        return any(r.role == role and r.agency_id == wanted for r in self.roles)


class RoleAssignment(Base, Timestamped):
    """A user's role in an agency (one user may hold several)."""

    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "agency_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role))

    user: Mapped[User] = relationship(back_populates="roles")


class Delegation(Base, Timestamped):
    """Ủy quyền: `delegate` signs for `principal` (KT./TL./TUQ./Q.) from `starts_on` to `ends_on` inclusive."""

    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    principal_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[DelegationKind] = mapped_column(str_enum(DelegationKind, 8))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    principal: Mapped[User] = relationship(foreign_keys=[principal_id])
    delegate: Mapped[User] = relationship(foreign_keys=[delegate_id])

    def active_on(self, day: date) -> bool:
        return not self.revoked and self.starts_on <= day <= self.ends_on
