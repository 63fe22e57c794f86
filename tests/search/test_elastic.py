"""What the Elasticsearch adapter adds to the contract: analysers, the alias swap, and a server that is down."""

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
    open_search_index,
)
from search._query import parse_query
from search.elastic import build_search_body
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


@pytest.fixture
def es_index(es_session: ElasticsearchSession) -> ElasticsearchSearchIndex:
    return es_session.open()


def _analyze(client: Elasticsearch, index: str, **request: object) -> list[str]:
    response = client.indices.analyze(index=index, body=request)
    return [token["token"] for token in response["tokens"]]


def test_analysers_fold_vietnamese(
    es_index: ElasticsearchSearchIndex, es_session: ElasticsearchSession
) -> None:
    es_index.index(DOCUMENT)
    client = Elasticsearch(es_session.url)
    text = "ĐẶNG Quốc Vinh, Nghị định 108/2014/NĐ-CP"
    assert _analyze(client, es_index.alias, analyzer="vi_folded", text=text) == [
        "dang",
        "quoc",
        "vinh",
        "nghi",
        "dinh",
        "108",
        "2014",
        "nd",
        "cp",
    ]
    assert _analyze(client, es_index.alias, analyzer="vi_original", text="Đặng bán") == ["đặng", "bán"]
    # Verified: Lucene's asciifolding alone already folds đ/Đ; the explicit char filter covers Ð (eth).
    assert _analyze(
        client, es_index.alias, tokenizer="standard", filter=["asciifolding"], text="đường Đặng"
    ) == [
        "duong",
        "Dang",
    ]
    assert _analyze(client, es_index.alias, analyzer="vi_folded", text="Ðà Nẵng") == ["da", "nang"]
    client.close()


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
