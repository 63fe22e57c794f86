"""Loading the corpus: into the database (SQLite and PostgreSQL) and both search adapters, idempotently,
and not at all when the search index fails."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from sqlalchemy import func, select

from eoffice.backends import Backends
from eoffice.legal import (
    LegalCorpus,
    LegalDocument,
    LegalRecord,
    LegalStatus,
    corpus_index_documents,
    ensure_starter_corpus,
    load_corpus,
)
from search import DocumentKind, SearchIndex, SearchQuery, SearchUnavailable, open_search_index


@pytest.fixture(params=["sqlite", "elasticsearch"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchIndex]:
    if request.param == "sqlite":
        opened = open_search_index(f"sqlite:///{tmp_path / 'search.db'}")
        yield opened
        opened.close()
        return
    url: str = request.getfixturevalue("elasticsearch_url")
    prefix = f"eoffice-legal-test-{uuid.uuid4().hex[:8]}"
    opened = open_search_index(f"{url}?index={prefix}&shards=1&replicas=0")
    yield opened
    opened.close()
    client = Elasticsearch(url)
    try:
        client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)
        if client.indices.exists_index_template(name=f"{prefix}-documents"):
            client.indices.delete_index_template(name=f"{prefix}-documents")
    finally:
        client.close()


def _count(backends: Backends) -> int:
    with backends.sessions() as session:
        return session.scalar(select(func.count()).select_from(LegalDocument)) or 0


def _clear(backends: Backends) -> None:
    with backends.sessions() as session:
        session.query(LegalDocument).delete()
        session.commit()


def test_starter_corpus_loads_into_the_database_and_the_index_once(
    legal_table: Backends, index: SearchIndex, starter: list[LegalRecord]
) -> None:
    _clear(legal_table)
    with legal_table.sessions() as session:
        first = ensure_starter_corpus(session, _With(index))
    assert first.inserted == len(starter) and first.updated == 0
    with legal_table.sessions() as session:
        again = ensure_starter_corpus(session, _With(index))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, len(starter))
    assert _count(legal_table) == len(starter)

    public = frozenset({"public"})
    hits = index.query(SearchQuery(principals=public, text="30/2020/ND-CP", kind=DocumentKind.LEGAL)).hits
    assert hits[0].number == "30/2020/NĐ-CP" and hits[0].issuer == "Chính phủ"
    assert "công tác văn thư" in hits[0].title
    by_words = index.query(SearchQuery(principals=public, text="tinh giản biên chế", kind=DocumentKind.LEGAL))
    assert {"108/2014/NĐ-CP", "29/2023/NĐ-CP"} <= {h.number for h in by_words.hits}
    nobody = index.query(SearchQuery(principals=frozenset({"user:1"}), text="30/2020/NĐ-CP"))
    assert nobody.total == 0

    with legal_table.sessions() as session:
        from_db = LegalCorpus.from_session(session)
        assert len(from_db) == len(starter)
        assert len(list(corpus_index_documents(session))) == len(starter)


def test_reloading_updates_changed_records_in_both_places(legal_table: Backends, index: SearchIndex) -> None:
    _clear(legal_table)
    record = LegalRecord(
        number="9/2099/NĐ-CP",
        type="Nghị định",
        issuer="Chính phủ",
        issue_date="2099-01-09",  # type: ignore[arg-type]
        title="Về một việc thử nghiệm",
        status=LegalStatus.IN_FORCE,
        source="Thử nghiệm",
    )
    with legal_table.sessions() as session:
        load_corpus(session, index, [record])
    newer = record.model_copy(update={"status": LegalStatus.EXPIRED, "title": "Về một việc thử nghiệm khác"})
    with legal_table.sessions() as session:
        report = load_corpus(session, index, [newer])
    assert (report.inserted, report.updated) == (0, 1)
    with legal_table.sessions() as session:
        row = session.scalars(select(LegalDocument)).one()
        assert row.status == LegalStatus.EXPIRED and row.title == "Về một việc thử nghiệm khác"
    hits = index.query(SearchQuery(principals=frozenset({"public"}), text="9/2099/NĐ-CP")).hits
    assert hits[0].status == "Hết hiệu lực" and hits[0].title.endswith("thử nghiệm khác")


def test_nothing_is_loaded_when_the_index_is_down(legal_table: Backends, starter: list[LegalRecord]) -> None:
    _clear(legal_table)
    down = open_search_index("http://127.0.0.1:9?index=eoffice-legal-down")
    with legal_table.sessions() as session, pytest.raises(SearchUnavailable):
        load_corpus(session, down, starter[:5])
    assert _count(legal_table) == 0


@dataclasses.dataclass
class _With:
    """The part of ``Backends`` the loader uses: the search index."""

    search: SearchIndex


def test_demo_hook_leaves_the_commit_to_the_demo(legal_table: Backends, starter: list[LegalRecord]) -> None:
    from eoffice.legal import starter_corpus_demo_hook

    _clear(legal_table)
    with legal_table.sessions() as session:
        starter_corpus_demo_hook(session, legal_table, None)
        session.rollback()
    assert _count(legal_table) == 0
    with legal_table.sessions() as session:
        starter_corpus_demo_hook(session, legal_table, None)
        session.commit()
    assert _count(legal_table) == len(starter)
