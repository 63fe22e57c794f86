"""A demo installation served in-process, shared by the web-security, observability and hostile-file tests:
the embedded backends (SQLite, local files, FTS5) under a temporary data folder, `eoffice demo`'s agency and
users, bearer headers per demo role, and a known password for browser-style (cookie) logins.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount

from eoffice.api import create_app
from eoffice.auth import hash_password
from eoffice.orgs.models import User
from eoffice.settings import Settings
from tests.eoffice.maintenance import flows

DEMO_ROLES = ("admin", "vanthu", "chuyenvien", "truongphong", "lanhdao")
PASSWORD = "Mat-khau-bi-mat-7Q!zx"  # distinctive, so a leak into logs or the database is easy to find


@dataclass
class DemoWeb:
    settings: Settings
    app: FastAPI
    client: TestClient
    ids: dict[str, int]
    headers: dict[str, dict[str, str]]  # demo username → bearer headers

    @property
    def backends(self) -> Any:
        return self.app.state.backends


def set_password(settings: Settings, user_id: int, password: str = PASSWORD) -> None:
    with flows.closing_backends(settings) as backends, backends.sessions() as session:
        user = session.get(User, user_id)
        assert user is not None
        user.password_hash = hash_password(password)
        session.commit()


def keep_mount_last(app: FastAPI) -> None:
    """After adding a route to a built app, the web app's catch-all mount at "/" must stay last."""
    app.router.routes.sort(key=lambda route: isinstance(route, Mount))


@contextmanager
def demo_web(data: Path, **overrides: Any) -> Iterator[DemoWeb]:
    """Migrate, run `eoffice demo`, give every demo user `PASSWORD`, and serve the app in-process."""
    settings = flows.embedded_stack(data).settings
    if overrides:
        settings = settings.model_copy(update=overrides)
    ids = flows.migrate_and_demo(settings)
    for name in DEMO_ROLES:
        set_password(settings, ids[name])
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            headers = {name: flows.bearer(settings, ids[name]) for name in DEMO_ROLES}
            yield DemoWeb(settings, app, client, ids, headers)
    finally:
        backends = app.state.backends
        if "search" in backends.__dict__:
            backends.search.close()
        backends.close()


def login_cookie(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Browser login: the client keeps the session cookie; returns the CSRF header writes need."""
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}


def is_vietnamese(message: str) -> bool:
    """A user-facing message in Vietnamese: it has letters only Vietnamese uses (ă, ơ, ư, đ, tone marks)."""
    return any(
        ch in message.lower() for ch in "ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữự"
    )
