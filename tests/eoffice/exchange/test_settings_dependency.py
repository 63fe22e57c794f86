"""The exchange routers take their settings as a dependency (`ExchangeSettingsDep`), not from a global read
inside each route: an app given other exchange settings — here through FastAPI's dependency overrides — has
its inbox limit and its peer policy applied on the real endpoints."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from eoffice.exchange.settings import ExchangeSettings, get_exchange_settings
from eoffice.orgs.models import Role
from tests.eoffice.factories import login

SECRET = "khoa-dung-chung-0123456789abcdef"


@pytest.fixture
def exchange_settings(app: FastAPI) -> Iterator[dict[str, ExchangeSettings]]:
    """What the app's exchange routers see; set `["value"]` to change it for the test."""
    holder = {"value": ExchangeSettings(peer_schemes="https,http", peer_hosts="", peer_networks="")}
    app.dependency_overrides[get_exchange_settings] = lambda: holder["value"]
    try:
        yield holder
    finally:
        app.dependency_overrides.pop(get_exchange_settings, None)


def test_the_inbox_limit_is_the_injected_one(client: TestClient, exchange_settings) -> None:
    body = b"<edXML>" + b"x" * 2000 + b"</edXML>"
    exchange_settings["value"] = ExchangeSettings(max_package_bytes=1024)
    refused = client.post("/api/v1/exchange/inbox", content=body)
    assert refused.status_code == 413 and refused.json()["code"] == "edxml.too_large"
    exchange_settings["value"] = ExchangeSettings(max_package_bytes=64 * 1024)
    unsigned = client.post("/api/v1/exchange/inbox", content=body)
    assert unsigned.status_code != 413  # past the size check, refused for its missing signature instead


def test_the_peer_policy_is_the_injected_one(client: TestClient, make_user, exchange_settings) -> None:
    headers = login(client, make_user(roles=[Role.ADMIN]))
    peer = {"transport": "direct", "endpoint": "http://127.0.0.1:9", "secret": SECRET}
    refused = client.put("/api/v1/exchange/peers/000.00.00.W01", json=peer, headers=headers)
    assert refused.status_code == 422 and refused.json()["code"] == "exchange.peer_address_refused"
    exchange_settings["value"] = ExchangeSettings(peer_networks="127.0.0.0/8")
    stored = client.put("/api/v1/exchange/peers/000.00.00.W01", json=peer, headers=headers)
    assert stored.status_code == 200, stored.text
