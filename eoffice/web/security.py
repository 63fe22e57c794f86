"""Security headers on every response: a strict content security policy for the React app, no framing,
no MIME sniffing, and downloads that a browser can only save, never render in the application's origin.

A pure ASGI middleware (not `BaseHTTPMiddleware`): it only edits the response start, so streamed downloads
pass through untouched and unbuffered.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The built web app loads only its own scripts and styles (`vite build` emits no inline script); pdf.js runs
# its worker from /assets (or a blob: fallback) and draws pages onto canvases; uploaded scans are shown as
# blob: or data: images, and a chosen file not yet uploaded is previewed from its blob: URL (the Vào sổ form).
# Nothing may frame the application (clickjacking). A leader who signs with a USB token
# has the page talk to the signing software on his own PC (`eoffice sign-agent --serve`, on loopback): those
# addresses, and no other outside one, may be connected to.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' blob: http://127.0.0.1:* http://localhost:*",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "manifest-src 'self'",
    ]
)

# FastAPI's Swagger UI (/api/docs) is an inline bootstrap script plus assets from a CDN; it gets its own,
# looser policy so the strict one above never has to allow inline scripts for the application itself.
API_DOCS_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' https:",
        "style-src 'self' 'unsafe-inline' https:",
        "img-src 'self' data: https:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ]
)

# A stored file served by the API: no script, no plugin, no same-origin access even if a browser ignored
# `attachment` and rendered it (a PDF with JavaScript, an HTML file dressed as a PDF).
DOWNLOAD_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "interest-cohort",
    )
)

BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

HSTS = "max-age=31536000; includeSubDomains"
API_PREFIX = "/api/"
DOCS_PATHS = frozenset({"/api/docs", "/api/docs/oauth2-redirect", "/docs/oauth2-redirect"})
# The API answers in JSON; anything else under /api/v1 is a stored file (whatever type its sender claimed).
_API_OWN_TYPES = ("application/json", "application/problem+json")


def _is_api_own(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in _API_OWN_TYPES


def _as_attachment(disposition: str) -> str:
    """Keep the filename parameters, force the `attachment` type (an `inline` file is never rendered)."""
    kind, sep, params = disposition.partition(";")
    if kind.strip().lower() == "attachment":
        return disposition
    return f"attachment{sep}{params}" if sep else "attachment"


def headers_for(path: str, content_type: str, existing: Iterable[str], *, https: bool) -> dict[str, str]:
    """The security headers a response to `path` must carry, given its content type and present headers."""
    present = {name.lower() for name in existing}
    headers = dict(BASE_HEADERS)
    is_file = path.startswith("/api/v1/") and bool(content_type) and not _is_api_own(content_type)
    if path in DOCS_PATHS:
        headers["Content-Security-Policy"] = API_DOCS_POLICY
    elif is_file:
        headers["Content-Security-Policy"] = DOWNLOAD_POLICY
    else:
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    if path.startswith(API_PREFIX) and "cache-control" not in present:
        # Authenticated answers must not stay in a shared or browser cache after logout.
        headers["Cache-Control"] = "no-store"
    if https:
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeadersMiddleware:
    """Adds the headers of `headers_for` to every HTTP response; files under /api/v1 become attachments."""

    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                content_type = headers.get("content-type", "")
                for name, value in headers_for(path, content_type, headers.keys(), https=self.https).items():
                    headers[name] = value
                if path.startswith("/api/v1/") and content_type and not _is_api_own(content_type):
                    headers["Content-Disposition"] = _as_attachment(headers.get("content-disposition", ""))
            await send(message)

        await self.app(scope, receive, send_with_headers)
