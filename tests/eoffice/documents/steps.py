"""The steps the incoming tests take through the API, as the user they name."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi.testclient import TestClient

from eoffice.orgs.models import User
from tests.eoffice.factories import login

Doc = dict[str, Any]


def post(client: TestClient, user: User, path: str, body: Any = None) -> httpx.Response:
    return client.post(
        f"/api/v1/incoming{path}", json=body if body is not None else {}, headers=login(client, user)
    )


def detail(client: TestClient, user: User, doc_id: int) -> Doc:
    response = client.get(f"/api/v1/incoming/{doc_id}", headers=login(client, user))
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def told(client: TestClient, user: User, doc_id: int) -> list[dict[str, Any]]:
    """The user's notifications about the document, oldest first."""
    response = client.get("/api/v1/notifications", headers=login(client, user))
    assert response.status_code == 200, response.text
    return [n for n in reversed(response.json()["items"]) if n["document_id"] == doc_id]
