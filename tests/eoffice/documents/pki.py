"""Signing keys for a test agency: a small CA, the leader's and the agency's PKCS#12 keys sealed under
`SIGNING_PIN` the way `eoffice.keys` reads them, the blue signature and the red seal, and the CA as the
agency's trust anchor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.keys import ca_certificate_key, key_object_key, seal_pkcs12
from eoffice.orgs.models import Agency, User
from signing.demo_images import seal_image, signature_image

SIGNING_PIN = "902461"  # every provisioned key's PIN (the holder's secret in real use)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _cert(
    subject: x509.Name, key: rsa.RSAPrivateKey, issuer: x509.Name, issuer_key: rsa.RSAPrivateKey, ca: bool
):  # type: ignore[no-untyped-def]
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
        .sign(issuer_key, hashes.SHA256())
    )


def provision(
    session: Session, backends: Backends, agency: Agency, leaders: list[User]
) -> asn1_x509.Certificate:
    """Give the agency and each leader a key and an image; returns the CA certificate (the trust root)."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name(f"CA thử nghiệm {agency.code}", "eOffice Test")
    ca_cert = _cert(ca_name, ca_key, ca_name, ca_key, True)
    backends.objects.put(
        ca_certificate_key(agency.code),
        ca_cert.public_bytes(serialization.Encoding.PEM),
        content_type="application/x-pem-file",
    )

    def issue(name: str, common_name: str) -> str:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = _cert(_name(common_name, agency.name), key, ca_name, ca_key, False)
        object_key = key_object_key(agency.code, name)
        return seal_pkcs12(backends, object_key, SIGNING_PIN, name, key, cert, [ca_cert])

    agency = session.get(Agency, agency.id)  # type: ignore[assignment]
    agency.signing_key_ref = issue("agency", agency.name)
    agency.seal_image_key = f"images/{agency.code}/seal.png"
    backends.objects.put(agency.seal_image_key, seal_image(agency.name), content_type="image/png")
    for leader in leaders:
        user = session.get(User, leader.id)
        assert user is not None
        user.signing_key_ref = issue(user.username, user.full_name)
        user.signature_image_key = f"images/{agency.code}/{user.username}.png"
        backends.objects.put(
            user.signature_image_key, signature_image(user.full_name), content_type="image/png"
        )
    session.commit()
    return asn1_x509.Certificate.load(ca_cert.public_bytes(serialization.Encoding.DER))
