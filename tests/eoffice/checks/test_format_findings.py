"""Each injected layout error is found with its code and place, and nothing else is reported."""

from __future__ import annotations

import io

import docx
import pytest

from eoffice.checks import Severity, apply_fixes, check_format
from eoffice.checks.format.runs import set_text_keeping_runs
from tests.eoffice.checks.injections import INJECTIONS, Injection, NotApplicable, inject, kinds_of

_ORDER = ("quyet_dinh", "cong_van", "ke_hoach", "bao_cao", "to_trinh", "thong_bao", "giay_moi")


def _injected(clean_drafts: dict[str, bytes], injection: Injection, start: int) -> tuple[bytes, tuple]:
    for offset in range(len(_ORDER)):
        try:
            return inject(clean_drafts[_ORDER[(start + offset) % len(_ORDER)]], injection)
        except NotApplicable:
            continue
    pytest.fail(f"no template has the element {injection.name} edits")


@pytest.mark.parametrize(
    ("position", "injection"), list(enumerate(INJECTIONS)), ids=[i.name for i in INJECTIONS]
)
def test_injected_error_is_found_at_its_place(clean_drafts, position: int, injection: Injection) -> None:
    data, where = _injected(clean_drafts, injection, position)
    findings = check_format(data)
    assert [(f.code, (f.where.kind, f.where.index)) for f in findings] == [(injection.code, where)]
    finding = findings[0]
    assert finding.message and finding.expected
    if where[0] == "paragraph":
        assert finding.where.text  # a quote of the paragraph


@pytest.mark.parametrize(
    ("position", "injection"),
    [
        (n, i)
        for n, i in enumerate(INJECTIONS)
        if i.code
        in {
            "format.margin_left",
            "format.margin_top",
            "format.paper_size",
            "format.orientation",
            "format.font_family",
            "format.font_size",
            "format.bold",
            "format.italic",
            "format.number_leading_zero",
            "format.date_leading_zero",
            "format.body_alignment",
            "format.first_line_indent",
            "format.line_spacing",
            "format.font_color",
            "format.tieu_ngu_text",
        }
    ],
    ids=lambda v: getattr(v, "name", str(v)),
)
def test_mechanical_fix_produces_a_clean_new_version(
    clean_drafts, position: int, injection: Injection
) -> None:
    data, _ = _injected(clean_drafts, injection, position)
    findings = check_format(data)
    assert findings and all(f.fixable for f in findings)
    fixed = apply_fixes(data, findings)
    assert fixed != data
    assert check_format(fixed) == []
    assert check_format(data) == findings  # the original is untouched


def test_fixing_leading_zeros_writes_the_decree_form(clean_drafts) -> None:
    document = docx.Document(io.BytesIO(clean_drafts["quyet_dinh"]))
    kinds = kinds_of(document)
    set_text_keeping_runs(kinds["number"][0].element, "Số: 7/QĐ-UBND")
    set_text_keeping_runs(kinds["date_line"][0].element, "Hà Tĩnh, ngày 9 tháng 2 năm 2021")
    out = io.BytesIO()
    document.save(out)
    findings = check_format(out.getvalue())
    assert {f.code for f in findings} == {"format.number_leading_zero", "format.date_leading_zero"}
    fixed = docx.Document(io.BytesIO(apply_fixes(out.getvalue(), findings)))
    texts = {c.text for t in fixed.tables for r in t.rows for c in r.cells}
    assert "Số: 07/QĐ-UBND" in texts
    assert "Hà Tĩnh, ngày 09 tháng 02 năm 2021" in texts


def test_both_tone_placements_of_the_national_title_are_accepted(clean_drafts) -> None:
    document = docx.Document(io.BytesIO(clean_drafts["cong_van"]))
    kinds = kinds_of(document)
    set_text_keeping_runs(kinds["quoc_hieu"][0].element, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    # The place names the issuer's province (format.place_name), here in the other tone placement.
    set_text_keeping_runs(kinds["issuer"][-1].element, "ỦY BAN NHÂN DÂN TỈNH THANH HÓA")
    set_text_keeping_runs(kinds["date_line"][0].element, "Thanh Hoá, ngày 05 tháng 3 năm 2024")
    out = io.BytesIO()
    document.save(out)
    assert check_format(out.getvalue()) == []


def test_missing_elements_are_reported_once_each(clean_drafts) -> None:
    document = docx.Document(io.BytesIO(clean_drafts["thong_bao"]))
    for line in kinds_of(document)["noi_nhan_title"]:
        set_text_keeping_runs(line.element, "Gửi:")
    out = io.BytesIO()
    document.save(out)
    findings = check_format(out.getvalue())
    assert [(f.code, f.expected) for f in findings if f.code == "format.missing_element"] == [
        ("format.missing_element", "Nơi nhận")
    ]


def test_a_landscape_page_is_only_a_warning_when_the_agency_allows_it(clean_drafts) -> None:
    from eoffice.checks import FormatRules

    injection = next(i for i in INJECTIONS if i.code == "format.orientation")
    data, _ = inject(clean_drafts["bao_cao"], injection)
    assert check_format(data)[0].severity == Severity.ERROR
    from eoffice.checks.format import check_docx

    assert check_docx(data, FormatRules(allow_landscape=True))[0].severity == Severity.WARNING
