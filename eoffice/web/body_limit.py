"""Request bodies are bounded while they arrive, before any of them is parsed or written to disk.

The bound depends on the route the request reached: a JSON body is small (`max_json_bytes`), a multipart
upload may be as large as `Settings.multipart_limit` in all, and a route that reads its raw body itself
names its own bound with `@body_limit(...)` (an edXML package). A declared `Content-Length` above the bound
is refused before a single byte is read; a chunked body without one is counted as it streams and cut off
at the bound. Either way the client gets 413 `{code, message, detail}`.

The route is known at the first `receive()`: routing never reads the body, so by then FastAPI has put the
matched route in the scope.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import params
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eoffice.errors import TooLarge, error_body
from eoffice.settings import Settings

BODY_LIMIT_ATTRIBUTE = "eoffice_body_limit"
Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


class RequestTooLarge(TooLarge):
    code = "request.too_large"
    message = "Dữ liệu gửi lên vượt quá dung lượng cho phép."


def body_limit(limit: Callable[[Settings], int]) -> Callable[[Endpoint], Endpoint]:
    """Mark an endpoint that reads its raw body itself: `limit(settings)` is its bound in bytes."""

    def mark(endpoint: Endpoint) -> Endpoint:
        setattr(endpoint, BODY_LIMIT_ATTRIBUTE, limit)
        return endpoint

    return mark


def limit_for(route: object, settings: Settings) -> int:
    """The body bound of the route a request reached (JSON-sized for anything not known to take more)."""
    if isinstance(route, APIRoute):
        own = getattr(route.endpoint, BODY_LIMIT_ATTRIBUTE, None)
        if own is not None:
            return int(own(settings))
        if any(isinstance(p.field_info, params.Form) for p in route.dependant.body_params):
            return settings.multipart_limit
    return settings.max_json_bytes


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        guard = _Guard(scope, receive, send, self.settings)
        try:
            await self.app(scope, guard.receive, guard.send)
        except Exception:
            if guard.refused:
                return
            if guard.exceeded is None or guard.started:
                raise
            await guard.refuse()


class _Guard:
    """One request's byte count. Once over the bound, whatever the application answers (it may have turned
    the interrupted read into a 400) is replaced by the 413."""

    def __init__(self, scope: Scope, receive: Receive, send: Send, settings: Settings) -> None:
        self.scope = scope
        self._receive = receive
        self._send = send
        self.settings = settings
        self.limit: int | None = None
        self.received = 0
        self.exceeded: RequestTooLarge | None = None
        self.started = False
        self.refused = False

    def _over(self) -> RequestTooLarge:
        assert self.limit is not None
        self.exceeded = RequestTooLarge(
            f"Dữ liệu gửi lên vượt quá dung lượng cho phép ({self.limit} byte).",
            detail={"max_bytes": self.limit},
        )
        return self.exceeded

    async def receive(self) -> Message:
        if self.exceeded is not None:
            raise self.exceeded
        if self.limit is None:
            self.limit = limit_for(self.scope.get("route"), self.settings)
            declared = _declared_length(self.scope)
            if declared is not None and declared > self.limit:
                raise self._over()
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                raise self._over()
        return message

    async def send(self, message: Message) -> None:
        if self.refused:
            return
        if self.exceeded is not None and message["type"] == "http.response.start" and not self.started:
            await self.refuse()
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)

    async def refuse(self) -> None:
        assert self.exceeded is not None
        error = self.exceeded
        body = json.dumps(error_body(error.code, error.message, error.detail), ensure_ascii=False).encode()
        self.refused = self.started = True
        await self._send(
            {
                "type": "http.response.start",
                "status": error.status_code,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await self._send({"type": "http.response.body", "body": body})
