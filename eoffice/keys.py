"""Signing keys of users and agencies: from a key reference to a `signing.Signer`, only with the holder's PIN.

`User.signing_key_ref` / `Agency.signing_key_ref` name where a key lives:

- ``pkcs12-pin:<object key>`` — a PKCS#12 file in the object store, encrypted with a password derived from
  the holder's signing PIN (mã PIN ký số): ``scrypt(PIN, salt=HMAC-SHA256(EOFFICE_SECRET_KEY, "eoffice/pin-salt/"
  + object key))`` (`pin_password`). The PIN is never stored, logged or kept between requests: the holder
  types it at each signature, so whoever runs the server, resets a password or copies a backup cannot sign
  (sole control). The installation's secret only salts the derivation, so the object store and the
  database alone are not even enough to start guessing. Wrong PINs are counted per key in the database
  (`PIN_ATTEMPTS` per `PIN_WINDOW`, shared by all replicas): online guessing stops quickly. A leader's PIN
  is the leader's; the agency's PIN is known to its văn thư, who keep the seal.
- ``pkcs12:<object key>`` — the old form, whose password derived from ``EOFFICE_SECRET_KEY`` alone: the
  server could use it without anyone, so it is refused (`ServerHeldKey`); `eoffice demo` re-issues the demo
  keys, other holders enrol their key again.
- ``token:<object key>`` — the key is on the holder's USB token, on his own PC; the object is the token's
  certificate (PEM). The server cannot sign with it at all: the holder signs in two steps through
  ``eoffice sign-agent --serve`` (`eoffice.remote_signing.token`), and asking for a signer here says so.
- ``pkcs11:…`` / ``external:`` — server-side tokens and remote signers; not configured by this module yet, a
  clear error says so.

The demo CA certificate (the trust anchor for demo signatures) is stored next to the keys, see
`ca_certificate_key` and `trust_for_agency`; the demo CA's own key stays under the installation's secret
(`pkcs12_password`), being the demo's and no person's.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from sqlalchemy.orm import Session

from eoffice.auth import ratelimit
from eoffice.backends import Backends
from eoffice.errors import Conflict, EOfficeError, Forbidden, InvalidInput
from eoffice.orgs.models import Agency, User
from eoffice.settings import Settings
from signing import KeyUnavailableError, Pkcs12Signer, Signer, TrustSettings
from storage import StorageError

PKCS12_SCHEME = "pkcs12:"
PIN_SCHEME = "pkcs12-pin:"
TOKEN_SCHEME = "token:"
KEYS_PREFIX = "keys/"
PIN_ATTEMPTS = 10
PIN_WINDOW = timedelta(minutes=15)
PIN_MIN_LENGTH = 6
PIN_MAX_LENGTH = 64


class NoSigningKey(Conflict):
    code = "keys.missing"
    message = "Người ký chưa được cấp khóa ký số."


class SigningKeyUnavailable(EOfficeError):
    status_code = 409
    code = "keys.unavailable"
    message = "Không mở được khóa ký số."


class SigningPinRequired(InvalidInput):
    code = "keys.pin_required"
    message = "Cần nhập mã PIN ký số."


class WrongSigningPin(Forbidden):
    code = "keys.pin_wrong"
    message = "Mã PIN ký số không đúng."


class SigningPinLocked(EOfficeError):
    status_code = 429
    code = "keys.pin_locked"
    message = "Đã nhập sai mã PIN ký số quá nhiều lần; khóa ký số tạm khóa, vui lòng thử lại sau 15 phút."


class WeakSigningPin(InvalidInput):
    code = "keys.pin_weak"
    message = (
        f"Mã PIN ký số phải có từ {PIN_MIN_LENGTH} đến {PIN_MAX_LENGTH} ký tự, "
        "không được là một ký tự lặp lại hoặc một dãy liên tiếp."
    )


class ServerHeldKey(Conflict):
    code = "keys.server_held"
    message = (
        "Khóa ký số này do máy chủ giữ mật khẩu nên không bảo đảm chỉ người ký sử dụng được; "
        "người giữ khóa cần được cấp lại khóa và tự đặt mã PIN."
    )


class KeyOnToken(Conflict):
    code = "keys.on_token"
    message = "Khóa ký số của đồng chí nằm trên USB token; hãy ký bằng USB token (phần mềm ký số trên máy)."


def pkcs12_password(secret_key: str, object_key: str) -> str:
    """The old, server-held password (still used for the demo CA's own key, which belongs to no person)."""
    return hmac.new(secret_key.encode(), f"eoffice/pkcs12/{object_key}".encode(), hashlib.sha256).hexdigest()


def pin_password(secret_key: str, object_key: str, pin: str) -> bytes:
    """The PKCS#12 password of a PIN-protected key: scrypt of the PIN (see the module docstring)."""
    salt = hmac.new(secret_key.encode(), f"eoffice/pin-salt/{object_key}".encode(), hashlib.sha256).digest()
    derived = hashlib.scrypt(pin.encode(), salt=salt, n=2**15, r=8, p=1, maxmem=64 * 1024 * 1024, dklen=32)
    return derived.hex().encode()


def check_pin_policy(pin: str) -> None:
    """A PIN long enough, not one repeated character, not a run like 123456 or 654321."""
    if not PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH or len(set(pin)) == 1:
        raise WeakSigningPin()
    steps = {ord(b) - ord(a) for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({1}, {-1}):
        raise WeakSigningPin()


def seal_pkcs12(
    backends: Backends,
    object_key: str,
    pin: str,
    name: str,
    key: Any,
    certificate: Any,
    chain: list[Any],
) -> str:
    """Store a key and its certificates encrypted under `pin` (after `check_pin_policy`); returns the key
    reference. The PKCS#12 itself uses PBES2/AES-256 with PBKDF2-SHA256 over the scrypt-derived password."""
    check_pin_policy(pin)
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(100_000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(pin_password(backends.settings.secret_key, object_key, pin))
    )
    data = pkcs12.serialize_key_and_certificates(name.encode(), key, certificate, chain, encryption)
    backends.objects.put(object_key, data, content_type="application/x-pkcs12")
    return PIN_SCHEME + object_key


def key_object_key(agency_code: str, name: str) -> str:
    """Where a PKCS#12 key of `agency_code` is stored, e.g. ``keys/000.00.00.H99/lanhdao.p12``."""
    return f"{KEYS_PREFIX}{agency_code}/{name}.p12"


def ca_certificate_key(agency_code: str) -> str:
    """The PEM certificate of the CA that issued the agency's demo keys."""
    return f"{KEYS_PREFIX}{agency_code}/ca.pem"


def store_pkcs12(backends: Backends, object_key: str, data: bytes) -> str:
    """Store a PKCS#12 archive encrypted with the server-held `pkcs12_password` (the demo CA's key only)."""
    backends.objects.put(object_key, data, content_type="application/x-pkcs12")
    return PKCS12_SCHEME + object_key


def _pkcs12_bytes(backends: Backends, object_key: str) -> bytes:
    try:
        return b"".join(backends.objects.get(object_key))
    except StorageError as exc:
        raise SigningKeyUnavailable("Không đọc được tệp khóa ký số.", detail=str(exc)) from exc


def _object_key(ref: str) -> str:
    if not ref:
        raise NoSigningKey()
    if ref.startswith(PKCS12_SCHEME):
        raise ServerHeldKey()
    if ref.startswith(TOKEN_SCHEME):
        raise KeyOnToken()
    if not ref.startswith(PIN_SCHEME):
        scheme = ref.split(":", 1)[0]
        raise SigningKeyUnavailable(f"Nguồn khóa ký '{scheme}' chưa được cấu hình trên máy chủ này.")
    return ref[len(PIN_SCHEME) :]


def _throttle_key(ref: str) -> str:
    return hashlib.sha256(f"signing-pin|{ref}".encode()).hexdigest()


def signer_for_ref(session: Session, backends: Backends, ref: str, pin: str | None) -> Signer:
    """Open the key `ref` names with the holder's `pin`.

    Each try takes one of the key's `PIN_ATTEMPTS` places per `PIN_WINDOW` *before* the PIN is checked,
    committed at once (so call this before the caller's transaction writes or locks anything), so parallel
    guesses cannot pass the limit; a right PIN gives its place back at once, so only wrong PINs (and tries
    still running) count."""
    object_key = _object_key(ref)
    if not pin:
        raise SigningPinRequired()
    throttle = _throttle_key(ref)
    if not ratelimit.take(session, throttle, PIN_ATTEMPTS, PIN_WINDOW):
        raise SigningPinLocked(detail={"retry_after_seconds": int(PIN_WINDOW.total_seconds())})
    data = _pkcs12_bytes(backends, object_key)
    try:
        signer = Pkcs12Signer.from_bytes(data, pin_password(backends.settings.secret_key, object_key, pin))
    except KeyUnavailableError as exc:
        raise WrongSigningPin() from exc
    ratelimit.give_back(session, throttle)
    session.commit()
    return signer


def change_pin(session: Session, backends: Backends, ref: str, current_pin: str, new_pin: str) -> None:
    """Đổi mã PIN ký số: the holder proves the current PIN (counted like a signature), then the same key is
    sealed again under the new one, in place. The server never sees one without the other."""
    check_pin_policy(new_pin)
    signer_for_ref(session, backends, ref, current_pin)  # proves the current PIN, counted
    object_key = _object_key(ref)
    data = _pkcs12_bytes(backends, object_key)
    key, certificate, chain = pkcs12.load_key_and_certificates(
        data, pin_password(backends.settings.secret_key, object_key, current_pin)
    )
    seal_pkcs12(backends, object_key, new_pin, object_key.rsplit("/", 1)[-1], key, certificate, chain)


def signer_for_user(session: Session, backends: Backends, user: User, pin: str | None) -> Signer:
    """Khóa ký của lãnh đạo: the user's own key, opened with the user's own PIN."""
    if not user.signing_key_ref:
        raise NoSigningKey(f"{user.full_name} chưa được cấp khóa ký số.")
    return signer_for_ref(session, backends, user.signing_key_ref, pin)


def signer_for_agency(session: Session, backends: Backends, agency: Agency, pin: str | None) -> Signer:
    """Khóa ký của cơ quan, applied by the văn thư when issuing the number, with the agency's PIN."""
    if not agency.signing_key_ref:
        raise NoSigningKey(f"{agency.name} chưa được cấp khóa ký số của cơ quan.")
    return signer_for_ref(session, backends, agency.signing_key_ref, pin)


def configured_trust(settings: Settings) -> TrustSettings:
    """Whom this installation trusts besides its agencies' CAs: the Vietnamese profiles it enables
    (`EOFFICE_TRUST_PROFILES`, each root pinned and labelled with its profile) and the operator's own roots
    (`EOFFICE_TRUST_ROOTS`, labelled "configured"), with the revocation policy of the settings."""
    from signing import profile_trust
    from signing.vn_trust import fingerprint

    policy = {
        "revocation_hard_fail": settings.revocation_mode == "hard-fail",
        "fetch_from": settings.revocation_sources,
    }
    trust = profile_trust(*settings.trust_profile_names, **policy)
    paths = [p.strip() for p in settings.trust_roots.split(",") if p.strip()]
    if not paths:
        return trust
    operator = TrustSettings.from_files(*paths)
    labels = tuple((fingerprint(root), "configured") for root in operator.roots)
    return trust.combined(TrustSettings(roots=operator.roots, anchor_labels=labels))


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
