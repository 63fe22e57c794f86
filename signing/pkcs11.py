"""Khóa ký trên thiết bị PKCS#11 (USB token, HSM): the key never leaves the device.

Vietnamese leaders sign with a USB token issued by a licensed CA, and a province's agencies sign on an HSM;
both speak PKCS#11. This source opens one session on the token (logging in with the PIN), finds the key and
its certificate by label or id, and hands pyHanko's ``PKCS11Signer`` to the signing code. python-pkcs11's
errors are translated to the package's own codes, so a leader who mistypes the PIN reads
``signing.pin_incorrect`` and a missing token gives ``signing.token_unavailable`` — not a C error name.

A PKCS#11 session is not safe to share between threads: use one ``Pkcs11Signer`` per worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import cast

import pkcs11
from asn1crypto import algos, core, x509
from pkcs11 import KeyType, Mechanism, ObjectClass
from pkcs11 import exceptions as p11_errors
from pkcs11.util.ec import encode_ecdsa_signature
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign import signers
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

from signing.errors import KeyUnavailableError, SigningFailedError
from signing.signer import Signer

PinSource = str | Callable[[], str]
"""The user PIN, or a callback that asks for it (a prompt in the agent, a secret store on a server)."""


class PinIncorrectError(KeyUnavailableError):
    """The token refused the PIN (wrong, or in a form the token does not accept)."""

    code = "signing.pin_incorrect"
    default_message = "Mã PIN của thiết bị ký số không đúng."


class PinLockedError(KeyUnavailableError):
    """Too many wrong PINs: the token locked the user PIN; only its security officer can unblock it."""

    code = "signing.pin_locked"
    default_message = "Mã PIN của thiết bị ký số đã bị khóa do nhập sai nhiều lần."


class TokenUnavailableError(KeyUnavailableError):
    """The PKCS#11 module cannot be loaded, or no token with the configured label/slot is plugged in."""

    code = "signing.token_unavailable"
    default_message = "Không tìm thấy thiết bị ký số (USB token/HSM) hoặc thư viện PKCS#11 của thiết bị."


@dataclass(frozen=True)
class Pkcs11Config:
    """Where the key is: the vendor's PKCS#11 module, which token, which key and certificate on it.

    Give the token by ``token_label`` (what the vendor's tool shows) or ``slot_no`` (index in the slot list);
    the key by ``key_label`` and/or ``key_id``. The certificate defaults to the key's label/id, which is how
    CA tools store them.
    """

    module_path: str
    token_label: str | None = None
    slot_no: int | None = None
    key_label: str | None = None
    key_id: bytes | None = None
    cert_label: str | None = None
    cert_id: bytes | None = None

    def __post_init__(self) -> None:
        if self.key_label is None and self.key_id is None and self.cert_label is None:
            raise KeyUnavailableError("Cần chỉ rõ nhãn (label) hoặc mã (id) của khóa ký trên thiết bị.")


def _pin_text(pin: PinSource | None) -> str | None:
    if pin is None or isinstance(pin, str):
        return pin
    return pin()


def _translate(exc: p11_errors.PKCS11Error) -> KeyUnavailableError:
    detail = f"{type(exc).__name__}: {exc}".rstrip(": ")
    if isinstance(exc, p11_errors.PinIncorrect | p11_errors.PinInvalid | p11_errors.PinLenRange):
        return PinIncorrectError(detail=detail)
    if isinstance(exc, p11_errors.PinLocked):
        return PinLockedError(detail=detail)
    if isinstance(exc, p11_errors.NoSuchKey | p11_errors.MultipleObjectsReturned):
        return KeyUnavailableError("Không tìm thấy đúng một khóa ký với nhãn/mã đã cấu hình.", detail=detail)
    return TokenUnavailableError(detail=detail)


