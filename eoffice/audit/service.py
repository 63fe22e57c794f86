"""Writing audit records inside the caller's transaction, and checking the chain."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, SessionTransaction

from eoffice.audit._canonical import jsonable, record_content, record_hash
from eoffice.audit._key import AuditKey, key_source
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


_PENDING_KEY = "eoffice_audit_pending"


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

    The record is chained — numbered, hashed and written behind the head — only when the transaction commits
    (`_chain_on_commit`): the head is the one lock every writer shares, and taking it here would hold it
    across whatever the caller does next (storing files, signing), which queued 100 users behind one another.
    `before`/`after` are JSON-able snapshots (dates, enums and decimals are converted); `actor_id` is None
    for actions of the system itself. The returned record gets its `seq` and `hash` at commit.
    """
    entry = AuditRecord(
        actor_id=actor_id,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=jsonable(before),
        after=jsonable(after),
        client_address=client_address,
    )
    session.info.setdefault(_PENDING_KEY, []).append(entry)
    return entry


def audit_key(session: Session, *, create: bool = True) -> AuditKey | None:
    """The key of the installation this session's database belongs to. Made on first need (`create`), and
    then records the chain's current last seq as the end of the keyless records: call it under the head lock
    or where nothing else writes."""

    def current_seq() -> int:
        return int(session.scalar(select(AuditChainHead.last_seq).where(AuditChainHead.id == HEAD_ID)) or 0)

    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    return key_source(url).get(current_seq if create else None)


def _chain(session: Session, entries: list[AuditRecord]) -> None:
    """Number, hash and MAC `entries` after the current head, in order, under the head's lock."""
    seq, prev_hash = _lock_head(session)
    key = audit_key(session)
    assert key is not None  # made on first need
    at = datetime.now(UTC)
    for entry in entries:
        seq += 1
        content = record_content(
            seq=seq,
            at=at,
            actor_id=entry.actor_id,
            action=entry.action,
            entity_type=entry.entity_type,
            entity_id=entry.entity_id,
            before=entry.before,
            after=entry.after,
            client_address=entry.client_address,
        )
        entry.seq, entry.at, entry.prev_hash = seq, datetime.fromisoformat(content["at"]), prev_hash
        entry.hash = prev_hash = record_hash(prev_hash, content)
        entry.mac = key.record_mac(entry.hash)
        session.add(entry)
    session.flush()
    session.execute(
        update(AuditChainHead)
        .where(AuditChainHead.id == HEAD_ID)
        .values(last_seq=seq, last_hash=prev_hash, last_mac=key.head_mac(seq, prev_hash))
    )


@event.listens_for(Session, "before_commit")
def _chain_on_commit(session: Session) -> None:
    """The head is locked from here to the end of the commit — milliseconds — whatever the transaction did."""
    session.flush()  # the change's own rows first, so their locks are taken before the shared head's
    entries: list[AuditRecord] = session.info.pop(_PENDING_KEY, [])
    if entries:
        _chain(session, entries)


@event.listens_for(Session, "after_transaction_end")
def _forget_when_done(session: Session, transaction: SessionTransaction) -> None:
    """A rolled-back transaction's records go with it (after a commit the list is already empty)."""
    if transaction.parent is None:
        session.info.pop(_PENDING_KEY, None)


def snapshot(instance: Any, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """A model instance's column values, for `before`/`after` (secrets such as hashes go in `exclude`)."""
    skip = set(exclude)
    mapper = inspect(instance).mapper
    return jsonable({c.key: getattr(instance, c.key) for c in mapper.column_attrs if c.key not in skip})


@dataclass(frozen=True)
class AuditVerification:
    """Result of `verify_chain`: `broken_seq`/`reason` name the first record that does not check out.

    Records 1..`legacy` were written before the audit key existed and verify under the old, keyless rule only
    (anyone who can write to the database could have recomputed them); records `legacy + 1`..`checked` are
    covered by the key. `key_source` says where the key came from ("file" or "setting").
    """

    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str | None = None
    legacy: int = 0
    key_source: str | None = None

    @property
    def keyed(self) -> int:
        return self.checked - self.legacy

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "broken_seq": self.broken_seq,
            "reason": self.reason,
            "legacy": {"from": 1, "to": self.legacy} if self.legacy else None,
            "keyed": {"from": self.legacy + 1, "to": self.checked} if self.keyed else None,
            "key_source": self.key_source,
        }


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


