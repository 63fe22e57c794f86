"""A PDF draft gets the checks that can be read from its text, fonts and pages."""

from __future__ import annotations

import io

import docx
import pytest

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
