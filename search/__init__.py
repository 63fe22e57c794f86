"""Tìm kiếm văn bản: Vietnamese text analysis, the ``SearchIndex`` port and its adapters.

Embedded SQLite FTS5 and Elasticsearch implement the same contract; ``open_search_index(url)`` picks one.
Every query carries the reader's principals, so nothing outside them is ever returned, counted or quoted.
"""

from typing import TYPE_CHECKING, Any

from search.citations import Citation, SymbolInfo, find_citations, issuer_matches_symbol, parse_symbol
from search.errors import (
    InvalidDocument,
    InvalidQuery,
    InvalidSearchURL,
    QueryTooLong,
    SearchBackendError,
    SearchError,
    SearchUnavailable,
)
from search.factory import open_search_index
from search.models import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    MAX_RESULT_WINDOW,
    DocumentKind,
    FacetCount,
    Facets,
    IndexedDocument,
    SearchHealth,
    SearchHit,
    SearchQuery,
    SearchResults,
    SortOrder,
)
from search.port import SearchIndex
from search.sqlite_fts import SqliteSearchIndex
from search.text import (
    find_document_numbers,
    fold,
    fold_preserving_length,
    is_document_number,
    nfc,
    normalize,
    number_key,
    tokenize,
)

if TYPE_CHECKING:
    from search.elastic import ElasticsearchSearchIndex


def __getattr__(name: str) -> Any:
    """The Elasticsearch adapter is imported when first asked for: its client (and its HTTP stacks) take about
    a second to import, which every process that only needs the errors or the text analysis — each sandboxed
    processing child, each CLI command — would otherwise pay."""
    if name == "ElasticsearchSearchIndex":
        from search.elastic import ElasticsearchSearchIndex

        return ElasticsearchSearchIndex
    raise AttributeError(f"module 'search' has no attribute {name!r}")


__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "MAX_QUERY_LENGTH",
    "MAX_RESULT_WINDOW",
    "Citation",
    "DocumentKind",
    "ElasticsearchSearchIndex",
    "FacetCount",
    "Facets",
    "IndexedDocument",
    "InvalidDocument",
    "InvalidQuery",
    "InvalidSearchURL",
    "QueryTooLong",
    "SearchBackendError",
    "SearchError",
    "SearchHealth",
    "SearchHit",
    "SearchIndex",
    "SearchQuery",
    "SearchResults",
    "SearchUnavailable",
    "SortOrder",
    "SqliteSearchIndex",
    "SymbolInfo",
    "find_citations",
    "find_document_numbers",
    "fold",
    "fold_preserving_length",
    "is_document_number",
    "issuer_matches_symbol",
    "nfc",
    "normalize",
    "number_key",
    "open_search_index",
    "parse_symbol",
    "tokenize",
]
