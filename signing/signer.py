"""The ``Signer`` port: what the service layer sees of a signing key, wherever the key lives.

A key source (PKCS#12 file, PKCS#11 token, external/remote signer) implements this small class; the signing
code only asks it for a pyHanko ``Signer`` and for the certificate it signs with. Keeping the port this
narrow lets each source decide how the private-key operation happens (in memory, on a token, on the leader's
PC through ``eoffice sign-agent``).
"""

from __future__ import annotations

import abc

from asn1crypto import x509
from pyhanko.sign import signers

from signing.identity import CertificateIdentity, identity_of


class Signer(abc.ABC):
    """Một nguồn khóa ký (người ký hoặc cơ quan): yields a pyHanko signer plus who it signs as."""

    @abc.abstractmethod
    def pyhanko_signer(self) -> signers.Signer:
        """The pyHanko signer to hand to ``PdfSigner``; may be the same object on every call."""

    @property
    @abc.abstractmethod
    def certificate(self) -> x509.Certificate:
        """The signer's own certificate (asn1crypto)."""

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        """Intermediate (and optionally root) certificates to embed; empty when the source has none."""
        return ()

    @property
    def identity(self) -> CertificateIdentity:
        """Subject, issuer, serial and identifier attributes of :attr:`certificate`."""
        return identity_of(self.certificate)

    @property
    def subject_name(self) -> str:
        """The certificate's common name — a person's full name or an agency's name."""
        return self.identity.common_name
