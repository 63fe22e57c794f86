"""Oversized request bodies are refused while they arrive: a 400 MB JSON password, a multipart upload far over
the configured maximum, several files that are each allowed but together are not, and chunked bodies with no
Content-Length. The streaming cases drive the real application over ASGI with a body the test hands out
chunk by chunk, so it can see how much of it the server pulled before answering."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.security.webstack import DemoWeb, demo_web, is_vietnamese

MAX_UPLOAD = 256 * 1024
CHUNK = 64 * 1024
FOUR_HUNDRED_MB = 400 * 1024 * 1024


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoWeb]:
    with demo_web(
        tmp_path_factory.mktemp("limits"), max_upload_bytes=MAX_UPLOAD, max_json_bytes=64 * 1024
    ) as installation:
        yield installation


class Body:
    """A request body handed to the server one chunk at a time, counting what it took."""

    def __init__(self, total: int, first: bytes = b"") -> None:
        self.total = total
        self.first = first
        self.pulled = 0  # bytes the server has received so far

    def chunks(self) -> Iterator[bytes]:
        sent = 0
        if self.first:
            sent += len(self.first)
            yield self.first
        while sent < self.total:
            piece = b"a" * min(CHUNK, self.total - sent)
            sent += len(piece)
            yield piece


def call(
    web: DemoWeb, method: str, path: str, headers: dict[str, str], body: Body
) -> tuple[int, dict[str, Any]]:
    """One request to the ASGI application; returns the status and the JSON answer."""
    chunks = body.chunks()
    answer: dict[str, Any] = {"status": None, "body": b""}

    async def receive() -> dict[str, Any]:
        piece = next(chunks, None)
        if piece is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        body.pulled += len(piece)
        return {"type": "http.request", "body": piece, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("198.51.100.7", 40000),
        "server": ("testserver", 80),
    }
    asyncio.run(web.app(scope, receive, send))
    return answer["status"], json.loads(answer["body"])


def _assert_refused(status: int, answer: dict[str, Any], limit: int) -> None:
    assert status == 413
    assert answer["code"] == "request.too_large"
    assert is_vietnamese(answer["message"])
    assert answer["detail"] == {"max_bytes": limit}


def test_a_400_mb_password_is_refused_on_its_content_length_without_being_read(web: DemoWeb) -> None:
    body = Body(FOUR_HUNDRED_MB, first=b'{"username": "admin", "password": "')
    headers = {"content-type": "application/json", "content-length": str(FOUR_HUNDRED_MB)}

    status, answer = call(web, "POST", "/api/v1/auth/login", headers, body)

    _assert_refused(status, answer, web.settings.max_json_bytes)
    assert body.pulled == 0


def test_a_chunked_json_body_is_cut_off_at_the_limit(web: DemoWeb) -> None:
    body = Body(FOUR_HUNDRED_MB, first=b'{"username": "admin", "password": "')
    headers = {"content-type": "application/json", "transfer-encoding": "chunked"}

    status, answer = call(web, "POST", "/api/v1/auth/login", headers, body)

    _assert_refused(status, answer, web.settings.max_json_bytes)
    assert body.pulled <= web.settings.max_json_bytes + CHUNK


def test_a_huge_upload_is_refused_before_anything_is_written(web: DemoWeb) -> None:
    gigabyte = 1024 * 1024 * 1024
    body = Body(
        gigabyte, first=b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n\r\n'
    )
    headers = {
        "content-type": "multipart/form-data; boundary=b",
        "content-length": str(gigabyte),
        **web.headers["vanthu"],
    }

    status, answer = call(web, "POST", "/api/v1/incoming", headers, body)

    _assert_refused(status, answer, web.settings.multipart_limit)
    assert body.pulled == 0


def test_a_chunked_upload_is_cut_off_at_the_multipart_limit(web: DemoWeb) -> None:
    body = Body(
        FOUR_HUNDRED_MB,
        first=b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n\r\n',
    )
    headers = {"content-type": "multipart/form-data; boundary=b", **web.headers["vanthu"]}

    status, answer = call(web, "POST", "/api/v1/incoming", headers, body)

    _assert_refused(status, answer, web.settings.multipart_limit)
    assert body.pulled <= web.settings.multipart_limit + CHUNK


def test_several_files_each_allowed_are_refused_together(web: DemoWeb) -> None:
    """Each file is under the per-file maximum; together they exceed what one request may carry."""
    files = [
        ("files", (f"phu-luc-{i}.pdf", b"%PDF-1.4\n" + b"0" * (MAX_UPLOAD - 64), "application/pdf"))
        for i in range(6)
    ]
    response = web.client.post(
        "/api/v1/incoming",
        data={"metadata": "{}"},
        files=files,
        headers=web.headers["vanthu"],
    )
    _assert_refused(response.status_code, response.json(), web.settings.multipart_limit)


def test_json_routes_do_not_accept_an_upload_sized_multipart_body(web: DemoWeb) -> None:
    """Sending multipart to a JSON route does not buy the upload allowance."""
    body = Body(web.settings.multipart_limit // 2)
    headers = {"content-type": "multipart/form-data; boundary=b", **web.headers["admin"]}

    status, answer = call(web, "POST", "/api/v1/auth/tokens", headers, body)

    _assert_refused(status, answer, web.settings.max_json_bytes)
    assert body.pulled <= web.settings.max_json_bytes + CHUNK


def test_the_exchange_inbox_keeps_its_own_package_limit(web: DemoWeb) -> None:
    """A raw edXML package above the JSON limit reaches the inbox (which then refuses the unsigned delivery)."""
    body = Body(2 * web.settings.max_json_bytes)
    headers = {"content-type": "application/zip", "content-length": str(body.total)}

    status, answer = call(web, "POST", "/api/v1/exchange/inbox", headers, body)

    assert status != 413, answer
    assert body.pulled == body.total


def test_a_small_json_body_still_works(web: DemoWeb) -> None:
    response = web.client.post("/api/v1/auth/tokens", json={"name": "tích hợp"}, headers=web.headers["admin"])
    assert response.status_code == 201
