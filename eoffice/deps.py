"""FastAPI dependencies as `Annotated` aliases, so routers read like the use case."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.settings import Settings


def get_backends(request: Request) -> Backends:
    backends: Backends = request.app.state.backends
    return backends


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.backends.settings
    return settings


def get_session(backends: Annotated[Backends, Depends(get_backends)]) -> Iterator[Session]:
    """One session per request; the caller commits, anything unfinished is rolled back."""
    with backends.sessions() as session:
        yield session


BackendsDep = Annotated[Backends, Depends(get_backends)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_session)]
