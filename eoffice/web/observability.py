"""Operations: a request id on every request and log line, one JSON access-log line per request, Prometheus
metrics at `/metrics` (requests and latencies by route template, queue depth, task outcomes), and a JSON
`{code, message, detail}` answer instead of a bare 500 page when something unexpected breaks.

Metrics live in prometheus-client's process registry: the API replica (and the embedded worker that
`eoffice serve` runs beside it) report their own numbers; Prometheus adds replicas up.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CollectorRegistry, GaugeMetricFamily
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eoffice.tasks.queues import ALL_QUEUES
from eoffice.web._context import REQUEST_ID_HEADER, choose_request_id, request_id_var
from eoffice.web.queues import queue_depths

access_log = logging.getLogger("eoffice.access")
log = logging.getLogger("eoffice.web")

UNMATCHED = "unmatched"  # requests no route answered share one label, so a scanner cannot grow the series

REQUESTS = Counter(
    "eoffice_http_requests_total",
    "HTTP requests answered, by route template and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "eoffice_http_request_duration_seconds",
    "Time to answer an HTTP request (until the response starts), by route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
IN_PROGRESS = Gauge("eoffice_http_requests_in_progress", "HTTP requests being answered now")
TASKS_DONE = Counter("eoffice_tasks_done_total", "Background tasks that finished successfully", ["task"])
TASK_FAILURES = Counter("eoffice_task_failures_total", "Background tasks that failed", ["task"])

DEFAULT_QUEUES = ALL_QUEUES
INTERNAL_ERROR_MESSAGE = "Đã có lỗi không mong đợi trên máy chủ. Vui lòng thử lại hoặc báo quản trị viên."


def _compiled_templates(app: Any) -> list[tuple[re.Pattern[str], str]]:
    """The application's path templates (from its OpenAPI document, where included routers' prefixes are
    already applied), most specific first: literal segments win over `{parameters}`."""
    cached = getattr(app.state, "eoffice_route_templates", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    try:
        templates = list(app.openapi().get("paths", {}))
    except Exception:  # noqa: BLE001 — a broken spec must not break requests; metrics fall back to route paths
        log.exception("metrics: cannot read the OpenAPI paths; routes are labelled by their own path")
        templates = []
    templates.sort(key=lambda t: (t.count("{"), -len(t)))
    compiled = [
        (re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(t)) + "$"), t) for t in templates
    ]
    app.state.eoffice_route_templates = compiled
    return compiled


def route_template(scope: Scope) -> str:
    """`/api/v1/incoming/{document_id}`, not `/api/v1/incoming/42`: one series per endpoint, not per id."""
    route = scope.get("route")
    if route is None:
        return UNMATCHED
    path = str(scope.get("path", ""))
    app = scope.get("app")
    if app is not None and hasattr(app, "openapi") and path.startswith("/api/"):
        for pattern, template in _compiled_templates(app):
            if pattern.match(path):
                return template
    own = getattr(route, "path", None)
    return str(own) if own else "/"


class RequestContextMiddleware:
    """Request id (accepted from `X-Request-ID` or generated, echoed back), access log, metrics, and a JSON
    500 for an unexpected exception (logged with its traceback and the request id the user can quote)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict((k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope["headers"])
        request_id = choose_request_id(headers.get(REQUEST_ID_HEADER.lower()))
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = {"code": 500, "started": False, "elapsed": 0.0}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
                status["code"] = message["status"]
                status["started"] = True
                status["elapsed"] = time.perf_counter() - started
            await send(message)

        IN_PROGRESS.inc()
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error in %s %s", scope.get("method"), scope.get("path"))
            if status["started"]:
                raise
            body = {
                "code": "internal_error",
                "message": INTERNAL_ERROR_MESSAGE,
                "detail": {"request_id": request_id},
            }
            await JSONResponse(body, status_code=500)(scope, receive, send_with_id)
        finally:
            IN_PROGRESS.dec()
            elapsed = float(status["elapsed"]) or time.perf_counter() - started
            self._record(scope, int(status["code"]), elapsed, headers)
            request_id_var.reset(token)

    @staticmethod
    def _record(scope: Scope, status: int, elapsed: float, headers: dict[str, str]) -> None:
        method = str(scope.get("method", ""))
        route = route_template(scope)
        REQUESTS.labels(method, route, str(status)).inc()
        LATENCY.labels(method, route).observe(elapsed)
        client = scope.get("client")
        # The path only: query strings carry search terms, and bodies carry passwords — neither is logged.
        access_log.info(
            "%s %s %s %.1fms",
            method,
            scope.get("path", ""),
            status,
            elapsed * 1000,
            extra={
                "method": method,
                "path": scope.get("path", ""),
                "route": route,
                "status": status,
                "duration_ms": round(elapsed * 1000, 2),
                "client": client[0] if client else None,
                "user_agent": headers.get("user-agent", "")[:200],
            },
        )


class _QueueDepthCollector:
    """Reads the broker at scrape time; `eoffice_broker_up` says whether it answered."""

    def __init__(self, broker_url: str, queues: Iterable[str]) -> None:
        self.broker_url = broker_url
        self.queues = tuple(queues)

    def collect(self) -> Iterable[Any]:
        up = GaugeMetricFamily("eoffice_broker_up", "1 when the task broker answered the scrape")
        depth = GaugeMetricFamily(
            "eoffice_queue_depth", "Task messages waiting in the broker", labels=["queue"]
        )
        try:
            depths = queue_depths(self.broker_url, self.queues)
        except Exception as exc:  # noqa: BLE001 — a down broker is a metric value, not a failed scrape
            log.warning("metrics: broker not reachable: %s", type(exc).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        for queue, count in depths.items():
            depth.add_metric([queue], count)
        yield up
        yield depth


def metrics_endpoint(broker_url: str, queues: Iterable[str] = DEFAULT_QUEUES) -> Any:
    """The `/metrics` handler: the process registry plus this installation's queue depths."""
    broker = CollectorRegistry(auto_describe=False)
    broker.register(_QueueDepthCollector(broker_url, queues))  # type: ignore[arg-type]

    def metrics(_request: Request) -> Response:
        return Response(generate_latest(REGISTRY) + generate_latest(broker), media_type=CONTENT_TYPE_LATEST)

    return metrics


def connect_task_metrics() -> None:
    """Count every Celery task's outcome in TASKS_DONE / TASK_FAILURES (call once in the worker process)."""
    from celery.signals import task_failure, task_success

    def done(sender: Any = None, **_kwargs: Any) -> None:
        TASKS_DONE.labels(getattr(sender, "name", "unknown")).inc()

    def failed(sender: Any = None, **_kwargs: Any) -> None:
        TASK_FAILURES.labels(getattr(sender, "name", "unknown")).inc()

    task_success.connect(done, weak=False, dispatch_uid="eoffice.metrics.task_success")
    task_failure.connect(failed, weak=False, dispatch_uid="eoffice.metrics.task_failure")
