"""Phần mềm ký số trên máy người ký: a loopback HTTP service the eOffice web page calls to sign with a USB token.

``eoffice sign-agent --serve`` runs it on the leader's PC: the page posts a :class:`~signing.external.SigningRequest`
(or a list) to ``POST /sign`` and gets the :class:`~signing.external.SigningResponse` (or list) back; the
token's PIN was typed into the agent when it started and never travels. ``GET /status`` tells the page
whose certificate the agent signs with (and gives it, PEM, for registering the token).

Any web page the leader opens could send requests to 127.0.0.1, so the agent answers only the origins it
was started with (``--allow-origin``, the eOffice site):

- a request whose ``Origin`` is not one of them, or has none, is refused (403) and gets no CORS headers, so
  the browser shows nothing of the answer to that page either;
- the ``Host`` must be the loopback address it listens on (a DNS-rebinding page names its own host);
- ``POST /sign`` takes only ``application/json`` (so a browser always sends a CORS preflight first) and at
  most ``MAX_BODY`` bytes;
- a request for another certificate is refused by :func:`~signing.external.sign_request`.

Requests are served one at a time (a PKCS#11 session is not for concurrent use) over HTTP/1.0 with a short
socket timeout, so a client that stalls cannot hold the token for long.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import urlsplit

from asn1crypto import pem
from pydantic import TypeAdapter, ValidationError

from signing.errors import KeyUnavailableError, SigningError
from signing.external import DigestSigner, SigningRequest, SigningRequestInvalidError, sign_request

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8788
MAX_BODY = 1024 * 1024
MAX_REQUESTS = 100
_REQUESTS = TypeAdapter(SigningRequest | list[SigningRequest])
_log = logging.getLogger(__name__)


def normalise_origin(origin: str) -> str:
    """``scheme://host[:port]`` as a browser sends it in ``Origin`` (lower case, no path, no trailing /)."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(f"không phải địa chỉ gốc (origin) hợp lệ: {origin!r}")
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[parts.scheme]
    port = f":{parts.port}" if parts.port not in (None, default) else ""
    return f"{parts.scheme}://{host}{port}"


class _Handler(BaseHTTPRequestHandler):
    server: AgentServer
    protocol_version = "HTTP/1.0"
    timeout = 15
    server_version = "eOffice-sign-agent"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — the stdlib's signature
        _log.info("%s %s", self.address_string(), format % args)

    def _origin(self) -> str | None:
        """The caller's origin when it is allowed, else None (the request is then refused)."""
        origin = self.headers.get("Origin")
        if origin is None:
            return None
        try:
            normalised = normalise_origin(origin)
        except ValueError:
            return None
        return normalised if normalised in self.server.allowed_origins else None

    def _host_ok(self) -> bool:
        port = self.server.server_address[1]
        return self.headers.get("Host", "").lower() in {f"{LOOPBACK}:{port}", f"localhost:{port}"}

    def _send(
        self, status: HTTPStatus, body: Any, origin: str | None, extra: dict[str, str] | None = None
    ) -> None:
        data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        if origin is not None:
            self.send_header("Access-Control-Allow-Origin", origin)
        self.send_header("Vary", "Origin")
        self.send_header("Cache-Control", "no-store")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if data:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(
        self, status: HTTPStatus, code: str, message: str, origin: str | None, detail: Any = None
    ) -> None:
        self._send(status, {"code": code, "message": message, "detail": detail}, origin)

    def _refused(self) -> bool:
        """Refuse (and answer) a request from a page or host that is not allowed; True when refused."""
        if not self._host_ok():
            self._error(HTTPStatus.FORBIDDEN, "agent.host", "Địa chỉ máy chủ không hợp lệ.", None)
            return True
        if self._origin() is None:
            self._error(
                HTTPStatus.FORBIDDEN,
                "agent.origin",
                "Trang web này không được phép dùng phần mềm ký số.",
                None,
                detail=self.headers.get("Origin"),
            )
            return True
        return False

    def do_OPTIONS(self) -> None:  # noqa: N802 — http.server's naming
        if self._refused():
            return
        headers = {
            "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "600",
        }
        if self.headers.get("Access-Control-Request-Private-Network") == "true":
            headers["Access-Control-Allow-Private-Network"] = "true"
        self._send(HTTPStatus.NO_CONTENT, None, self._origin(), headers)

    def do_GET(self) -> None:  # noqa: N802
        if self._refused():
            return
        origin = self._origin()
        if urlsplit(self.path).path != "/status":
            self._error(HTTPStatus.NOT_FOUND, "agent.not_found", "Không tìm thấy.", origin)
            return
        certificate = self.server.signer.certificate
        self._send(
            HTTPStatus.OK,
            {
                "subject": str(certificate.subject.native.get("common_name", "")),
                "certificate_sha256": certificate.sha256.hex(),
                "certificate": pem.armor("CERTIFICATE", certificate.dump()).decode("ascii"),
                "chain": [pem.armor("CERTIFICATE", c.dump()).decode("ascii") for c in self.server.chain],
            },
            origin,
        )

    def do_POST(self) -> None:  # noqa: N802
        if self._refused():
            return
        origin = self._origin()
        if urlsplit(self.path).path != "/sign":
            self._error(HTTPStatus.NOT_FOUND, "agent.not_found", "Không tìm thấy.", origin)
            return
        if self.headers.get_content_type() != "application/json":
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "agent.content_type", "Yêu cầu ký phải là JSON.", origin
            )
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "agent.size", "Yêu cầu ký quá lớn.", origin)
            return
        try:
            requests = _REQUESTS.validate_json(self.rfile.read(length))
        except ValidationError as exc:
            self._error(
                HTTPStatus.BAD_REQUEST,
                "agent.request_invalid",
                f"Yêu cầu ký không đúng định dạng mong đợi ({exc.error_count()} lỗi).",
                origin,
            )
            return
        batch = requests if isinstance(requests, list) else [requests]
        if len(batch) > MAX_REQUESTS:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "agent.size", "Quá nhiều yêu cầu ký.", origin)
            return
        try:
            responses = [sign_request(item, self.server.signer).model_dump(mode="json") for item in batch]
        except (KeyUnavailableError, SigningRequestInvalidError) as exc:
            self._error(HTTPStatus.CONFLICT, exc.code, exc.message, origin, exc.detail)
            return
        except SigningError as exc:
            self._error(HTTPStatus.BAD_GATEWAY, exc.code, exc.message, origin, exc.detail)
            return
        for item in batch:
            _log.info("đã ký yêu cầu %s cho %s", item.id, origin)
        self._send(HTTPStatus.OK, responses if isinstance(requests, list) else responses[0], origin)


class AgentServer(HTTPServer):
    """The agent's HTTP server on 127.0.0.1 (port 0: any free port, see ``server_address``)."""

    def __init__(
        self,
        signer: DigestSigner,
        allowed_origins: Iterable[str],
        port: int = DEFAULT_PORT,
        chain: Iterable[Any] = (),
    ) -> None:
        origins = frozenset(normalise_origin(origin) for origin in allowed_origins)
        if not origins:
            raise ValueError("cần ít nhất một địa chỉ trang eOffice được phép (--allow-origin)")
        self.signer = signer
        self.allowed_origins = origins
        self.chain = tuple(chain)
        super().__init__((LOOPBACK, port), _Handler)
