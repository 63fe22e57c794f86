"""Celery tasks of the document pipeline: one task runs any processing stage, beat sweeps and reminds.

The tasks are thin: state lives in `document_processing` and the logic in `eoffice.processing`, so a message
delivered twice, late, or never (the sweeper re-sends) changes nothing but timing.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from celery.signals import worker_ready

from eoffice.effects import DOCUMENT_CHANGED
from eoffice.processing import RUN_TASK, release_worker_rows, sweep_stale
from eoffice.processing.changes import handle_change
from eoffice.processing.models import Status
from eoffice.processing.runner import run_stage
from eoffice.processing.scheduling import INDEX_TASK
from eoffice.tasks.app import celery_app
from eoffice.tasks.runtime import backends
from eoffice.web.observability import TASK_FAILURES, TASKS_DONE

log = logging.getLogger(__name__)


@celery_app.task(name=RUN_TASK, bind=True, soft_time_limit=900, time_limit=960)
def run_processing(self: Task, processing_id: int) -> str | None:
    """Run one stage (extract, OCR, convert or index) of one `document_processing` row, if it is ready.

    The stage's file work runs in a child process with its own time limit; Celery's limits here are only a
    backstop for the prefork pool (the solo pool of the embedded broker cannot enforce them).
    """
    status = run_stage(backends(), processing_id, worker=self.request.hostname or "worker")
    # A stage's outcome is returned, not raised, so Celery's own signals would count every run as a success.
    if status == Status.FAILED:
        TASK_FAILURES.labels("processing").inc()
    elif status == Status.DONE:
        TASKS_DONE.labels("processing").inc()
    return status.value if status is not None else None


@celery_app.task(name=INDEX_TASK, bind=True, soft_time_limit=900, time_limit=960)
def run_index(self: Task, processing_id: int) -> str | None:
    """A document's index stage, taken from the index queue (the work is `run_stage`'s, as for any stage)."""
    status = run_stage(backends(), processing_id, worker=self.request.hostname or "worker")
    if status == Status.FAILED:
        TASK_FAILURES.labels("processing").inc()
    elif status == Status.DONE:
        TASKS_DONE.labels("processing").inc()
    return status.value if status is not None else None


@celery_app.task(name=DOCUMENT_CHANGED, bind=True)
def document_changed(self: Task, document_id: int) -> None:
    """A service changed the document: process its new files, re-index it as it is now (`eoffice.effects`)."""
    handle_change(backends(), document_id, worker=self.request.hostname or "worker")


@celery_app.task(name="eoffice.processing.sweep")
def sweep_processing() -> int:
    """Re-send stages whose message or worker was lost, and index writes a down index refused (beat)."""
    with backends().sessions() as session:
        count = sweep_stale(session)
        session.commit()
    if count:
        log.info("processing sweep re-queued %s stage(s)", count)
    return count


@celery_app.task(name="eoffice.notifications.remind")
def remind_deadlines() -> int:
    """Deadline reminders for today (beat, daily; also on demand: `celery call eoffice.notifications.remind`)."""
    from eoffice import clock
    from eoffice.notifications import send_deadline_reminders

    current = backends()
    with current.sessions() as session:
        added = send_deadline_reminders(session, clock.today(current.settings.timezone))
        session.commit()
    return added


@worker_ready.connect
def _requeue_what_died_with_the_last_run(sender: Any = None, **_kwargs: Any) -> None:
    """A worker restarting under the same name re-queues what its killed predecessor left started.

    Uses its own short-lived backends: the cached ones must not be created in a prefork parent before forking.
    """
    from eoffice.backends import Backends
    from eoffice.settings import get_settings

    hostname = getattr(sender, "hostname", None)
    if not hostname:
        return
    own = Backends(get_settings())
    try:
        with own.sessions() as session:
            count = release_worker_rows(session, hostname)
            session.commit()
    finally:
        own.close()
    if count:
        log.warning(
            "re-queued %s processing stage(s) left started by the previous run of %s", count, hostname
        )
