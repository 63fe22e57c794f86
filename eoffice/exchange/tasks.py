"""Celery tasks of the exchange: deliver one package, re-send what is due, read hub queues.

Importing this module registers the tasks; the Celery app takes their beat entries (intervals from
`ExchangeSettings`) from `beat_schedule` when it is configured, and the worker imports this module through
the app's `include` list.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from eoffice.effects import SEND_OUTSIDE, SEND_RECALL, TELL_SENDER
from eoffice.exchange.directory import sync_all
from eoffice.exchange.edxml import StatusCode
from eoffice.exchange.flow import (
    attempt_delivery,
    claim_due,
    forgotten_releases,
    poll_hubs,
    poll_vxp,
    report_incoming_status,
    schedule_external_deliveries,
    schedule_recall_packages,
)
from eoffice.exchange.settings import get_exchange_settings
from eoffice.tasks.app import celery_app
from eoffice.tasks.runtime import backends

DELIVER = "eoffice.exchange.deliver"
SWEEP = "eoffice.exchange.sweep"
POLL = "eoffice.exchange.poll_hubs"
POLL_VXP = "eoffice.exchange.poll_vxp"
SYNC_DIRECTORY = "eoffice.exchange.sync_directory"

log = logging.getLogger(__name__)
# A release's `send_outside` effect normally queues its packages within seconds; after this the sweep does.
FORGOTTEN_AFTER = timedelta(seconds=30)


@celery_app.task(name=DELIVER)
def deliver_task(outbound_id: int) -> str | None:
    """One attempt; a failure is recorded with its back-off and retried by the sweep."""
    state = attempt_delivery(backends(), get_exchange_settings(), outbound_id)
    return state.value if state else None


@celery_app.task(name=TELL_SENDER)
def tell_sender_task(document_id: int, status_code: str, key: str) -> int | None:
    """The `tell_sender` effect: queue the status package for the agency that sent this document (if any)."""
    current = backends()
    with current.sessions() as session:
        row = report_incoming_status(
            session, current, get_exchange_settings(), document_id, StatusCode(status_code), key=key
        )
        session.commit()
        return row.id if row else None


@celery_app.task(name=SEND_OUTSIDE)
def send_outside_task(document_id: int) -> int:
    """The `send_outside` effect of a release: queue the package of every outside recipient not queued yet."""
    current = backends()
    with current.sessions() as session:
        rows = schedule_external_deliveries(session, current, get_exchange_settings(), document_id)
        session.commit()
        return len(rows)


@celery_app.task(name=SEND_RECALL)
def send_recall_task(document_id: int, reason: str, staff: str) -> int:
    """The `send_recall` effect of a recall: queue the recall package of every outside recipient once."""
    current = backends()
    with current.sessions() as session:
        rows = schedule_recall_packages(session, current, get_exchange_settings(), document_id, reason, staff)
        session.commit()
        return len(rows)


@celery_app.task(name=SWEEP)
def sweep_task() -> int:
    """Queue the packages of releases whose effect was lost, then send every pending delivery whose back-off
    has run out."""
    current, xsettings = backends(), get_exchange_settings()
    with current.sessions() as session:
        for document_id in forgotten_releases(session, FORGOTTEN_AFTER):
            try:
                schedule_external_deliveries(session, current, xsettings, document_id)
                session.commit()
            except Exception:  # noqa: BLE001 — one document must not stop the retries of every other
                session.rollback()
                log.exception("exchange sweep: cannot queue the packages of document %s", document_id)
        due = claim_due(session, xsettings)
        session.commit()
    for outbound_id in due:
        celery_app.send_task(DELIVER, kwargs={"outbound_id": outbound_id})
    return len(due)


@celery_app.task(name=POLL)
def poll_task() -> int:
    return poll_hubs(backends(), get_exchange_settings())


@celery_app.task(name=POLL_VXP)
def poll_vxp_task() -> int:
    """Documents and statuses waiting at the national axis (VXP)."""
    return poll_vxp(backends(), get_exchange_settings())


@celery_app.task(name=SYNC_DIRECTORY)
def sync_directory_task() -> int:
    """The agency directory of every agency with a VXP connection, from the axis' agency list."""
    return sync_all(backends(), get_exchange_settings())


def beat_schedule() -> dict[str, dict[str, object]]:
    xsettings = get_exchange_settings()
    return {
        "exchange-sweep": {"task": SWEEP, "schedule": timedelta(seconds=xsettings.sweep_seconds)},
        "exchange-poll-hubs": {"task": POLL, "schedule": timedelta(seconds=xsettings.poll_seconds)},
        "exchange-poll-vxp": {"task": POLL_VXP, "schedule": timedelta(seconds=xsettings.poll_seconds)},
        "exchange-sync-directory": {
            "task": SYNC_DIRECTORY,
            "schedule": timedelta(seconds=xsettings.directory_sync_seconds),
        },
    }
