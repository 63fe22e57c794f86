"""The web layer around the API: security headers and CSP, request ids, console logs (JSON or text), Prometheus metrics."""

from eoffice.web._context import REQUEST_ID_HEADER, current_request_id
from eoffice.web._jsonlog import (
    JsonFormatter,
    QuietIdleTasks,
    RequestIdFilter,
    TextFormatter,
    configure_json_logging,
    configure_logging,
)
from eoffice.web.install import install_web
from eoffice.web.observability import (
    LATENCY,
    REQUESTS,
    TASK_FAILURES,
    TASKS_DONE,
    RequestContextMiddleware,
    connect_task_metrics,
)
from eoffice.web.security import CONTENT_SECURITY_POLICY, SecurityHeadersMiddleware

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "LATENCY",
    "REQUESTS",
    "REQUEST_ID_HEADER",
    "TASKS_DONE",
    "TASK_FAILURES",
    "JsonFormatter",
    "QuietIdleTasks",
    "RequestContextMiddleware",
    "RequestIdFilter",
    "SecurityHeadersMiddleware",
    "TextFormatter",
    "configure_json_logging",
    "configure_logging",
    "connect_task_metrics",
    "current_request_id",
    "install_web",
]
