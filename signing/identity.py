"""Who a certificate names: the fields a Vietnamese reader looks for on a signature.

Vietnamese CAs put the personal or tax identifier in the subject's UID attribute (``CCCD:...``, ``CMND:...``,
``MST:...``) or in ``serialNumber``; the validation report and the appearance text both read them from here.
"""

from __future__ import annotations

from asn1crypto import x509
from pydantic import BaseModel, ConfigDict

# Subject attributes that carry identifiers (personal ID, tax code) on Vietnamese certificates.
_IDENTIFIER_ATTRIBUTES = ("user_id", "serial_number", "0.9.2342.19200300.100.1.1", "2.5.4.5")


class CertificateIdentity(BaseModel):
    """Chủ thể của chứng thư số: subject, issuer, serial and identifier attributes."""

    model_config = ConfigDict(frozen=True)

    common_name: str
    subject: str
    organization: str | None = None
    serial_number: str
    issuer: str
    identifiers: dict[str, str] = {}
    not_before: str
    not_after: str


def _name_text(name: x509.Name) -> str:
    return str(name.human_friendly)


def _attribute(name: x509.Name, key: str) -> str | None:
    native = name.native
    value = native.get(key)
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def identity_of(cert: x509.Certificate) -> CertificateIdentity:
    """Read the identity fields of ``cert`` (asn1crypto) into a plain model."""
    subject = cert.subject
    identifiers: dict[str, str] = {}
    for key in _IDENTIFIER_ATTRIBUTES:
        value = _attribute(subject, key)
        if value is not None:
            label = {"0.9.2342.19200300.100.1.1": "user_id", "2.5.4.5": "serial_number"}.get(key, key)
            identifiers[label] = value
    validity = cert["tbs_certificate"]["validity"]
    return CertificateIdentity(
        common_name=_attribute(subject, "common_name") or _name_text(subject),
        subject=_name_text(subject),
        organization=_attribute(subject, "organization_name"),
        serial_number=format(cert.serial_number, "X"),
        issuer=_name_text(cert.issuer),
        identifiers=identifiers,
        not_before=validity["not_before"].native.isoformat(),
        not_after=validity["not_after"].native.isoformat(),
    )
