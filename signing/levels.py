"""PAdES baseline levels (ETSI EN 319 142-1) as eOffice names them on the command line and in reports."""

from __future__ import annotations

from enum import StrEnum


class PadesLevel(StrEnum):
    """Mức chữ ký PAdES: B-B < B-T < B-LT < B-LTA."""

    B_B = "B-B"
    """Basic signature: the signer's claimed time only."""
    B_T = "B-T"
    """Plus an RFC 3161 signature time-stamp from a trusted authority."""
    B_LT = "B-LT"
    """Plus the certificates and OCSP/CRL answers needed to validate it later, in the DSS."""
    B_LTA = "B-LTA"
    """Plus a document time-stamp over all of that, so it can be renewed for archival."""

    @property
    def needs_timestamp(self) -> bool:
        return self is not PadesLevel.B_B

    @property
    def needs_revocation_info(self) -> bool:
        return self in (PadesLevel.B_LT, PadesLevel.B_LTA)
