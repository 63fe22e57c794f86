"""Danh bạ cơ quan liên thông: the outside agencies an agency may send to, with how each is reached.

Synced from the VXP axis' agency list (`getAgenciesList`) daily by the beat job and on the admin's "Đồng bộ";
an entry the axis listed is refreshed by the next sync (and set aside when the axis stops listing it), while an
entry the admin made by hand — an agency on the province's own platform, a direct peer — is never touched by a
sync. Reachability is not stored: an entry is reachable when it is in use and a peer row exists for its
mã định danh or the default route `*` does, exactly as `route` picks a delivery's connection.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from eoffice.audit import record, snapshot
from eoffice.backends import Backends
from eoffice.db.locking import for_update, lock_row
from eoffice.errors import Conflict, InvalidInput, NotFound
from eoffice.exchange.directory.schemas import (
    ConnectionOut,
    DirectoryEntryIn,
    DirectoryEntryOut,
    DirectoryEntryPatch,
    DirectoryPage,
    DirectorySyncOut,
    Health,
    Route,
)
from eoffice.exchange.errors import ExchangeError, TransportFailed
from eoffice.exchange.models import (
    DEFAULT_ROUTE,
    DirectoryEntry,
    DirectorySource,
    ExchangePeer,
    OutboundPackage,
    OutboundState,
    TransportKind,
)
from eoffice.exchange.settings import ExchangeSettings
from eoffice.exchange.transport import VxpTransport
from eoffice.orgs.models import Agency
from search.text import fold, nfc

log = logging.getLogger(__name__)

_SPACES = re.compile(r"\s+")
_ORGAN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
SYNC_ACTION = "exchange.directory_sync"


class DirectoryEntryNotFound(NotFound):
    code = "exchange.directory_not_found"
    message = "Không tìm thấy cơ quan trong danh bạ liên thông."


class DirectoryEntryExists(Conflict):
    code = "exchange.directory_exists"
    message = "Mã định danh này đã có trong danh bạ liên thông."


class DirectoryEntrySynced(Conflict):
    code = "exchange.directory_synced"
    message = (
        "Cơ quan này được đồng bộ từ trục liên thông quốc gia (VXP): thông tin được cập nhật ở lần đồng bộ sau, "
        "không sửa tay được."
    )


class NoAxisConnection(ExchangeError, InvalidInput):
    code = "exchange.no_vxp_connection"
    message = "Cơ quan chưa khai báo kết nối trục liên thông quốc gia (VXP) nên chưa đồng bộ được danh bạ."


class SyncFailed(ExchangeError):
    status_code = 502
    code = "exchange.directory_sync_failed"


@dataclass(frozen=True)
class _Seen:
    """What went out to one recipient: the newest package, and how many wait or failed."""

    last: OutboundPackage
    pending: int
    failed: int


def _clean(text: str) -> str:
    return _SPACES.sub(" ", nfc(text)).strip()


def _search_text(entry: DirectoryEntry) -> str:
    return " ".join(fold(part) for part in (entry.name, entry.organ_id, entry.parent_organ_id) if part)[:640]


def _peers(session: Session, agency_id: int) -> dict[str, ExchangePeer]:
    return {
        peer.organ_id: peer
        for peer in session.scalars(select(ExchangePeer).where(ExchangePeer.agency_id == agency_id))
    }


def _route(peers: dict[str, ExchangePeer], organ_id: str) -> ExchangePeer | None:
    return peers.get(organ_id) or peers.get(DEFAULT_ROUTE)


def _seen(session: Session, agency_id: int, organ_ids: Collection[str] | None) -> dict[str, _Seen]:
    """Per recipient mã định danh (all of them when `organ_ids` is None): newest package, waiting, failed."""
    where: list[ColumnElement[bool]] = [OutboundPackage.agency_id == agency_id]
    if organ_ids is not None:
        if not organ_ids:
            return {}
        where.append(OutboundPackage.organ_id.in_(list(organ_ids)))
    counts: dict[str, dict[OutboundState, int]] = defaultdict(dict)
    for organ_id, state, count in session.execute(
        select(OutboundPackage.organ_id, OutboundPackage.state, func.count())
        .where(*where)
        .group_by(OutboundPackage.organ_id, OutboundPackage.state)
    ):
        counts[organ_id][state] = count
    latest_ids = select(func.max(OutboundPackage.id)).where(*where)
    latest = {
        row.organ_id: row
        for row in session.scalars(
            select(OutboundPackage).where(
                OutboundPackage.id.in_(latest_ids.group_by(OutboundPackage.organ_id).scalar_subquery())
            )
        )
    }
    return {
        organ_id: _Seen(
            latest[organ_id], by_state.get(OutboundState.PENDING, 0), by_state.get(OutboundState.FAILED, 0)
        )
        for organ_id, by_state in counts.items()
        if organ_id in latest
    }


def _health(seen: Iterable[_Seen]) -> Health | None:
    """The newest package's outcome among `seen`, with the counts of all of them; None if nothing went."""
    seen = list(seen)
    if not seen:
        return None
    last = max((s.last for s in seen), key=lambda row: row.id)
    return Health(
        state=last.state,
        attempts=last.attempts,
        last_error=last.last_error,
        queued_at=last.created_at,
        delivered_at=last.delivered_at,
        pending=sum(s.pending for s in seen),
        failed=sum(s.failed for s in seen),
    )


