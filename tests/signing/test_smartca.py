"""VNPT SmartCA remote signing: the client against the loopback simulator, with the test PKI's leader key held
"at the service". The holder's answer on the phone is given by the test (`approve`, `reject`, `expire`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

from signing import PadesLevel
from signing.demo_document import demo_document_pdf
from signing.errors import (
    RemoteCredentialNotFoundError,
    RemoteSigningAuthError,
    RemoteSigningUnavailableError,
)
from signing.smartca import (
    PendingRemoteSignature,
    SmartCAClient,
    SmartCAConfig,
    TransactionState,
    finish_signing,
    start_signing,
)
from signing.validation import validate_pdf
from tests.signing.conftest import TestPKI
from tests.signing.pdfsig import assert_pdfsig_valid
from tests.simulators import smartca

CLIENT_ID, CLIENT_SECRET = "eoffice-demo", "client-secret-1"
USER, PASSWORD, CREDENTIAL = "001085012345", "mat-khau-SmartCA", "cred-leader-01"


@pytest.fixture(scope="module")
def service(pki: TestPKI) -> Iterator[tuple[str, smartca.SmartCA]]:
    key, cert, _others = pkcs12.load_key_and_certificates(pki.leader_p12.read_bytes(), pki.password.encode())
    assert isinstance(key, rsa.RSAPrivateKey) and cert is not None
    chain = [cert.public_bytes(Encoding.DER), pki.intermediate.dump()]
    accounts = {USER: smartca.Account(PASSWORD, {CREDENTIAL: smartca.Credential(key, chain)})}
    with smartca.running({CLIENT_ID: CLIENT_SECRET}, accounts) as running:
        yield running


@pytest.fixture
def client(service: tuple[str, smartca.SmartCA]) -> SmartCAClient:
    return SmartCAClient(SmartCAConfig(service[0], CLIENT_ID, CLIENT_SECRET))


def _start(client: SmartCAClient) -> tuple[str, PendingRemoteSignature]:
    token = client.login(USER, PASSWORD)
    assert client.credentials(token) == [CREDENTIAL]
    pending = start_signing(client, token, CREDENTIAL, demo_document_pdf(), level=PadesLevel.B_B)
    # stored between requests as JSON, as the application keeps it
    return token, PendingRemoteSignature.model_validate_json(pending.model_dump_json())


def test_approved_on_the_phone_gives_a_valid_pades_signature(
    client: SmartCAClient, service: tuple[str, smartca.SmartCA], pki: TestPKI, tmp_path: Path
) -> None:
    token, pending = _start(client)
    assert finish_signing(client, token, pending).state is TransactionState.WAITING
    [waiting] = service[1].waiting(USER)
    assert waiting.tran_id == pending.transaction_id

    service[1].approve(pending.transaction_id)
    outcome = finish_signing(client, token, pending)

    assert outcome.state is TransactionState.SUCCESS and outcome.pdf is not None
    report = validate_pdf(outcome.pdf, pki.trust(online=False))
    [signature] = [s for s in report.signatures if s.kind == "signature"]
    assert signature.intact and signature.trusted and signature.signer is not None
    assert signature.signer.common_name == "Nguyễn Văn An"
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(outcome.pdf)
    assert_pdfsig_valid(signed, pki.nss_dir, expect_signatures=1)


@pytest.mark.parametrize(
    ("answer", "state"), [("reject", TransactionState.REJECTED), ("expire", TransactionState.EXPIRED)]
)
def test_a_refused_or_expired_approval_signs_nothing(
    client: SmartCAClient, service: tuple[str, smartca.SmartCA], answer: str, state: TransactionState
) -> None:
    token, pending = _start(client)
    getattr(service[1], answer)(pending.transaction_id)
    outcome = finish_signing(client, token, pending)
    assert outcome.state is state and outcome.pdf is None
    assert "SmartCA" in outcome.reason


def test_wrong_credentials_are_refused_in_vietnamese(
    client: SmartCAClient, service: tuple[str, smartca.SmartCA]
) -> None:
    with pytest.raises(RemoteSigningAuthError) as wrong_password:
        client.login(USER, "sai-mat-khau")
    assert wrong_password.value.code == "signing.remote_auth" and "không đúng" in wrong_password.value.message
    stranger = SmartCAClient(SmartCAConfig(service[0], CLIENT_ID, "not-the-secret"))
    with pytest.raises(RemoteSigningAuthError):
        stranger.login(USER, PASSWORD)
    with pytest.raises(RemoteSigningAuthError):
        client.credentials("a-token-nobody-issued")
    with pytest.raises(RemoteCredentialNotFoundError):
        client.certificates(client.login(USER, PASSWORD), "cred-of-someone-else")


def test_an_unreachable_service_is_an_error_not_a_hang(service: tuple[str, smartca.SmartCA]) -> None:
    closed = SmartCAClient(SmartCAConfig("http://127.0.0.1:9", CLIENT_ID, CLIENT_SECRET, timeout=2))
    with pytest.raises(RemoteSigningUnavailableError) as unreachable:
        closed.login(USER, PASSWORD)
    assert unreachable.value.code == "signing.remote_unavailable"
