"""FastAPI application factory: `/api/health`, the feature routers under `/api/v1`, and the web app at `/`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from eoffice.backends import Backends
from eoffice.error_handlers import ERROR_RESPONSES, install_error_handlers
from eoffice.settings import Settings, get_settings
from eoffice.web import install_web

FRONTEND_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"


def _operation_id(route: APIRoute) -> str:
    """Stable operation ids (the function name) so the frontend client is generated, not hand-written."""
    return route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    backends = Backends(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        backends.close()

    app = FastAPI(
        title="eOffice",
        description="Hệ thống quản lý văn bản và điều hành",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    app.state.backends = backends
    install_error_handlers(app)
    install_web(app, settings)

    @app.get("/api/health", tags=["system"])
    def health() -> JSONResponse:
        """Each configured backend's state; 503 when any is down, so a load balancer can act on it."""
        report: dict[str, Any] = backends.health()
        ok = all(item["status"] == "ok" for item in report.values())
        return JSONResponse(
            {"status": "ok" if ok else "error", "backends": report}, status_code=200 if ok else 503
        )

    for router in _feature_routers():
        app.include_router(router, prefix="/api/v1", responses=ERROR_RESPONSES)

    _mount_frontend(app, Path(settings.frontend_dir) if settings.frontend_dir else FRONTEND_DIST)
    return app


def _feature_routers() -> list[Any]:
    """Every feature slice's router; a slice adds itself here."""
    from eoffice.auth.router import router as auth_router
    from eoffice.calendar.router import router as calendar_router
    from eoffice.checks.router import router as checks_router
    from eoffice.documents.router import router as documents_router
    from eoffice.drafting.router import router as drafting_router
    from eoffice.exchange.router import router as exchange_router
    from eoffice.history.router import router as history_router
    from eoffice.incoming.prefill.router import router as prefill_router
    from eoffice.incoming.router import router as incoming_router
    from eoffice.notifications.router import router as notifications_router
    from eoffice.orgs.router import router as orgs_router
    from eoffice.outgoing.router import router as outgoing_router
    from eoffice.outgoing.token_router import router as outgoing_token_router
    from eoffice.processing.router import router as processing_router
    from eoffice.registers.router import router as registers_router
    from eoffice.remote_signing.router import router as remote_signing_router
    from eoffice.reports.router import router as reports_router
    from eoffice.signing_pin.router import router as signing_pin_router
    from eoffice.verification.router import router as signatures_router
    from eoffice.workflow.router import router as workflow_router

    return [
        auth_router,
        orgs_router,
        prefill_router,
        incoming_router,
        outgoing_router,
        workflow_router,
        documents_router,
        exchange_router,
        reports_router,
        registers_router,
        processing_router,
        notifications_router,
        checks_router,
        drafting_router,
        signatures_router,
        history_router,
        signing_pin_router,
        remote_signing_router,
        outgoing_token_router,
        calendar_router,
    ]


def _mount_frontend(app: FastAPI, dist: Path) -> None:
    if dist.is_dir():
        from eoffice.web_app import SinglePageApp

        app.mount("/", SinglePageApp(directory=dist, html=True), name="frontend")
