"""`install_web(app, settings)`: the security and operations layer every eOffice API gets."""

from __future__ import annotations

from fastapi import FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from eoffice.settings import Settings
from eoffice.web.body_limit import BodyLimitMiddleware
from eoffice.web.observability import RequestContextMiddleware, metrics_endpoint
from eoffice.web.security import SecurityHeadersMiddleware


def install_web(app: FastAPI, settings: Settings) -> None:
    """Metrics route, request body bounds, request context (id, logs, metrics, JSON 500) and, outermost, the
    security headers — so even the 500 answer of an unexpected error carries them."""
    app.add_route("/metrics", metrics_endpoint(settings.broker_url), methods=["GET"], include_in_schema=False)
    app.add_middleware(BodyLimitMiddleware, settings=settings)
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, https=settings.public_url.startswith("https://"))
    if settings.trusted_proxies:
        # X-Forwarded-For names the client only when the peer is one of our proxies; from anyone else
        # (loopback included) it is the client's own claim and is ignored. `eoffice serve` turns uvicorn's
        # own handling (which trusts loopback by default) off, so this is the one place that decides.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