def _views(session: Session, agency_id: int, entries: list[DirectoryEntry]) -> list[DirectoryEntryOut]:
    peers = _peers(session, agency_id)
    seen = _seen(session, agency_id, {e.organ_id for e in entries})
    parents = {
        e.organ_id: e.name
        for e in session.scalars(
            select(DirectoryEntry).where(
                DirectoryEntry.agency_id == agency_id,
                DirectoryEntry.organ_id.in_({e.parent_organ_id for e in entries if e.parent_organ_id}),
            )
        )
    }
    views = []
    for entry in entries:
        peer = _route(peers, entry.organ_id)
        views.append(
            DirectoryEntryOut(
                id=entry.id,
                organ_id=entry.organ_id,
                name=entry.name,
                parent_organ_id=entry.parent_organ_id,
                parent_name=parents.get(entry.parent_organ_id, ""),
                source=entry.source,
                active=entry.active,
                synced_at=entry.synced_at,
                updated_at=entry.updated_at,
                reachable=entry.active and peer is not None,
                route=Route(
                    organ_id=peer.organ_id,
                    transport=peer.transport,
                    endpoint=peer.endpoint,
                    is_default=peer.organ_id == DEFAULT_ROUTE,
                )
                if peer
                else None,
                health=_health([seen[entry.organ_id]]) if entry.organ_id in seen else None,
            )
        )
    return views


