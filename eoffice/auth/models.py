"""Access tokens: browser sessions (cookie) and bearer tokens for integrations, stored only as hashes."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.db.base import Base, Timestamped, UTCDateTime, str_enum
from eoffice.orgs.models import User


class TokenKind(enum.StrEnum):
    SESSION = "session"  # httpOnly cookie of a browser login; writes need the CSRF header
    BEARER = "bearer"  # `Authorization: Bearer` for integrations and scripts


class ApiToken(Base, Timestamped):
    """One issued token. Only the SHA-256 of the secret is kept: a database dump grants no access."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[TokenKind] = mapped_column(str_enum(TokenKind, 16))
    name: Mapped[str] = mapped_column(String(128), default="")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship()


class LoginThrottle(Base):
    """Login attempts in the current one-minute window for one account or one client address.

    One row per key, counted with conditional updates (`eoffice.auth.ratelimit`), so parallel attempts
    cannot slip past the limit; kept in the database (not process memory) so every API replica sees the
    same count. The key is a hash: the table holds no usernames or addresses in clear.
    """

    __tablename__ = "login_throttles"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
