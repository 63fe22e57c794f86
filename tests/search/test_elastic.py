"""What the Elasticsearch adapter adds to the contract: folding without analysers, the alias swap, a server that is down."""

from __future__ import annotations

import json
import socket

import pytest
from elasticsearch import Elasticsearch

from search import (
    ElasticsearchSearchIndex,
    IndexedDocument,
    InvalidSearchURL,
    SearchQuery,
    SearchUnavailable,
    SortOrder,
    open_search_index,
)
from search._query import parse_query
from search.elastic import build_rerank_body, build_search_body
from tests.search.conftest import ElasticsearchSession

READER = frozenset({"agency:1"})
DOCUMENT = IndexedDocument(id="cv-1", title="Công văn về cải cách hành chính", principals=READER)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_server_is_search_unavailable_for_every_operation() -> None:
    index = open_search_index(f"http://127.0.0.1:{closed_port()}?index=eoffice-down&timeout=2")
    operations = {
        "query": lambda: index.query(SearchQuery(text="cải cách", principals=READER)),
        "index": lambda: index.index(DOCUMENT),
        "bulk_index": lambda: index.bulk_index([DOCUMENT]),
        "delete": lambda: index.delete("cv-1"),
        "reindex": lambda: index.reindex([DOCUMENT]),
        "refresh": index.refresh,
    }
    for name, operation in operations.items():
        with pytest.raises(SearchUnavailable) as error:
            operation()
        assert error.value.code == "search.unavailable", name
        assert "tìm kiếm tạm thời không hoạt động" in error.value.message
    health = index.health()
    assert health.ok is False
    assert "không hoạt động" in health.detail
    index.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:59200?index=Upper",
        "http://127.0.0.1:59200?index=-leading-dash",
        "http://127.0.0.1:59200?shards=two",
        "http://:59200",
    ],
)
def test_bad_elasticsearch_urls_are_rejected(url: str) -> None:
    with pytest.raises(InvalidSearchURL):
        open_search_index(url)


@pytest.mark.parametrize(
    "text",
    ['cải" OR principals:* OR "', "*:*", "title:(a OR b)^5 AND NOT c~2", '\\" } ] {'],
)
def test_user_text_never_reaches_a_query_parser(text: str) -> None:
    body = build_search_body(SearchQuery(text=text, principals=READER), parse_query(text))
    serialised = json.dumps(body)
    assert "query_string" not in serialised
    assert body["query"]["bool"]["filter"][0] == {"terms": {"principals": ["agency:1"]}}


def test_span_features_rerank_only_the_window() -> None:
    """At a million documents the span queries asked of every match cost most of a search (issue 22): the
    first request scores with term lookups only and returns the window's ids; the second asks the span
    features of those ids alone; the highlighter never sees a span query. Sorted by date, one request."""
    text = "cải cách hành chính"
    query = SearchQuery(text=text, principals=READER, page=2, page_size=30)
    first = build_search_body(query, parse_query(text))
    assert "span_near" not in json.dumps(first)
    assert "head_shingles" in json.dumps(first["query"])
    assert (first["from_"], first["size"], first["_source"]) == (0, 60, False)
    assert "highlight" not in first
    second = build_rerank_body(query, parse_query(text), {"hits": {"hits": [{"_id": "a"}, {"_id": "b"}]}})
    assert second is not None
    assert {"ids": {"values": ["a", "b"]}} in second["query"]["bool"]["filter"]
    assert "span_near" in json.dumps(second["query"])
    assert "span_near" not in json.dumps(second["highlight"])
    assert (second["from_"], second["size"]) == (30, 30)
    by_date = SearchQuery(text=text, principals=READER, sort=SortOrder.DATE)
    assert "span_near" in json.dumps(build_search_body(by_date, parse_query(text)))
    assert build_rerank_body(by_date, parse_query(text), {"hits": {"hits": []}}) is None


@pytest.fixture
def es_index(es_session: ElasticsearchSession) -> ElasticsearchSearchIndex:
    return es_session.open()


def test_index_needs_no_analysis_module_and_folds_in_python(
    es_index: ElasticsearchSearchIndex, es_session: ElasticsearchSession
) -> None:
    """The test node (Elastic's minimal distribution) has no analysis-common: the index defines no analyser
    of its own, every text field uses the built-in ``standard``, and the folded fields hold text folded in
    Python — so a query typed without diacritics (đ, and the eth Ð of legacy keyboards) still finds the
    document, and the snippet marks the words as written."""
    es_index.bulk_index(
        [
            IndexedDocument(
                id="vinh",
                title="Ông ĐẶNG Quốc Vinh",
                body="Đoàn công tác tới Ðà Nẵng theo Nghị định 108/2014/NĐ-CP.",
                principals=READER,
            ),
            DOCUMENT,
        ]
    )
    es_index.refresh()
    client = Elasticsearch(es_session.url)
    (settings,) = client.indices.get_settings(index=es_index.alias).values()
    assert "analysis" not in settings["settings"]["index"]
    (mapping,) = client.indices.get_mapping(index=es_index.alias).values()
    properties = mapping["mappings"]["properties"]
    analysers = {name: field.get("analyzer") for name, field in properties.items() if field["type"] == "text"}
    assert set(analysers.values()) == {"standard"}
    assert {"title_folded", "number_folded", "body_folded"} <= set(analysers)
    tokens = client.indices.analyze(index=es_index.alias, field="body_folded", text="đà nẵng")["tokens"]
    assert [t["token"] for t in tokens] == ["đà", "nẵng"]  # the index itself does not fold
    client.close()

    results = es_index.query(SearchQuery(text="dang quoc vinh da nang", principals=READER))
    assert [hit.id for hit in results.hits] == ["vinh"]
    assert results.hits[0].snippet.startswith("Đoàn công tác tới <mark>Ðà</mark> <mark>Nẵng</mark> theo")
    number = es_index.query(SearchQuery(text="nghi dinh 108/2014/ND-CP", principals=READER))
    assert [hit.id for hit in number.hits] == ["vinh"]
    assert "<mark>108/2014/NĐ-CP</mark>" in number.hits[0].snippet


def test_reindex_moves_the_alias_and_drops_the_old_index(
    es_index: ElasticsearchSearchIndex, es_session: ElasticsearchSession
) -> None:
    client = Elasticsearch(es_session.url)
    es_index.bulk_index([DOCUMENT])
    before = set(client.indices.get_alias(name=es_index.alias))
    es_index.reindex([DOCUMENT])
    after = set(client.indices.get_alias(name=es_index.alias))
    assert len(before) == len(after) == 1
    assert before != after
    assert not client.indices.exists(index=",".join(before))
    template = client.indices.get_index_template(name=f"{es_index.prefix}-documents")
    assert template["index_templates"][0]["index_template"]["index_patterns"] == [f"{es_index.alias}-*"]
    client.close()
