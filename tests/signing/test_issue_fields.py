"""The number and date fields: found on the draft's own lines, placed at the top when it has none, filled
with the text a reader sees."""

from __future__ import annotations

import pypdfium2 as pdfium

from signing.demo_document import DemoDocument, demo_document_pdf
from signing.issue_fields import add_issue_fields, fill_issue_fields, find_issue_lines, has_issue_fields


def _shown(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    document.init_forms()
    try:
        page = document[0]
        page.flatten()
        page.close()
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


def test_fields_lie_on_the_blank_number_and_date_lines_and_show_what_is_filled() -> None:
    pdf = demo_document_pdf(
        DemoDocument(number="Số:      /QĐ-UBND", place_date="Demo, ngày     tháng     năm 2026")
    )
    lines = find_issue_lines(pdf)
    assert lines.number.x2 < lines.date.x1  # two columns on one baseline, not one line across the page
    assert abs(lines.number.y1 - lines.date.y1) < 5 and lines.number_size == 13
    with_fields = add_issue_fields(pdf)
    assert with_fields.startswith(pdf) and has_issue_fields(with_fields) and not has_issue_fields(pdf)
    assert add_issue_fields(with_fields) == with_fields
    filled = fill_issue_fields(
        with_fields, number_line="Số: 07/QĐ-UBND", date_line="Demo, ngày 09 tháng 02 năm 2027"
    )
    assert filled.startswith(with_fields)  # an incremental update: the signed bytes stay as they were
    shown = _shown(filled)
    assert "Số: 07/QĐ-UBND" in shown and "Demo, ngày 09 tháng 02 năm 2027" in shown


def test_a_draft_without_the_lines_gets_them_at_the_top_of_the_first_page() -> None:
    pdf = demo_document_pdf(DemoDocument(number="", place_date=""))
    lines = find_issue_lines(pdf)
    assert lines.number.page == lines.date.page == 0
    assert lines.number.y1 > 600 and lines.number.x2 <= lines.date.x1
    filled = fill_issue_fields(
        add_issue_fields(pdf), number_line="Số: 01/CV-UBND", date_line="ngày 05 tháng 3 năm 2027"
    )
    assert "Số: 01/CV-UBND" in _shown(filled)
