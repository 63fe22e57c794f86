"""Which certificates eOffice trusts, and whether it may go online to check revocation.

One value object feeds both signing (B-LT/B-LTA collect OCSP/CRL answers with it) and validation; the
application fills it from settings (the national root CA for public agencies in production, the demo CA in
development).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import pem, x509
from pyhanko_certvalidator import ValidationContext

from signing._fetching import AllowListFetcherBackend, UrlAllowList


@dataclass(frozen=True)
class TrustSettings:
    """Trust anchors and revocation policy.

    ``revocation_hard_fail``: when true, a certificate whose revocation status cannot be established is a
    failure (hard-fail); otherwise missing revocation data is tolerated (soft-fail) and only a positive
    "revoked" answer fails.

    Network: by default none at all — only what the document embeds. ``fetch_from`` lists URL prefixes (the
    OCSP responders and CRL distribution points of the configured roots) that may be contacted; any other
    URL a certificate names is never requested, because whoever made the certificate chose it (SSRF).
    ``allow_fetching`` follows every URL a certificate names: only for certificates whose author one trusts
    (a test PKI), never for documents from outside.

    ``anchor_labels`` names roots (a Vietnamese trust profile, `signing.vn_trust`); ``combined`` joins
    several settings' anchors under the first one's network and revocation policy.
    """

    roots: tuple[x509.Certificate, ...] = ()
    intermediates: tuple[x509.Certificate, ...] = ()
    allow_fetching: bool = False
    revocation_hard_fail: bool = False
    fetch_timeout: float = 10.0
    fetch_from: tuple[str, ...] = ()
    # (SHA-256 fingerprint as `signing.vn_trust.fingerprint` writes it, label): names the trust profile of
    # a root, reported as the anchor of each signature it validates (`SignatureReport.trust_profile`)
    anchor_labels: tuple[tuple[str, str], ...] = ()

    def label_of(self, root_fingerprint: str) -> str | None:
        return dict(self.anchor_labels).get(root_fingerprint)

    def context_options(self) -> dict[str, Any]:
        """The network part of a pyHanko ``ValidationContext``'s arguments (see the class docstring)."""
        if self.allow_fetching:
            return {"allow_fetching": True}
        allow_list = UrlAllowList(self.fetch_from)
        if not allow_list:
            return {"allow_fetching": False}
        backend = AllowListFetcherBackend(allow_list, per_request_timeout=self.fetch_timeout)
        return {"allow_fetching": True, "fetcher_backend": backend}

    def combined(self, *others: TrustSettings) -> TrustSettings:
        """These settings with the roots, intermediates and labels of `others` added."""
        from dataclasses import replace

        return replace(
            self,
            roots=self.roots + tuple(c for o in others for c in o.roots),
            intermediates=self.intermediates + tuple(c for o in others for c in o.intermediates),
            anchor_labels=self.anchor_labels + tuple(label for o in others for label in o.anchor_labels),
        )

    @classmethod
    def from_files(cls, *paths: str | Path, **options: bool | float) -> TrustSettings:
        """Load trust roots from PEM or DER files (a PEM file may hold several certificates)."""
        roots: list[x509.Certificate] = []
        for path in paths:
            data = Path(path).read_bytes()
            if pem.detect(data):
                roots.extend(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True))
            else:
                roots.append(x509.Certificate.load(data))
        return cls(roots=tuple(roots), **options)  # type: ignore[arg-type]

    def validation_context(
        self, *, moment: datetime | None = None, extra_certs: tuple[x509.Certificate, ...] = ()
    ) -> ValidationContext:
        """A fresh pyHanko/certvalidator context (they cache fetched data, so one per operation)."""
        return ValidationContext(
            trust_roots=list(self.roots),
            other_certs=list(self.intermediates + extra_certs),
            revocation_mode="hard-fail" if self.revocation_hard_fail else "soft-fail",
            moment=moment,
            best_signature_time=moment,
            **self.context_options(),
        )
