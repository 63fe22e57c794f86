"""The current request's id, visible to every log line written while the request runs (contextvars follow
the request into FastAPI's thread pool and into tasks it starts)."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("eoffice_request_id", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
# A client's id is kept only when it is short and plain, so it can never forge a log line or a header.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")


def current_request_id() -> str | None:
    return request_id_var.get()


def choose_request_id(sent: str | None) -> str:
    """The client's `X-Request-ID` when acceptable (a proxy's trace id), else a fresh random one."""
    if sent and _ACCEPTABLE.fullmatch(sent):
        return sent
    return uuid.uuid4().hex
