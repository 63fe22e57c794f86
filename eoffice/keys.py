"""Signing keys of users and agencies: from a key reference to a `signing.Signer`.

`User.signing_key_ref` / `Agency.signing_key_ref` name where a key lives:

- ``pkcs12:<object key>`` — a PKCS#12 file in the object store (what `eoffice demo` makes). Its password is
  not stored anywhere: it is derived from the installation's secret, ``hex(HMAC-SHA256(EOFFICE_SECRET_KEY,
  "eoffice/pkcs12/" + object key))`` (`pkcs12_password`). Someone holding the object store alone cannot use
  the keys; changing ``EOFFICE_SECRET_KEY`` makes existing PKCS#12 keys unreadable (run `eoffice demo` again
  for new demo keys).
- ``pkcs11:…`` / ``external:`` — hardware tokens and remote signers; not configured by this module yet, a
  clear error says so.

The demo CA certificate (the trust anchor for demo signatures) is stored next to the keys, see
`ca_certificate_key` and `trust_for_agency`.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.errors import Conflict, EOfficeError
from eoffice.orgs.models import Agency, User
from signing import KeyUnavailableError, Pkcs12Signer, Signer, TrustSettings
from storage import StorageError

PKCS12_SCHEME = "pkcs12:"
KEYS_PREFIX = "keys/"


class NoSigningKey(Conflict):
    code = "keys.missing"
    message = "Người ký chưa được cấp khóa ký số."


class SigningKeyUnavailable(EOfficeError):
    status_code = 409
    code = "keys.unavailable"
    message = "Không mở được khóa ký số."


def pkcs12_password(secret_key: str, object_key: str) -> str:
    return hmac.new(secret_key.encode(), f"eoffice/pkcs12/{object_key}".encode(), hashlib.sha256).hexdigest()


def key_object_key(agency_code: str, name: str) -> str:
    """Where a PKCS#12 key of `agency_code` is stored, e.g. ``keys/000.00.00.H99/lanhdao.p12``."""
    return f"{KEYS_PREFIX}{agency_code}/{name}.p12"


def ca_certificate_key(agency_code: str) -> str:
    """The PEM certificate of the CA that issued the agency's demo keys."""
    return f"{KEYS_PREFIX}{agency_code}/ca.pem"


def store_pkcs12(backends: Backends, object_key: str, data: bytes) -> str:
    """Store a PKCS#12 archive (encrypted with `pkcs12_password`) and return its key reference."""
    backends.objects.put(object_key, data, content_type="application/x-pkcs12")
    return PKCS12_SCHEME + object_key


def signer_for_ref(backends: Backends, ref: str) -> Signer:
    """Open the key a reference names; a missing or unreadable key raises `SigningKeyUnavailable`."""
    if not ref:
        raise NoSigningKey()
    if not ref.startswith(PKCS12_SCHEME):
        scheme = ref.split(":", 1)[0]
        raise SigningKeyUnavailable(f"Nguồn khóa ký '{scheme}' chưa được cấu hình trên máy chủ này.")
    object_key = ref[len(PKCS12_SCHEME) :]
    try:
        data = b"".join(backends.objects.get(object_key))
    except StorageError as exc:
        raise SigningKeyUnavailable("Không đọc được tệp khóa ký số.", detail=str(exc)) from exc
    try:
        return Pkcs12Signer.from_bytes(data, pkcs12_password(backends.settings.secret_key, object_key))
    except KeyUnavailableError as exc:
        raise SigningKeyUnavailable(detail=str(exc)) from exc


def signer_for_user(session: Session, backends: Backends, user: User) -> Signer:
    """Khóa ký của lãnh đạo: the user's own signing key."""
    del session  # the reference lives on the user row; kept in the signature for key sources needing the DB
    if not user.signing_key_ref:
        raise NoSigningKey(f"{user.full_name} chưa được cấp khóa ký số.")
    return signer_for_ref(backends, user.signing_key_ref)


def signer_for_agency(session: Session, backends: Backends, agency: Agency) -> Signer:
    """Khóa ký của cơ quan, applied by the văn thư when issuing the number."""
    del session
    if not agency.signing_key_ref:
        raise NoSigningKey(f"{agency.name} chưa được cấp khóa ký số của cơ quan.")
    return signer_for_ref(backends, agency.signing_key_ref)


def trust_for_agency(backends: Backends, agency: Agency, **options: Any) -> TrustSettings:
    """Trust settings anchored at the agency's demo CA (empty roots when there is none); revocation data
    only from the configured endpoints (`EOFFICE_REVOCATION_URLS`), never from URLs a certificate names."""
    from asn1crypto import pem, x509

    options.setdefault("fetch_from", backends.settings.revocation_sources)
    key = ca_certificate_key(agency.code)
    if not backends.objects.exists(key):
        return TrustSettings(**options)  # type: ignore[arg-type]
    data = b"".join(backends.objects.get(key))
    roots = tuple(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True))
    return TrustSettings(roots=roots, **options)  # type: ignore[arg-type]
