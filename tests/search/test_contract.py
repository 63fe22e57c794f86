"""The ``SearchIndex`` contract, run on every adapter (SQLite FTS5 and Elasticsearch) over the same corpus.

Expected results are either stated from what the corpus says (the document that is about selling a
building, the one signed by Đặng Quốc Vinh) or recomputed from the corpus itself (which documents a reader
may see, how many of each type), never copied from an adapter's output.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator

import pytest

from search import (
    MAX_QUERY_LENGTH,
    DocumentKind,
    IndexedDocument,
    QueryTooLong,
    SearchIndex,
    SearchQuery,
    SearchResults,
    SortOrder,
)

CLERK = frozenset({"user:5", "dept:1", "agency:1"})
DEPT3 = frozenset({"user:12", "dept:3"})
SECRET_READER = frozenset({"user:99"})
AGENCY2 = frozenset({"agency:2"})


def search(
    index: SearchIndex, text: str = "", principals: frozenset[str] = CLERK, **options: object
) -> SearchResults:
    options.setdefault("page_size", 100)
    return index.query(SearchQuery(text=text, principals=principals, **options))  # type: ignore[arg-type]


def ids(results: SearchResults) -> list[str]:
    return [hit.id for hit in results.hits]


def readable(corpus: list[IndexedDocument], principals: frozenset[str]) -> list[IndexedDocument]:
    return [d for d in corpus if d.principals & principals]


def facet_dict(values: tuple) -> dict[str, int]:  # type: ignore[type-arg]
    return {f.value: f.count for f in values}


# -- diacritics ---------------------------------------------------------------------------------------------


def test_query_without_diacritics_finds_accented_text(corpus_index: SearchIndex) -> None:
    folded = search(corpus_index, "cai cach hanh chinh")
    accented = search(corpus_index, "cải cách hành chính")
    assert {"qd-1234-2024", "kh-45-2024", "bc-310-2024"} <= set(ids(folded))
    assert set(ids(folded)) == set(ids(accented))
    assert folded.total == accented.total == len(folded.hits)


def test_dang_finds_dang_with_stroke_d(corpus_index: SearchIndex) -> None:
    assert {"gm-88-2024", "tb-56-2024"} <= set(ids(search(corpus_index, "dang")))
    assert set(ids(search(corpus_index, "dang quoc vinh"))) == {"gm-88-2024", "tb-56-2024"}
    assert set(ids(search(corpus_index, "ĐẶNG QUỐC VINH"))) == {"gm-88-2024", "tb-56-2024"}
    assert set(ids(search(corpus_index, "Dang Quoc Vinh"))) == {"gm-88-2024", "tb-56-2024"}


def test_exact_diacritics_rank_above_folded_matches(corpus_index: SearchIndex) -> None:
    sell = search(corpus_index, "bán")
    assert ids(sell)[0] == "ttr-77-2024"  # "bán đấu giá tài sản"
    assert "tb-12-2025" in ids(sell)  # "các bạn đoàn viên" still matches, lower
    friend = search(corpus_index, "bạn")
    assert ids(friend)[0] == "tb-12-2025"
    assert ids(friend).index("ttr-77-2024") > 0


def test_decomposed_query_is_normalised(corpus_index: SearchIndex) -> None:
    nfd = unicodedata.normalize("NFD", "Đặng Quốc Vinh")
    assert set(ids(search(corpus_index, nfd))) == {"gm-88-2024", "tb-56-2024"}


# -- phrases and numbers -------------------------------------------------------------------------------------


def test_quoted_phrase_needs_the_words_in_order(corpus_index: SearchIndex) -> None:
    words = set(ids(search(corpus_index, "cải cách hành chính")))
    phrase = set(ids(search(corpus_index, '"cải cách hành chính"')))
    # Chỉ thị 05/CT-UBND speaks of "cải cách thủ tục" and "kỷ cương hành chính", never the phrase.
    assert "ct-05-2023" in words
    assert "ct-05-2023" not in phrase
    assert {"qd-1234-2024", "kh-45-2024"} <= phrase
    assert phrase == set(ids(search(corpus_index, '"cai cach hanh chinh"')))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("108/2014/NĐ-CP", "nd-108-2014"),
        ("108/2014/ND-CP", "nd-108-2014"),
        ("108/2014/nđ-cp", "nd-108-2014"),
        ("204/KH-UBND", "kh-204-2023"),
        ("05-KL/TU", "kl-05-tu"),
        ("20/2023/QH15", "luat-20-2023"),
        ("Quyết định 1234/QĐ-UBND", "qd-1234-2024"),
    ],
)
def test_document_number_is_boosted_to_the_top(corpus_index: SearchIndex, typed: str, expected: str) -> None:
    assert ids(search(corpus_index, typed))[0] == expected


def test_number_also_finds_documents_citing_it(corpus_index: SearchIndex) -> None:
    found = ids(search(corpus_index, "108/2014/ND-CP"))
    assert found[0] == "nd-108-2014"
    assert "cv-2150-2023" in found[1:]  # "Thực hiện Nghị định số 108/2014/NĐ-CP ..."


# -- filters, facets, sorting, paging -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "keep"),
    [
        ({"type": "Quyết định"}, lambda d: d.type == "Quyết định"),
        ({"kind": DocumentKind.LEGAL}, lambda d: d.kind is DocumentKind.LEGAL),
        ({"issuer": "Sở Nội vụ"}, lambda d: d.issuer == "Sở Nội vụ"),
        ({"status": "chờ xử lý"}, lambda d: d.status == "chờ xử lý"),
        ({"register": "Sổ văn bản đến"}, lambda d: d.register == "Sổ văn bản đến"),
        ({"year": 2024}, lambda d: d.year == 2024),
        (
            {"date_from": dt.date(2024, 3, 1), "date_to": dt.date(2024, 6, 30)},
            lambda d: dt.date(2024, 3, 1) <= d.date <= dt.date(2024, 6, 30),
        ),
        ({"kind": "in", "year": 2024}, lambda d: d.kind is DocumentKind.INCOMING and d.year == 2024),
    ],
)
def test_filters(
    corpus_index: SearchIndex,
    corpus: list[IndexedDocument],
    options: dict[str, object],
    keep: Callable[[IndexedDocument], bool],
) -> None:
    expected = {d.id for d in readable(corpus, CLERK) if keep(d)}
    results = search(corpus_index, **options)
    assert expected  # the corpus has documents for every filter
    assert set(ids(results)) == expected
    assert results.total == len(expected)


def test_filter_combines_with_text(corpus_index: SearchIndex) -> None:
    results = search(corpus_index, "cai cach hanh chinh", type="Kế hoạch")
    assert set(ids(results)) == {"kh-45-2024"}


def test_facets_count_every_readable_match(corpus_index: SearchIndex, corpus: list[IndexedDocument]) -> None:
    docs = readable(corpus, CLERK)
    results = search(corpus_index)
    assert results.total == len(docs)
    assert facet_dict(results.facets.type) == Counter(d.type for d in docs)
    assert facet_dict(results.facets.issuer) == Counter(d.issuer for d in docs)
    assert facet_dict(results.facets.year) == Counter(str(d.year) for d in docs)
    assert facet_dict(results.facets.status) == Counter(d.status for d in docs)
    counts = [f.count for f in results.facets.type]
    assert counts == sorted(counts, reverse=True)


def test_facets_follow_the_text_query(corpus_index: SearchIndex) -> None:
    results = search(corpus_index, "dang quoc vinh")
    assert facet_dict(results.facets.type) == {"Giấy mời": 1, "Thông báo": 1}
    assert facet_dict(results.facets.year) == {"2024": 2}


def test_sort_by_date_lists_newest_first(corpus_index: SearchIndex) -> None:
    results = search(corpus_index, "cai cach", sort=SortOrder.DATE)
    dates = [hit.date for hit in results.hits]
    assert len(dates) > 3
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]


def test_empty_query_lists_newest_readable_documents(
    corpus_index: SearchIndex, corpus: list[IndexedDocument]
) -> None:
    newest = sorted(readable(corpus, CLERK), key=lambda d: d.date, reverse=True)  # type: ignore[arg-type,return-value]
    results = search(corpus_index, "", page_size=5)
    assert ids(results) == [d.id for d in newest[:5]]
    assert [h.date for h in results.hits] == [d.date for d in newest[:5]]
    assert all(h.snippet and "<mark>" not in h.snippet for h in results.hits)


def test_pagination_walks_every_result_once(corpus_index: SearchIndex) -> None:
    everything = search(corpus_index, "ubnd")
    assert everything.total > 10
    seen: list[str] = []
    page = 1
    while True:
        results = search(corpus_index, "ubnd", page=page, page_size=4)
        assert results.total == everything.total
        if not results.hits:
            break
        seen.extend(ids(results))
        page += 1
    assert sorted(seen) == sorted(ids(everything))
    assert len(seen) == len(set(seen))


# -- snippets ------------------------------------------------------------------------------------------------


def test_snippet_marks_the_original_words(corpus_index: SearchIndex) -> None:
    hits = {h.id: h for h in search(corpus_index, "dang quoc vinh").hits}
    assert "<mark>Đặng" in hits["gm-88-2024"].snippet
    report = next(h for h in search(corpus_index, "ty le ho so").hits if h.id == "bc-310-2024")
    assert "<mark>Tỷ" in report.snippet
    assert report.snippet.count("<mark>") == report.snippet.count("</mark>")


# -- permissions ---------------------------------------------------------------------------------------------


def test_documents_outside_the_principals_are_never_seen_counted_or_quoted(corpus_index: SearchIndex) -> None:
    clerk = search(corpus_index, "cải cách hành chính")
    assert "ttr-09-2019" not in ids(clerk)
    assert "Công an tỉnh" not in facet_dict(clerk.facets.issuer)
    assert "2019" not in facet_dict(clerk.facets.year)
    assert "Tờ trình" not in facet_dict(clerk.facets.type)
    assert clerk.total == len(clerk.hits)
    assert all("Vũng Áng" not in h.snippet for h in clerk.hits)

    only_secret = search(corpus_index, '"bảo vệ bí mật nhà nước"')
    assert only_secret.total == 0
    assert only_secret.hits == ()
    assert only_secret.facets.type == only_secret.facets.issuer == only_secret.facets.year == ()

    secret = search(corpus_index, '"bao ve bi mat nha nuoc"', principals=SECRET_READER)
    assert ids(secret) == ["ttr-09-2019"]
    assert "<mark>" in secret.hits[0].snippet
    assert facet_dict(secret.facets.issuer) == {"Công an tỉnh": 1}


def test_each_reader_sees_exactly_their_documents(
    corpus_index: SearchIndex, corpus: list[IndexedDocument]
) -> None:
    for principals in (CLERK, DEPT3, SECRET_READER, AGENCY2, CLERK | DEPT3):
        results = search(corpus_index, principals=principals)
        expected = {d.id for d in readable(corpus, principals)}
        assert set(ids(results)) == expected
        assert results.total == len(expected)
        assert sum(f.count for f in results.facets.type) == len(expected)


def test_empty_principals_find_nothing(corpus_index: SearchIndex) -> None:
    for text in ("", "cải cách", "108/2014/NĐ-CP"):
        results = search(corpus_index, text, principals=frozenset())
        assert (results.total, results.hits, results.facets.type) == (0, (), ())


# -- bad input -----------------------------------------------------------------------------------------------

HOSTILE = [
    "cải cách AND",
    "OR",
    "NOT hành chính",
    "NEAR(cải cách, 2)",
    "cải*",
    "title:cải",
    "title_f : cai",
    "{title body}: cải",
    "cải^10",
    "cải~2",
    "(cải cách",
    "cải cách)",
    "-cải",
    '"cải cách hành chính',
    'cải cách"',
    '"',
    '""',
    '"""',
    "*:*",
    "*",
    "'; DROP TABLE docs_1; --",
    "\\",
    "/",
    "cải/cách",
    "#$%&",
    "a\x00b",
    "principals:user:99",
    "+cải -cách",
    "cải || cách && !hành",
    "[* TO *]",
    "/.*/",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_operators_and_quotes_are_text(
    corpus_index: SearchIndex, corpus: list[IndexedDocument], text: str
) -> None:
    results = search(corpus_index, text)
    assert set(ids(results)) <= {d.id for d in readable(corpus, CLERK)}
    assert results.total == len(results.hits)


