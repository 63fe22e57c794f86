"""The web app's API client is generated from the OpenAPI spec (frontend/scripts/gen-api.mjs); a change to
the API that was not followed by `npm run gen:api` leaves the committed client describing another API."""

from __future__ import annotations

import json
from pathlib import Path

from eoffice.api import create_app

COMMITTED = Path(__file__).resolve().parents[2] / "frontend" / "openapi.json"


def test_the_committed_client_matches_the_api() -> None:
    spec = json.dumps(create_app().openapi(), ensure_ascii=False, indent=1, sort_keys=True)
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == json.loads(spec), (
        "frontend/openapi.json differs from the API: run `npm run gen:api` in frontend/ and commit the client"
    )
