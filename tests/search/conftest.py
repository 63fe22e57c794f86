"""The search test corpus and one fixture per adapter, so every contract test runs on both backends.

``tests/search/corpus/*.txt`` are Vietnamese administrative documents written for these tests: a header of
``key: value`` lines, a ``---`` line, then the body. The file name (without ``.txt``) is the document id.

``make_index()`` gives a fresh, empty index of the parametrised backend: an SQLite file in a temporary
directory, or an Elasticsearch alias under a prefix unique to this test session (every index and template
with that prefix is deleted when the session ends). ``corpus_index`` is one index per backend loaded with
the corpus once per module, for the tests that only read.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from search import (
    ElasticsearchSearchIndex,
    IndexedDocument,
    SearchIndex,
    SqliteSearchIndex,
    open_search_index,
)

CORPUS_DIR = Path(__file__).parent / "corpus"
BACKENDS = ["sqlite", "elasticsearch"]


def parse_corpus_file(path: Path) -> IndexedDocument:
    header, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    fields = dict(line.split(": ", 1) for line in header.splitlines() if line.strip())
    return IndexedDocument(
        id=path.stem,
        kind=fields["kind"],
        title=fields["title"],
        body=body.strip(),
        number=fields.get("number"),
        type=fields.get("type"),
        issuer=fields.get("issuer"),
        register=fields.get("register"),
        status=fields.get("status"),
        date=dt.date.fromisoformat(fields["date"]),
        filename=fields.get("filename"),
        principals=frozenset(p.strip() for p in fields["principals"].split(",")),
    )


def load_corpus() -> list[IndexedDocument]:
    return [parse_corpus_file(p) for p in sorted(CORPUS_DIR.glob("*.txt"))]


@pytest.fixture(scope="session")
def corpus() -> list[IndexedDocument]:
    return load_corpus()


class ElasticsearchSession:
    """Hands out index prefixes unique to this session and deletes everything under them at the end."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.root = f"eoffice-test-{uuid.uuid4().hex[:8]}"
        self._counter = itertools.count(1)
        self.prefixes: list[str] = []

    def open(self) -> ElasticsearchSearchIndex:
        prefix = f"{self.root}-{next(self._counter)}"
        self.prefixes.append(prefix)
        index = open_search_index(f"{self.url}?index={prefix}&shards=1&replicas=0")
        assert isinstance(index, ElasticsearchSearchIndex)
        return index

    def cleanup(self) -> None:
        client = Elasticsearch(self.url)
        try:
            client.indices.delete(index=f"{self.root}-*", ignore_unavailable=True, allow_no_indices=True)
            for prefix in self.prefixes:
                if client.indices.exists_index_template(name=f"{prefix}-documents"):
                    client.indices.delete_index_template(name=f"{prefix}-documents")
        finally:
            client.close()


@pytest.fixture(scope="session")
def es_session(request: pytest.FixtureRequest) -> Iterator[ElasticsearchSession]:
    session = ElasticsearchSession(request.getfixturevalue("elasticsearch_url"))
    yield session
    session.cleanup()


def _opener(backend: str, request: pytest.FixtureRequest, directory: Path) -> Callable[[], SearchIndex]:
    if backend == "elasticsearch":
        return request.getfixturevalue("es_session").open
    counter = itertools.count(1)
    return lambda: SqliteSearchIndex(directory / f"index-{next(counter)}.db")


@pytest.fixture(params=BACKENDS)
def make_index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], SearchIndex]]:
    """A factory of fresh, empty indexes of one backend; they are closed after the test."""
    opener = _opener(request.param, request, tmp_path)
    opened: list[SearchIndex] = []

    def make() -> SearchIndex:
        index = opener()
        opened.append(index)
        return index

    yield make
    for index in opened:
        index.close()


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, corpus: list[IndexedDocument]
) -> Iterator[SearchIndex]:
    """One index per backend holding the whole corpus; tests using it must not write."""
    index = _opener(request.param, request, tmp_path_factory.mktemp("corpus"))()
    assert index.bulk_index(corpus) == len(corpus)
    index.refresh()
    yield index
    index.close()
