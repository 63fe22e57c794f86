"""Real test PKI for the signing tests, served by certomancer on 127.0.0.1.

How to use it
-------------
Ask for the session fixture ``pki`` (a :class:`TestPKI`). On first use it generates fresh RSA-2048 keys, loads
``tests/signing/pki/certomancer.yml`` and starts ``certomancer animate`` in a subprocess on a free loopback
port (CRLs, OCSP, time-stamp authority over HTTP); the server is stopped when the session ends.

- ``pki.leader_p12`` / ``pki.agency_p12`` / ``pki.revoked_p12`` / ``pki.expired_p12`` / ``pki.stranger_p12``:
  PKCS#12 files, all with password ``pki.password``. ``pki.signer("leader")`` opens one as a
  ``signing.Pkcs12Signer``. Leader: CN "Nguyễn Văn An", UID "CCCD:001085012345"; agency: CN "UBND tỉnh Demo",
  UID "MST:0100000001"; ``stranger`` chains to a root nobody trusts.
- ``pki.root`` / ``pki.intermediate`` (asn1crypto certificates) and ``pki.root_pem`` (path) are the trust
  anchors; ``pki.tsa_url`` is the RFC 3161 endpoint; ``pki.base_url`` the server's prefix.
- ``pki.trust(online=True)`` gives a ``signing.TrustSettings`` trusting the test root; ``online=False`` forbids
  any fetching, for checking that B-LT/B-LTA documents validate offline.
- ``pki.nss_dir`` is an NSS database trusting the test root, for ``pdfsig -nssdir`` (see ``pdfsig_report``).
- ``pki.key_dir`` / ``pki.pkcs11_material(label)``: the raw key (PEM) and certificate (DER) of any cert label,
  for loading onto a SoftHSM token.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from asn1crypto import pem, x509
from certomancer.registry import CertomancerConfig
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from signing import Pkcs12Signer, TrustSettings

CONFIG = Path(__file__).parent / "pki" / "certomancer.yml"
ARCH = "eoffice-test"
KEY_LABELS = (
    "root",
    "interm",
    "interm-ocsp",
    "tsa",
    "leader",
    "agency",
    "revoked",
    "expired",
    "stranger-root",
    "stranger",
)
PERSON_CERTS = ("leader", "agency", "revoked", "expired", "stranger")


@dataclass(frozen=True)
class TestPKI:
    """What the live test PKI offers; see the module docstring."""

    __test__ = False

    base_url: str
    directory: Path
    key_dir: Path
    password: str
    root: x509.Certificate
    intermediate: x509.Certificate
    stranger_root: x509.Certificate
    root_pem: Path
    tsa_url: str
    nss_dir: Path
    leader_p12: Path
    agency_p12: Path
    revoked_p12: Path
    expired_p12: Path
    stranger_p12: Path

    def p12(self, label: str) -> Path:
        return self.directory / f"{label}.p12"

    def signer(self, label: str) -> Pkcs12Signer:
        return Pkcs12Signer.load(self.p12(label), self.password)

    def cert_der(self, label: str) -> Path:
        return self.directory / f"{label}.cert.der"

    def trust(self, *, online: bool = True, hard_fail: bool = False) -> TrustSettings:
        return TrustSettings(
            roots=(self.root,),
            intermediates=(self.intermediate,),
            allow_fetching=online,
            revocation_hard_fail=hard_fail,
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"certomancer animate exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"certomancer animate did not listen on 127.0.0.1:{port} within {timeout} s")


def _write_keys(key_dir: Path) -> None:
    key_dir.mkdir(parents=True)
    for label in KEY_LABELS:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem_bytes = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        (key_dir / f"{label}.key.pem").write_bytes(pem_bytes)


def _make_nss_db(directory: Path, root_pem: Path) -> Path:
    nss_dir = directory / "nssdb"
    nss_dir.mkdir()
    certutil = shutil.which("certutil")
    if certutil is None:
        return nss_dir
    subprocess.run([certutil, "-N", "-d", f"sql:{nss_dir}", "--empty-password"], check=True)
    subprocess.run(
        [certutil, "-A", "-d", f"sql:{nss_dir}", "-n", "CA thu nghiem", "-t", "CT,C,C", "-i", str(root_pem)],
        check=True,
    )
    return nss_dir


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestPKI]:
    directory = tmp_path_factory.mktemp("pki")
    key_root = directory / "keyroot"
    _write_keys(key_root / "keys")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    config = CertomancerConfig.from_file(
        str(CONFIG), key_search_dir=str(key_root), external_url_prefix=base_url
    )
    arch = config.get_pki_arch(ARCH)
    password = "matkhau-thu-nghiem"
    for label in PERSON_CERTS:
        pfx = arch.package_pkcs12(label, password=password.encode())
        (directory / f"{label}.p12").write_bytes(pfx)
    for label in (*PERSON_CERTS, "root", "interm", "tsa"):
        (directory / f"{label}.cert.der").write_bytes(arch.get_cert(label).dump())
    root = arch.get_cert("root")
    root_pem = directory / "root.pem"
    root_pem.write_bytes(pem.armor("CERTIFICATE", root.dump()))

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "certomancer",
            "--config",
            str(CONFIG),
            "--key-root",
            str(key_root),
            "--service-url-prefix",
            base_url,
            "animate",
            "--port",
            str(port),
            "--no-web-ui",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process)
        yield TestPKI(
            base_url=base_url,
            directory=directory,
            key_dir=key_root / "keys",
            password=password,
            root=root,
            intermediate=arch.get_cert("interm"),
            stranger_root=arch.get_cert("stranger-root"),
            root_pem=root_pem,
            tsa_url=f"{base_url}/{ARCH}/tsa/tsa",
            nss_dir=_make_nss_db(directory, root_pem),
            leader_p12=directory / "leader.p12",
            agency_p12=directory / "agency.p12",
            revoked_p12=directory / "revoked.p12",
            expired_p12=directory / "expired.p12",
            stranger_p12=directory / "stranger.p12",
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