def test_unbalanced_quote_still_searches_the_words(corpus_index: SearchIndex) -> None:
    assert "qd-1234-2024" in ids(search(corpus_index, '"cải cách hành chính'))
    assert "qd-1234-2024" in ids(search(corpus_index, "cải* (hành chính"))


def test_index_survives_hostile_queries(corpus_index: SearchIndex, corpus: list[IndexedDocument]) -> None:
    for text in HOSTILE:
        search(corpus_index, text)
    health = corpus_index.health()
    assert health.ok
    assert health.documents == len(corpus)


def test_too_long_query_is_a_validation_error(
    corpus_index: SearchIndex, corpus: list[IndexedDocument]
) -> None:
    with pytest.raises(QueryTooLong) as error:
        search(corpus_index, "cải cách " * 1250)
    assert error.value.code == "search.query_too_long"
    longest = next(d for d in corpus if d.id == "qd-1234-2024").body[:MAX_QUERY_LENGTH]
    assert "qd-1234-2024" in ids(search(corpus_index, longest))


# -- writing -------------------------------------------------------------------------------------------------


def _doc(doc_id: str, title: str, body: str = "", **fields: object) -> IndexedDocument:
    fields.setdefault("principals", CLERK)
    fields.setdefault("date", dt.date(2025, 5, 1))
    return IndexedDocument(id=doc_id, title=title, body=body, **fields)  # type: ignore[arg-type]


