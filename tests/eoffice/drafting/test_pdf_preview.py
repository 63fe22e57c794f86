"""The PDF preview made by LibreOffice headless carries the draft's Vietnamese text and A4 pages."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from eoffice.drafting import render_draft
from eoffice.drafting.pdf import docx_to_pdf, soffice_path
from eoffice.drafting.samples import sample_fields

pytestmark = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")


def test_preview_of_a_rendered_template_contains_the_vietnamese_text() -> None:
    pdf = docx_to_pdf(render_draft("quyet_dinh", sample_fields("quyet_dinh")), timeout=120)
    document = pdfium.PdfDocument(pdf)
    page = document[0]
    width, height = page.get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = page.get_textpage().get_text_range()
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Tĩnh, ngày 05 tháng 3 năm 2024",
        "QUYẾT ĐỊNH",
        "Nguyễn Văn An",
    ):
        assert expected in text
