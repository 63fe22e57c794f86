"""External signer (interrupted signing): prepare on the server, sign the digest elsewhere, complete.

The key holder is played by ``eoffice sign-agent`` run as a real subprocess (PKCS#12 file and SoftHSM token)
and, for the error paths, by :class:`signing.external.PrivateKeyDigestSigner` in process. Every produced PDF
is checked by pyHanko against the test PKI and by poppler's ``pdfsig``.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from signing import LeaderAppearance, PadesLevel, SignerBlock, TimestampUnavailableError
from signing.demo_document import demo_document_pdf
from signing.demo_images import signature_image
from signing.external import (
    ExternalSignatureInvalidError,
    PendingSignature,
    PrivateKeyDigestSigner,
    SigningRequest,
    SigningResponse,
    complete,
    prepare,
    sign_request,
)
from signing.pkcs12 import Pkcs12Signer
from signing.validation import validate_pdf
from tests.signing.pdfsig import assert_pdfsig_valid
from tests.signing.softhsm import SoftHsmToken, leader_token

LEADER = "Nguyễn Văn An"


@pytest.fixture(scope="module")
def leader(pki) -> Pkcs12Signer:
    return pki.signer("leader")


@pytest.fixture(scope="module")
def document() -> bytes:
    return demo_document_pdf()


@pytest.fixture(scope="module")
def token(pki, tmp_path_factory: pytest.TempPathFactory) -> SoftHsmToken:
    return leader_token(pki, tmp_path_factory)


def assert_valid(pdf: bytes, pki, *, level: PadesLevel = PadesLevel.B_B, online: bool = True) -> None:
    """eOffice's validation (against the test root) and pdfsig both accept the leader's signature."""
    report = validate_pdf(pdf, pki.trust(online=online))
    [signature] = [item for item in report.signatures if item.kind == "signature"]
    assert signature.valid, signature.problems
    assert signature.signer is not None and signature.signer.common_name == LEADER
    assert signature.level is level
    path = pki.directory / f"external-{uuid.uuid4().hex}.pdf"
    path.write_bytes(pdf)
    assert_pdfsig_valid(path, pki.nss_dir, expect_signatures=1)


@functools.cache
def agent_command() -> tuple[str, ...]:
    """``eoffice sign-agent`` once the lead has wired it into the CLI, else this module run directly."""
    eoffice = Path(sys.executable).with_name("eoffice")
    if eoffice.exists():
        probe = subprocess.run([str(eoffice), "sign-agent", "--help"], capture_output=True, check=False)
        if probe.returncode == 0:
            return (str(eoffice), "sign-agent")
    return (sys.executable, "-m", "eoffice.commands.sign_agent", "sign-agent")


def token_options(token: SoftHsmToken) -> tuple[str, ...]:
    return (
        "--pkcs11-module",
        token.module_path,
        "--token-label",
        token.label,
        "--key-label",
        token.key_label,
        "--pin-env",
        "TOKEN_PIN",
    )


def run_agent(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*agent_command(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def run_leader_p12_agent(pki, stdin: str) -> subprocess.CompletedProcess[str]:
    """The agent with the leader's PKCS#12 file, its password passed through the environment."""
    env = {**os.environ, "P12_PASSWORD": pki.password}
    return run_agent("--pkcs12", str(pki.leader_p12), "--password-env", "P12_PASSWORD", stdin=stdin, env=env)


def test_agent_with_pkcs12_signs_a_visible_leader_signature(pki, leader, document, tmp_path):
    appearance = LeaderAppearance(signature_image(LEADER), SignerBlock(LEADER, "CHỦ TỊCH"))
    pending = prepare(document, leader.certificate, leader.chain, appearance=appearance)
    # The server keeps the pending state (here: a JSON file) and sends only the request to the agent.
    stored = tmp_path / "pending.json"
    stored.write_text(pending.model_dump_json(), encoding="utf-8")
    request = pending.request()
    assert request.subject == LEADER
    assert len(request.digest) == 32

    result = run_leader_p12_agent(pki, request.model_dump_json())
    assert result.returncode == 0, result.stderr
    response = SigningResponse.model_validate_json(result.stdout)
    assert response.id == request.id

    restored = PendingSignature.model_validate_json(stored.read_text(encoding="utf-8"))
    signed = complete(restored, response.signature)
    assert_valid(signed, pki)
    assert signed.startswith(document), "the signature must be an incremental update of the original"


