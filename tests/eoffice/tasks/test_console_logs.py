"""Console logs of the worker and beat: readable lines in development, JSON lines in production (or as
`EOFFICE_LOG_FORMAT` says), and no line for a periodic sweep that found nothing — beat's "sending" line, the
worker's "received" line and the success of an idle sweep used to come every 15 seconds."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery import Celery

from eoffice.settings import Settings
from eoffice.tasks.app import PERIODIC_SWEEPS
from eoffice.web import configure_logging

ROOT = Path(__file__).resolve().parents[3]

# What a worker with embedded beat does at start (Celery's setup_logging signal), then one beat tick of each
# sweep on an empty installation and one daily task, run in this process as a solo worker would.
_PROBE = """
import logging
from celery.beat import ScheduleEntry, Scheduler

import eoffice.exchange.tasks, eoffice.tasks.outbox, eoffice.tasks.pipeline
from eoffice.tasks.app import celery_app

celery_app.log.setup(loglevel="INFO")
celery_app.conf.task_always_eager = True
beat = Scheduler(celery_app, lazy=True)
for name in ("outbox-sweep", "processing-sweep", "exchange-sweep", "exchange-poll-hubs", "deadline-reminders"):
    entry = celery_app.conf.beat_schedule[name]
    beat.apply_entry(ScheduleEntry(name=name, task=entry["task"], app=celery_app))
logging.getLogger("eoffice.probe").info("xong một vòng")
"""


def _worker_lines(tmp_path: Path, **env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EOFFICE_")}
    clean.update(EOFFICE_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT), **env)
    migrate = [sys.executable, "-m", "eoffice", "migrate"]
    subprocess.run(migrate, env=clean, cwd=tmp_path, check=True, capture_output=True, timeout=300)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env=clean, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stderr.splitlines() if line.strip()]


def test_development_worker_logs_readable_lines_and_nothing_for_idle_sweeps(tmp_path: Path) -> None:
    lines = _worker_lines(tmp_path)
    assert any(line.endswith("eoffice.probe: xong một vòng") for line in lines), lines
    assert not [line for line in lines if line.startswith("{")]  # no JSON
    assert not [
        line for line in lines if any(f"{task}[" in line or f"({task})" in line for task in PERIODIC_SWEEPS)
    ]
    # A daily task is still logged, idle or not.
    assert [line for line in lines if "eoffice.notifications.remind" in line and "succeeded" in line]


def test_production_worker_logs_json_lines(tmp_path: Path) -> None:
    lines = _worker_lines(tmp_path, EOFFICE_ENVIRONMENT="production", EOFFICE_SECRET_KEY="k" * 48)
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert {"logger": "eoffice.probe", "message": "xong một vòng"}.items() <= records[-1].items()
    assert not [r for r in records if any(task in r["message"] for task in PERIODIC_SWEEPS)]
    assert [r for r in records if "eoffice.notifications.remind" in r["message"]]


def test_a_sweep_that_found_something_is_logged() -> None:
    app = Celery("console-logs-test", set_as_current=False)
    app.conf.task_always_eager = True
    sweep_name = sorted(PERIODIC_SWEEPS)[0]

    @app.task(name=sweep_name)
    def sweep(found: int) -> int:
        return found

    stream = io.StringIO()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    handler = configure_logging(False, "INFO", quiet_when_idle=PERIODIC_SWEEPS)
    try:
        handler.setStream(stream)  # type: ignore[attr-defined]
        sweep.apply(args=(0,))
        sweep.apply(args=(3,))
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 and f"{sweep_name}[" in lines[0] and lines[0].endswith(": 3"), lines


@pytest.mark.parametrize(
    ("environment", "log_format", "json_lines"),
    [
        ("development", None, False),
        ("test", None, False),
        ("production", None, True),
        ("production", "text", False),
        ("development", "json", True),
    ],
)
def test_the_log_format_defaults_by_environment(
    environment: str, log_format: str | None, json_lines: bool, tmp_path: Path
) -> None:
    settings = Settings.model_validate(
        {"environment": environment, "log_format": log_format, "secret_key": "s" * 48, "data_dir": tmp_path}
    )
    assert settings.json_logs is json_lines
