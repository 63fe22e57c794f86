"""The project's own evaluation set (issue 21): drafts laid out as agencies lay them out give no finding,
and each draft with one clerk's error gives the finding for it — on the DOCX, and on the PDF LibreOffice
makes of a sample of them (``bench/checks_eval.py`` runs every PDF and prints the figures in QUALITY.md)."""

from __future__ import annotations

import pytest

from eoffice.checks import apply_fixes, check_format, read_layout
from eoffice.drafting.pdf import docx_to_pdf, soffice_path
from tests.eoffice.checks.real_layouts import (
    CLEAN_SPECS,
    NOT_ON_PDF,
    Score,
    build,
    clean_drafts,
    error_drafts,
    error_name,
)

CLEAN = clean_drafts()
ERRORS = error_drafts()


def test_the_sets_cover_the_types_issuers_and_ways_of_drawing() -> None:
    assert len(CLEAN) >= 15 and len(ERRORS) >= 40
    assert {s.doc_type for s in CLEAN_SPECS} == {
        "cong_van",
        "quyet_dinh",
        "to_trinh",
        "bao_cao",
        "thong_bao",
        "ke_hoach",
        "giay_moi",
    }
    assert {s.issuer for s in CLEAN_SPECS} == {"xa", "phuong", "huyen", "tinh", "so", "bo", "tong_cuc"}
    assert {s.lines for s in CLEAN_SPECS} == {"shape", "vml", "border"}


@pytest.mark.parametrize(("name", "data"), CLEAN, ids=[name for name, _ in CLEAN])
def test_clean_draft_gives_no_finding(name: str, data: bytes) -> None:
    assert [(f.code, f.where.index, f.found) for f in check_format(data)] == []


@pytest.mark.parametrize("draft", ERRORS, ids=[d.name for d in ERRORS])
def test_one_error_gives_its_finding_and_nothing_else(draft) -> None:
    assert sorted({f.code for f in check_format(draft.data)}) == [draft.code]


def test_docx_set_precision_and_recall() -> None:
    score = Score()
    for name, data in CLEAN:
        score.add(name, None, [f.code for f in check_format(data)])
    for draft in ERRORS:
        score.add(draft.name, draft.code, [f.code for f in check_format(draft.data)])
    assert score.false_alarms == 0, score.alarms
    assert score.recall == 1.0, score.missed


def test_layout_reads_the_two_line_ubnd_name_and_the_split_quoc_hieu() -> None:
    """Causes 2, 7 and 9 of issue 21, seen in the layout the pre-fill also reads."""
    specs = {s.name: s for s in CLEAN_SPECS}
    layout = read_layout(build(specs["cv_huyen_names_one"]).data())
    assert [x.text for x in layout.issuer_lines] == ["ỦY BAN NHÂN DÂN", "HUYỆN CAN LỘC"]
    assert layout.parents == []
    assert layout.quoc_hieu is not None and layout.tieu_ngu is not None
    assert layout.tieu_ngu.text == "Độc lập - Tự do - Hạnh phúc"
    assert layout.quoc_hieu.index == layout.tieu_ngu.index  # one paragraph, split by a line break
    layout = read_layout(build(specs["bc_so_shape"]).data())
    assert [x.text for x in layout.parents] == ["ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"]
    assert [x.text for x in layout.issuer_lines] == ["SỞ NỘI VỤ"]


def test_a_paragraph_split_by_line_breaks_is_one_font_finding() -> None:
    specs = {s.name: s for s in CLEAN_SPECS}
    draft = build(specs["tb_bo_vml"])  # quốc hiệu and tiêu ngữ in one paragraph
    for role in ("quoc_hieu", "tieu_ngu"):
        draft.runs[role][0].font.name = "Arial"
    findings = check_format(draft.data())
    assert [(f.code, f.found) for f in findings] == [("format.font_family", "Arial")]


_TEXT_FIXES = ("luu_no_colon", "luu_dot", "vv_capital", "vv_dot", "number_year_qd", "number_year_kh")


@pytest.mark.parametrize("draft", [d for d in ERRORS if error_name(d) in _TEXT_FIXES], ids=lambda d: d.name)
def test_a_mechanical_text_error_is_fixed_into_a_clean_draft(draft) -> None:
    """«- Lưu VT», «V/V», a year in a quyết định's number: one click writes what the decree wants."""
    findings = check_format(draft.data)
    assert [f.code for f in findings] == [draft.code] and findings[0].fixable
    assert check_format(apply_fixes(draft.data, findings)) == []


_PDF_SAMPLE = ("bc_so_shape", "tb_so_border", "cv_phuong_12", "qd_tinh_vml", "tt_huyen_border")
_PDF_ERRORS = (
    "number_no_zero",
    "parent_bold",
    "date_day_no_zero",
    "signer_kt_no_dot",
    "issuer_lower",
    "page_number_missing",
    "page_number_on_page_1",
    "signer_tm_deputy_no_kt",
    "place_huyen_province",
    "luu_no_colon",
    # Read from positions on the page: drawn lines, wrapped căn cứ, paragraphs, margins.
    "tieu_ngu_no_line",
    "summary_line_long",
    "can_cu_no_semicolon",
    "body_no_indent",
    "margin_left_20",
)


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_sample_precision_and_recall() -> None:
    score = Score()
    for name, data in CLEAN:
        if name in _PDF_SAMPLE:
            score.add(name, None, [f.code for f in check_format(docx_to_pdf(data, timeout=120))])
    for draft in ERRORS:
        if error_name(draft) in _PDF_ERRORS and error_name(draft) not in NOT_ON_PDF:
            pdf = docx_to_pdf(draft.data, timeout=120)
            score.add(draft.name, draft.code, [f.code for f in check_format(pdf)])
    assert score.clean == len(_PDF_SAMPLE) and score.errors == len(_PDF_ERRORS)
    assert score.false_alarms == 0, score.alarms
    assert score.recall == 1.0, score.missed


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("name", ["issuer_no_line", "tieu_ngu_no_line", "summary_no_line"])
def test_a_missing_short_line_is_worded_alike_on_the_docx_and_on_its_pdf(name: str) -> None:
    """Both readers word a short line through ``_line_rules``: a clerk who sends the PDF reads what the
    DOCX would have said."""
    draft = next(d for d in ERRORS if error_name(d) == name)

    def worded(data: bytes) -> list[tuple[str, str, str, str]]:
        return [(f.code, f.found, f.expected, f.message) for f in check_format(data) if f.code == draft.code]

    docx_findings = worded(draft.data)
    assert len(docx_findings) == 1
    assert worded(docx_to_pdf(draft.data, timeout=120)) == docx_findings
