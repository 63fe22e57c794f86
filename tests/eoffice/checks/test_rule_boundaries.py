"""Where the newer thể thức rules stop: layouts and wordings that are right, or that the decree leaves open,
give no finding (issue 21: a checker that cries wolf is not used)."""

from __future__ import annotations

from eoffice.checks import check_format
from tests.eoffice.checks.real_layouts import CLEAN_SPECS, build

_SPECS = {s.name: s for s in CLEAN_SPECS}


def _signer(name: str, *lines: str) -> bytes:
    draft = build(_SPECS[name])
    for run, text in zip(draft.runs["signer"], lines, strict=True):
        run.text = text
    return draft.data()


def test_a_deputy_may_sign_for_the_standing_committee_of_a_council() -> None:
    """«TM. THƯỜNG TRỰC HĐND» / «PHÓ CHỦ TỊCH»: the deputy signs for the collective itself; only a UBND's (or the
    Government's) deputy adds «KT. CHỦ TỊCH»."""
    data = _signer("gm_phuong", "TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN", "PHÓ CHỦ TỊCH")
    assert [f.code for f in check_format(data)] == []
    data = _signer("gm_phuong", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH")
    assert [f.code for f in check_format(data)] == ["format.signer_authority"]


def test_a_line_anchored_lower_in_the_header_column_is_found() -> None:
    """Word users often anchor the issuer's line in the «Số: …» paragraph and raise it by its offset."""
    draft = build(_SPECS["bc_so_shape"])
    shape = draft.issuer_line
    shape.getparent().remove(shape)
    draft.paragraphs["number"][0]._p.append(shape)
    assert [f.code for f in check_format(draft.data())] == []


def test_a_place_is_compared_without_its_punctuation() -> None:
    draft = build(_SPECS["cv_huyen_names_one"])
    draft.runs["date"][0].text = "Can-Lộc, ngày 05 tháng 11 năm 2024"
    assert [f.code for f in check_format(draft.data())] == []
