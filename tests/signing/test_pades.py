"""Signing at every PAdES level against the live test PKI, then validating offline and with pdfsig."""

from __future__ import annotations

from pathlib import Path

import pytest

from signing import (
    AgencyAppearance,
    DocumentLockedError,
    LeaderAppearance,
    PadesLevel,
    PadesSigner,
    SignerBlock,
)
from signing.demo_document import demo_document_pdf
from signing.demo_images import seal_image, signature_image
from signing.validation import validate_pdf
from tests.signing.pdfsig import assert_pdfsig_valid


@pytest.fixture(scope="module")
def document() -> bytes:
    return demo_document_pdf()


def leader_appearance() -> LeaderAppearance:
    return LeaderAppearance(signature_image("Nguyễn Văn An"), SignerBlock("Nguyễn Văn An", "CHỦ TỊCH"))


@pytest.mark.parametrize("level", list(PadesLevel))
def test_each_level_validates_offline_and_with_pdfsig(
    pki, document, tmp_path: Path, level: PadesLevel
) -> None:
    signer = PadesSigner(pki.signer("leader"), tsa_url=pki.tsa_url, trust=pki.trust())
    signed = signer.sign(document, level=level, appearance=leader_appearance())
    assert signed.startswith(document), "a signature is an incremental update of the original bytes"

    # Offline: only what the document embeds (B-LT/B-LTA carry their own revocation data).
    offline = validate_pdf(signed, pki.trust(online=False))
    leader = offline.signatures[0]
    assert leader.signer is not None and leader.signer.common_name == "Nguyễn Văn An"
    assert leader.signer.identifiers["user_id"] == "CCCD:001085012345"
    assert leader.level is level
    assert leader.intact and leader.cryptographically_valid
    if level in (PadesLevel.B_LT, PadesLevel.B_LTA):
        assert leader.valid, leader.problems
        assert leader.revocation == "good"
    if level is not PadesLevel.B_B:
        assert leader.timestamp is not None
        assert leader.timestamp.authority == "Dịch vụ cấp dấu thời gian thử nghiệm"
        assert leader.timestamp.valid and leader.timestamp.trusted
    else:
        assert leader.timestamp is None
    if level is PadesLevel.B_LTA:
        assert [report.kind for report in offline.signatures] == ["signature", "document_timestamp"]
        assert offline.signatures[1].valid

    online = validate_pdf(signed, pki.trust(online=True))
    assert online.signatures[0].valid, online.signatures[0].problems

    out = tmp_path / f"signed-{level.value}.pdf"
    out.write_bytes(signed)
    assert_pdfsig_valid(out, pki.nss_dir, expect_signatures=1)


def test_leader_then_agency_both_valid_and_lock(pki, document, tmp_path: Path) -> None:
    leader = PadesSigner(pki.signer("leader"), tsa_url=pki.tsa_url, trust=pki.trust(), default_level="B-T")
    agency = PadesSigner(pki.signer("agency"), tsa_url=pki.tsa_url, trust=pki.trust(), default_level="B-LT")
    first = leader.sign(document, appearance=leader_appearance())
    second = agency.sign(first, appearance=AgencyAppearance(seal_image("UBND tỉnh Demo")), lock=True)
    assert second.startswith(first)

    report = validate_pdf(second, pki.trust(online=True))
    by_signer = {r.signer.common_name: r for r in report.signatures if r.signer}
    assert set(by_signer) == {"Nguyễn Văn An", "UBND tỉnh Demo"}
    assert all(r.valid for r in report.signatures), [r.problems for r in report.signatures]
    assert by_signer["UBND tỉnh Demo"].signer.identifiers["user_id"] == "MST:0100000001"  # type: ignore[union-attr]
    assert by_signer["Nguyễn Văn An"].modification_level in ("form_filling", "lta_updates")

    out = tmp_path / "issued.pdf"
    out.write_bytes(second)
    assert_pdfsig_valid(out, pki.nss_dir, expect_signatures=2)

    with pytest.raises(DocumentLockedError) as locked:
        leader.sign(second, appearance=leader_appearance())
    assert locked.value.code == "signing.document_locked"


def test_counter_signatures_stay_valid(pki, document) -> None:
    signed = document
    for label in ("leader", "agency", "leader"):
        signed = PadesSigner(pki.signer(label)).sign(signed)
    report = validate_pdf(signed, pki.trust())
    assert len(report.signatures) == 3
    assert all(r.intact and r.trusted and not r.problems for r in report.signatures)


def test_sign_file_writes_new_file_and_leaves_original(pki, document, tmp_path: Path) -> None:
    source = tmp_path / "in.pdf"
    source.write_bytes(document)
    target = tmp_path / "out.pdf"
    PadesSigner(pki.signer("leader")).sign_file(source, target, appearance=leader_appearance())
    assert source.read_bytes() == document
    assert validate_pdf(target.read_bytes(), pki.trust()).valid
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.pdf", "out.pdf"]