def test_index_replace_and_delete(make_index: Callable[[], SearchIndex]) -> None:
    index = make_index()
    index.index(_doc("cv-1", "Công văn về phòng cháy chữa cháy", "Kiểm tra phòng cháy tại chợ Hà Tĩnh."))
    index.index(_doc("cv-2", "Công văn về an toàn giao thông", "Tuyên truyền an toàn giao thông dịp Tết."))
    index.refresh()
    assert ids(search(index, "phong chay")) == ["cv-1"]

    index.index(_doc("cv-1", "Công văn về vệ sinh an toàn thực phẩm", "Kiểm tra bếp ăn tập thể."))
    index.refresh()
    assert ids(search(index, "phong chay")) == []
    assert ids(search(index, "thuc pham")) == ["cv-1"]
    assert search(index).total == 2

    assert index.delete("cv-1") is True
    assert index.delete("cv-1") is False
    index.refresh()
    assert ids(search(index, "thuc pham")) == []
    assert ids(search(index)) == ["cv-2"]
    assert index.health().documents == 1


def test_decomposed_documents_are_found_and_quoted_composed(make_index: Callable[[], SearchIndex]) -> None:
    index = make_index()
    body = unicodedata.normalize("NFD", "Đề án cải cách hành chính của huyện Hương Khê.")
    index.bulk_index([_doc("da-1", unicodedata.normalize("NFD", "Đề án cải cách"), body)])
    index.refresh()
    hit = search(index, "cải cách hành chính").hits[0]
    assert hit.id == "da-1"
    assert hit.title == "Đề án cải cách"
    assert "<mark>cải" in hit.snippet
    assert unicodedata.is_normalized("NFC", hit.snippet)


