"""A leader signs an outgoing document with the USB token on his own PC: the server prepares the PDF, the
test (in the browser's place) carries the signing request over real HTTP to `eoffice sign-agent --serve`
running as a subprocess with a SoftHSM2 token, and carries the answer back; pyHanko and `pdfsig` check the
result. The agent answers only the eOffice site's origin."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.backends import Backends
from eoffice.remote_signing.models import RemoteSignature
from signing import TrustSettings
from signing.validation import validate_pdf
from tests.eoffice.documents.conftest import Office
from tests.eoffice.documents.pki import SIGNING_PIN, _cert, _name, provision
from tests.eoffice.documents.test_remote_signing import _approved_document
from tests.eoffice.factories import login
from tests.eoffice.races import one_winner, race
from tests.signing.pdfsig import assert_pdfsig_valid
from tests.signing.softhsm import KEY_LABEL, TOKEN_LABEL, USER_PIN, find_module
from tests.signing.test_external import agent_command

ORIGIN = "http://testserver"  # the eOffice site, as the TestClient's browser is
LEADER = "Nguyễn Văn An"  # the common name of the token's certificate
REPO = Path(__file__).resolve().parents[3]

# Loads the key and certificates onto a fresh token in a process of its own: SoftHSM reads its
# configuration once per process, and this one must not disturb the session token of tests/signing.
_LOAD_TOKEN = """
import sys
from pathlib import Path
from asn1crypto import keys, x509
from tests.signing.softhsm import create_token
folder = Path(sys.argv[1])
key = keys.PrivateKeyInfo.load((folder / "key.der").read_bytes())
certs = [x509.Certificate.load(folder.joinpath(f"cert{i}.der").read_bytes()) for i in range(2)]
create_token(folder, key, certs[0], (certs[1],))
"""


@dataclass(frozen=True)
class Token:
    """A SoftHSM2 token of this module holding the leader's key; `root` is the CA that issued it."""

    config: Path
    module_path: str
    certificate: asn1_x509.Certificate
    root: asn1_x509.Certificate
    nss_dir: Path


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> Token:
    module_path = find_module()
    assert module_path is not None and shutil.which("softhsm2-util"), "SoftHSM2 is not installed"
    folder = tmp_path_factory.mktemp("token")
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("CA thử nghiệm USB token", "eOffice Test")
    ca = _cert(ca_name, ca_key, ca_name, ca_key, True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _cert(_name(LEADER, "UBND tỉnh Demo"), key, ca_name, ca_key, False)
    der = serialization.Encoding.DER
    (folder / "key.der").write_bytes(
        key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (folder / "cert0.der").write_bytes(cert.public_bytes(der))
    (folder / "cert1.der").write_bytes(ca.public_bytes(der))
    subprocess.run([sys.executable, "-c", _LOAD_TOKEN, str(folder)], cwd=REPO, check=True, timeout=120)
    nss_dir = folder / "nssdb"
    nss_dir.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss_dir}", "--empty-password"], check=True)
    return Token(
        config=folder / "softhsm2.conf",
        module_path=module_path,
        certificate=asn1_x509.Certificate.load(cert.public_bytes(der)),
        root=asn1_x509.Certificate.load(ca.public_bytes(der)),
        nss_dir=nss_dir,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def agent(token: Token) -> Iterator[str]:
    """`eoffice sign-agent --serve` on a free loopback port, the token's PIN given to it at start."""
    port = _free_port()
    options = ["--pkcs11-module", token.module_path, "--token-label", TOKEN_LABEL, "--key-label", KEY_LABEL]
    process = subprocess.Popen(
        [*agent_command(), *options, "--pin-env", "TOKEN_PIN", "--serve", "--port", str(port)]
        + ["--allow-origin", ORIGIN],
        env={**os.environ, "SOFTHSM2_CONF": str(token.config), "TOKEN_PIN": USER_PIN},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.communicate()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                assert time.monotonic() < deadline, "sign-agent did not listen"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _register_token(client: TestClient, office: Office, token: Token) -> dict[str, str]:
    leader = login(client, office.leader)
    bad = client.put("/api/v1/me/signing-token", json={"certificate": "không phải chứng thư"}, headers=leader)
    assert bad.status_code == 422 and bad.json()["code"] == "token_signing.certificate_invalid", bad.text
    certificates = b"".join(pem.armor("CERTIFICATE", c.dump()) for c in (token.certificate, token.root))
    registered = client.put(
        "/api/v1/me/signing-token", json={"certificate": certificates.decode("ascii")}, headers=leader
    )
    assert registered.status_code == 200, registered.text
    assert registered.json()["registered"] is True
    assert registered.json()["subject"] == LEADER
    assert registered.json()["certificate_sha256"] == token.certificate.sha256.hex()
    return leader


def _prepare(client: TestClient, doc_id: int, headers: dict[str, str]) -> httpx.Response:
    return client.post(
        f"/api/v1/outgoing/{doc_id}/token-signature/prepare", json={"level": "B-B"}, headers=headers
    )


def _to_agent(agent: str, request: Any, origin: str = ORIGIN) -> httpx.Response:
    return httpx.post(f"{agent}/sign", json=request, headers={"Origin": origin}, timeout=30)


@pytest.fixture
def leader_with_token(
    client: TestClient, office: Office, session: Session, backends: Backends, token: Token
) -> dict[str, str]:
    provision(session, backends, office.agency, [office.leader])  # his signature image, and a PKCS#12 key
    session.refresh(office.leader)
    return _register_token(client, office, token)


def test_the_leader_signs_with_his_usb_token_through_the_agent(
    app: FastAPI,
    client: TestClient,
    office: Office,
    leader_with_token: dict[str, str],
    agent: str,
    token: Token,
    tmp_path: Path,
) -> None:
    leader = leader_with_token
    doc_id = _approved_document(client, office)
    # his key is the token now: the server cannot sign for him, not even with the old PIN
    local = client.post(
        f"/api/v1/outgoing/{doc_id}/sign", json={"level": "B-B", "pin": SIGNING_PIN}, headers=leader
    )
    assert local.status_code == 409 and local.json()["code"] == "keys.on_token", local.text

    prepared = _prepare(client, doc_id, leader)
    assert prepared.status_code == 200, prepared.text
    request = prepared.json()["request"]
    assert request["certificate_sha256"] == token.certificate.sha256.hex()
    assert prepared.json()["document"]["status"] == "approved"
    assert prepared.json()["document"]["remote_signature"]["provider"] == "token"
    assert prepared.json()["document"]["remote_signature"]["state"] == "pending"
    # a second click prepares nothing more, and the SmartCA check leaves a token signature alone
    again = _prepare(client, doc_id, leader)
    assert again.status_code == 409 and again.json()["code"] == "outgoing.signature_pending"
    check = client.post(f"/api/v1/outgoing/{doc_id}/remote-signature/check", headers=leader)
    assert check.status_code == 200 and check.json()["remote_signature"]["state"] == "pending"

    answered = _to_agent(agent, request)
    assert answered.status_code == 200, answered.text
    assert answered.headers["access-control-allow-origin"] == ORIGIN
    path = f"/api/v1/outgoing/{doc_id}/token-signature/complete"
    answers = race(app, path, leader, answered.json())
    winner = one_winner(answers, "outgoing.no_token_signature", "document.wrong_state")
    signed = winner.json()
    assert signed["status"] == "signed", signed
    assert signed["remote_signature"]["state"] == "signed"
    assert [f["role"] for f in signed["files"]].count("signed") == 1

    data = client.get(signed["files"][-1]["download_path"], headers=login(client, office.clerk)).content
    report = validate_pdf(data, TrustSettings(roots=(token.root,), allow_fetching=False))
    [signature] = [s for s in report.signatures if s.kind == "signature"]
    assert signature.intact and signature.valid, signature.problems
    assert signature.signer is not None and signature.signer.common_name == LEADER
    pdf = tmp_path / "token-signed.pdf"
    pdf.write_bytes(data)
    assert_pdfsig_valid(pdf, token.nss_dir, expect_signatures=1)


def test_the_agent_refuses_other_pages_and_other_certificates(
    client: TestClient,
    office: Office,
    leader_with_token: dict[str, str],
    agent: str,
) -> None:
    leader = leader_with_token
    doc_id = _approved_document(client, office)
    request = _prepare(client, doc_id, leader).json()["request"]

    # any other web page the leader opens: refused, and no CORS header lets it read the answer
    for origin in ("https://trang-la.example", "http://testserver.example", "null"):
        foreign = _to_agent(agent, request, origin)
        assert foreign.status_code == 403 and foreign.json()["code"] == "agent.origin", foreign.text
        assert "access-control-allow-origin" not in foreign.headers
        preflight = httpx.options(
            f"{agent}/sign",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status_code == 403 and "access-control-allow-origin" not in preflight.headers
    no_origin = httpx.post(f"{agent}/sign", json=request, timeout=30)
    assert no_origin.status_code == 403
    rebinding = httpx.post(
        f"{agent}/sign", json=request, headers={"Origin": ORIGIN, "Host": "eoffice.example"}, timeout=30
    )
    assert rebinding.status_code == 403 and rebinding.json()["code"] == "agent.host"
    allowed = httpx.options(
        f"{agent}/sign",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Private-Network": "true",
        },
    )
    assert allowed.status_code == 204 and allowed.headers["access-control-allow-origin"] == ORIGIN
    assert allowed.headers["access-control-allow-private-network"] == "true"
    status = httpx.get(f"{agent}/status", headers={"Origin": ORIGIN})
    assert status.status_code == 200 and status.json()["subject"] == LEADER

    # a request for another certificate: the agent does not sign it
    other = _to_agent(agent, {**request, "certificate_sha256": "ab" * 32})
    assert other.status_code == 409 and other.json()["code"] == "signing.key_unavailable", other.text

    # another key's signature sent to the server: refused, the request stays pending for the right one
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = stranger.sign(
        base64.b64decode(request["digest"]), padding.PKCS1v15(), utils.Prehashed(hashes.SHA256())
    )
    body = {"id": request["id"], "signature": base64.b64encode(forged).decode("ascii")}
    wrong = client.post(f"/api/v1/outgoing/{doc_id}/token-signature/complete", json=body, headers=leader)
    assert wrong.status_code == 409 and wrong.json()["code"] == "signing.external_signature_invalid"
    stale = client.post(
        f"/api/v1/outgoing/{doc_id}/token-signature/complete",
        json={**_to_agent(agent, request).json(), "id": "khac"},
        headers=leader,
    )
    assert stale.status_code == 409 and stale.json()["code"] == "outgoing.token_signature_stale"
    # a signature value that is not base64 (here not even ASCII): a clear 422, the request stays pending
    for garbled in ("không phải base64", "@@@@"):
        bad = client.post(
            f"/api/v1/outgoing/{doc_id}/token-signature/complete",
            json={"id": request["id"], "signature": garbled},
            headers=leader,
        )
        assert bad.status_code == 422 and bad.json()["detail"] == [
            {"field": "signature", "problem": "base64"}
        ]
    # someone else cannot finish or cancel the leader's signature
    specialist = login(client, office.specialist)
    answer = _to_agent(agent, request).json()
    foreign_complete = client.post(
        f"/api/v1/outgoing/{doc_id}/token-signature/complete", json=answer, headers=specialist
    )
    assert foreign_complete.status_code in (403, 404)
    done = client.post(f"/api/v1/outgoing/{doc_id}/token-signature/complete", json=answer, headers=leader)
    assert done.status_code == 200 and done.json()["status"] == "signed", done.text


def test_an_abandoned_or_cancelled_token_signature_ends_cleanly(
    client: TestClient,
    office: Office,
    session: Session,
    leader_with_token: dict[str, str],
    agent: str,
) -> None:
    leader = leader_with_token
    doc_id = _approved_document(client, office)

    # the agent was not running: the browser cancels, and the leader may sign again at once
    assert _prepare(client, doc_id, leader).status_code == 200
    cancelled = client.post(f"/api/v1/outgoing/{doc_id}/token-signature/cancel", headers=leader)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["remote_signature"]["state"] == "cancelled"
    assert cancelled.json()["status"] == "approved"
    nothing = client.post(f"/api/v1/outgoing/{doc_id}/token-signature/cancel", headers=leader)
    assert nothing.status_code == 409 and nothing.json()["code"] == "outgoing.no_token_signature"

    # the tab was closed: after the wait the request no longer blocks the document
    first = _prepare(client, doc_id, leader).json()["request"]
    _age_token_signatures(session, doc_id)
    second = _prepare(client, doc_id, leader)
    assert second.status_code == 200, second.text
    late_answer = _to_agent(agent, first).json()
    stale = client.post(
        f"/api/v1/outgoing/{doc_id}/token-signature/complete", json=late_answer, headers=leader
    )
    assert stale.status_code == 409 and stale.json()["code"] == "outgoing.token_signature_stale"

    # an answer that comes after the wait ends the request as expired, the document unsigned
    answer = _to_agent(agent, second.json()["request"]).json()
    _age_token_signatures(session, doc_id)
    late = client.post(f"/api/v1/outgoing/{doc_id}/token-signature/complete", json=answer, headers=leader)
    assert late.status_code == 200, late.text
    assert late.json()["status"] == "approved"
    assert late.json()["remote_signature"]["state"] == "expired"
    assert "quá thời gian" in late.json()["remote_signature"]["reason"]
    assert all(f["role"] != "signed" for f in late.json()["files"])


def _age_token_signatures(session: Session, doc_id: int) -> None:
    """Move the document's token signatures back past the wait, as if the leader had walked away."""
    session.execute(
        update(RemoteSignature)
        .where(RemoteSignature.document_id == doc_id)
        .values(created_at=clock.now() - timedelta(minutes=30))
    )
    session.commit()


def test_only_the_token_certificate_is_registered_and_can_be_removed(
    client: TestClient, office: Office, leader_with_token: dict[str, str]
) -> None:
    leader = leader_with_token
    status = client.get("/api/v1/me/signing-token", headers=leader)
    assert status.json()["registered"] is True
    removed = client.delete("/api/v1/me/signing-token", headers=leader)
    assert removed.status_code == 200 and removed.json() == {
        "registered": False,
        "subject": "",
        "certificate_sha256": "",
        "not_after": None,
    }
    doc_id = _approved_document(client, office)
    refused = _prepare(client, doc_id, leader)
    assert refused.status_code == 409 and refused.json()["code"] == "keys.missing", refused.text


def test_the_agent_does_not_serve_without_naming_the_eoffice_site(token: Token) -> None:
    options = ["--pkcs11-module", token.module_path, "--token-label", TOKEN_LABEL, "--pin-env", "TOKEN_PIN"]
    started = subprocess.run(
        [*agent_command(), *options, "--serve", "--port", str(_free_port())],
        env={**os.environ, "SOFTHSM2_CONF": str(token.config), "TOKEN_PIN": USER_PIN},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert started.returncode == 1
    assert "--allow-origin" in started.stderr and "Traceback" not in started.stderr