class Pkcs11Signer(Signer):
    """A ``Signer`` whose private key stays on a PKCS#11 token; open it with :meth:`open`, then ``close``."""

    def __init__(
        self,
        session: pkcs11.Session,
        signer: PKCS11Signer,
        key: pkcs11.Key,
        extra_certs: tuple[x509.Certificate, ...],
    ) -> None:
        self._session = session
        self._signer = signer
        self._key = key
        self._extra_certs = extra_certs

    @classmethod
    def open(
        cls,
        config: Pkcs11Config,
        pin: PinSource | None,
        *,
        extra_certs: tuple[x509.Certificate, ...] = (),
    ) -> Pkcs11Signer:
        """Log in to the token and find the key and certificate, so every problem surfaces here.

        ``pin`` ``None`` skips the login (tokens with a PIN pad ask on the device). ``extra_certs`` are CA
        certificates to embed when the token holds only the signer's own.
        """
        criteria = TokenCriteria(label=config.token_label) if config.token_label is not None else None
        try:
            session = open_pkcs11_session(
                config.module_path,
                slot_no=config.slot_no,
                token_criteria=criteria,
                user_pin=_pin_text(pin),
            )
        except p11_errors.PKCS11Error as exc:
            raise _translate(exc) from exc
        try:
            key = session.get_key(
                object_class=ObjectClass.PRIVATE_KEY,
                label=config.key_label if config.key_label is not None else config.cert_label,
                id=config.key_id,
            )
            signer = PKCS11Signer(
                session,
                cert_label=config.cert_label,
                cert_id=config.cert_id,
                key_label=config.key_label,
                key_id=config.key_id,
                ca_chain=extra_certs,
                other_certs_to_pull=None,
            )
            # Loads the certificate, every certificate on the token and the key handle now, not mid-signature.
            if signer.signing_cert is None:
                raise KeyUnavailableError("Không tìm thấy chứng thư số của khóa ký trên thiết bị.")
        except p11_errors.PKCS11Error as exc:
            session.close()
            raise _translate(exc) from exc
        except BaseException:
            session.close()
            raise
        return cls(session, signer, key, extra_certs)

    def close(self) -> None:
        """Log out and close the session; the token is free for other programs again."""
        self._session.close()

    def __enter__(self) -> Pkcs11Signer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def pyhanko_signer(self) -> signers.Signer:
        return self._signer

    @property
    def certificate(self) -> x509.Certificate:
        cert = self._signer.signing_cert
        assert cert is not None  # checked in open()
        return cert

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        """CA certificates found on the token plus the configured extra ones, without the signer's own."""
        own = self.certificate.sha256
        seen: dict[bytes, x509.Certificate] = {}
        for cert in (*self._signer.cert_registry, *self._extra_certs):
            if cert.sha256 != own:
                seen.setdefault(cert.sha256, cert)
        return tuple(seen.values())

    def sign_digest(self, digest: bytes, digest_algorithm: str) -> bytes:
        """Sign an already computed digest on the token (the external-signer path: ``eoffice sign-agent``).

        RSA keys give a PKCS#1 v1.5 signature over the DigestInfo, EC keys a DER-encoded ECDSA signature:
        the two schemes Vietnamese CAs issue tokens for.
        """
        key_type = self._key.key_type
        key = cast(pkcs11.SignMixin, self._key)
        try:
            if key_type == KeyType.RSA:
                digest_info = algos.DigestInfo(
                    {
                        "digest_algorithm": {
                            "algorithm": digest_algorithm.lower(),
                            "parameters": core.Null(),
                        },
                        "digest": digest,
                    }
                )
                return bytes(key.sign(digest_info.dump(), mechanism=Mechanism.RSA_PKCS))
            if key_type == KeyType.EC:
                return encode_ecdsa_signature(key.sign(digest, mechanism=Mechanism.ECDSA))
        except p11_errors.PKCS11Error as exc:
            raise _translate(exc) from exc
        raise SigningFailedError(f"Loại khóa {key_type} trên thiết bị không hỗ trợ ký giá trị băm.")