def test_snippets_escape_document_html(make_index: Callable[[], SearchIndex]) -> None:
    index = make_index()
    index.index(_doc("x-1", "Tờ trình", "<script>alert('x')</script> đề nghị cấp kinh phí <b>gấp</b>."))
    index.refresh()
    snippet = search(index, "kinh phi").hits[0].snippet
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>kinh</mark>" in snippet


def test_reindex_swaps_in_without_downtime(
    make_index: Callable[[], SearchIndex], corpus: list[IndexedDocument]
) -> None:
    index = make_index()
    index.bulk_index(corpus)
    index.refresh()
    kept = [d for d in corpus if d.id != "ttr-77-2024"]
    added = _doc("tb-99-2025", "Thông báo nghỉ lễ Quốc khánh 2/9", "Cán bộ, công chức được nghỉ lễ 02 ngày.")
    seen_during: list[SearchResults] = []

    def documents() -> Iterator[IndexedDocument]:
        for position, document in enumerate([*kept, added]):
            if position == len(kept) // 2:
                seen_during.append(search(index, "bán đấu giá"))
                seen_during.append(search(index, "nghi le quoc khanh"))
            yield document

    assert index.reindex(documents()) == len(kept) + 1
    during_old, during_new = seen_during
    assert ids(during_old)[0] == "ttr-77-2024"  # still answering from the old index
    assert during_new.total == 0
    index.refresh()
    assert "ttr-77-2024" not in ids(search(index, "bán đấu giá"))
    assert ids(search(index, "nghi le quoc khanh")) == ["tb-99-2025"]
    assert index.health().documents == len(kept) + 1
    assert search(index).total == len(readable([*kept, added], CLERK))


def test_failed_reindex_keeps_the_old_index(
    make_index: Callable[[], SearchIndex], corpus: list[IndexedDocument]
) -> None:
    index = make_index()
    index.bulk_index(corpus)
    index.refresh()

    def broken() -> Iterator[IndexedDocument]:
        yield corpus[0]
        raise RuntimeError("nguồn dữ liệu bị ngắt")

    with pytest.raises(RuntimeError):
        index.reindex(broken())
    index.refresh()
    assert index.health().documents == len(corpus)
    assert ids(search(index, "bán đấu giá"))[0] == "ttr-77-2024"
