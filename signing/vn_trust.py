"""Vietnamese trust: the public root and intermediate CAs that Vietnamese public agencies use, pinned.

Two profiles:

- ``government`` — Ban Cơ yếu Chính phủ's specialised PKI for the State (chữ ký số chuyên dùng Chính phủ):
  RootCA chuyên dùng Chính phủ G2 (2018–2048) and, under it, CA phục vụ các cơ quan Nhà nước G2, which
  issues the certificates of agencies and officials (official download: ca.gov.vn).
- ``public`` — the public digital-signature infrastructure of NEAC (Bộ Thông tin và Truyền thông): the
  Vietnam National Root CA (RSA-4096, 2014–2039), which anchors every licensed public CA (VNPT-CA,
  Viettel-CA, FPT-CA, BKAV-CA, MISA, …), and VNPT-CA SHA2 under it, shipped so that a VNPT leaf
  certificate whose PDF does not embed its issuer still chains (official download: rootca.gov.vn).

The files under ``signing/trust_bundles/`` are public certificates; each is checked against its SHA-256
fingerprint below every time it is loaded, so a file changed on disk is refused, never trusted. Newer roots
(G3, the remote-signing services' CAs) are added by an operator as PEM files through the application's own
trust settings (docs/SIGNING.md), or here, with their fingerprint, in a release.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

from asn1crypto import pem, x509

from signing.errors import SigningError
from signing.trust import TrustSettings

GOVERNMENT = "government"
PUBLIC = "public"


class TrustBundleError(SigningError):
    code = "signing.trust_bundle"
    default_message = (
        "Tệp chứng thư gốc đi kèm không khớp dấu vân tay SHA-256 đã ghim; không tin cậy tệp này."
    )


@dataclass(frozen=True)
class PinnedCertificate:
    """One shipped certificate: its file, its SHA-256 fingerprint (hex, upper case, colon-separated, as
    certificate viewers show it), whether it is a trust anchor, and its name."""

    filename: str
    sha256: str
    anchor: bool
    name: str


PROFILES: dict[str, tuple[PinnedCertificate, ...]] = {
    GOVERNMENT: (
        PinnedCertificate(
            "rootca-chinh-phu-g2.pem",
            "F0:4B:A4:B4:59:A7:C9:A1:B9:71:AD:9B:1C:B8:33:E6:95:A8:0C:79:AE:A6:3B:17:4B:66:A7:0E:DF:E2:FD:B8",
            True,
            "RootCA chuyên dùng Chính phủ G2",
        ),
        PinnedCertificate(
            "ca-co-quan-nha-nuoc-g2.pem",
            "D8:CA:B7:A4:AE:F9:2E:6B:B2:50:9D:7C:61:CE:E7:B4:4F:37:31:B2:D2:10:74:96:35:30:27:7B:36:6F:AE:4B",
            False,
            "CA phục vụ các cơ quan Nhà nước G2",
        ),
    ),
    PUBLIC: (
        PinnedCertificate(
            "vietnam-national-root-ca.pem",
            "BA:C8:BF:60:9A:B4:20:A8:EE:17:80:D7:4F:4D:E5:C7:F7:18:49:59:D2:A7:37:5B:0A:75:E4:C2:9F:09:08:E7",
            True,
            "Vietnam National Root CA",
        ),
        PinnedCertificate(
            "vnpt-ca-sha2.pem",
            "7D:6B:A5:24:53:17:F9:ED:5D:8B:C7:65:A4:63:4D:26:AC:63:40:D3:6B:9F:58:4D:F3:B5:2D:9C:4A:81:A3:06",
            False,
            "VNPT-CA SHA2",
        ),
    ),
}


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, upper-case hex separated by colons."""
    digest = hashlib.sha256(certificate.dump()).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def load_pinned(pinned: PinnedCertificate, data: bytes | None = None) -> x509.Certificate:
    """The certificate of `pinned` (from the shipped file unless `data` is given), refused with
    `TrustBundleError` unless its fingerprint is the pinned one."""
    if data is None:
        data = resources.files("signing.trust_bundles").joinpath(pinned.filename).read_bytes()
    try:
        der = pem.unarmor(data)[2] if pem.detect(data) else data
        certificate = x509.Certificate.load(der)
        actual = fingerprint(certificate)
    except ValueError as exc:
        raise TrustBundleError(detail=f"{pinned.filename}: {exc}") from exc
    if actual != pinned.sha256:
        raise TrustBundleError(detail=f"{pinned.filename}: {actual}")
    return certificate


def profile_trust(*profiles: str, **options: object) -> TrustSettings:
    """Trust settings anchored at the given profiles' roots (intermediates as path-building help), each
    root labelled with its profile so a validation report can say which one anchored a signature."""
    roots: list[x509.Certificate] = []
    intermediates: list[x509.Certificate] = []
    labels: list[tuple[str, str]] = []
    for profile in profiles:
        if profile not in PROFILES:
            raise TrustBundleError(f"Không có hồ sơ tin cậy '{profile}' (có: {', '.join(PROFILES)}).")
        for pinned in PROFILES[profile]:
            certificate = load_pinned(pinned)
            if pinned.anchor:
                roots.append(certificate)
                labels.append((pinned.sha256, profile))
            else:
                intermediates.append(certificate)
    return TrustSettings(
        roots=tuple(roots),
        intermediates=tuple(intermediates),
        anchor_labels=tuple(labels),
        **options,  # type: ignore[arg-type]
    )
