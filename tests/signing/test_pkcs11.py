"""PKCS#11 key source against a real SoftHSM2 token holding the test PKI leader's key.

The token is made once per test session (``tests/signing/softhsm.py``); the key is created non-extractable
on it, so every signature here is computed by the token itself.
"""

from __future__ import annotations

import pytest

from signing import KeyUnavailableError, LeaderAppearance, PadesLevel, PadesSigner, SignerBlock
from signing.demo_document import demo_document_pdf
from signing.demo_images import signature_image
from signing.pkcs11 import PinIncorrectError, Pkcs11Config, Pkcs11Signer, TokenUnavailableError
from signing.validation import validate_pdf
from tests.signing.pdfsig import assert_pdfsig_valid
from tests.signing.softhsm import SoftHsmToken, leader_token

LEADER = "Nguyễn Văn An"


@pytest.fixture(scope="module")
def token(pki, tmp_path_factory: pytest.TempPathFactory) -> SoftHsmToken:
    return leader_token(pki, tmp_path_factory)


def config(token: SoftHsmToken, **changes: object) -> Pkcs11Config:
    values: dict[str, object] = {
        "module_path": token.module_path,
        "token_label": token.label,
        "key_label": token.key_label,
    }
    values.update(changes)
    return Pkcs11Config(**values)  # type: ignore[arg-type]


def test_token_key_signs_a_b_lt_leader_signature_that_validates(pki, token, tmp_path):
    with Pkcs11Signer.open(config(token), token.user_pin) as key:
        assert key.subject_name == LEADER
        assert key.identity.identifiers.get("user_id") == "CCCD:001085012345"
        # The CA certificates come from the token itself: nothing else tells the signer about them.
        assert pki.intermediate.sha256 in {cert.sha256 for cert in key.chain}
        signer = PadesSigner(key, tsa_url=pki.tsa_url, trust=pki.trust())
        appearance = LeaderAppearance(signature_image(LEADER), SignerBlock(LEADER, "CHỦ TỊCH"))
        signed = signer.sign(demo_document_pdf(), level=PadesLevel.B_LT, appearance=appearance)

    report = validate_pdf(signed, pki.trust(online=False))
    [signature] = report.signatures
    assert signature.valid, signature.problems
    assert signature.signer is not None and signature.signer.common_name == LEADER
    assert signature.level is PadesLevel.B_LT

    path = tmp_path / "token-signed.pdf"
    path.write_bytes(signed)
    assert_pdfsig_valid(path, pki.nss_dir, expect_signatures=1)


def test_pin_can_come_from_a_callback_and_key_by_id(token):
    asked: list[str] = []

    def ask() -> str:
        asked.append("pin")
        return token.user_pin

    with Pkcs11Signer.open(config(token, key_label=None, key_id=token.key_id), ask) as key:
        assert key.subject_name == LEADER
    assert asked == ["pin"]


def test_wrong_pin_is_a_clear_error(token):
    with pytest.raises(PinIncorrectError) as caught:
        Pkcs11Signer.open(config(token), "000000")
    assert caught.value.code == "signing.pin_incorrect"
    assert caught.value.message == "Mã PIN của thiết bị ký số không đúng."
    # A wrong PIN does not lock the token: the right one still works afterwards.
    with Pkcs11Signer.open(config(token), token.user_pin) as key:
        assert key.subject_name == LEADER


def test_absent_token_is_token_unavailable(token):
    with pytest.raises(TokenUnavailableError) as caught:
        Pkcs11Signer.open(config(token, token_label="token-khong-cam"), token.user_pin)
    assert caught.value.code == "signing.token_unavailable"


def test_missing_module_is_token_unavailable(token, tmp_path):
    with pytest.raises(TokenUnavailableError):
        Pkcs11Signer.open(config(token, module_path=str(tmp_path / "libkhongco.so")), token.user_pin)


def test_unknown_key_label_is_key_unavailable(token):
    with pytest.raises(KeyUnavailableError) as caught:
        Pkcs11Signer.open(config(token, key_label="khoa-khac"), token.user_pin)
    assert caught.value.code == "signing.key_unavailable"
