"""Relevance of Vietnamese search (issue 22): top-1 and MRR per backend on the project's relevance set.

The set is `tests/search/relevance_set.py` (documents and queries the project wrote, deterministic). Each
backend gets a fresh index holding the set; every query is asked as the reader of the set, and the rank of
the expected document among the first ten hits gives top-1 and the mean reciprocal rank (0 beyond ten).

    .venv/bin/python bench/search_relevance.py [--es-url URL] [--backends sqlite,elasticsearch] [--show-misses]

The Elasticsearch URL defaults to ``EOFFICE_TEST_ES_URL`` (``source scripts/services.env``); the indexes it
makes are deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from elasticsearch import Elasticsearch  # noqa: E402

from search import SearchIndex, SearchQuery, SqliteSearchIndex, open_search_index  # noqa: E402
from tests.search.relevance_set import DOCUMENTS, PRINCIPALS, QUERIES  # noqa: E402


def rankings(index: SearchIndex) -> list[list[str]]:
    index.bulk_index(DOCUMENTS)
    index.refresh()
    return [
        [h.id for h in index.query(SearchQuery(principals=PRINCIPALS, text=c.query, page_size=10)).hits]
        for c in QUERIES
    ]


def report(backend: str, found: list[list[str]], show_misses: bool) -> None:
    reciprocal = [
        1 / (hits.index(c.expected) + 1) if c.expected in hits else 0.0
        for c, hits in zip(QUERIES, found, strict=True)
    ]
    top1 = sum(1 for r in reciprocal if r == 1.0)
    print(
        f"{backend:14} queries {len(QUERIES)}  top-1 {top1}/{len(QUERIES)} = {top1 / len(QUERIES):.1%}"
        f"  MRR {sum(reciprocal) / len(QUERIES):.3f}"
    )
    if show_misses:
        for case, hits in zip(QUERIES, found, strict=True):
            if not hits or hits[0] != case.expected:
                print(f"    {case.query!r}: expected {case.expected}, got {hits[:3]} ({case.what})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--es-url", default=os.environ.get("EOFFICE_TEST_ES_URL", "http://127.0.0.1:9200"))
    parser.add_argument("--backends", default="sqlite,elasticsearch")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    print(f"relevance set: {len(DOCUMENTS)} documents, {len(QUERIES)} queries")
    found: dict[str, list[list[str]]] = {}
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                index: SearchIndex = SqliteSearchIndex(Path(folder) / "index.db")
                found[backend] = rankings(index)
                index.close()
        else:
            prefix = f"relevance-bench-{uuid.uuid4().hex[:8]}"
            index = open_search_index(f"{args.es_url}?index={prefix}&shards=1&replicas=0")
            try:
                found[backend] = rankings(index)
            finally:
                index.close()
                client = Elasticsearch(args.es_url)
                client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)
                client.options(ignore_status=404).indices.delete_index_template(name=f"{prefix}-documents")
                client.close()
        report(backend, found[backend], args.show_misses)
    if len(found) == 2:
        first, second = found.values()
        same = sum(1 for a, b in zip(first, second, strict=True) if a[:1] == b[:1])
        print(f"same top-1 on both: {same}/{len(QUERIES)}")


if __name__ == "__main__":
    main()
