"""Khóa ký trong tệp PKCS#12 (.p12/.pfx): the key source of the demo agency and of small offices.

The file is opened once; the parsed key then stays in memory for every signature this object makes, which
is what makes batch signing fast (see ``signing._inmemory``).
"""

from __future__ import annotations

from pathlib import Path

from asn1crypto import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1
from pyhanko.sign import signers

from signing._inmemory import InMemoryKeySigner
from signing.errors import KeyUnavailableError
from signing.signer import Signer


class Pkcs12Signer(Signer):
    """A ``Signer`` backed by a PKCS#12 archive, loaded once."""

    def __init__(
        self, signer: InMemoryKeySigner, cert: x509.Certificate, chain: tuple[x509.Certificate, ...]
    ):
        self._signer = signer
        self._cert = cert
        self._chain = chain

    @classmethod
    def from_bytes(
        cls, data: bytes, password: str | bytes | None, *, extra_certs: tuple[x509.Certificate, ...] = ()
    ) -> Pkcs12Signer:
        """Open PKCS#12 ``data``; a wrong password or a damaged archive raises ``KeyUnavailableError``."""
        secret = password.encode() if isinstance(password, str) else password
        try:
            key, cert, others = pkcs12.load_key_and_certificates(data, secret)
        except (ValueError, TypeError) as exc:
            raise KeyUnavailableError(detail=str(exc)) from exc
        if key is None or cert is None:
            raise KeyUnavailableError("Tệp PKCS#12 không chứa khóa bí mật và chứng thư số của người ký.")
        if not isinstance(
            key,
            rsa.RSAPrivateKey
            | ec.EllipticCurvePrivateKey
            | ed25519.Ed25519PrivateKey
            | ed448.Ed448PrivateKey,
        ):
            raise KeyUnavailableError("Loại khóa trong tệp PKCS#12 không được hỗ trợ.")
        signing_cert = translate_pyca_cryptography_cert_to_asn1(cert)
        chain = tuple(translate_pyca_cryptography_cert_to_asn1(other) for other in others) + extra_certs
        return cls(InMemoryKeySigner(key, signing_cert, list(chain)), signing_cert, chain)

    @classmethod
    def load(
        cls, path: str | Path, password: str | bytes | None, *, extra_certs: tuple[x509.Certificate, ...] = ()
    ) -> Pkcs12Signer:
        """Open the PKCS#12 file at ``path`` (see :meth:`from_bytes`)."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise KeyUnavailableError("Không đọc được tệp khóa PKCS#12.", detail=str(exc)) from exc
        return cls.from_bytes(data, password, extra_certs=extra_certs)

    def pyhanko_signer(self) -> signers.Signer:
        return self._signer

    @property
    def certificate(self) -> x509.Certificate:
        return self._cert

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        return self._chain
