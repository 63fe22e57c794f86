"""`eoffice hub`: a province's exchange hub as a small FastAPI service with its own database.

Agencies authenticate every request with their HMAC secret (registered from a JSON file at start-up).
`POST /hub/v1/messages` queues a package for one recipient (deduplicated on sender + recipient + key);
the recipient lists `GET /hub/v1/messages`, reads `GET /hub/v1/messages/{id}` and acknowledges
`POST /hub/v1/messages/{id}/ack`.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request, Response
from sqlalchemy.orm import Session

from eoffice.db.session import make_engine, make_session_factory
from eoffice.error_handlers import install_error_handlers
from eoffice.exchange._package_body import read_package_body
from eoffice.exchange.edxml import Limits
from eoffice.exchange.hub import service
from eoffice.exchange.hub.models import HubAgency, HubBase


@dataclass(frozen=True)
class HubSettings:
    data_dir: Path
    database_url: str = ""
    agencies_file: Path | None = None
    limits: Limits = Limits()
    clock_skew_seconds: int = 900

    @property
    def url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir.resolve() / 'hub.db'}"


def create_hub_app(settings: HubSettings) -> FastAPI:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.url)
    HubBase.metadata.create_all(engine)
    sessions = make_session_factory(engine)
    if settings.agencies_file is not None:
        with sessions() as session:
            service.load_agencies(session, settings.agencies_file)

    app = FastAPI(title="eOffice hub", openapi_url="/hub/openapi.json", docs_url=None, redoc_url=None)
    install_error_handlers(app)

    def get_session() -> Iterator[Session]:
        with sessions() as session:
            yield session

    SessionDep = Annotated[Session, Depends(get_session)]

    async def authenticated(request: Request, session: SessionDep) -> tuple[HubAgency, bytes]:
        body = await read_package_body(request, settings.limits.max_package_bytes)
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        agency = service.authenticate(
            session, request.method, path, request.headers, body, max_skew=settings.clock_skew_seconds
        )
        return agency, body

    Caller = Annotated[tuple[HubAgency, bytes], Depends(authenticated)]

    @app.get("/hub/health")
    def hub_health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/hub/v1/messages", status_code=202)
    def hub_post_message(caller: Caller, request: Request, session: SessionDep) -> dict[str, Any]:
        agency, body = caller
        message, duplicate = service.enqueue(session, agency, request.headers, body, settings.limits)
        return {"id": message.id, "duplicate": duplicate}

    @app.get("/hub/v1/messages")
    def hub_list_messages(
        caller: Caller, session: SessionDep, limit: Annotated[int, Query(ge=1, le=100)] = 20
    ) -> dict[str, Any]:
        agency, _ = caller
        return {
            "messages": [
                {
                    "id": m.id,
                    "sender": m.sender,
                    "idempotency_key": m.idempotency_key,
                    "kind": m.kind,
                    "size": m.size,
                    "created_at": m.created_at.isoformat(),
                }
                for m in service.pending(session, agency, limit)
            ]
        }

    @app.get("/hub/v1/messages/{message_id}")
    def hub_get_message(message_id: int, caller: Caller, session: SessionDep) -> Response:
        agency, _ = caller
        message = service.message_for(session, agency, message_id)
        return Response(message.body or b"", media_type="application/xml")

    @app.post("/hub/v1/messages/{message_id}/ack")
    def hub_ack_message(message_id: int, caller: Caller, session: SessionDep) -> dict[str, bool]:
        agency, _ = caller
        service.acknowledge(session, agency, message_id)
        return {"acknowledged": True}

    return app
