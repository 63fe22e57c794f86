"""The exact bytes a record's hash covers; changing this breaks every existing chain."""

from __future__ import annotations

import enum
import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot record {type(value).__name__} in the audit trail")


def jsonable(value: Any) -> Any:
    """`value` as plain JSON data, exactly as it will read back from the database's JSON column."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def utc_iso(moment: datetime) -> str:
    """Microsecond UTC ISO form; SQLite hands datetimes back naive, PostgreSQL in the session's zone."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record_hash(prev_hash: str, content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(prev_hash.encode("ascii") + canonical.encode("utf-8")).hexdigest()


def record_content(
    *,
    seq: int,
    at: datetime,
    actor_id: int | None,
    action: str,
    entity_type: str,
    entity_id: str,
    before: Any,
    after: Any,
    client_address: str | None,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "at": utc_iso(at),
        "actor_id": actor_id,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "before": before,
        "after": after,
        "client_address": client_address,
    }
