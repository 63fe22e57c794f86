"""A pyHanko signer over an already-loaded ``cryptography`` private key.

pyHanko's ``SimpleSigner`` keeps the key as ASN.1 and re-parses it with ``load_der_private_key`` on every
raw signature (twice per PDF signature, counting the size estimate). Parsing an RSA key costs far more than
the RSA operation itself, so a signer that stays loaded for a batch keeps the parsed key instead and answers
the size-estimating dry run without signing at all.
"""

from __future__ import annotations

from asn1crypto import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

PrivateKey = (
    rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey
)


class InMemoryKeySigner(signers.Signer):
    """pyHanko ``Signer`` that signs with a parsed private key held in memory."""

    def __init__(
        self,
        key: PrivateKey,
        cert: x509.Certificate,
        others: list[x509.Certificate],
        *,
        prefer_pss: bool = False,
    ) -> None:
        registry = SimpleCertificateStore()
        registry.register_multiple(others)
        super().__init__(signing_cert=cert, cert_registry=registry, prefer_pss=prefer_pss, embed_roots=True)
        self._key = key

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        key = self._key
        if isinstance(key, rsa.RSAPrivateKey):
            if dry_run:
                # An RSA signature is exactly as long as the modulus: no need to compute one to size it.
                return bytes(key.key_size // 8)
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if mechanism.signature_algo == "rsassa_pss":
                pss_padding, pss_hash = process_pss_params(mechanism["parameters"])
                return key.sign(data, pss_padding, pss_hash)
            return key.sign(data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        return key.sign(data)
