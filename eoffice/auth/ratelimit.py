"""Login throttling per account and per client address, counted in the database (shared by all replicas).

An attempt takes a place *before* the password is checked, with one conditional UPDATE on the key's row
(`attempts < limit` in its WHERE clause): the database serialises writes to a row, so thirty parallel
wrong passwords get at most `limit` places and the rest are refused without being checked. A successful
login gives its places back, so only failures (and attempts still running) count. The window is one
minute from the first attempt of a key.

The per-account key limits guessing one user's password from anywhere; the per-address key limits
password spraying (a few guesses against many users) from one client.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Update, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eoffice.auth.errors import TooManyLogins
from eoffice.auth.models import LoginThrottle

WINDOW = timedelta(minutes=1)
KEEP = timedelta(hours=1)


@dataclass(frozen=True)
class LoginKeys:
    """The throttle keys of one login attempt, hashed so the table holds no usernames or addresses."""

    account: str
    address: str


def keys_for(username: str, client_address: str | None) -> LoginKeys:
    return LoginKeys(
        account=_hash(f"account|{username.strip().lower()}"),
        address=_hash(f"address|{client_address or '-'}"),
    )


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def take(session: Session, key: str, limit: int, window: timedelta = WINDOW) -> bool:
    """Take one place under `key`, committed at once; False when the window's `limit` places are taken.
    Public for other secrets counted the same way (a signing key's PIN, `eoffice.keys`), under keys of
    their own."""
    now = datetime.now(UTC)
    since = now - window
    while True:
        taken = _rows(
            session,
            update(LoginThrottle)
            .where(
                LoginThrottle.key_hash == key,
                LoginThrottle.window_start > since,
                LoginThrottle.attempts < limit,
            )
            .values(attempts=LoginThrottle.attempts + 1),
        )
        if not taken:  # a window that has run out starts again with this attempt
            taken = _rows(
                session,
                update(LoginThrottle)
                .where(LoginThrottle.key_hash == key, LoginThrottle.window_start <= since)
                .values(attempts=1, window_start=now),
            )
        if taken:
            session.commit()
            return True
        if session.get(LoginThrottle, key, populate_existing=True) is not None:
            full = session.scalar(
                select(LoginThrottle.key_hash).where(
                    LoginThrottle.key_hash == key,
                    LoginThrottle.window_start > since,
                    LoginThrottle.attempts >= limit,
                )
            )
            session.rollback()
            if full is not None:
                return False  # the row exists, in its window, full
            continue  # a parallel attempt created the row after the UPDATEs looked: count against it
        try:
            session.add(LoginThrottle(key_hash=key, window_start=now, attempts=1))
            session.commit()
            return True
        except IntegrityError:  # a parallel attempt created it first: count against that row
            session.rollback()


def _rows(session: Session, statement: Update) -> int:
    """How many rows an UPDATE changed (its WHERE clause decides whether the attempt gets a place)."""
    result = session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0))


def give_back(session: Session, key: str) -> None:
    """Return one place under `key` (in the caller's transaction): a right secret does not count."""
    session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key_hash == key, LoginThrottle.attempts > 0)
        .values(attempts=LoginThrottle.attempts - 1)
        .execution_options(synchronize_session=False)
    )


def begin_attempt(session: Session, keys: LoginKeys, *, per_account: int, per_address: int) -> None:
    """Take this attempt's places (committed), or raise `TooManyLogins` without checking the password."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.window_start < datetime.now(UTC) - KEEP))
    session.commit()
    refused = TooManyLogins(detail={"retry_after_seconds": int(WINDOW.total_seconds())})
    if not take(session, keys.address, per_address):
        raise refused
    if not take(session, keys.account, per_account):
        # Knocking on a locked account checked no password: it does not use up the address's places.
        give_back(session, keys.address)
        session.commit()
        raise refused


def succeeded(session: Session, keys: LoginKeys) -> None:
    """A right password gives its places back (in the caller's transaction): only failures count."""
    give_back(session, keys.account)
    give_back(session, keys.address)
