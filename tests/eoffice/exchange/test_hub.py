"""The hub service: HMAC-authenticated agencies, per-recipient queues, dedup on the idempotency key, ack."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eoffice.exchange._hmac import sign_headers
from eoffice.exchange.edxml import build_document_package
from eoffice.exchange.hub import HubSettings, create_hub_app
from tests.eoffice.exchange.samples import RECIPIENT, SENDER, document_package

SECRETS = {SENDER.organ_id: "khoa-bi-mat-ha-tinh-0001", RECIPIENT.organ_id: "khoa-bi-mat-nghe-an-0002"}


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[TestClient]:
    agencies = tmp_path / "agencies.json"
    agencies.write_text(json.dumps([{"organ_id": k, "name": k, "secret": v} for k, v in SECRETS.items()]))
    with TestClient(create_hub_app(HubSettings(data_dir=tmp_path / "hub", agencies_file=agencies))) as client:
        yield client


def _call(
    client: TestClient,
    method: str,
    path: str,
    organ: str,
    *,
    recipient: str = "",
    key: str = "",
    body: bytes = b"",
    secret: str | None = None,
):  # type: ignore[no-untyped-def]
    headers = sign_headers(
        secret or SECRETS[organ], method, path, sender=organ, recipient=recipient, key=key, body=body
    )
    return client.request(method, path, content=body, headers=headers)


def test_a_package_is_queued_for_its_recipient_once_and_gone_after_ack(hub: TestClient) -> None:
    body = build_document_package(document_package())
    first = _call(
        hub, "POST", "/hub/v1/messages", SENDER.organ_id, recipient=RECIPIENT.organ_id, key="k1", body=body
    )
    again = _call(
        hub, "POST", "/hub/v1/messages", SENDER.organ_id, recipient=RECIPIENT.organ_id, key="k1", body=body
    )
    assert first.status_code == 202 and again.status_code == 202
    assert again.json() == {"id": first.json()["id"], "duplicate": True}

    listing = _call(hub, "GET", "/hub/v1/messages?limit=20", RECIPIENT.organ_id).json()["messages"]
    assert [(m["sender"], m["idempotency_key"], m["kind"]) for m in listing] == [
        (SENDER.organ_id, "k1", "document")
    ]
    message_id = listing[0]["id"]
    fetched = _call(hub, "GET", f"/hub/v1/messages/{message_id}", RECIPIENT.organ_id)
    assert fetched.content == body
    assert _call(hub, "GET", "/hub/v1/messages?limit=20", SENDER.organ_id).json()["messages"] == []
    assert _call(hub, "GET", f"/hub/v1/messages/{message_id}", SENDER.organ_id).status_code == 404

    assert _call(hub, "POST", f"/hub/v1/messages/{message_id}/ack", RECIPIENT.organ_id).status_code == 200
    assert _call(hub, "GET", "/hub/v1/messages?limit=20", RECIPIENT.organ_id).json()["messages"] == []


def test_wrong_secret_or_unknown_agency_is_401(hub: TestClient) -> None:
    wrong = _call(hub, "GET", "/hub/v1/messages", RECIPIENT.organ_id, secret="khong-phai-khoa-nay-0000")
    assert wrong.status_code == 401 and wrong.json()["code"] == "exchange.auth_failed"
    unknown = _call(hub, "GET", "/hub/v1/messages", "000.00.99.X01", secret="x" * 20)
    assert unknown.status_code == 401


def test_a_tampered_body_fails_authentication(hub: TestClient) -> None:
    body = build_document_package(document_package())
    headers = sign_headers(
        SECRETS[SENDER.organ_id],
        "POST",
        "/hub/v1/messages",
        sender=SENDER.organ_id,
        recipient=RECIPIENT.organ_id,
        key="k2",
        body=body,
    )
    response = hub.post("/hub/v1/messages", content=body.replace(b"05/Q", b"06/Q"), headers=headers)
    assert response.status_code == 401


def test_the_hub_refuses_packages_it_cannot_vouch_for(hub: TestClient) -> None:
    body = build_document_package(document_package())
    unregistered = _call(
        hub, "POST", "/hub/v1/messages", SENDER.organ_id, recipient="000.00.13.H40", key="k3", body=body
    )
    assert unregistered.status_code == 422 and unregistered.json()["code"] == "hub.recipient_unknown"
    # RECIPIENT may not post a package whose From is SENDER
    forged = _call(
        hub, "POST", "/hub/v1/messages", RECIPIENT.organ_id, recipient=SENDER.organ_id, key="k4", body=body
    )
    assert forged.status_code == 422 and forged.json()["code"] == "hub.sender_mismatch"
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    refused = _call(
        hub, "POST", "/hub/v1/messages", SENDER.organ_id, recipient=RECIPIENT.organ_id, key="k5", body=hostile
    )
    assert refused.status_code == 422 and refused.json()["code"] == "edxml.doctype_forbidden"
    assert _call(hub, "GET", "/hub/v1/messages", RECIPIENT.organ_id).json()["messages"] == []
