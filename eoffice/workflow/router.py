"""`/api/v1/workflow/routes`: the agency's approval routes (admins configure, everyone may look)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from eoffice.auth.deps import CurrentUser
from eoffice.deps import SessionDep
from eoffice.documents.route_helpers import actor_of
from eoffice.workflow import service
from eoffice.workflow.schemas import RouteIn, RouteOut

router = APIRouter(prefix="/workflow", tags=["workflow"])


@router.get("/routes")
def list_routes(session: SessionDep, user: CurrentUser) -> list[RouteOut]:
    """The active routes of the caller's agency."""
    return [service.route_out(route) for route in service.list_routes(session, user)]


@router.post("/routes", status_code=201)
def create_route(body: RouteIn, request: Request, session: SessionDep, user: CurrentUser) -> RouteOut:
    """Define the route for a document type (or the default route); replaces the active one."""
    route = service.create_route(session, actor_of(request, user), body)
    session.commit()
    return service.route_out(route)