_FORGED = (
    "Mã xác thực (HMAC) của bản ghi không khớp khóa nhật ký: bản ghi đã bị sửa và chuỗi bị tính lại "
    "(hoặc khóa nhật ký không phải của hệ thống này)."
)


def _unkeyed_reason(key: AuditKey, seq: int, keyed_seen: bool) -> str | None:
    """Why a record without a MAC cannot be a record written before the key, or None if it can."""
    if keyed_seen:
        return "Bản ghi không có mã xác thực (HMAC) nằm sau bản ghi đã có: bản ghi bị giả mạo."
    if key.legacy_until is not None and seq > key.legacy_until:
        return (
            f"Bản ghi không có mã xác thực (HMAC) dù được ghi sau khi có khóa nhật ký (các bản ghi đến số "
            f"{key.legacy_until} mới được phép không có): bản ghi bị giả mạo."
        )
    return None


def verify_chain(
    session: Session, *, batch_size: int = 2000, key: AuditKey | None = None
) -> AuditVerification:
    """Walk the whole chain in order, recomputing every hash and checking every MAC with the audit key;
    stops at the first broken record."""
    key = key or audit_key(session)
    assert key is not None
    prev_hash = GENESIS_HASH
    expected = 1
    legacy = 0
    keyed_seen = False

    def broken(seq: int, reason: str) -> AuditVerification:
        return AuditVerification(False, expected - 1, seq, reason, legacy, key.source)

    rows = session.scalars(
        select(AuditRecord).order_by(AuditRecord.seq).execution_options(yield_per=batch_size)
    )
    for entry in rows:
        if entry.seq != expected:
            return broken(expected, f"Thiếu bản ghi nhật ký số {expected}.")
        if entry.prev_hash != prev_hash:
            return broken(entry.seq, "Liên kết với bản ghi trước không khớp (bản ghi bị chèn/xóa).")
        if record_hash(prev_hash, _content_of(entry)) != entry.hash:
            return broken(entry.seq, "Nội dung bản ghi đã bị sửa đổi.")
        if entry.mac is None:
            reason = _unkeyed_reason(key, entry.seq, keyed_seen)
            if reason is not None:
                return broken(entry.seq, reason)
            legacy += 1
        elif not hmac.compare_digest(entry.mac, key.record_mac(entry.hash)):
            return broken(entry.seq, _FORGED)
        else:
            keyed_seen = True
        prev_hash = entry.hash
        expected += 1
    last_seq = expected - 1
    head = session.execute(
        select(AuditChainHead.last_seq, AuditChainHead.last_hash, AuditChainHead.last_mac).where(
            AuditChainHead.id == HEAD_ID
        )
    ).one_or_none()
    head_seq, head_hash, head_mac = (
        (int(head.last_seq), str(head.last_hash), head.last_mac) if head else (0, GENESIS_HASH, None)
    )
    if head_seq != last_seq or head_hash != prev_hash:
        return broken(last_seq + 1, "Đầu chuỗi nhật ký không khớp bản ghi cuối (bản ghi cuối bị xóa).")
    if head_mac is None and keyed_seen:
        return broken(
            last_seq + 1, "Đầu chuỗi nhật ký mất mã xác thực (HMAC): bản ghi cuối có thể đã bị cắt bỏ."
        )
    if head_mac is not None and not hmac.compare_digest(head_mac, key.head_mac(head_seq, head_hash)):
        return broken(
            last_seq + 1,
            "Mã xác thực của đầu chuỗi nhật ký không khớp: các bản ghi cuối đã bị cắt bỏ hoặc chuỗi bị tính lại.",
        )
    return AuditVerification(True, last_seq, legacy=legacy, key_source=key.source)
