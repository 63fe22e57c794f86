"""The audit trail: one hash-chained row per state change, and the chain's head."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from eoffice.db.base import Base, UTCDateTime

GENESIS_HASH = "0" * 64


class AuditRecord(Base):
    """Nhật ký: who did what to which object, when, from where, with the state before and after.

    `hash` = SHA-256(prev_hash + canonical JSON of this row's content); `prev_hash` is the previous row's
    hash, so changing, inserting or deleting any row breaks every later link. `mac` = HMAC(audit key, hash), so
    a row changed and the chain recomputed after it still shows to whoever holds the key.
    """

    __tablename__ = "audit_records"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    client_address: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # HMAC of `hash` under the audit key, which the database does not hold (eoffice/audit/_key.py); NULL only
    # on records written before the key existed.
    mac: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditChainHead(Base):
    """The single row (id 1) naming the chain's last record.

    Every writer updates this row as its transaction commits, which locks it until the commit ends on both
    databases: writers are serialised, so two transactions can never chain onto the same previous record. It also lets
    `verify_chain` notice records deleted from the end of the chain.
    """

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
    # HMAC of (last_seq, last_hash) under the audit key: records cut from the end show.
    last_mac: Mapped[str | None] = mapped_column(String(64), nullable=True)
