"""A SoftHSM2 token for one test session, holding a certomancer key and its certificate chain.

SoftHSM reads ``SOFTHSM2_CONF`` once, when its module is initialised in a process, so the token is created
(with ``softhsm2-util``) and the variable set before anything in this process loads the module; subprocesses
(the ``sign-agent`` tests) get the same variable through :meth:`SoftHsmToken.env`. The token directory lives
under pytest's temporary directory, so nothing outside it is touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest
from asn1crypto import keys, x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from tests.services import services_required

if TYPE_CHECKING:
    from tests.signing.conftest import TestPKI

# Where Debian (and Ubuntu) install the module; other systems can point EOFFICE_TEST_SOFTHSM_MODULE at theirs.
_MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)

TOKEN_LABEL = "eoffice-test"
USER_PIN = "123456"
SO_PIN = "12345678"
KEY_LABEL = "lanh-dao"
KEY_ID = b"\x01"


@dataclass(frozen=True)
class SoftHsmToken:
    """An initialised SoftHSM2 token: where its module is, its label, PINs and the objects loaded on it."""

    module_path: str
    config_path: Path
    label: str
    user_pin: str
    so_pin: str
    key_label: str
    key_id: bytes
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]

    def env(self) -> dict[str, str]:
        """Environment for a subprocess that must see this token (e.g. ``eoffice sign-agent``)."""
        return {**os.environ, "SOFTHSM2_CONF": str(self.config_path)}


def find_module() -> str | None:
    configured = os.environ.get("EOFFICE_TEST_SOFTHSM_MODULE")
    if configured:
        return configured if Path(configured).is_file() else None
    return next((path for path in _MODULE_CANDIDATES if Path(path).is_file()), None)


def _unavailable(reason: str) -> NoReturn:
    message = f"SoftHSM2 is not available: {reason}; install the Debian package softhsm2"
    if services_required():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _store(
    module_path: str,
    key: keys.PrivateKeyInfo,
    certificate: x509.Certificate,
    chain: tuple[x509.Certificate, ...],
) -> None:
    """Write the key, its certificate and the CA certificates (without keys) with python-pkcs11."""
    import pkcs11
    from certomancer.integrations import alchemist

    session = alchemist.open_pkcs11_session(module_path, token_label=TOKEN_LABEL, pin=USER_PIN)
    try:
        backend = alchemist.DefaultAlchemistBackend(session)
        backend.private_key_to_token(key, KEY_LABEL, KEY_ID)
        backend.cert_to_token(certificate, KEY_LABEL, KEY_ID)
        for index, ca_cert in enumerate(chain, start=2):
            backend.cert_to_token(
                ca_cert,
                f"ca-{index}",
                bytes([index]),
                attrs={pkcs11.Attribute.TRUSTED: False},
            )
    finally:
        session.close()


def create_token(
    directory: Path,
    key: keys.PrivateKeyInfo,
    certificate: x509.Certificate,
    chain: tuple[x509.Certificate, ...] = (),
) -> SoftHsmToken:
    """Initialise a fresh token in ``directory`` and load ``key`` + ``certificate`` (label ``lanh-dao``).

    Sets ``SOFTHSM2_CONF`` in this process: call it before anything loads the SoftHSM module.
    """
    module_path = find_module()
    util = shutil.which("softhsm2-util")
    if module_path is None or util is None:
        _unavailable("libsofthsm2.so or softhsm2-util not found")
    tokens = directory / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    config_path = directory / "softhsm2.conf"
    config_path.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n",
        encoding="utf-8",
    )
    os.environ["SOFTHSM2_CONF"] = str(config_path)
    subprocess.run(
        [util, "--init-token", "--free", "--label", TOKEN_LABEL, "--pin", USER_PIN, "--so-pin", SO_PIN],
        check=True,
        capture_output=True,
        env={**os.environ, "SOFTHSM2_CONF": str(config_path)},
    )
    _store(module_path, key, certificate, chain)
    return SoftHsmToken(
        module_path=module_path,
        config_path=config_path,
        label=TOKEN_LABEL,
        user_pin=USER_PIN,
        so_pin=SO_PIN,
        key_label=KEY_LABEL,
        key_id=KEY_ID,
        certificate=certificate,
        chain=chain,
    )


_SESSION_TOKEN: SoftHsmToken | None = None


def leader_token(pki: TestPKI, tmp_path_factory: pytest.TempPathFactory) -> SoftHsmToken:
    """The session's token, holding the test PKI leader's key, certificate and CA chain (made on first use)."""
    global _SESSION_TOKEN
    if _SESSION_TOKEN is None:
        key, cert, others = pkcs12.load_key_and_certificates(
            pki.leader_p12.read_bytes(), pki.password.encode()
        )
        assert key is not None and cert is not None
        key_info = keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        chain = tuple(
            x509.Certificate.load(other.public_bytes(serialization.Encoding.DER)) for other in others
        )
        certificate = x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
        _SESSION_TOKEN = create_token(tmp_path_factory.mktemp("softhsm"), key_info, certificate, chain)
    return _SESSION_TOKEN
