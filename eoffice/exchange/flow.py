"""The exchange flow, as the rest of eOffice calls it.

Sending: `schedule_external_deliveries` (the worker runs it for a release's `send_outside` effect);
`attempt_delivery` sends, `claim_due` finds what to retry. Receiving: `receive` (direct inbox) and `poll_hubs` (hub queues); the văn thư's
`accept` / `refuse`; a recall (thu hồi) sent with `schedule_recall_packages` (the `send_recall` effect) and
answered with `agree_recall` (15) / `refuse_recall` (16); `report_incoming_status` for 04/05/06 (the `tell_sender` effect). Peers: `set_peer`,
`remove_peer`; the văn thư's "Gửi liên thông" (`send_document`) also resends what failed for want of one.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eoffice.audit import record, snapshot
from eoffice.backends import Backends
from eoffice.documents.service import Actor
from eoffice.errors import InvalidInput
from eoffice.exchange._addresses import PeerPolicy, check_endpoint
from eoffice.exchange._incoming import (
    Arrival,
    accept,
    agree_recall,
    prefill_for_accept,
    receive,
    received_for,
    refuse,
    refuse_recall,
    replaced_here,
    report_incoming_status,
    send_status,
)
from eoffice.exchange._outgoing import (
    attempt_delivery,
    backoff,
    claim_due,
    document_package,
    forgotten_releases,
    resend_failed,
    route,
    schedule_external_deliveries,
    schedule_recall_packages,
)
from eoffice.exchange.errors import EdxmlError, ExchangeError, PeerNotFound
from eoffice.exchange.models import ExchangePeer, TransportKind
from eoffice.exchange.settings import ExchangeSettings, get_exchange_settings
from eoffice.exchange.transport import VXP_MESSAGE_TYPES, HubTransport, InboundMessage, VxpTransport
from eoffice.orgs.models import Agency

log = logging.getLogger(__name__)

__all__ = [
    "Arrival",
    "accept",
    "agree_recall",
    "attempt_delivery",
    "backoff",
    "claim_due",
    "document_package",
    "forgotten_releases",
    "poll_hubs",
    "poll_vxp",
    "prefill_for_accept",
    "receive",
    "received_for",
    "refuse",
    "refuse_recall",
    "remove_peer",
    "replaced_here",
    "report_incoming_status",
    "route",
    "schedule_external_deliveries",
    "schedule_recall_packages",
    "send_document",
    "send_status",
    "set_peer",
]


def remove_peer(session: Session, actor: Actor | None, agency_id: int, organ_id: str) -> None:
    """Bỏ kết nối: `agency_id` no longer reaches `organ_id` this way. Release then refuses a recipient no other
    connection reaches, and a package already queued to it fails at its next attempt instead of waiting."""
    peer = session.scalar(
        select(ExchangePeer).where(ExchangePeer.agency_id == agency_id, ExchangePeer.organ_id == organ_id)
    )
    if peer is None:
        raise PeerNotFound()
    before, peer_id = snapshot(peer, exclude=("secret",)), peer.id
    session.delete(peer)
    session.flush()
    record(
        session,
        actor_id=actor.id if actor else None,
        action="exchange.peer_removed",
        entity_type=ExchangePeer.__tablename__,
        entity_id=peer_id,
        before=before,
        after=None,
        client_address=actor.client_address if actor else None,
    )


def send_document(
    session: Session, backends: Backends, xsettings: ExchangeSettings, document_id: int
) -> None:
    """Gửi liên thông, by the văn thư: queue every outside recipient not queued yet, and resend the packages
    that failed for good to a recipient a connection reaches again. Safe to call again. The caller commits."""
    schedule_external_deliveries(session, backends, xsettings, document_id)
    resend_failed(session, xsettings, document_id)


def set_peer(
    session: Session,
    actor: Actor | None,
    agency_id: int,
    organ_id: str,
    *,
    transport: TransportKind,
    endpoint: str,
    secret: str,
    name: str = "",
    account: str = "",
    policy: PeerPolicy | None = None,
) -> ExchangePeer:
    """Create or change how `agency_id` reaches `organ_id` (`*`: everyone not configured otherwise).

    The endpoint must be where `policy` (default: `EOFFICE_EXCHANGE_PEER_*`) allows a connection to go —
    `PeerAddressRefused` otherwise; every connection checks it again.
    """
    check_endpoint(endpoint, policy or get_exchange_settings().peer_policy)
    if transport == TransportKind.VXP and not account.strip():
        raise InvalidInput(
            "Kết nối trục VXP cần mã hệ thống (systemid) của cơ quan.", code="exchange.account_missing"
        )
    peer = session.scalar(
        select(ExchangePeer).where(ExchangePeer.agency_id == agency_id, ExchangePeer.organ_id == organ_id)
    )
    before = snapshot(peer, exclude=("secret",)) if peer else None
    if peer is None:
        peer = ExchangePeer(agency_id=agency_id, organ_id=organ_id)
        session.add(peer)
    peer.name, peer.transport, peer.endpoint, peer.secret = name, transport, endpoint.rstrip("/"), secret
    peer.account = account.strip()
    session.flush()
    record(
        session,
        actor_id=actor.id if actor else None,
        action="exchange.peer_set",
        entity_type=ExchangePeer.__tablename__,
        entity_id=peer.id,
        before=before,
        after=snapshot(peer, exclude=("secret",)),
        client_address=actor.client_address if actor else None,
    )
    return peer


def take_in(
    backends: Backends,
    xsettings: ExchangeSettings,
    agency_id: int,
    *,
    sender: str,
    idempotency_key: str,
    body: bytes,
    transport: str,
) -> dict[str, object]:
    """`receive` in its own transaction, absorbing a concurrent copy of the same package."""
    for attempt in range(2):
        with backends.sessions() as session:
            agency = session.get(Agency, agency_id)
            assert agency is not None
            try:
                arrival = receive(
                    session,
                    backends,
                    xsettings,
                    agency,
                    sender=sender,
                    idempotency_key=idempotency_key,
                    body=body,
                    transport=transport,
                )
                answer = arrival.answer()
                session.commit()
                return answer
            except IntegrityError:
                session.rollback()
                if attempt:
                    raise
    raise AssertionError("unreachable")


def poll_hubs(backends: Backends, xsettings: ExchangeSettings, limit: int = 20) -> int:
    """Read every hub queue of every agency here; store what arrived, then acknowledge it. Returns how many."""
    with backends.sessions() as session:
        hubs = {
            (peer.agency_id, peer.endpoint, peer.secret): session.get(Agency, peer.agency_id)
            for peer in session.scalars(
                select(ExchangePeer).where(ExchangePeer.transport == TransportKind.HUB)
            )
        }
        accounts = [
            (agency_id, endpoint, secret, agency.code)
            for (agency_id, endpoint, secret), agency in hubs.items()
            if agency
        ]
    taken = 0
    for agency_id, endpoint, secret, code in accounts:
        hub = HubTransport(
            endpoint, secret, code, policy=xsettings.peer_policy, timeout=xsettings.request_timeout_seconds
        )
        try:
            messages = hub.fetch(limit)
        except ExchangeError as exc:
            log.warning("exchange: cannot read hub %s for %s: %s", endpoint, code, exc.message)
            continue
        for message in messages:
            # A package refused here is unusable; keeping it queued would block nothing but help no one.
            _take_message(backends, xsettings, agency_id, message, TransportKind.HUB, "hub message")
            hub.ack(message.handle)
            taken += 1
    return taken


def _take_message(
    backends: Backends,
    xsettings: ExchangeSettings,
    agency_id: int,
    message: InboundMessage,
    transport: TransportKind,
    what: str,
) -> bool:
    """Store one package fetched from a hub or the axis (`take_in`); False, logged, when eOffice refused it
    (`EdxmlError`, `ExchangeError`), so the caller acknowledges it either way and the queue moves on."""
    try:
        take_in(
            backends,
            xsettings,
            agency_id,
            sender=message.sender,
            idempotency_key=message.idempotency_key,
            body=message.body,
            transport=transport.value,
        )
    except (EdxmlError, ExchangeError) as exc:
        log.warning("exchange: refused %s %s from %s: %s", what, message.handle, message.sender, exc.message)
        return False
    return True


def poll_vxp(backends: Backends, xsettings: ExchangeSettings, limit: int = 50) -> int:
    """Read what waits at the VXP axis for every agency here (documents, then statuses); store each, then
    tell the axis (`done`, or `fail` for a package eOffice refused). Returns how many were taken."""
    with backends.sessions() as session:
        accounts = {
            (peer.agency_id, peer.endpoint, peer.account, peer.secret)
            for peer in session.scalars(
                select(ExchangePeer).where(ExchangePeer.transport == TransportKind.VXP)
            )
        }
        codes = {agency.id: agency.code for agency in session.scalars(select(Agency))}
    taken = 0
    for agency_id, endpoint, systemid, secret in sorted(accounts):
        axis = VxpTransport(
            endpoint,
            systemid,
            secret,
            codes[agency_id],
            policy=xsettings.peer_policy,
            timeout=xsettings.request_timeout_seconds,
        )
        for messagetype in VXP_MESSAGE_TYPES:
            try:
                messages = axis.fetch(messagetype, limit)
            except ExchangeError as exc:
                log.warning("exchange: cannot read VXP %s for %s: %s", endpoint, systemid, exc.message)
                break
            for message in messages:
                ok = _take_message(backends, xsettings, agency_id, message, TransportKind.VXP, "VXP package")
                try:
                    axis.ack(message.handle, ok=ok)
                except ExchangeError as exc:  # stored already: a second copy is absorbed by its key
                    log.warning("exchange: VXP updateStatus %s failed: %s", message.handle, exc.message)
                taken += 1
    return taken
