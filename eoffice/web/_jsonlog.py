"""Console logs: one JSON object per line, with the request id, for log shippers (Loki, Elasticsearch, journald)
in production; one short readable line in development (`make run`). `EOFFICE_LOG_FORMAT` chooses.

Celery's lines about the periodic sweeps (received, sent by beat, succeeded) are dropped when the sweep
found nothing to do: they came every few seconds and said nothing (`QuietIdleTasks`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

from eoffice.web._context import request_id_var

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged as a field.
_STANDARD = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None)).keys()
    | {"message", "asctime", "request_id", "taskName"}
)


class RequestIdFilter(logging.Filter):
    """Stamps `record.request_id` from the context, so any formatter (JSON or plain) can show it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", ...extra fields, "exception"?}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`11:20:03 INFO    eoffice.access: GET /api/health 200 1.2ms` — local time, for a person at a console."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s", datefmt="%H:%M:%S")


class QuietIdleTasks(logging.Filter):
    """Drops Celery's routine lines about the named tasks — beat sending one, the worker receiving one, and
    its success when it returned nothing or zero — so a sweep is logged only when it found something.
    Failures, retries and the tasks' own log lines pass."""

    _IDLE_RESULTS = frozenset({"None", "0", "[]", "{}"})

    def __init__(self, task_names: Iterable[str]) -> None:
        super().__init__()
        self.task_names = frozenset(task_names)

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("celery."):
            return True
        args = record.args
        if (
            record.name == "celery.beat"
            and isinstance(args, tuple)
            and record.msg.startswith("Scheduler: Sending")
        ):
            return not (len(args) == 2 and args[1] in self.task_names)
        if not isinstance(args, Mapping) or args.get("name") not in self.task_names:
            return True
        if record.msg.endswith("] received"):
            return False
        if "] succeeded in " in record.msg:
            return str(args.get("return_value")) not in self._IDLE_RESULTS
        return True


class _ConsoleHandler(logging.StreamHandler[TextIO]):
    """The one console handler `configure_logging` installs (and replaces when called again)."""


def configure_logging(
    json_lines: bool, level: int | str = logging.INFO, quiet_when_idle: Iterable[str] = ()
) -> logging.Handler:
    """Send every log record of the process to stderr, as JSON lines or readable text (the server, the worker
    and beat call this at start); `quiet_when_idle` names the periodic tasks whose idle runs are not logged."""
    handler = _ConsoleHandler()
    handler.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(QuietIdleTasks(quiet_when_idle))
    root = logging.getLogger()
    for existing in list(root.handlers):
        if isinstance(existing, _ConsoleHandler):
            root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def configure_json_logging(level: int | str = logging.INFO) -> logging.Handler:
    """Every log record of the process to stderr as JSON, whatever the settings say."""
    return configure_logging(json_lines=True, level=level)
