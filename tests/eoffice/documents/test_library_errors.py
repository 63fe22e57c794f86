"""A storage or search failure reaches the user as a clear answer with a stable code, never `internal_error`.

The failures are real: an object removed from the store behind the database's back, and a search backend
that does not answer (an Elasticsearch URL on a port where nothing listens).
"""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eoffice.api import create_app
from eoffice.settings import Settings
from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.factories import login


def test_a_file_missing_from_the_store_is_a_clear_404(
    client: TestClient, office: Office, settings: Settings
) -> None:
    clerk = login(client, office.clerk)
    doc = register(client, clerk, files=[("cv.pdf", pdf_bytes(), "application/pdf")])
    [stored] = doc["files"]
    objects = Path(settings.storage_url.removeprefix("file://"))
    [path] = [
        p
        for p in objects.rglob("*")
        if p.is_file()
        and ".eoffice" not in p.parts
        and hashlib.sha256(p.read_bytes()).hexdigest() == stored["sha256"]
    ]
    key = path.relative_to(objects)
    path.unlink()  # the object is gone from the store behind the database's back (a bucket emptied), so
    (objects / ".eoffice" / "meta" / f"{key}.json").unlink()  # its record in the store goes too

    response = client.get(stored["download_path"], headers=clerk)
    assert response.status_code == 404, response.text
    body = response.json()
    assert body["code"] == "storage.not_found"
    assert "không còn trong kho lưu trữ" in body["message"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def searchless(settings: Settings) -> Iterator[TestClient]:
    """The same installation with its search backend unreachable."""
    down = settings.model_copy(update={"search_url": f"http://127.0.0.1:{_closed_port()}"})
    app = create_app(down)
    try:
        with TestClient(app) as client:
            yield client
    finally:
        app.state.backends.close()


def test_search_backend_down_is_a_503(searchless: TestClient, office: Office) -> None:
    response = searchless.get(
        "/api/v1/search", params={"q": "cải cách hành chính"}, headers=login(searchless, office.clerk)
    )
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "search.unavailable"
    assert response.json()["message"]
