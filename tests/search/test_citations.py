"""The legal-citation parser against hand-written Vietnamese drafting (see citation_cases/README.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from search.citations import Citation, find_citations, issuer_matches_symbol, parse_symbol

CASES_DIR = Path(__file__).parent / "citation_cases"
FIELDS = ("type", "number", "issuer", "name", "symbol_issuer")


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            params.append(pytest.param(case, id=f"{path.stem}:{case['id']}"))
    return params


CASES = _load_cases()


def _expected_span(text: str, expected: dict[str, Any]) -> tuple[int, int]:
    phrase = expected["phrase"]
    start = -1
    for _ in range(expected.get("occurrence", 0) + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def test_the_corpus_is_large_enough() -> None:
    with_citations = [p for p in CASES if p.values[0]["citations"]]
    negatives = [p for p in CASES if not p.values[0]["citations"]]
    assert len(with_citations) >= 60
    assert len(negatives) >= 10


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict[str, Any]) -> None:
    text = case["text"]
    given = unicodedata.normalize("NFD", text) if case.get("nfd") else text
    nfc_text = unicodedata.normalize("NFC", text)
    if case.get("nfd"):
        assert given != nfc_text  # the case really exercises decomposed input

    found = find_citations(given)

    assert [c.text for c in found] == [e["phrase"] for e in case["citations"]]
    for citation, expected in zip(found, case["citations"], strict=True):
        assert (citation.start, citation.end) == _expected_span(nfc_text, expected)
        assert nfc_text[citation.start : citation.end] == citation.text
        for field in FIELDS:
            assert getattr(citation, field) == expected.get(field), field
        want_date = dt.date.fromisoformat(expected["date"]) if expected.get("date") else None
        assert citation.date == want_date
        assert citation.year == expected.get("year", want_date.year if want_date else None)
        assert citation.amends == tuple(expected.get("amends", ()))
        if "date_text" in expected:
            assert citation.date_text == expected["date_text"]


def test_spans_index_the_nfc_text_of_decomposed_input() -> None:
    text = "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;"
    decomposed = unicodedata.normalize("NFD", text)
    (citation,) = find_citations(decomposed)
    assert len(decomposed) > len(text)
    assert text[citation.start : citation.end] == citation.text
    assert citation.text == "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ"
    assert unicodedata.is_normalized("NFC", citation.number or "")


def test_both_tone_placements_give_the_same_issuer_but_keep_their_own_text() -> None:
    new, old = (
        find_citations(f"Quyết định số 7/QĐ-UBND của {agency} tỉnh Khánh {place}")[0]
        for agency, place in (("Ủy ban nhân dân", "Hòa"), ("Uỷ ban nhân dân", "Hoà"))
    )
    assert new.issuer == old.issuer == "UBND tỉnh Khánh Hòa"
    assert old.text.endswith("Uỷ ban nhân dân tỉnh Khánh Hoà")


def test_citation_is_an_immutable_value() -> None:
    (citation,) = find_citations("Nghị định số 30/2020/NĐ-CP")
    with pytest.raises(dataclasses.FrozenInstanceError):
        citation.number = "31/2020/NĐ-CP"  # type: ignore[misc]
    assert citation == Citation(
        start=0,
        end=26,
        text="Nghị định số 30/2020/NĐ-CP",
        type="Nghị định",
        number="30/2020/NĐ-CP",
        issuer=None,
        date=None,
        year=2020,
        symbol_issuer="Chính phủ",
    )


@pytest.mark.parametrize(
    ("number", "kind", "issuer", "year"),
    [
        ("108/2014/NĐ-CP", "Nghị định", "Chính phủ", 2014),
        ("108/2014/ND-CP", "Nghị định", "Chính phủ", 2014),
        ("09/2015/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", 2015),
        ("20/2023/QH15", None, "Quốc hội khóa XV", 2023),
        ("02/2020/UBTVQH14", None, "Ủy ban Thường vụ Quốc hội khóa XIV", 2020),
        ("02/2019/TT-BNV", "Thông tư", "Bộ Nội vụ", 2019),
        ("204/KH-UBND", "Kế hoạch", "Ủy ban nhân dân", None),
        ("123/UBND-VP", "Công văn", "Ủy ban nhân dân", None),
        ("01/2011/TTLT-BNV-VPCP", "Thông tư liên tịch", "Bộ Nội vụ; Văn phòng Chính phủ", 2011),
        ("05-KL/TU", "Kết luận", "Tỉnh ủy", None),
        ("35-NQ/TW", "Nghị quyết", "Trung ương Đảng", None),
        ("08-QĐi/TW", "Quy định", "Trung ương Đảng", None),
        ("12/QĐ-XYZ", "Quyết định", None, None),
        ("30/2020", None, None, 2020),
    ],
)
def test_parse_symbol(number: str, kind: str | None, issuer: str | None, year: int | None) -> None:
    info = parse_symbol(number)
    assert (info.type, info.issuer, info.year) == (kind, issuer, year)


@pytest.mark.parametrize(
    ("text", "agrees"),
    [
        ("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ", True),
        ("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Thủ tướng Chính phủ", False),
        ("Quyết định số 09/2015/QĐ-TTg của Thủ tướng Chính phủ", True),
        ("Quyết định số 09/2015/QĐ-TTg của Chính phủ", False),
        ("Thông tư số 02/2019/TT-BNV của Bộ trưởng Bộ Nội vụ", True),
        ("Thông tư số 02/2019/TT-BNV của Bộ Tài chính", False),
        ("Luật số 20/2023/QH15 của Quốc hội", True),
        ("Luật số 20/2023/QH15 của Quốc hội khóa XV", True),
        ("Luật số 20/2023/QH15 của Quốc hội khóa XIV", False),
        ("Quyết định số 114/QĐ-UBND của Chủ tịch UBND tỉnh Hà Tĩnh", True),
        ("Nghị quyết số 35-NQ/TW của Bộ Chính trị", True),
        ("Kết luận số 05-KL/TU của Ban Thường vụ Tỉnh ủy Hà Tĩnh", True),
        ("Kết luận số 05-KL/TU của Bộ Chính trị", False),
        ("Thông tư liên tịch số 01/2011/TTLT-BNV-VPCP của Bộ Nội vụ và Văn phòng Chính phủ", True),
        ("Thông tư liên tịch số 01/2011/TTLT-BNV-VPCP của Bộ Nội vụ và Bộ Tài chính", False),
        ("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020", None),
        ("Luật Giao dịch điện tử của Quốc hội", None),
    ],
)
def test_issuer_matches_symbol(text: str, agrees: bool | None) -> None:
    (citation,) = find_citations(text)
    assert issuer_matches_symbol(citation) is agrees


def test_empty_and_whitespace_text() -> None:
    assert find_citations("") == []
    assert find_citations(" \n\t ") == []


def test_all_cases_run_together_give_the_same_citations_shifted() -> None:
    """Context never leaks between citations: the cases joined into one text find the same phrases."""
    texts = [unicodedata.normalize("NFC", p.values[0]["text"]) for p in CASES]
    joined = "\n".join(texts)
    expected = []
    offset = 0
    for text in texts:
        expected.extend((c.start + offset, c.end + offset, c.text) for c in find_citations(text))
        offset += len(text) + 1
    found = find_citations(joined)
    assert [(c.start, c.end, c.text) for c in found] == expected
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
