"""The căn cứ check on realistic drafts: each finding type, its place and record, and silence on valid lines."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from eoffice.checks.legal import check_legal_basis
from eoffice.legal import LegalCorpus

HEADER = """ỦY BAN NHÂN DÂN
TỈNH HÀ TĨNH
Số: 125/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Tĩnh, ngày 12 tháng 3 năm 2024
QUYẾT ĐỊNH
Về việc ban hành Quy chế công tác văn thư, lưu trữ
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
"""
VALID = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa "
    "phương ngày 22 tháng 11 năm 2019;",
    "Căn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Căn cứ Thông tư số 10/2022/TT-BNV ngày 19 tháng 12 năm 2022 của Bộ trưởng Bộ Nội vụ quy định thời hạn "
    "bảo quản tài liệu;",
    "Căn cứ Quyết định số 28/2018/QĐ-TTg ngày 12 tháng 7 năm 2018 của Thủ tướng Chính phủ về việc gửi, nhận "
    "văn bản điện tử giữa các cơ quan trong hệ thống hành chính nhà nước;",
    "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi "
    "số quốc gia;",
    "Căn cứ Quyết định số 15/2022/QĐ-UBND ngày 20 tháng 4 năm 2022 của UBND tỉnh Hà Tĩnh;",
    "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 01 tháng 3 năm 2024.",
]


def draft(*lines: str) -> str:
    return HEADER + "\n".join(lines) + "\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\n"


def codes(findings: list) -> list[str]:
    return [f.code for f in findings]


def test_a_correct_draft_has_no_finding(corpus: LegalCorpus) -> None:
    assert check_legal_basis(draft(*VALID), corpus=corpus) == []


def test_replaced_decree_names_the_replacement_and_links_the_record(corpus: LegalCorpus) -> None:
    line = "Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư;"
    (finding,) = check_legal_basis(draft(VALID[0], VALID[1], line), corpus=corpus)
    assert finding.code == "legal.replaced" and finding.severity == "error"
    assert "30/2020/NĐ-CP" in finding.message and "30/2020/NĐ-CP" in finding.expected
    assert finding.record is not None and finding.record.number == "30/2020/NĐ-CP"
    assert finding.where.kind == "paragraph" and finding.where.index == 12
    assert finding.where.text.startswith("Căn cứ Nghị định số 110/2004")
    assert finding.to_dict()["record"]["number"] == "30/2020/NĐ-CP"


def test_a_replacement_chain_leads_to_the_document_in_force(corpus: LegalCorpus) -> None:
    line = "Căn cứ Nghị định số 108/2014/NĐ-CP ngày 20 tháng 11 năm 2014 của Chính phủ về chính sách tinh giản biên chế;"
    (finding,) = check_legal_basis(draft(line), corpus=corpus)
    assert finding.code == "legal.replaced" and "29/2023/NĐ-CP" in finding.expected


def test_a_law_replaced_after_the_drafts_date_is_still_a_valid_basis(corpus: LegalCorpus) -> None:
    line = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
    assert check_legal_basis(draft(line, VALID[1]), corpus=corpus) == []
    later = check_legal_basis(draft(line), corpus=corpus, draft_date=dt.date(2025, 8, 1))
    assert codes(later) == ["legal.replaced"] and "72/2025/QH15" in later[0].expected


def test_expired_document(corpus: LegalCorpus) -> None:
    line = (
        "Căn cứ Luật số 47/2019/QH14 ngày 22 tháng 11 năm 2019 sửa đổi, bổ sung một số điều của Luật Tổ chức "
        "Chính phủ và Luật Tổ chức chính quyền địa phương;"
    )
    findings = check_legal_basis(draft(line), corpus=corpus, draft_date=dt.date(2025, 5, 1))
    assert codes(findings) == ["legal.expired"]
    assert findings[0].record is not None and findings[0].record.number == "47/2019/QH14"


@pytest.mark.parametrize(
    "line",
    [
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2021 của Chính phủ về công tác văn thư;",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 15 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
        "Căn cứ Luật Giao dịch điện tử ngày 22 tháng 6 năm 2022;",
    ],
)
def test_date_that_does_not_match_the_number(corpus: LegalCorpus, line: str) -> None:
    findings = check_legal_basis(draft(line), corpus=corpus, draft_date=dt.date(2024, 12, 1))
    assert "legal.date_mismatch" in codes(findings)
    mismatch = next(f for f in findings if f.code == "legal.date_mismatch")
    assert mismatch.record is not None
    assert mismatch.expected in ("ngày 05 tháng 3 năm 2020", "ngày 22 tháng 6 năm 2023")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Thủ tướng Chính phủ;", "Chính phủ"),
        ("Căn cứ Thông tư số 10/2022/TT-BNV ngày 19 tháng 12 năm 2022 của Bộ Tài chính;", "Bộ Nội vụ"),
        (
            "Căn cứ Quyết định số 28/2018/QĐ-TTg ngày 12 tháng 7 năm 2018 của Chính phủ;",
            "Thủ tướng Chính phủ",
        ),
    ],
)
def test_issuer_that_does_not_match_the_symbol(corpus: LegalCorpus, line: str, expected: str) -> None:
    (finding,) = check_legal_basis(draft(line), corpus=corpus)
    assert finding.code == "legal.issuer_mismatch" and finding.expected == expected


def test_unknown_central_document_is_not_found_and_local_ones_are_not_judged(corpus: LegalCorpus) -> None:
    unknown = "Căn cứ Nghị định số 999/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;"
    local = "Căn cứ Quyết định số 114/QĐ-UBND ngày 12/01/2022 của UBND tỉnh Hà Tĩnh;"
    (finding,) = check_legal_basis(draft(unknown, local), corpus=corpus)
    assert finding.code == "legal.not_found" and finding.record is None
    assert "999/2020/NĐ-CP" in finding.message
    # the corpus is partial (no import declared it complete): the document may exist, so only a warning
    assert finding.severity == "warning" and "chưa đầy đủ" in finding.message
    complete = LegalCorpus(corpus.records, complete=True)
    (finding,) = check_legal_basis(draft(unknown, local), corpus=complete)
    assert finding.code == "legal.not_found" and finding.severity == "error"


def test_an_amended_basis_asks_for_the_amendment_too(corpus: LegalCorpus) -> None:
    line = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
    (finding,) = check_legal_basis(draft(line), corpus=corpus)
    assert finding.code == "legal.amended" and finding.severity == "warning"
    assert "47/2019/QH14" in finding.message and "47/2019/QH14" in finding.expected
    assert finding.record is not None and finding.record.number == "47/2019/QH14"
    # cited too, on the same line or another, or acknowledged in a note: nothing to say
    assert check_legal_basis(draft(line, VALID[1]), corpus=corpus) == []
    assert check_legal_basis(draft(line.rstrip(";") + " (sửa đổi, bổ sung năm 2019);"), corpus=corpus) == []
    # before the amendment took effect there was nothing to cite
    assert check_legal_basis(draft(line), corpus=corpus, draft_date=dt.date(2019, 6, 1)) == []
    # in the body, history is told freely
    body = "Thực hiện Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015, các xã rà soát."
    assert check_legal_basis(draft(VALID[0], VALID[1], body), corpus=corpus) == []


def test_document_issued_after_the_draft(corpus: LegalCorpus) -> None:
    line = "Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;"
    (finding,) = check_legal_basis(draft(line), corpus=corpus)
    assert finding.code == "legal.cited_before_issued"
    assert "ngày 12 tháng 3 năm 2024" in finding.message
    assert finding.record is not None and finding.record.number == "33/2024/QH15"


def test_blank_date_line_still_gives_the_year(corpus: LegalCorpus) -> None:
    text = draft("Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;").replace(
        "ngày 12 tháng 3 năm 2024", "ngày      tháng      năm 2023"
    )
    assert codes(check_legal_basis(text, corpus=corpus)) == ["legal.cited_before_issued"]


def test_tolerant_of_d_for_đ_spacing_and_leading_zero(corpus: LegalCorpus) -> None:
    lines = [
        "Căn cứ Nghị định số 30/2020/ND-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
        "Căn cứ Thông tư số 1/2011/TT - BNV ngày 19 tháng 01 năm 2011 của Bộ Nội vụ;",
    ]
    findings = check_legal_basis(draft(*lines), corpus=corpus)
    assert codes(findings) == ["legal.replaced"] and "30/2020/NĐ-CP" in findings[0].expected


def test_body_mentions_of_history_are_not_reported(corpus: LegalCorpus) -> None:
    body = "Nghị định số 110/2004/NĐ-CP đã được thay thế bởi Nghị định số 30/2020/NĐ-CP."
    assert check_legal_basis(draft(VALID[3], body), corpus=corpus) == []
    loose = "Thực hiện Nghị định số 110/2004/NĐ-CP, các phòng rà soát hồ sơ."
    (finding,) = check_legal_basis(draft(loose), corpus=corpus)
    assert finding.code == "legal.replaced" and finding.severity == "warning"


def test_docx_paragraphs_are_numbered_like_the_format_checker(corpus: LegalCorpus) -> None:
    document = docx.Document()
    for line in HEADER.strip().splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[
        0
    ].text = "Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ;"
    buffer = io.BytesIO()
    document.save(buffer)
    (finding,) = check_legal_basis(docx=buffer.getvalue(), corpus=corpus)
    assert finding.code == "legal.replaced" and finding.where.index == 10


def test_without_an_installation_corpus_the_starter_corpus_is_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    from eoffice.settings import get_settings

    monkeypatch.setenv("EOFFICE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("EOFFICE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        line = (
            "Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư;"
        )
        assert [f.code for f in check_legal_basis(draft(line))] == ["legal.replaced"]
    finally:
        get_settings.cache_clear()
    assert not (tmp_path / "eoffice.db").exists()


def test_an_amendment_no_longer_in_force_is_not_asked_for() -> None:
    from eoffice.legal import LegalRecord

    def record(number: str, issued: dt.date, **fields: object) -> LegalRecord:
        return LegalRecord.model_validate(
            {
                "number": number,
                "type": "Thông tư",
                "issuer": "Bộ Nội vụ",
                "issue_date": issued,
                "title": "Quy định chế độ báo cáo",
                "source": "Công báo",
                **fields,
            }
        )

    corpus = LegalCorpus(
        [
            record("931/2018/TT-BNV", dt.date(2018, 5, 2), status="amended", amended_by=["932/2020/TT-BNV"]),
            record("932/2020/TT-BNV", dt.date(2020, 6, 1), status="expired", expiry_date=dt.date(2023, 1, 1)),
        ]
    )
    line = "Căn cứ Thông tư số 931/2018/TT-BNV ngày 02 tháng 5 năm 2018 của Bộ Nội vụ;"
    (finding,) = check_legal_basis(draft(line), corpus=corpus, draft_date=dt.date(2022, 6, 1))
    assert finding.code == "legal.amended" and "932/2020/TT-BNV" in finding.expected
    assert check_legal_basis(draft(line), corpus=corpus, draft_date=dt.date(2024, 6, 1)) == []
