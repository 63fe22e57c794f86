"""Ký số và xác thực chữ ký số văn bản PDF (PAdES) theo Nghị định 30/2020/NĐ-CP, on pyHanko.

The service layer sees a ``Signer`` (a key source: PKCS#12 here, PKCS#11 and external signers beside it),
signs with ``PadesSigner`` and reads signatures back with ``validate_pdf``. This package never imports
``eoffice``.

The names below are loaded on first use (PEP 562): importing one light submodule (``signing.pdfium_lock``,
which every pipeline sandbox process needs) would otherwise load pyHanko, aiohttp and the validators through
this file, about 0.5 s per sandboxed document.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_LAZY = {
    "signing._placement": ("fallback_box",),
    "signing.appearance": (
        "AgencyAppearance",
        "Appearance",
        "AttachmentStamp",
        "Box",
        "LeaderAppearance",
        "SignerBlock",
    ),
    "signing.errors": (
        "CertificateExpiredError",
        "CertificateRevokedError",
        "CertificateUntrustedError",
        "DocumentLockedError",
        "EncryptedPdfError",
        "FontNotFoundError",
        "InvalidPdfError",
        "KeyUnavailableError",
        "RevocationUnavailableError",
        "SignerBlockNotFoundError",
        "SigningError",
        "SigningFailedError",
        "TimestampUnavailableError",
    ),
    "signing.fonts": ("find_font",),
    "signing.identity": ("CertificateIdentity", "identity_of"),
    "signing.levels": ("PadesLevel",),
    "signing.pades": ("VIETNAM_TIME", "PadesSigner"),
    "signing.pkcs12": ("Pkcs12Signer",),
    "signing.signer": ("Signer",),
    "signing.trust": ("TrustSettings",),
    "signing.validation": (
        "Problem",
        "SignatureReport",
        "TimestampInfo",
        "ValidationReport",
        "async_validate_pdf",
        "validate_pdf",
    ),
    "signing.vn_trust": ("TrustBundleError", "profile_trust"),
}
_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'signing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_MODULE_OF))


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
