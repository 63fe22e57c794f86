"""Writing audit records inside the caller's transaction, and checking the chain."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import inspect, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from eoffice.audit._canonical import jsonable, record_content, record_hash
from eoffice.audit.models import GENESIS_HASH, AuditChainHead, AuditRecord

HEAD_ID = 1


def _lock_head(session: Session) -> tuple[int, str]:
    """Lock the chain head until the caller's transaction ends and return (last seq, last hash).

    The no-op UPDATE takes PostgreSQL's row lock (a second writer waits, then sees the committed head) and
    SQLite's database write lock (taken before the head is read, so the read cannot be stale).
    """
    touch = (
        update(AuditChainHead).where(AuditChainHead.id == HEAD_ID).values(last_seq=AuditChainHead.last_seq)
    )
    if session.execute(touch).rowcount == 0:  # type: ignore[attr-defined]
        dialect = session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        session.execute(
            insert(AuditChainHead)
            .values(id=HEAD_ID, last_seq=0, last_hash=GENESIS_HASH)
            .on_conflict_do_nothing(index_elements=["id"])
        )
        session.execute(touch)
    row = session.execute(
        select(AuditChainHead.last_seq, AuditChainHead.last_hash).where(AuditChainHead.id == HEAD_ID)
    ).one()
    return int(row.last_seq), str(row.last_hash)


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    entity_type: str,
    entity_id: int | str,
    before: Any = None,
    after: Any = None,
    client_address: str | None = None,
) -> AuditRecord:
    """Append one record to the chain in the caller's transaction (it commits or rolls back with the change).

    `before`/`after` are JSON-able snapshots (dates, enums and decimals are converted); `actor_id` is None
    for actions of the system itself.
    """
    seq, prev_hash = _lock_head(session)
    seq += 1
    content = record_content(
        seq=seq,
        at=datetime.now(UTC),
        actor_id=actor_id,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=jsonable(before),
        after=jsonable(after),
        client_address=client_address,
    )
    digest = record_hash(prev_hash, content)
    entry = AuditRecord(
        seq=seq,
        at=datetime.fromisoformat(content["at"]),
        actor_id=actor_id,
        action=action,
        entity_type=entity_type,
        entity_id=content["entity_id"],
        before=content["before"],
        after=content["after"],
        client_address=client_address,
        prev_hash=prev_hash,
        hash=digest,
    )
    session.add(entry)
    session.flush()
    session.execute(
        update(AuditChainHead).where(AuditChainHead.id == HEAD_ID).values(last_seq=seq, last_hash=digest)
    )
    return entry


def snapshot(instance: Any, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """A model instance's column values, for `before`/`after` (secrets such as hashes go in `exclude`)."""
    skip = set(exclude)
    mapper = inspect(instance).mapper
    return jsonable({c.key: getattr(instance, c.key) for c in mapper.column_attrs if c.key not in skip})


@dataclass(frozen=True)
class AuditVerification:
    """Result of `verify_chain`: `broken_seq`/`reason` name the first record that does not check out."""

    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str | None = None


def _content_of(entry: AuditRecord) -> dict[str, Any]:
    return record_content(
        seq=entry.seq,
        at=entry.at,
        actor_id=entry.actor_id,
        action=entry.action,
        entity_type=entry.entity_type,
        entity_id=entry.entity_id,
        before=entry.before,
        after=entry.after,
        client_address=entry.client_address,
    )


def verify_chain(session: Session, *, batch_size: int = 2000) -> AuditVerification:
    """Walk the whole chain in order, recomputing every hash; stops at the first broken record."""
    prev_hash = GENESIS_HASH
    expected = 1
    rows = session.scalars(
        select(AuditRecord).order_by(AuditRecord.seq).execution_options(yield_per=batch_size)
    )
    for entry in rows:
        if entry.seq != expected:
            return AuditVerification(False, expected - 1, expected, f"Thiếu bản ghi nhật ký số {expected}.")
        if entry.prev_hash != prev_hash:
            return AuditVerification(
                False, expected - 1, entry.seq, "Liên kết với bản ghi trước không khớp (bản ghi bị chèn/xóa)."
            )
        if record_hash(prev_hash, _content_of(entry)) != entry.hash:
            return AuditVerification(False, expected - 1, entry.seq, "Nội dung bản ghi đã bị sửa đổi.")
        prev_hash = entry.hash
        expected += 1
    last_seq = expected - 1
    head = session.execute(
        select(AuditChainHead.last_seq, AuditChainHead.last_hash).where(AuditChainHead.id == HEAD_ID)
    ).one_or_none()
    head_seq, head_hash = (int(head.last_seq), str(head.last_hash)) if head else (0, GENESIS_HASH)
    if head_seq != last_seq or head_hash != prev_hash:
        return AuditVerification(
            False, last_seq, last_seq + 1, "Đầu chuỗi nhật ký không khớp bản ghi cuối (bản ghi cuối bị xóa)."
        )
    return AuditVerification(True, last_seq)
