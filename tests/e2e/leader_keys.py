"""The keys of the two leaders who sign in the browser away from the server: one on a SoftHSM2 USB token
served by the real `eoffice sign-agent --serve`, one held by the VNPT SmartCA simulator. Both certificates
come from a test CA of their own (not the demo CA), so the signed PDFs say whose key signed them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.eoffice.documents.pki import _cert, _name
from tests.signing.softhsm import KEY_LABEL, TOKEN_LABEL, USER_PIN, find_module
from tests.signing.test_external import agent_command
from tests.simulators import smartca

ROOT = Path(__file__).resolve().parents[2]
ORGANISATION = "UBND tỉnh Demo"

# Loads the key and certificates onto a fresh token in a process of its own: SoftHSM reads its configuration
# once per process, and the pytest process must not be tied to this token.
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
class SigningCA:
    key: rsa.RSAPrivateKey
    certificate_der: bytes

    def issue(self, common_name: str) -> tuple[rsa.RSAPrivateKey, bytes]:
        """A fresh key and its certificate (DER) for `common_name`."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        issuer = _name("CA thử nghiệm ký số e2e", "eOffice Test")
        cert = _cert(_name(common_name, ORGANISATION), key, issuer, self.key, False)
        return key, cert.public_bytes(serialization.Encoding.DER)


def signing_ca() -> SigningCA:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name("CA thử nghiệm ký số e2e", "eOffice Test")
    return SigningCA(key, _cert(name, key, name, key, True).public_bytes(serialization.Encoding.DER))


@dataclass(frozen=True)
class Token:
    """A SoftHSM2 token holding one leader's key; `certificate_der` is the certificate on it."""

    config: Path
    module_path: str
    certificate_der: bytes


def softhsm_token(folder: Path, ca: SigningCA, common_name: str) -> Token:
    module_path = find_module()
    assert module_path is not None, "SoftHSM2 is not installed (Debian softhsm2)"
    key, cert = ca.issue(common_name)
    der = serialization.Encoding.DER
    (folder / "key.der").write_bytes(
        key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (folder / "cert0.der").write_bytes(cert)
    (folder / "cert1.der").write_bytes(ca.certificate_der)
    subprocess.run([sys.executable, "-c", _LOAD_TOKEN, str(folder)], cwd=ROOT, check=True, timeout=120)
    return Token(folder / "softhsm2.conf", module_path, cert)


def smartca_credential(ca: SigningCA, common_name: str) -> smartca.Credential:
    key, cert = ca.issue(common_name)
    return smartca.Credential(key, [cert, ca.certificate_der])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_agent(token: Token, origin: str) -> Iterator[str]:
    """`eoffice sign-agent --serve` on a free loopback port for the site at `origin`, the token's PIN given
    to it at start (as the leader types it into the agent on his PC); yields the agent's address."""
    port = _free_port()
    options = ["--pkcs11-module", token.module_path, "--token-label", TOKEN_LABEL, "--key-label", KEY_LABEL]
    process = subprocess.Popen(
        [*agent_command(), *options, "--pin-env", "TOKEN_PIN", "--serve", "--port", str(port)]
        + ["--allow-origin", origin],
        env={**os.environ, "SOFTHSM2_CONF": str(token.config), "TOKEN_PIN": USER_PIN},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"sign-agent exited: {process.communicate()[1].decode()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("sign-agent did not listen within 60 s") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
