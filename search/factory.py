"""``open_search_index(url)``: the settings URL chooses the backend (``EOFFICE_SEARCH_URL``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from search.errors import InvalidSearchURL
from search.port import SearchIndex

__all__ = ["open_search_index"]


def open_search_index(url: str) -> SearchIndex:
    """Open the index ``url`` names.

    - ``sqlite:///relative/index.db``, ``sqlite:////absolute/index.db``, ``sqlite:///:memory:``: embedded FTS5.
    - ``http(s)://[user:password@]host:port[?index=PREFIX&shards=N&replicas=N]``: Elasticsearch; the alias is
      ``PREFIX-documents`` (prefix ``eoffice`` by default).

    Opening never contacts a server, so it succeeds while Elasticsearch is down; operations then raise
    ``SearchUnavailable``.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        from search.sqlite_fts import SqliteSearchIndex

        return SqliteSearchIndex.from_url(url)
    if scheme in ("http", "https"):
        from search.elastic import ElasticsearchSearchIndex

        return ElasticsearchSearchIndex.from_url(url)
    raise InvalidSearchURL(
        "Địa chỉ chỉ mục tìm kiếm phải bắt đầu bằng sqlite:// hoặc http(s)://.", detail=scheme or url
    )
