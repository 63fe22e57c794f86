"""A leader signs an outgoing document with VNPT SmartCA through the API: the document waits "chờ xác nhận trên
điện thoại" while the loopback SmartCA simulator holds his key, the test answers on his phone, and the
leader's check finishes it — signed and valid when approved, still approved with the reason when refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.keys import pin_password
from eoffice.orgs.models import User
from eoffice.settings import Settings
from signing import TrustSettings
from signing.demo_document import DemoDocument, demo_document_pdf
from signing.validation import validate_pdf
from tests.eoffice.documents.conftest import Office
from tests.eoffice.documents.pki import SIGNING_PIN, provision
from tests.eoffice.factories import login
from tests.eoffice.races import one_winner, race
from tests.simulators import smartca

CLIENT_ID, CLIENT_SECRET = "eoffice-ubnd", "smartca-client-secret"
PASSWORD = "mat-khau-SmartCA-1"


@pytest.fixture(scope="module")
def service() -> Iterator[tuple[str, smartca.SmartCA]]:
    with smartca.running({CLIENT_ID: CLIENT_SECRET}, {}) as running:
        yield running


@pytest.fixture(scope="module")
def settings(settings: Settings, service: tuple[str, smartca.SmartCA]) -> Settings:
    """The test installation with SmartCA turned on, pointing at the simulator."""
    return settings.model_copy(
        update={
            "smartca_url": service[0],
            "smartca_client_id": CLIENT_ID,
            "smartca_client_secret": CLIENT_SECRET,
        }
    )


def _leader_at_smartca(backends: Backends, ca: smartca.SmartCA, leader: User) -> str:
    """Hand the leader's provisioned key to the simulator, as VNPT holds a SmartCA key; returns his user id."""
    object_key = leader.signing_key_ref.split(":", 1)[1]
    data = b"".join(backends.objects.get(object_key))
    key, cert, others = pkcs12.load_key_and_certificates(
        data, pin_password(backends.settings.secret_key, object_key, SIGNING_PIN)
    )
    assert isinstance(key, rsa.RSAPrivateKey) and cert is not None
    chain = [cert.public_bytes(Encoding.DER), *(c.public_bytes(Encoding.DER) for c in others)]
    username = f"0010850{leader.id:05d}"
    ca.accounts[username] = smartca.Account(PASSWORD, {f"cred-{leader.id}": smartca.Credential(key, chain)})
    return username


def _approved_document(client: TestClient, office: Office) -> int:
    route = client.post(
        "/api/v1/workflow/routes",
        json={"name": "Trình ký", "steps": [{"name": "Lãnh đạo duyệt", "user_ids": [office.leader.id]}]},
        headers=login(client, office.admin),
    )
    assert route.status_code == 201, route.text
    pdf = demo_document_pdf(DemoDocument(signer_name=office.leader.full_name, position="CHỦ TỊCH"))
    draft = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps({"title": "Về việc ký số từ xa", "doc_type": "quyet_dinh"})},
        files={"file": ("Dự thảo.pdf", pdf, "application/pdf")},
        headers=login(client, office.specialist),
    )
    assert draft.status_code == 201, draft.text
    doc_id: int = draft.json()["id"]
    assert client.post(
        f"/api/v1/outgoing/{doc_id}/submit", headers=login(client, office.specialist)
    ).is_success
    approved = client.post(
        f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=login(client, office.leader)
    )
    assert approved.json()["status"] == "approved", approved.text
    return doc_id


def _registered_leader(
    client: TestClient, office: Office, session: Session, backends: Backends, ca: smartca.SmartCA
) -> tuple[Any, str]:
    root = provision(session, backends, office.agency, [office.leader])
    session.refresh(office.leader)
    username = _leader_at_smartca(backends, ca, office.leader)
    leader = login(client, office.leader)
    wrong = client.put(
        "/api/v1/me/remote-signing", json={"username": username, "password": "sai"}, headers=leader
    )
    assert wrong.status_code == 403 and wrong.json()["code"] == "signing.remote_auth", wrong.text
    registered = client.put(
        "/api/v1/me/remote-signing", json={"username": username, "password": PASSWORD}, headers=leader
    )
    assert registered.status_code == 200, registered.text
    assert registered.json()["account"]["subject"] == office.leader.full_name
    assert PASSWORD not in registered.text
    return root, username


def _sign(client: TestClient, office: Office, doc_id: int) -> Any:
    return client.post(
        f"/api/v1/outgoing/{doc_id}/sign",
        json={"level": "B-B", "source": "smartca", "pin": PASSWORD},
        headers=login(client, office.leader),
    )


def _check(client: TestClient, user: User, doc_id: int) -> Any:
    response = client.post(f"/api/v1/outgoing/{doc_id}/remote-signature/check", headers=login(client, user))
    assert response.status_code == 200, response.text
    return response.json()