def search(
    session: Session,
    agency_id: int,
    query: str = "",
    *,
    include_inactive: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> DirectoryPage:
    """Entries whose name, mã định danh or parent's code contain every word of `query`, with or without
    diacritics ("so noi vu" finds "Sở Nội vụ"); in use only unless `include_inactive`; by name."""
    where: list[ColumnElement[bool]] = [DirectoryEntry.agency_id == agency_id]
    if not include_inactive:
        where.append(DirectoryEntry.active.is_(True))
    for word in fold(query).split():
        where.append(DirectoryEntry.search_text.contains(word, autoescape=True))
    total = session.scalar(select(func.count()).select_from(DirectoryEntry).where(*where)) or 0
    entries = list(
        session.scalars(
            select(DirectoryEntry)
            .where(*where)
            .order_by(DirectoryEntry.search_text, DirectoryEntry.organ_id)
            .limit(limit)
            .offset(offset)
        )
    )
    return DirectoryPage(items=_views(session, agency_id, entries), total=int(total))


def _audit(
    session: Session, actor_id: int | None, address: str | None, entry: DirectoryEntry, before: object
) -> None:
    record(
        session,
        actor_id=actor_id,
        action="exchange.directory_set",
        entity_type=DirectoryEntry.__tablename__,
        entity_id=entry.id,
        before=before,
        after=snapshot(entry, exclude=("search_text",)),
        client_address=address,
    )


def _lock_directory(session: Session, agency_id: int) -> None:
    """One writer of an agency's directory at a time (a sync and an admin's edit cannot interleave)."""
    lock_row(session, Agency, agency_id)
    session.scalar(for_update(select(Agency.id).where(Agency.id == agency_id)))


def create_entry(
    session: Session, actor_id: int, address: str | None, agency_id: int, data: DirectoryEntryIn
) -> DirectoryEntryOut:
    """The admin adds an agency by hand; a sync never changes it."""
    _lock_directory(session, agency_id)
    exists = session.scalar(
        select(DirectoryEntry.id).where(
            DirectoryEntry.agency_id == agency_id, DirectoryEntry.organ_id == data.organ_id
        )
    )
    if exists is not None:
        raise DirectoryEntryExists(detail={"organ_id": data.organ_id, "id": exists})
    entry = DirectoryEntry(
        agency_id=agency_id,
        organ_id=data.organ_id,
        name=_clean(data.name),
        parent_organ_id=data.parent_organ_id,
        source=DirectorySource.MANUAL,
        active=data.active,
        updated_at=datetime.now(UTC),
    )
    entry.search_text = _search_text(entry)
    session.add(entry)
    session.flush()
    _audit(session, actor_id, address, entry, None)
    [view] = _views(session, agency_id, [entry])
    return view


def update_entry(
    session: Session,
    actor_id: int,
    address: str | None,
    agency_id: int,
    entry_id: int,
    data: DirectoryEntryPatch,
) -> DirectoryEntryOut:
    """Change a hand-made entry (name, parent, in use or not); an entry from the axis belongs to the axis."""
    _lock_directory(session, agency_id)
    entry = session.scalar(
        for_update(
            select(DirectoryEntry).where(DirectoryEntry.id == entry_id, DirectoryEntry.agency_id == agency_id)
        )
    )
    if entry is None:
        raise DirectoryEntryNotFound()
    if entry.source != DirectorySource.MANUAL:
        raise DirectoryEntrySynced(detail={"organ_id": entry.organ_id})
    before = snapshot(entry, exclude=("search_text",))
    if data.name is not None:
        entry.name = _clean(data.name)
    if data.parent_organ_id is not None:
        entry.parent_organ_id = data.parent_organ_id
    if data.active is not None:
        entry.active = data.active
    entry.search_text = _search_text(entry)
    entry.updated_at = datetime.now(UTC)
    session.flush()
    _audit(session, actor_id, address, entry, before)
    [view] = _views(session, agency_id, [entry])
    return view


def _axis_of(session: Session, agency_id: int, xsettings: ExchangeSettings) -> VxpTransport:
    """The agency's connection to the axis: its VXP peer row (the default route's first, if it is one)."""
    peers = sorted(
        session.scalars(
            select(ExchangePeer).where(
                ExchangePeer.agency_id == agency_id, ExchangePeer.transport == TransportKind.VXP
            )
        ),
        key=lambda p: (p.organ_id != DEFAULT_ROUTE, p.organ_id),
    )
    agency = session.get(Agency, agency_id)
    if not peers or agency is None:
        raise NoAxisConnection()
    peer = peers[0]
    return VxpTransport(
        peer.endpoint,
        peer.account,
        peer.secret,
        agency.code,
        policy=xsettings.peer_policy,
        timeout=xsettings.request_timeout_seconds,
    )


def _listed(agencies: list[dict[str, object]], own: str) -> dict[str, tuple[str, str]]:
    """The axis' list as {mã định danh: (name, parent)}, without this agency itself and malformed rows."""
    listed: dict[str, tuple[str, str]] = {}
    for item in agencies:
        code = _clean(str(item.get("code") or ""))
        name = _clean(str(item.get("name") or ""))[:255]
        parent = _clean(str(item.get("pcode") or ""))
        if not _ORGAN_ID.fullmatch(code) or not name or code == own:
            continue
        listed[code] = (name, parent if _ORGAN_ID.fullmatch(parent) else "")
    return listed


def sync(
    session: Session,
    actor_id: int | None,
    address: str | None,
    agency_id: int,
    xsettings: ExchangeSettings,
) -> DirectorySyncOut:
    """Đồng bộ danh bạ: read the axis' agency list, then add and refresh the entries it lists, set aside the
    synced entries it no longer lists, and leave hand-made entries as they are. The caller commits."""
    axis = _axis_of(session, agency_id, xsettings)
    try:
        agencies = axis.agencies()
    except TransportFailed as exc:
        raise SyncFailed(f"Không đồng bộ được danh bạ từ trục liên thông: {exc.message}") from exc
    listed = _listed(agencies, axis.organ_id)
    now = datetime.now(UTC)
    _lock_directory(session, agency_id)
    entries = {
        e.organ_id: e
        for e in session.scalars(
            for_update(select(DirectoryEntry).where(DirectoryEntry.agency_id == agency_id))
        )
    }
    added = updated = deactivated = kept = 0
    for organ_id, (name, parent) in listed.items():
        entry = entries.get(organ_id)
        if entry is not None and entry.source == DirectorySource.MANUAL:
            kept += 1
            continue
        if entry is None:
            entry = DirectoryEntry(
                agency_id=agency_id, organ_id=organ_id, source=DirectorySource.VXP, updated_at=now
            )
            session.add(entry)
            added += 1
        elif (entry.name, entry.parent_organ_id, entry.active) != (name, parent, True):
            entry.updated_at = now
            updated += 1
        entry.name, entry.parent_organ_id, entry.active = name, parent, True
        entry.search_text = _search_text(entry)
        entry.synced_at = now
    for organ_id, entry in entries.items():
        if entry.source == DirectorySource.VXP and organ_id not in listed and entry.active:
            entry.active, entry.updated_at = False, now
            deactivated += 1
    session.flush()
    outcome = DirectorySyncOut(
        listed=len(listed),
        added=added,
        updated=updated,
        deactivated=deactivated,
        kept_manual=kept,
        synced_at=now,
    )
    record(
        session,
        actor_id=actor_id,
        action=SYNC_ACTION,
        entity_type=Agency.__tablename__,
        entity_id=agency_id,
        after=outcome.model_dump(mode="json"),
        client_address=address,
    )
    return outcome


def sync_all(backends: Backends, xsettings: ExchangeSettings) -> int:
    """The daily beat job: sync the directory of every agency here that has a VXP connection. Returns how
    many agencies were synced; one agency's failure is logged and does not stop the others."""
    with backends.sessions() as session:
        agency_ids = sorted(
            set(
                session.scalars(
                    select(ExchangePeer.agency_id).where(ExchangePeer.transport == TransportKind.VXP)
                )
            )
        )
    synced = 0
    for agency_id in agency_ids:
        with backends.sessions() as session:
            try:
                sync(session, None, None, agency_id, xsettings)
            except ExchangeError as exc:
                session.rollback()
                log.warning("exchange: directory sync of agency %s failed: %s", agency_id, exc.message)
                continue
            session.commit()
            synced += 1
    return synced


def connections(session: Session, agency_id: int) -> list[ConnectionOut]:
    """Every peer row of the agency with the health of the deliveries it carried: its own recipient's for
    a named peer, every recipient without a peer of its own for the default route `*`."""
    peers = _peers(session, agency_id)
    seen = _seen(session, agency_id, None)
    carried: dict[str, list[_Seen]] = defaultdict(list)
    for organ_id, outcome in seen.items():
        peer = _route(peers, organ_id)
        if peer is not None:
            carried[peer.organ_id].append(outcome)
    return [
        ConnectionOut(
            organ_id=peer.organ_id,
            name=peer.name,
            transport=peer.transport,
            endpoint=peer.endpoint,
            account=peer.account,
            is_default=peer.organ_id == DEFAULT_ROUTE,
            health=_health(carried.get(peer.organ_id, [])),
        )
        for peer in sorted(peers.values(), key=lambda p: (p.organ_id != DEFAULT_ROUTE, p.organ_id))
    ]


def unreachable(
    session: Session, agency_id: int, organ_ids: Collection[str], names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Of `organ_ids`, the recipients a release cannot send to, with why (Vietnamese): a directory entry set
    aside, or any mã định danh — listed or not — that no connection reaches (no peer row of its own and no
    default route). Its package could only wait and fail, so release refuses it up front. `names` are the
    names the caller was given, used for a code the directory does not list."""
    if not organ_ids:
        return {}
    entries = {
        entry.organ_id: entry
        for entry in session.scalars(
            select(DirectoryEntry).where(
                and_(DirectoryEntry.agency_id == agency_id, DirectoryEntry.organ_id.in_(list(organ_ids)))
            )
        )
    }
    peers = _peers(session, agency_id)
    refused = {}
    for organ_id in organ_ids:
        entry = entries.get(organ_id)
        name = entry.name if entry is not None else (names or {}).get(organ_id, "").strip()
        label = f"{name} ({organ_id})" if name else f"cơ quan có mã định danh {organ_id}"
        if entry is not None and not entry.active:
            refused[organ_id] = f"{label} đã ngừng sử dụng trong danh bạ liên thông"
        elif _route(peers, organ_id) is None:
            refused[organ_id] = f"chưa có kết nối liên thông tới {label}"
    return refused
