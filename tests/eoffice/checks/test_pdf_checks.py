"""A PDF draft gets the checks that can be read from its text, fonts and pages."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.text.paragraph import Paragraph

from eoffice.checks import check_format
from eoffice.checks.format.runs import set_text_keeping_runs
from eoffice.drafting.pdf import docx_to_pdf, soffice_path
from tests.eoffice.checks.injections import kinds_of

pytestmark = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")


def test_pdf_of_a_draft_with_errors(clean_drafts) -> None:
    document = docx.Document(io.BytesIO(clean_drafts["quyet_dinh"]))
    kinds = kinds_of(document)
    set_text_keeping_runs(kinds["number"][0].element, "Số: 5/QĐ-UBND")
    set_text_keeping_runs(kinds["tieu_ngu"][0].element, "Độc lập – Tự do – Hạnh phúc")
    set_text_keeping_runs(kinds["noi_nhan_item"][-1].element, "- Lưu: NC.")
    set_text_keeping_runs(kinds["signer_authority"][-1].element, "KT CHỦ TỊCH")
    out = io.BytesIO()
    document.save(out)
    pdf = docx_to_pdf(out.getvalue(), timeout=120)
    findings = check_format(pdf)
    assert sorted((f.code, f.where.kind, f.where.index) for f in findings) == [
        ("format.luu_vt_missing", "page", 1),
        ("format.number_leading_zero", "page", 1),
        ("format.signer_prefix", "page", 1),
        ("format.tieu_ngu_text", "page", 1),
    ]
    clean_pdf = docx_to_pdf(clean_drafts["cong_van"], timeout=120)
    assert check_format(clean_pdf) == []


def test_pdf_of_every_template_is_clean_and_positions_are_read(clean_drafts) -> None:
    """The templates lay out otherwise than the real-layout set (border lines, a trích yếu across the
    page): read from positions, their PDFs give nothing; a body paragraph left without its indent and set
    left-aligned is seen."""
    for kind, data in clean_drafts.items():
        assert [(f.code, f.where.text) for f in check_format(docx_to_pdf(data, timeout=120))] == [], kind
    document = docx.Document(io.BytesIO(clean_drafts["bao_cao"]))
    line = next(x for x in kinds_of(document)["body"] if len(x.text) > 150)  # two lines on the page
    paragraph = Paragraph(line.element, None)
    paragraph.paragraph_format.first_line_indent = 0
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    out = io.BytesIO()
    document.save(out)
    findings = check_format(docx_to_pdf(out.getvalue(), timeout=120))
    assert sorted(f.code for f in findings) == ["format.body_alignment", "format.first_line_indent"]