def test_the_leader_signs_with_smartca_after_approving_on_his_phone(
    client: TestClient,
    office: Office,
    session: Session,
    backends: Backends,
    service: tuple[str, smartca.SmartCA],
) -> None:
    ca = service[1]
    root, username = _registered_leader(client, office, session, backends, ca)
    doc_id = _approved_document(client, office)

    pending = _sign(client, office, doc_id)
    assert pending.status_code == 200, pending.text
    assert pending.json()["status"] == "approved"
    assert pending.json()["remote_signature"]["state"] == "pending"
    assert pending.json()["remote_signature"]["reason"] == "Chờ xác nhận trên điện thoại"
    [transaction] = ca.waiting(username)

    # a second click, or the PKCS#12 key meanwhile, sends nothing more to the phone
    again = _sign(client, office, doc_id)
    assert again.status_code == 409 and again.json()["code"] == "outgoing.signature_pending"
    local = client.post(
        f"/api/v1/outgoing/{doc_id}/sign",
        json={"level": "B-B", "pin": SIGNING_PIN},
        headers=login(client, office.leader),
    )
    assert local.status_code == 409 and local.json()["code"] == "outgoing.signature_pending"
    assert len(ca.waiting(username)) == 1

    # not yet approved: nothing changes; someone else may not finish the leader's signature
    assert _check(client, office.leader, doc_id)["remote_signature"]["state"] == "pending"
    other = client.post(
        f"/api/v1/outgoing/{doc_id}/remote-signature/check", headers=login(client, office.specialist)
    )
    assert other.status_code == 403

    ca.approve(transaction.tran_id)
    signed = _check(client, office.leader, doc_id)
    assert signed["status"] == "signed" and signed["remote_signature"]["state"] == "signed"
    assert signed["files"][-1]["role"] == "signed"
    assert [f["role"] for f in _check(client, office.leader, doc_id)["files"]].count("signed") == 1

    data = client.get(signed["files"][-1]["download_path"], headers=login(client, office.clerk)).content
    report = validate_pdf(data, TrustSettings(roots=(root,), allow_fetching=False))
    [signature] = [s for s in report.signatures if s.kind == "signature"]
    assert signature.intact and signature.signer is not None
    assert signature.signer.common_name == office.leader.full_name
    assert report.valid, [s.problems for s in report.signatures]


@pytest.mark.parametrize(("answer", "words"), [("reject", "từ chối"), ("expire", "Hết thời gian")])
def test_a_refusal_on_the_phone_leaves_the_document_unsigned_with_the_reason(
    client: TestClient,
    office: Office,
    session: Session,
    backends: Backends,
    service: tuple[str, smartca.SmartCA],
    answer: str,
    words: str,
) -> None:
    ca = service[1]
    _root, username = _registered_leader(client, office, session, backends, ca)
    doc_id = _approved_document(client, office)
    assert _sign(client, office, doc_id).status_code == 200
    [transaction] = ca.waiting(username)

    getattr(ca, answer)(transaction.tran_id)
    ended = _check(client, office.leader, doc_id)

    assert ended["status"] == "approved" and all(f["role"] != "signed" for f in ended["files"])
    assert ended["remote_signature"]["state"] == answer + ("ed" if answer == "reject" else "d")
    assert words in ended["remote_signature"]["reason"]
    # the leader may sign again, with SmartCA or with his own key
    local = client.post(
        f"/api/v1/outgoing/{doc_id}/sign",
        json={"level": "B-B", "pin": SIGNING_PIN},
        headers=login(client, office.leader),
    )
    assert local.status_code == 200 and local.json()["status"] == "signed", local.text


def test_smartca_is_refused_without_a_registered_account(
    client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    provision(session, backends, office.agency, [office.leader])
    doc_id = _approved_document(client, office)
    response = _sign(client, office, doc_id)
    assert response.status_code == 409 and response.json()["code"] == "remote_signing.no_account"
    assert "Tài khoản" in response.json()["message"]


def test_six_smartca_clicks_at_once_send_one_request_to_the_phone(
    app: FastAPI,
    client: TestClient,
    office: Office,
    session: Session,
    backends: Backends,
    service: tuple[str, smartca.SmartCA],
) -> None:
    ca = service[1]
    _root, username = _registered_leader(client, office, session, backends, ca)
    doc_id = _approved_document(client, office)
    leader = login(client, office.leader)
    body = {"level": "B-B", "source": "smartca", "pin": PASSWORD}

    one_winner(race(app, f"/api/v1/outgoing/{doc_id}/sign", leader, body), "outgoing.signature_pending")
    [transaction] = ca.waiting(username)
    ca.approve(transaction.tran_id)

    checks = race(app, f"/api/v1/outgoing/{doc_id}/remote-signature/check", leader)
    assert all(a.status_code == 200 for a in checks), [(a.status_code, a.text[:200]) for a in checks]
    detail = client.get(f"/api/v1/outgoing/{doc_id}", headers=leader).json()
    assert detail["status"] == "signed"
    assert [f["role"] for f in detail["files"]] == ["draft", "signed"]


def test_a_session_the_service_no_longer_knows_ends_the_wait_instead_of_blocking_the_document(
    client: TestClient,
    office: Office,
    session: Session,
    backends: Backends,
    service: tuple[str, smartca.SmartCA],
) -> None:
    ca = service[1]
    _root, username = _registered_leader(client, office, session, backends, ca)
    doc_id = _approved_document(client, office)
    assert _sign(client, office, doc_id).status_code == 200
    with ca.lock:
        ca.tokens.clear()  # every access token the service issued has expired

    ended = _check(client, office.leader, doc_id)

    assert ended["status"] == "approved" and ended["remote_signature"]["state"] == "expired"
    assert "hết hạn" in ended["remote_signature"]["reason"]
    again = _sign(client, office, doc_id)
    assert again.status_code == 200 and again.json()["remote_signature"]["state"] == "pending"
