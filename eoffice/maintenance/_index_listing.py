"""What the search index holds about documents, read through the `SearchIndex` port alone.

The port has no "list every id" call, so the listing asks, for every document creator, for the newest
documents that creator may read (every indexed document carries its creator's principal `user:<id>`), a kind
at a time, paging to the end. A creator with more entries of one kind than the backend can page through
(`MAX_RESULT_WINDOW`) is split by year.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class IndexEntry:
    document_id: int
    status: str | None


class ListingTooLarge(Exception):
    """More entries for one creator, kind and year than the index lets anyone page through."""


def _pages(search_index: Any, principal: str, kind: Any, year: int | None) -> Iterator[Any]:
    from search import MAX_PAGE_SIZE, MAX_RESULT_WINDOW, SearchQuery, SortOrder

    page = 1
    while True:
        query = SearchQuery(
            principals=frozenset({principal}),
            kind=kind,
            year=year,
            sort=SortOrder.DATE,
            page=page,
            page_size=MAX_PAGE_SIZE,
        )
        results = search_index.query(query)
        if page == 1 and results.total > MAX_RESULT_WINDOW:
            raise ListingTooLarge(principal)
        yield from results.hits
        if not results.hits or page * MAX_PAGE_SIZE >= min(results.total, MAX_RESULT_WINDOW):
            return
        page += 1


def indexed_documents(
    search_index: Any, creator_ids: Iterable[int], years: Iterable[int]
) -> dict[int, IndexEntry]:
    """document id → its entry, for every document entry readable by one of `creator_ids`."""
    from eoffice.documents.indexing import document_id_of
    from search import DocumentKind

    found: dict[int, IndexEntry] = {}
    year_list = sorted(set(years))
    for creator in sorted(set(creator_ids)):
        principal = f"user:{creator}"
        for kind in (DocumentKind.INCOMING, DocumentKind.OUTGOING):
            try:
                hits = list(_pages(search_index, principal, kind, None))
            except ListingTooLarge:
                hits = [hit for year in year_list for hit in _pages(search_index, principal, kind, year)]
            for hit in hits:
                document_id = document_id_of(hit.id)
                if document_id is not None:
                    found[document_id] = IndexEntry(document_id, hit.status)
    return found
