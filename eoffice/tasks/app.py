"""The Celery application, configured from the one Settings object.

Production uses Redis (`EOFFICE_BROKER_URL=redis://…`) with separate worker and beat processes; the embedded
default uses kombu's SQLAlchemy transport on a SQLite file and a solo-pool worker that `eoffice serve` starts
as its child, with beat embedded in it.

Importing this module configures nothing and creates no folder: the app reads the settings when it is first
used (a worker or beat starting, the outbox sending a task), so importing the tasks — the API, the CLI, a
test collecting — never makes `var/` in the working folder. `configure` points it at other settings at once
(tests and benchmarks with their own broker, `eoffice doctor`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import Celery, signals
from celery.schedules import crontab

from eoffice.settings import Settings, get_settings
from eoffice.tasks.queues import DOCUMENTS_QUEUE, EXCHANGE_QUEUE, INDEX_QUEUE

celery_app = Celery("eoffice")
# Beat runs these every few seconds or minutes; their idle runs leave no log line (eoffice.web.QuietIdleTasks).
PERIODIC_SWEEPS = frozenset(
    {
        "eoffice.outbox.sweep",
        "eoffice.processing.sweep",
        "eoffice.readers.fold",
        "eoffice.exchange.sweep",
        "eoffice.exchange.poll_hubs",
        "eoffice.exchange.poll_vxp",
    }
)
# The settings `configure` chose; None: the one settings object, read when the app is first used.
_chosen: Settings | None = None


def configure(settings: Settings) -> Celery:
    """(Re)configure the app; a process that switches brokers (tests) also drops the old producer pool."""
    global _chosen
    _chosen = settings
    if celery_app.configured:
        _prepare(settings)
        celery_app.close()
        celery_app.amqp._producer_pool = None
        celery_app.conf.update(celery_config(settings))
    return celery_app


@celery_app.on_configure.connect
def _configure_on_first_use(sender: Celery, **_kwargs: object) -> None:
    """Celery asks for its configuration the first time anything reads `celery_app.conf`."""
    settings = _chosen or get_settings()
    _prepare(settings)
    sender.config_from_object(celery_config(settings))


@signals.setup_logging.connect
def _log_like_the_app(loglevel: int | str | None = None, **_kwargs: object) -> None:
    """A worker or beat (`eoffice worker`, `celery -A eoffice.tasks.app beat`) logs like the API: JSON lines or
    text as the settings say, and nothing for a sweep that found nothing. Celery leaves logging alone when
    this signal has a receiver."""
    from eoffice.web import configure_logging

    settings = _chosen or get_settings()
    configure_logging(settings.json_logs, loglevel or "INFO", quiet_when_idle=PERIODIC_SWEEPS)


def _prepare(settings: Settings) -> None:
    """The data folder holds the embedded broker's SQLite file and beat's schedule: it must exist first."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)


def celery_config(settings: Settings) -> dict[str, Any]:
    """Celery's settings from ours: the broker, the queues, late acknowledgement and the beat schedule."""
    from eoffice.exchange.tasks import beat_schedule as exchange_beat_schedule
    from eoffice.legal.tasks import beat_schedule as legal_beat_schedule

    return dict(
        broker_url=settings.broker_url,
        result_backend=None,
        task_ignore_result=True,
        # A task is acknowledged only when it finished, so a worker killed mid-task leaves it to be redone;
        # every task is idempotent for that reason.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=DOCUMENTS_QUEUE,
        task_routes={
            "eoffice.exchange.*": {"queue": EXCHANGE_QUEUE},
            "eoffice.documents.changed": {"queue": INDEX_QUEUE},
            "eoffice.processing.index": {"queue": INDEX_QUEUE},
            # The two sweeps are quick and are what heals the index after an outage: on the documents queue
            # they waited behind every extraction queued meanwhile (the fault suite's search outage saw its
            # documents still unsearchable a minute after Elasticsearch returned).
            "eoffice.outbox.sweep": {"queue": INDEX_QUEUE},
            "eoffice.processing.sweep": {"queue": INDEX_QUEUE},
            "eoffice.readers.fold": {"queue": INDEX_QUEUE},
        },
        broker_connection_retry_on_startup=True,
        # kombu's SQLAlchemy transport passes its options to create_engine, so only Redis gets them.
        broker_transport_options={} if settings.embedded_broker else {"visibility_timeout": 3600},
        worker_hijack_root_logger=False,
        timezone=settings.timezone,
        beat_schedule={
            # Both sweeps every 15 s: an effect that could not be sent, or an index write refused while
            # Elasticsearch was down, is done within ~30 s of the broker or the index coming back.
            "outbox-sweep": {"task": "eoffice.outbox.sweep", "schedule": timedelta(seconds=15)},
            "processing-sweep": {"task": "eoffice.processing.sweep", "schedule": timedelta(seconds=15)},
            # The inbox's tallies: a minute of deltas summed into a row per key (eoffice.tasks.read_model).
            "readers-fold": {"task": "eoffice.readers.fold", "schedule": timedelta(seconds=60)},
            "deadline-reminders": {
                "task": "eoffice.notifications.remind",
                "schedule": crontab(hour=7, minute=0),
            },
            # The e-mail digest of what is due, at the agency's morning hour (a no-op while mail is off).
            "mail-digest": {
                "task": "eoffice.notifications.digest",
                "schedule": crontab(hour=settings.mail_digest_hour, minute=0),
            },
            **exchange_beat_schedule(),
            # The weekly legal-corpus sync, only when a gateway is configured (EOFFICE_LEGAL_GATEWAY_URL).
            **legal_beat_schedule(settings),
        },
        include=[
            "eoffice.tasks.outbox",
            "eoffice.tasks.pipeline",
            "eoffice.tasks.read_model",
            "eoffice.exchange.tasks",
            "eoffice.notifications.tasks",
            "eoffice.legal.tasks",
            "eoffice.checks.service",
        ],
    )
