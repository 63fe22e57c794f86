"""Issuing, resolving and revoking access tokens.

A token is `eo_` + 32 random bytes (URL-safe); the database keeps its SHA-256 only. The CSRF value of a
browser session is not stored: it is an HMAC of the session token under the secret key, so it can be
recomputed on every request and cannot be guessed without the session cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from eoffice.auth.errors import TokenInvalid
from eoffice.auth.models import ApiToken, TokenKind
from eoffice.orgs.models import User

DEFAULT_LIFETIMES = {TokenKind.SESSION: timedelta(hours=12), TokenKind.BEARER: timedelta(days=30)}


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; everything this application stores is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token_for(session_token: str, secret_key: str) -> str:
    return hmac.new(secret_key.encode(), b"csrf:" + session_token.encode(), hashlib.sha256).hexdigest()


def issue_token(
    session: Session,
    user: User,
    kind: TokenKind | str = TokenKind.BEARER,
    *,
    lifetime: timedelta | None = None,
    name: str = "",
) -> str:
    """Create a token for `user` in the caller's transaction and return its secret (shown only once)."""
    secret, _token = create_token(session, user, kind, lifetime=lifetime, name=name)
    return secret


def create_token(
    session: Session,
    user: User,
    kind: TokenKind | str = TokenKind.BEARER,
    *,
    lifetime: timedelta | None = None,
    name: str = "",
) -> tuple[str, ApiToken]:
    """Like `issue_token`, also returning the stored row (for listing and revoking it later)."""
    kind = TokenKind(kind)
    secret = "eo_" + secrets.token_urlsafe(32)
    expires_at = datetime.now(UTC) + (lifetime or DEFAULT_LIFETIMES[kind])
    token = ApiToken(token_hash=token_hash(secret), user=user, kind=kind, name=name, expires_at=expires_at)
    session.add(token)
    session.flush()
    return secret, token


def resolve_token(session: Session, secret: str, kind: TokenKind | None = None) -> tuple[ApiToken, User]:
    """The live token and its active user; anything else (unknown, expired, revoked, inactive) → 401."""
    token = session.scalars(select(ApiToken).where(ApiToken.token_hash == token_hash(secret))).one_or_none()
    if token is None or token.revoked or (kind is not None and token.kind != kind):
        raise TokenInvalid()
    if as_utc(token.expires_at) <= datetime.now(UTC):
        raise TokenInvalid()
    user = token.user
    if not user.is_active:
        raise TokenInvalid("Tài khoản đã bị khóa.", code="auth.user_inactive")
    return token, user


def revoke_token(session: Session, secret: str) -> bool:
    """Mark the token revoked; False when it did not exist."""
    token = session.scalars(select(ApiToken).where(ApiToken.token_hash == token_hash(secret))).one_or_none()
    if token is None:
        return False
    token.revoked = True
    return True


def revoke_all(session: Session, user_id: int, *, keep: ApiToken | None = None) -> None:
    """Revoke every live token of the user (sessions and bearer tokens), in the caller's transaction; a new
    password ends whatever the old one opened. `keep` spares the token of the request making the change."""
    statement = update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked.is_(False))
    if keep is not None:
        statement = statement.where(ApiToken.id != keep.id)
    session.execute(statement.values(revoked=True).execution_options(synchronize_session="fetch"))
