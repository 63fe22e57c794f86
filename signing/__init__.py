"""Ký số và xác thực chữ ký số văn bản PDF (PAdES) theo Nghị định 30/2020/NĐ-CP, on pyHanko.

The service layer sees a ``Signer`` (a key source: PKCS#12 here, PKCS#11 and external signers beside it),
signs with ``PadesSigner`` and reads signatures back with ``validate_pdf``. This package never imports
``eoffice``.
"""

from signing._placement import fallback_box
from signing.appearance import (
    AgencyAppearance,
    Appearance,
    AttachmentStamp,
    Box,
    LeaderAppearance,
    SignerBlock,
)
from signing.errors import (
    CertificateExpiredError,
    CertificateRevokedError,
    CertificateUntrustedError,
    DocumentLockedError,
    EncryptedPdfError,
    FontNotFoundError,
    InvalidPdfError,
    KeyUnavailableError,
    RevocationUnavailableError,
    SignerBlockNotFoundError,
    SigningError,
    SigningFailedError,
    TimestampUnavailableError,
)
from signing.fonts import find_font
from signing.identity import CertificateIdentity, identity_of
from signing.levels import PadesLevel
from signing.pades import VIETNAM_TIME, PadesSigner
from signing.pkcs12 import Pkcs12Signer
from signing.signer import Signer
from signing.trust import TrustSettings
from signing.validation import (
    Problem,
    SignatureReport,
    TimestampInfo,
    ValidationReport,
    async_validate_pdf,
    validate_pdf,
)
from signing.vn_trust import TrustBundleError, profile_trust

__all__ = [
    "VIETNAM_TIME",
    "AgencyAppearance",
    "Appearance",
    "AttachmentStamp",
    "Box",
    "CertificateExpiredError",
    "CertificateIdentity",
    "CertificateRevokedError",
    "CertificateUntrustedError",
    "DocumentLockedError",
    "EncryptedPdfError",
    "FontNotFoundError",
    "InvalidPdfError",
    "KeyUnavailableError",
    "LeaderAppearance",
    "PadesLevel",
    "PadesSigner",
    "Pkcs12Signer",
    "RevocationUnavailableError",
    "Signer",
    "SignerBlock",
    "SignerBlockNotFoundError",
    "SigningError",
    "SigningFailedError",
    "TimestampUnavailableError",
    "TrustSettings",
    "TrustBundleError",
    "fallback_box",
    "profile_trust",
    "Problem",
    "SignatureReport",
    "TimestampInfo",
    "ValidationReport",
    "async_validate_pdf",
    "validate_pdf",
    "find_font",
    "identity_of",
]
