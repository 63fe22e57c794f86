"""Vietnamese trust bundle: every shipped certificate is the one its SHA-256 fingerprint pins, the chains
hold, a changed file is refused, and a validation report names the profile that anchored a signature."""

from __future__ import annotations

from dataclasses import replace

import pytest
from asn1crypto import pem
from cryptography import x509 as cx509

from eoffice.settings import Settings
from signing import PadesSigner, TrustBundleError, TrustSettings, profile_trust
from signing.demo_document import demo_document_pdf
from signing.validation import validate_pdf
from signing.vn_trust import GOVERNMENT, PROFILES, PUBLIC, fingerprint, load_pinned
from tests.signing.conftest import TestPKI

# As published in issue 19 (from rootca.gov.vn and ca.gov.vn), independent of the code's own pin table.
EXPECTED = {
    "Vietnam National Root CA": (
        "BA:C8:BF:60:9A:B4:20:A8:EE:17:80:D7:4F:4D:E5:C7:F7:18:49:59:D2:A7:37:5B:0A:75:E4:C2:9F:09:08:E7"
    ),
    "RootCA chuyên dùng Chính phủ G2": (
        "F0:4B:A4:B4:59:A7:C9:A1:B9:71:AD:9B:1C:B8:33:E6:95:A8:0C:79:AE:A6:3B:17:4B:66:A7:0E:DF:E2:FD:B8"
    ),
    "CA phục vụ các cơ quan Nhà nước G2": (
        "D8:CA:B7:A4:AE:F9:2E:6B:B2:50:9D:7C:61:CE:E7:B4:4F:37:31:B2:D2:10:74:96:35:30:27:7B:36:6F:AE:4B"
    ),
    "VNPT-CA SHA2": (
        "7D:6B:A5:24:53:17:F9:ED:5D:8B:C7:65:A4:63:4D:26:AC:63:40:D3:6B:9F:58:4D:F3:B5:2D:9C:4A:81:A3:06"
    ),
}


def _all() -> dict[str, object]:
    return {pinned.name: pinned for profile in PROFILES.values() for pinned in profile}


def test_every_shipped_file_has_its_published_fingerprint() -> None:
    shipped = _all()
    assert set(shipped) == set(EXPECTED)
    for name, pinned in shipped.items():
        certificate = load_pinned(pinned)  # type: ignore[arg-type]
        assert fingerprint(certificate) == EXPECTED[name], name
        assert name.casefold() in certificate.subject.human_friendly.casefold(), name


def _crypto(name: str) -> cx509.Certificate:
    return cx509.load_der_x509_certificate(load_pinned(_all()[name]).dump())  # type: ignore[arg-type]


def test_the_intermediates_are_issued_by_their_roots() -> None:
    for child, parent in (
        ("CA phục vụ các cơ quan Nhà nước G2", "RootCA chuyên dùng Chính phủ G2"),
        ("VNPT-CA SHA2", "Vietnam National Root CA"),
    ):
        _crypto(child).verify_directly_issued_by(_crypto(parent))
    for root in ("RootCA chuyên dùng Chính phủ G2", "Vietnam National Root CA"):
        _crypto(root).verify_directly_issued_by(_crypto(root))  # self-signed anchors


def test_a_changed_file_is_refused() -> None:
    pinned = PROFILES[GOVERNMENT][0]
    other = PROFILES[PUBLIC][0]
    with pytest.raises(TrustBundleError):
        load_pinned(pinned, pem.armor("CERTIFICATE", load_pinned(other).dump()))
    with pytest.raises(TrustBundleError):
        load_pinned(pinned, b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    with pytest.raises(TrustBundleError):
        load_pinned(replace(pinned, sha256=EXPECTED["VNPT-CA SHA2"]))


def test_profiles_and_settings() -> None:
    both = profile_trust(GOVERNMENT, PUBLIC)
    assert {fingerprint(r) for r in both.roots} == {
        EXPECTED["RootCA chuyên dùng Chính phủ G2"],
        EXPECTED["Vietnam National Root CA"],
    }
    assert len(both.intermediates) == 2
    assert both.label_of(EXPECTED["Vietnam National Root CA"]) == PUBLIC
    assert both.label_of(EXPECTED["RootCA chuyên dùng Chính phủ G2"]) == GOVERNMENT
    with pytest.raises(TrustBundleError):
        profile_trust("quoc-te")
    assert Settings(trust_profiles="government").trust_profile_names == (GOVERNMENT,)
    with pytest.raises(ValueError, match="quoc-te"):
        Settings(trust_profiles="government,quoc-te")


def test_the_report_names_the_profile_that_anchored_each_signature(pki: TestPKI) -> None:
    """No test can hold a Vietnamese CA's key, so the test root gets a label of its own next to the real
    profiles: the report names it for a signature it anchors, and names nothing for an untrusted one."""
    labelled = TrustSettings(roots=(pki.root,), anchor_labels=((fingerprint(pki.root), "thu-nghiem"),))
    trust = replace(profile_trust(GOVERNMENT, PUBLIC), allow_fetching=True).combined(labelled)
    leader = validate_pdf(PadesSigner(pki.signer("leader")).sign(demo_document_pdf()), trust)
    assert leader.signatures[0].trusted and leader.signatures[0].trust_profile == "thu-nghiem"
    stranger = validate_pdf(PadesSigner(pki.signer("stranger")).sign(demo_document_pdf()), trust)
    assert not stranger.signatures[0].trusted and stranger.signatures[0].trust_profile is None
