"""Login rate limiting per username + client address, counted in the database (shared by all replicas)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from eoffice.auth.errors import TooManyLogins
from eoffice.auth.models import LoginFailure

WINDOW = timedelta(minutes=1)
KEEP = timedelta(hours=1)


def attempt_key(username: str, client_address: str | None) -> str:
    """Hashed so the table holds no usernames or addresses in clear."""
    raw = f"{username.strip().lower()}|{client_address or '-'}"
    return hashlib.sha256(raw.encode()).hexdigest()


def check_allowed(session: Session, key: str, per_minute: int) -> None:
    """Raise `TooManyLogins` when `per_minute` failures for `key` happened within the last minute."""
    since = datetime.now(UTC) - WINDOW
    failures = session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.key_hash == key, LoginFailure.at > since)
    )
    if (failures or 0) >= per_minute:
        raise TooManyLogins(detail={"retry_after_seconds": int(WINDOW.total_seconds())})


def note_failure(session: Session, key: str) -> None:
    """Record a failure in its own commit (the caller's request fails) and forget old ones."""
    now = datetime.now(UTC)
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - KEEP))
    session.add(LoginFailure(key_hash=key, at=now))
    session.commit()
