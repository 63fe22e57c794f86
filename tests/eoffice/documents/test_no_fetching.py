"""SSRF through signature validation: a signed PDF whose certificates name URLs (AIA caIssuers, OCSP, CRL)
pointing at a local listener is uploaded and validated through the API, `eoffice verify` and the exchange
check. The listener must receive no connection at all, and the report must say that revocation was not
checked instead of fetching it.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from eoffice.backends import Backends
from eoffice.exchange._signatures import check_signatures, trust_settings
from eoffice.exchange.edxml import Attachment
from eoffice.keys import ca_certificate_key
from eoffice.settings import Settings, get_settings
from signing import PadesSigner, Pkcs12Signer
from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.exchange.samples import document_package
from tests.eoffice.factories import login

AIA_URLS = 20  # the report's attack: 20 caIssuers URLs made 20 connections


class _Listener(http.server.ThreadingHTTPServer):
    """Counts every request; answers 404 at once so a regression fails fast instead of hanging."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                listener.hits.append(f"{self.command} {self.path}")
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _answer

            def log_message(self, format: str, *args: object) -> None:
                del format, args

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def listener() -> Iterator[_Listener]:
    server = _Listener()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Thử nghiệm SSRF"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: x509.Name, issuer: x509.Name, key: rsa.RSAPrivateKey, ca: bool
) -> x509.CertificateBuilder:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )


def _pointing_at(builder: x509.CertificateBuilder, base: str) -> x509.CertificateBuilder:
    """AIA (caIssuers × AIA_URLS, OCSP) and a CRL distribution point, all on the listener."""
    access = [
        x509.AccessDescription(
            AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(f"{base}/ca/{i}.cer")
        )
        for i in range(AIA_URLS)
    ]
    access.append(
        x509.AccessDescription(
            AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(f"{base}/ocsp")
        )
    )
    crl = x509.DistributionPoint([x509.UniformResourceIdentifier(f"{base}/crl")], None, None, None)
    return builder.add_extension(x509.AuthorityInformationAccess(access), critical=False).add_extension(
        x509.CRLDistributionPoints([crl]), critical=False
    )


@dataclass(frozen=True)
class Hostile:
    """A trusted root (the agency's CA) and two signed PDFs whose certificates point at the listener."""

    root_pem: bytes
    trusted_pdf: bytes  # the signer chains to the root: revocation would be checked
    orphan_pdf: bytes  # the signer's issuer is nowhere: the path would be chased through caIssuers


def _signed(key: rsa.RSAPrivateKey, cert: x509.Certificate, chain: list[x509.Certificate]) -> bytes:
    archive = pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, chain, serialization.BestAvailableEncryption(b"pw")
    )
    return PadesSigner(Pkcs12Signer.from_bytes(archive, "pw")).sign(pdf_bytes())


def _hostile(base: str) -> Hostile:
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name("CA gốc thử nghiệm SSRF")
    root = _builder(root_name, root_name, root_key, True).sign(root_key, hashes.SHA256())
    leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = _pointing_at(_builder(_name("Người ký SSRF"), root_name, leaf_key, False), base).sign(
        root_key, hashes.SHA256()
    )
    hidden_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    hidden_name = _name("CA trung gian vắng mặt")
    orphan_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    orphan = _pointing_at(_builder(_name("Người ký mồ côi"), hidden_name, orphan_key, False), base).sign(
        hidden_key, hashes.SHA256()
    )
    return Hostile(
        root_pem=root.public_bytes(serialization.Encoding.PEM),
        trusted_pdf=_signed(leaf_key, leaf, [root]),
        orphan_pdf=_signed(orphan_key, orphan, []),
    )


@pytest.fixture
def hostile(listener: _Listener) -> Hostile:
    return _hostile(listener.url)


def _trust_agency(backends: Backends, office: Office, hostile: Hostile) -> None:
    backends.objects.put(
        ca_certificate_key(office.agency.code), hostile.root_pem, content_type="application/x-pem-file"
    )


