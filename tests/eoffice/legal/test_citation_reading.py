"""Citations read across what PDFs and Word do to a line: wraps, hyphens, PDFium's U+FFFE, manual breaks."""

from __future__ import annotations

import datetime as dt

import pytest

from eoffice.checks.legal import check_legal_basis
from eoffice.legal import LegalCorpus
from eoffice.legal.citations import read_citations


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính \nphủ về công tác văn thư;",
        "Căn cứ Nghị định số 30/2020/NĐ-\nCP ngày 05 tháng 3 năm 2020 của Chính phủ;",
        "Căn cứ Nghị định số 30/2020/NĐ\ufffeCP ngày 05 tháng 3 năm 2020 của Chính phủ;",
        "Căn cứ Nghị định số 30/2020/NĐ\ufffe\nCP ngày 05 tháng 3 năm 2020 của Chính phủ;",
        "Căn cứ Nghị định số 30/2020/\nNĐ-CP ngày 05 tháng 3\nnăm 2020 của Chính phủ;",
        "Căn cứ Nghị định số 30\n/2020/NĐ-C\u00adP ngày 05 tháng 3 năm 2020 của Chính phủ;",
    ],
)
def test_a_wrapped_or_hyphen_broken_decree_keeps_number_issuer_and_date(text: str) -> None:
    (c,) = read_citations(text)
    assert (c.type, c.number, c.issuer, c.date) == (
        "Nghị định",
        "30/2020/NĐ-CP",
        "Chính phủ",
        dt.date(2020, 3, 5),
    )
    # offsets index the text as given: the span starts at the type word and ends after the issuer
    assert text[c.start :].startswith("Nghị định") and text[: c.end].endswith("phủ")


@pytest.mark.parametrize(
    ("text", "name", "year"),
    [
        ("Căn cứ Hiến pháp năm 2013;", "Hiến pháp", 2013),
        ("Căn cứ Bộ luật Lao động 2019;", "Bộ luật Lao động", 2019),
        ("Căn cứ Luật Đất đai năm 2013;", "Luật Đất đai", 2013),
        ("Căn cứ Bộ luật Dân sự\nnăm 2015;", "Bộ luật Dân sự", 2015),
        (
            "Căn cứ Luật Tổ chức chính quyền\nđịa phương ngày 19 tháng 6 năm 2015;",
            "Luật Tổ chức chính quyền địa phương",
            2015,
        ),
        ("Căn cứ Luật Tổ chức\nChính phủ ngày 19 tháng 6 năm 2015;", "Luật Tổ chức Chính phủ", 2015),
    ],
)
def test_laws_and_codes_keep_their_name_and_year(text: str, name: str, year: int) -> None:
    (c,) = read_citations(text)
    assert (c.name, c.year, c.number) == (name, year, None)


def test_a_paragraph_break_is_not_a_wrap() -> None:
    text = "Căn cứ Nghị định số 30/2020/NĐ-CP;\nNgày 05 tháng 3 năm 2020 các sở họp.\nQUYẾT ĐỊNH\nĐiều 1. Ban hành"
    (c,) = read_citations(text)
    assert c.date is None and c.end == text.index(";")


HEADER = (
    "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố: 125/QĐ-UBND Hà Tĩnh, ngày 12 tháng 3 năm 2019\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQUYẾT ĐỊNH\n"
)


def test_the_check_reads_a_pdfs_wrapped_lines_and_its_date_beside_the_number(corpus: LegalCorpus) -> None:
    """As PDFium gives a PDF: «Số:» and the date on one line, a căn cứ wrapped inside the issuer and the symbol."""
    text = (
        HEADER + "Căn cứ Nghị định số 110/2004/NĐ\ufffeCP ngày 08 tháng 4 năm 2004 của Chính \n"
        "phủ về công tác văn thư;\nCăn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3\nnăm 2020 của Thủ tướng Chính\n"
        "phủ về công tác văn thư;\nQUYẾT ĐỊNH:\n"
    )
    findings = check_legal_basis(text, corpus=corpus)
    # 2019: 110/2004 was in force as amended by 09/2010 (30/2020 came in 2020); 30/2020 is cited before it was
    # issued, and not by its issuer
    assert sorted(f.code for f in findings) == [
        "legal.amended",
        "legal.cited_before_issued",
        "legal.issuer_mismatch",
    ]
    amended = next(f for f in findings if f.code == "legal.amended")
    assert amended.where.index == 7 and "09/2010/NĐ-CP" in amended.message
    mismatch = next(f for f in findings if f.code == "legal.issuer_mismatch")
    assert mismatch.found == "Thủ tướng Chính phủ" and mismatch.where.index == 9
    later = check_legal_basis(text.replace("năm 2019", "năm 2024"), corpus=corpus)
    replaced = next(f for f in later if f.code == "legal.replaced")
    assert replaced.where.index == 7 and "30/2020/NĐ-CP" in replaced.message


def test_a_date_line_wrapped_in_a_narrow_column_still_dates_the_draft(corpus: LegalCorpus) -> None:
    line = "Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư;\n"
    wrapped = HEADER.replace("Số: 125/QĐ-UBND Hà Tĩnh, ngày 12 tháng 3 năm 2019\n", "Số: 125/QĐ-UBND\n")
    wrapped = wrapped.replace("Hạnh phúc\n", "Hạnh phúc\nHà Tĩnh, ngày 12 tháng\n3 năm 2019\n")
    # 2019: 110/2004 stood, amended by 09/2010; judged today it would be replaced by 30/2020
    assert [f.code for f in check_legal_basis(wrapped + line, corpus=corpus)] == ["legal.amended"]


def test_a_citation_across_a_page_break_keeps_its_issuer() -> None:
    """A PDF's pages are joined by a blank line, and page 2 starts with its number."""
    text = (
        "Các cơ quan thực hiện Quyết định số 28/2018/QĐ-TTg ngày 12 tháng 7 năm 2018 của \n\n2\n"
        "Thủ tướng Chính phủ về việc gửi, nhận văn bản điện tử."
    )
    (c,) = read_citations(text)
    assert (c.number, c.issuer, c.date) == ("28/2018/QĐ-TTg", "Thủ tướng Chính phủ", dt.date(2018, 7, 12))
    assert text[c.start : c.end].endswith("\n\n2\nThủ tướng Chính phủ")
    ended = text.replace("của \n\n2\n", "của Chính phủ.\n\n2\n")
    assert [c.issuer for c in read_citations(ended)] == ["Chính phủ"]  # the paragraph had ended


def test_the_check_reads_a_basis_across_a_page_break(corpus: LegalCorpus) -> None:
    text = (
        HEADER + "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Thủ tướng\n\n- 2 -\n"
        "Chính phủ về công tác văn thư;\nQUYẾT ĐỊNH:\n"
    )
    findings = check_legal_basis(text, corpus=corpus, draft_date=dt.date(2024, 3, 12))
    assert [(f.code, f.found, f.where.index) for f in findings] == [
        ("legal.issuer_mismatch", "Thủ tướng Chính phủ", 7)
    ]
