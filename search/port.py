"""The ``SearchIndex`` port: what the application may ask of a full-text index, whichever backend runs it.

Two adapters implement it and pass one contract suite: ``SqliteSearchIndex`` (embedded, SQLite FTS5) and
``ElasticsearchSearchIndex`` (production). ``open_search_index(url)`` picks one from a settings URL.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from search.models import IndexedDocument, SearchHealth, SearchQuery, SearchResults

__all__ = ["SearchIndex"]


@runtime_checkable
class SearchIndex(Protocol):
    """Chỉ mục tìm kiếm văn bản. Writes become visible to queries after ``refresh()``.

    Every method raises ``SearchUnavailable`` when the backend does not answer, so a caller that indexes
    can retry later and nothing is lost.
    """

    def index(self, document: IndexedDocument) -> None:
        """Add or replace one document (by ``document.id``)."""
        ...

    def bulk_index(self, documents: Iterable[IndexedDocument]) -> int:
        """Add or replace many documents efficiently; returns how many were indexed."""
        ...

    def delete(self, document_id: str) -> bool:
        """Remove a document; returns whether it was there. Deleting twice is not an error."""
        ...

    def reindex(self, documents: Iterable[IndexedDocument]) -> int:
        """Rebuild the whole index from ``documents`` without downtime and return how many were indexed.

        Queries keep answering from the old index until the new one is complete, then it is swapped in at
        once; documents not in ``documents`` are gone afterwards.
        """
        ...

    def refresh(self) -> None:
        """Make every write so far visible to queries (called after bulk work and in tests, never per query)."""
        ...

    def query(self, query: SearchQuery) -> SearchResults:
        """Search what ``query.principals`` may read; hits, totals, facets and snippets never include more."""
        ...

    def health(self) -> SearchHealth:
        """Whether the backend answers, and how many documents it holds. Never raises for a down backend."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
