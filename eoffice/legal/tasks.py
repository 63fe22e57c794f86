"""Celery task of the legal corpus: the weekly ``eoffice legal sync``, off while no gateway is configured.

Importing this module registers the task. To run it weekly the Celery app includes this module and merges
``beat_schedule(settings)`` into its schedule; the schedule is empty while ``EOFFICE_LEGAL_GATEWAY_URL`` is,
so an installation without the gateway never calls it.
"""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab

from eoffice.backends import Backends
from eoffice.legal.gateway import GatewayClient, SyncReport, sync_corpus
from eoffice.settings import Settings, get_settings
from eoffice.tasks.app import celery_app

__all__ = ["SYNC", "beat_schedule", "run_sync", "sync_task"]

SYNC = "eoffice.legal.sync"


def run_sync(backends: Backends, settings: Settings) -> SyncReport | None:
    """One sync from the configured gateway (``None`` when none is configured)."""
    if not settings.legal_gateway_url:
        return None
    with (
        GatewayClient(settings.legal_gateway_url, timeout=settings.legal_gateway_timeout_seconds) as client,
        backends.sessions() as session,
    ):
        return sync_corpus(session, backends.search, client)


@celery_app.task(name=SYNC)
def sync_task() -> dict[str, Any] | None:
    """The weekly sync; a gateway that fails raises, and the next week's run reads back to the same date."""
    settings = get_settings()
    backends = Backends(settings)
    try:
        report = run_sync(backends, settings)
    finally:
        if "search" in backends.__dict__:
            backends.search.close()
        backends.close()
    if report is None:
        return None
    return {
        "since": report.since.isoformat() if report.since else None,
        "listed": report.listed,
        "inserted": report.load.inserted,
        "updated": report.load.updated,
        "relations": report.relations_applied,
        "skipped": len(report.skipped),
    }


def beat_schedule(settings: Settings) -> dict[str, dict[str, object]]:
    """Sunday 02:00 in the agency's time zone, when a gateway is configured; nothing otherwise."""
    if not settings.legal_gateway_url:
        return {}
    return {"legal-sync": {"task": SYNC, "schedule": crontab(day_of_week=0, hour=2, minute=0)}}
