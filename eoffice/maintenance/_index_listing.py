"""What the search index holds about documents, read through the `SearchIndex` port alone.

The port has no "list every id" call, so the listing asks, for every document creator, for the newest
documents that creator may read (every indexed document carries its creator's principal `user:<id>`), a kind
at a time, paging to the end. A creator with more entries of one kind than the backend can page through
(`MAX_RESULT_WINDOW`) is split by year. The same listing per principal tells who the index lets read what.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from search import SearchIndex


@dataclass(frozen=True)
class IndexEntry:
    """What a hit shows of an entry: compared field by field with the entry the database would give."""

    document_id: int
    status: str | None
    title: str = ""
    number: str | None = None
    type: str | None = None
    issuer: str | None = None
    register: str | None = None
    date: Any = None
    filename: str | None = None

    @classmethod
    def of(cls, document_id: int, hit: Any) -> IndexEntry:
        return cls(
            document_id,
            hit.status,
            hit.title,
            hit.number,
            hit.type,
            hit.issuer,
            hit.register,
            hit.date,
            hit.filename,
        )


class ListingTooLarge(Exception):
    """More entries for one creator, kind and year than the index lets anyone page through."""


def _pages(search_index: SearchIndex, principal: str, kind: Any, year: int | None) -> Iterator[Any]:
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
    search_index: SearchIndex, creator_ids: Iterable[int], years: Iterable[int]
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
                    found[document_id] = IndexEntry.of(document_id, hit)
    return found


def indexed_readers(
    search_index: SearchIndex, principals: Iterable[str], years: Iterable[int]
) -> dict[int, set[str]]:
    """document id → which of `principals` the index lets read it (asked one principal at a time, so a
    principal the index gives too much or too little shows up as a difference)."""
    from eoffice.documents.indexing import document_id_of
    from search import DocumentKind

    readers: dict[int, set[str]] = {}
    year_list = sorted(set(years))
    for principal in sorted(set(principals)):
        for kind in (DocumentKind.INCOMING, DocumentKind.OUTGOING):
            try:
                hits = list(_pages(search_index, principal, kind, None))
            except ListingTooLarge:
                hits = [hit for year in year_list for hit in _pages(search_index, principal, kind, year)]
            for hit in hits:
                document_id = document_id_of(hit.id)
                if document_id is not None:
                    readers.setdefault(document_id, set()).add(principal)
    return readers
