"""Validation of the values crossing the port: a query cannot exist without principals or be too long."""

from __future__ import annotations

import datetime as dt

import pytest

from search import (
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    MAX_RESULT_WINDOW,
    DocumentKind,
    IndexedDocument,
    InvalidDocument,
    InvalidQuery,
    QueryTooLong,
    SearchQuery,
    SortOrder,
)
from search._query import parse_query


def test_a_query_needs_principals() -> None:
    with pytest.raises(TypeError):
        SearchQuery(text="cải cách")  # type: ignore[call-arg]
    with pytest.raises(InvalidQuery):
        SearchQuery(text="cải cách", principals="user:1")  # type: ignore[arg-type]
    with pytest.raises(InvalidQuery):
        SearchQuery(text="cải cách", principals=frozenset({""}))
    assert SearchQuery(principals=["user:1", "user:1"]).principals == frozenset({"user:1"})  # type: ignore[arg-type]


def test_query_length_limit() -> None:
    assert SearchQuery(text="a" * MAX_QUERY_LENGTH, principals=frozenset({"user:1"}))
    with pytest.raises(QueryTooLong) as error:
        SearchQuery(text="a" * 10_000, principals=frozenset({"user:1"}))
    assert "10000" in error.value.message
    assert isinstance(error.value, InvalidQuery)


@pytest.mark.parametrize(
    "options",
    [
        {"page": 0},
        {"page_size": 0},
        {"page_size": MAX_PAGE_SIZE + 1},
        {"page": MAX_RESULT_WINDOW // 20 + 1, "page_size": 20},
        {"date_from": dt.date(2024, 2, 1), "date_to": dt.date(2024, 1, 1)},
    ],
)
def test_bad_paging_and_ranges_are_rejected(options: dict[str, object]) -> None:
    with pytest.raises(InvalidQuery):
        SearchQuery(principals=frozenset({"user:1"}), **options)  # type: ignore[arg-type]


def test_query_values_are_normalised() -> None:
    query = SearchQuery(principals=frozenset({"u"}), text="cải cách", kind="in", sort="date")  # type: ignore[arg-type]
    assert query.kind is DocumentKind.INCOMING
    assert query.sort is SortOrder.DATE
    with pytest.raises(InvalidQuery):
        SearchQuery(principals=frozenset({"u"}), sort="popularity")  # type: ignore[arg-type]
    with pytest.raises(InvalidDocument):
        IndexedDocument(id="1", title="x", principals=frozenset({"u"}), kind="draft")  # type: ignore[arg-type]


def test_documents_need_an_id_and_a_reader() -> None:
    with pytest.raises(InvalidDocument):
        IndexedDocument(id="", title="x", principals=frozenset({"user:1"}))
    with pytest.raises(InvalidDocument):
        IndexedDocument(id="1", title="x", principals=frozenset())
    document = IndexedDocument(id="1", title="x", principals={"user:1"}, date=dt.date(2024, 5, 2))  # type: ignore[arg-type]
    assert document.year == 2024
    assert document.principals == frozenset({"user:1"})


def test_parse_query_words_phrases_and_numbers() -> None:
    parsed = parse_query('Quyết định "cải cách hành chính" 108/2014/ND-CP')
    assert [c.words for c in parsed.clauses] == [
        ("quyết",),
        ("định",),
        ("cải", "cách", "hành", "chính"),
        ("108", "2014", "nd", "cp"),
    ]
    assert parsed.clauses[2].folded == ("cai", "cach", "hanh", "chinh")
    assert parsed.number_keys == ("108/2014/nd-cp",)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"cải cách', [("cải",), ("cách",)]),
        ('cải "cách', [("cải",), ("cách",)]),
        ("NEAR(cải, 2) AND cách*", [("near",), ("cải",), ("2",), ("and",), ("cách",)]),
        ("title:cải^2 ~ -cách", [("title",), ("cải",), ("2",), ("cách",)]),
        ('*:* "" ()', []),
    ],
)
def test_parse_query_reads_operators_as_text(text: str, words: list[tuple[str, ...]]) -> None:
    assert [c.words for c in parse_query(text).clauses] == words


def test_parse_query_caps_the_clauses() -> None:
    parsed = parse_query(" ".join(f"từ{i}" for i in range(500)))
    assert len(parsed.clauses) == 64