def test_agent_with_softhsm_token_completes_b_lta_that_validates_offline(pki, token, document, tmp_path):
    pending = prepare(
        document,
        token.certificate,
        token.chain,
        level=PadesLevel.B_LTA,
        tsa_url=pki.tsa_url,
        trust=pki.trust(),
    )
    requests = tmp_path / "requests.json"
    requests.write_text(json.dumps([json.loads(pending.request().model_dump_json())]), encoding="utf-8")
    env = {**token.env(), "TOKEN_PIN": token.user_pin}
    result = run_agent("--request", str(requests), *token_options(token), env=env)
    assert result.returncode == 0, result.stderr
    [answer] = json.loads(result.stdout)
    response = SigningResponse.model_validate_json(json.dumps(answer))

    signed = complete(pending, response.signature, tsa_url=pki.tsa_url, trust=pki.trust())
    assert len(PdfFileReader(BytesIO(signed)).embedded_timestamp_signatures) == 1
    assert_valid(signed, pki, level=PadesLevel.B_LTA, online=False)


def test_agent_reports_a_wrong_pin_in_vietnamese(token, pki):
    request = SigningRequest(
        id="x",
        digest_algorithm="sha256",
        digest=bytes(32),
        signature_algorithm="rsassa_pkcs1v15",
        certificate_sha256=token.certificate.sha256.hex(),
    )
    result = run_agent(
        *token_options(token),
        stdin=request.model_dump_json(),
        env={**token.env(), "TOKEN_PIN": "000000"},
    )
    assert result.returncode != 0
    assert "Mã PIN của thiết bị ký số không đúng" in result.stderr
    assert result.stdout == ""


def test_agent_refuses_a_request_for_another_certificate(pki, document):
    agency = pki.signer("agency")
    pending = prepare(document, agency.certificate, agency.chain)
    result = run_leader_p12_agent(pki, pending.request().model_dump_json())
    assert result.returncode != 0
    assert "chứng thư số khác" in result.stderr


def test_a_signature_by_another_key_is_rejected(pki, leader, document):
    pending = prepare(document, leader.certificate, leader.chain)
    agency_key = PrivateKeyDigestSigner.from_pkcs12(pki.agency_p12, pki.password)
    foreign = agency_key.sign_digest(pending.digest, pending.digest_algorithm)
    with pytest.raises(ExternalSignatureInvalidError) as caught:
        complete(pending, foreign)
    assert caught.value.code == "signing.external_signature_invalid"

    with pytest.raises(ExternalSignatureInvalidError):
        complete(pending, b"\x00" * 256)


def test_a_signature_over_another_document_is_rejected(pki, leader, document):
    first = prepare(document, leader.certificate, leader.chain)
    second = prepare(document, leader.certificate, leader.chain, field_name="KhacVanBan")
    key = PrivateKeyDigestSigner.from_pkcs12(pki.leader_p12, pki.password)
    answer = sign_request(second.request(), key)
    with pytest.raises(ExternalSignatureInvalidError):
        complete(first, answer.signature)


def test_unreachable_time_stamp_authority_fails_completion(pki, leader, document):
    pending = prepare(document, leader.certificate, leader.chain, level="B-T", tsa_url=pki.tsa_url)
    key = PrivateKeyDigestSigner.from_pkcs12(pki.leader_p12, pki.password)
    answer = sign_request(pending.request(), key)
    with pytest.raises(TimestampUnavailableError):
        complete(pending, answer.signature, tsa_url="http://127.0.0.1:9/tsa", tsa_timeout=2)
    # The same answer still completes once the authority is back: nothing was consumed.
    assert_valid(complete(pending, answer.signature, tsa_url=pki.tsa_url), pki, level=PadesLevel.B_T)


def test_revoked_certificate_is_refused_before_anything_is_signed(pki, document):
    revoked = pki.signer("revoked")
    with pytest.raises(Exception) as caught:
        prepare(
            document, revoked.certificate, revoked.chain, level="B-LT", tsa_url=pki.tsa_url, trust=pki.trust()
        )
    assert getattr(caught.value, "code", None) == "signing.certificate_revoked"
