"""A leader's remote-signing account and the signatures waiting for the holder's approval on the phone."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db.base import Base, Timestamped, UTCDateTime, str_enum


class RemoteProvider(enum.StrEnum):
    SMARTCA = "smartca"  # VNPT SmartCA
    TOKEN = "token"  # USB token on the leader's PC, signing through `eoffice sign-agent --serve`


class RemoteSignatureState(enum.StrEnum):
    PENDING = "pending"  # chờ xác nhận trên điện thoại
    SIGNED = "signed"
    REJECTED = "rejected"  # the holder refused in the app
    EXPIRED = "expired"  # the approval window passed
    CANCELLED = "cancelled"  # the signer withdrew it (the token's agent did not answer)


class RemoteSigningAccount(Base, Timestamped):
    """Tài khoản ký số từ xa of one user: who he is at the service and which credential signs. No password:
    the holder types it at each signature, and the service asks his approval on the phone besides."""

    __tablename__ = "remote_signing_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    provider: Mapped[RemoteProvider] = mapped_column(str_enum(RemoteProvider, 16))
    username: Mapped[str] = mapped_column(String(128))  # the SmartCA user id (usually the CCCD number)
    credential_id: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255), default="")  # the certificate's common name
    certificate_expires: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class RemoteSignature(Base, Timestamped):
    """Chữ ký từ xa của một văn bản: the prepared PDF waits here (``pending``, JSON of
    ``signing.smartca.PendingRemoteSignature``) with the short-lived access token of the holder's session,
    both cleared when the transaction ends."""

    __tablename__ = "remote_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    source_file_id: Mapped[int] = mapped_column(ForeignKey("document_files.id"))
    provider: Mapped[RemoteProvider] = mapped_column(str_enum(RemoteProvider, 16))
    transaction_id: Mapped[str] = mapped_column(String(128))
    state: Mapped[RemoteSignatureState] = mapped_column(str_enum(RemoteSignatureState, 16), index=True)
    reason: Mapped[str] = mapped_column(String(512), default="")
    access_token: Mapped[str] = mapped_column(Text, default="")
    pending: Mapped[str] = mapped_column(Text, default="")
    signed_file_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