def test_validating_an_uploaded_pdf_through_the_api_contacts_no_url_from_it(
    client: TestClient, backends: Backends, office: Office, hostile: Hostile, listener: _Listener
) -> None:
    _trust_agency(backends, office, hostile)
    headers = login(client, office.clerk)
    for pdf, trusted in ((hostile.trusted_pdf, True), (hostile.orphan_pdf, False)):
        detail = register(client, headers, files=[("ky-so.pdf", pdf, "application/pdf")])
        response = client.get(f"/api/v1/documents/{detail['id']}/signatures", headers=headers)
        assert response.status_code == 200, response.text
        (signature,) = response.json()["signatures"]
        report = signature["report"]
        assert report["intact"] is True
        assert report["trusted"] is trusted
        assert report["revocation"] == "not_checked"
        assert "signature.revocation_not_checked" in {p["code"] for p in report["problems"]}
        assert signature["valid"] is False
    assert listener.hits == []


def test_eoffice_verify_contacts_no_url_from_the_file(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    backends: Backends,
    office: Office,
    hostile: Hostile,
    listener: _Listener,
    tmp_path: Path,
) -> None:
    from eoffice.cli import app

    _trust_agency(backends, office, hostile)
    for name in ("data_dir", "database_url", "storage_url", "search_url", "secret_key", "environment"):
        monkeypatch.setenv(f"EOFFICE_{name.upper()}", str(getattr(settings, name)))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        for pdf, trusted in ((hostile.trusted_pdf, True), (hostile.orphan_pdf, False)):
            path = tmp_path / "ky-so.pdf"
            path.write_bytes(pdf)
            result = runner.invoke(app, ["verify", str(path), "--json"])
            assert result.exit_code == 1, result.output
            (row,) = json.loads(result.stdout)
            assert set(row) == {
                "signer",
                "signing_time",
                "level",
                "intact",
                "trusted",
                "revoked",
                "valid",
                "problems",
            }
            assert row["intact"] is True and row["trusted"] is trusted and row["revoked"] is False
            assert "signature.revocation_not_checked" in {p["code"] for p in row["problems"]}
    finally:
        get_settings.cache_clear()
    assert listener.hits == []


def test_checking_a_received_package_contacts_no_url_from_it(
    session: Session, backends: Backends, office: Office, hostile: Hostile, listener: _Listener
) -> None:
    _trust_agency(backends, office, hostile)
    package = document_package(
        attachments=(
            Attachment(name="trusted.pdf", content_type="application/pdf", data=hostile.trusted_pdf),
            Attachment(name="orphan.pdf", content_type="application/pdf", data=hostile.orphan_pdf),
        )
    )
    check = check_signatures(package, trust_settings(session, backends), require_trusted=True)
    codes = [{p["code"] for p in s["problems"]} for f in check.report for s in f["signatures"]]
    assert codes and all("signature.revocation_not_checked" in c for c in codes)
    assert listener.hits == []


def test_configured_endpoints_are_the_only_ones_contacted(
    client: TestClient,
    backends: Backends,
    settings: Settings,
    office: Office,
    hostile: Hostile,
    listener: _Listener,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With `EOFFICE_REVOCATION_URLS` naming the listener's CRL path, that one URL is asked (and answers
    nothing usable, so revocation stays not checked); the other URLs of the certificate are never asked."""
    _trust_agency(backends, office, hostile)
    monkeypatch.setattr(settings, "revocation_urls", f"{listener.url}/crl")
    detail = register(
        client, login(client, office.clerk), files=[("k.pdf", hostile.trusted_pdf, "application/pdf")]
    )
    response = client.get(f"/api/v1/documents/{detail['id']}/signatures", headers=login(client, office.clerk))
    (signature,) = response.json()["signatures"]
    assert signature["report"]["revocation"] == "not_checked"
    assert listener.hits and set(listener.hits) == {"GET /crl"}
