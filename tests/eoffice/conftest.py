"""Application fixtures: every test that asks for `db_url` (directly or through `settings`, `app`, `client`,
`session`, `make_user`…) runs twice, on SQLite and on PostgreSQL — the ids show `[sqlite]` / `[postgresql]`.

One fresh, migrated database per test module and backend (a temporary SQLite file, or a new database on the
`postgres_url` server, dropped afterwards). Tests of a module share it, so they create their own data with the
factories (unique names) instead of assuming an empty database. `client` is a fresh TestClient (no cookies)
per test; `login(client, user)` from `tests.eoffice.factories` gives bearer headers.
"""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.db.migrate import upgrade
from eoffice.orgs.models import Agency, Department, User
from eoffice.settings import Settings
from tests.eoffice import factories

TEST_SECRET = "eoffice-test-secret-key"


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate one SQLite file per session; each module gets a copy (much faster than migrating again)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "eoffice.db"
    upgrade(f"sqlite:///{path}")
    return path


def _create_postgres_database(server_url: str) -> tuple[str, Callable[[], None]]:
    name = f"eoffice_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        # A throw-away database left behind costs nothing, whereas failing a passed test over its cleanup
        # (e.g. a monitoring session of another role still connected) would hide real results.
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        except DBAPIError as exc:
            warnings.warn(f"could not drop test database {name}: {exc}", stacklevel=1)
        finally:
            admin.dispose()

    return url, drop


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a fresh, migrated database for this module on the parametrised backend."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_template")
        path = tmp_path_factory.mktemp("sqlite") / "eoffice.db"
        path.write_bytes(template.read_bytes())
        yield f"sqlite:///{path}"
        return
    server_url: str = request.getfixturevalue("postgres_url")
    url, drop = _create_postgres_database(server_url)
    try:
        upgrade(url)
        yield url
    finally:
        drop()


@pytest.fixture(scope="module")
def settings(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a test installation: the module's database, local objects and SQLite search in tmp."""
    data = tmp_path_factory.mktemp("data")
    return Settings(
        environment="test",
        data_dir=data,
        secret_key=TEST_SECRET,
        database_url=db_url,
        storage_url=f"file://{data / 'objects'}",
        search_url=f"sqlite:///{data / 'search.db'}",
    )


@pytest.fixture(scope="module")
def app(settings: Settings) -> Iterator[FastAPI]:
    from eoffice.api import create_app

    application = create_app(settings)
    yield application
    application.state.backends.close()


@pytest.fixture(scope="module")
def backends(app: FastAPI) -> Backends:
    """The app's own backends (engine, sessions, object store, search index)."""
    result: Backends = app.state.backends
    return result


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A fresh client (no cookies) per test; the app and its database live for the module."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def session(backends: Backends) -> Iterator[Session]:
    """A database session on the module's database, for arranging data and checking results."""
    with backends.sessions() as db_session:
        yield db_session


@pytest.fixture
def make_agency(session: Session) -> Callable[..., Agency]:
    """`make_agency(**fields) -> Agency`, committed (see `factories.create_agency`)."""

    def make(**fields: Any) -> Agency:
        return factories.create_agency(session, **fields)

    return make


@pytest.fixture
def make_department(session: Session) -> Callable[..., Department]:
    def make(agency: Agency, **fields: Any) -> Department:
        return factories.create_department(session, agency, **fields)

    return make


@pytest.fixture
def make_user(session: Session) -> Callable[..., User]:
    """`make_user(roles=..., agency=..., department=..., username=..., password=...) -> User`, committed.

    Without `agency` a new agency is created, so users of separate calls never share one by accident.
    """

    def make(**fields: Any) -> User:
        return factories.create_user(session, **fields)

    return make
