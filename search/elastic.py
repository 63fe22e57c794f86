"""Production search on Elasticsearch: the same contract as the embedded index, for a province's cluster.

- An index template (``<prefix>-documents-*``) maps ``title``/``number``/``body`` (diacritics kept) and their
  folded twins ``title_folded``/``number_folded``/``body_folded``, whose text is folded in Python
  (``search.text``: the same NFC, tone and vowel marks removed, đ → d as the embedded index), plus keyword
  fields for filters and facets. Every text field uses the built-in ``standard`` analyser: the index needs
  no analysis module or plugin (the test node, Elastic's minimal distribution, has no ``analysis-common``).
  ``body_folded`` has one character per character of the NFC body, so its matches highlight the original.
- Ranking (search._ranking): every query term is required (``must``), and yes/no adjacency features are
  ``constant_score`` clauses in ``should``, worth exactly what the embedded adapter adds — shingles looked
  up in the keyword fields ``head_shingles``/``body_shingles`` (computed in Python at indexing), ordered and
  unordered ``span_near`` for the whole query, exact-diacritics terms; bm25 is scaled down to break ties.
  The span features (phrase, proximity) re-rank a window of the best ``RERANK_WINDOW`` hits (and at least
  the page asked), as the embedded adapter re-ranks its best bm25 hits, in a second request restricted to
  their ids: asked of every match, span queries over common words cost most of a search at a million
  documents. The first request gives the total, the facets and the window, scored by bm25 and the features
  that are term lookups (shingles, exact words; cheap at any size), so that a document whose words stand
  together is in the window even when bm25 alone, over words most documents hold, puts it further down.
- The highlighter is given the required clauses only (``highlight_query``): handed the span features, the
  unified highlighter re-analysed every hit's body and took most of the time of a page of 20.
- The application reads and writes the alias ``<prefix>-documents``; ``reindex`` builds a new timestamped
  index and moves the alias in one atomic ``_aliases`` call, so searches never see a half-built index.
- User text only ever reaches ``match``-family queries as a value, never ``query_string``: Lucene syntax
  typed by a user is just text. The reader's principals are a ``terms`` filter of the one query that also
  computes the aggregations, so facet counts are trimmed with the hits.
- Nothing refreshes per query or per write; ``refresh()`` is explicit.

Server and client: Elasticsearch 9.x with the ``elasticsearch`` client 9.x (the test node is the version in
scripts/elasticsearch/pom.xml, see docs/DECISIONS.md). ``GET /`` is not part of the minimal distribution,
so health reads the version from the node info.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from elasticsearch import ApiError, ConnectionTimeout, Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch import ConnectionError as TransportConnectionError

from search._query import ParsedQuery, Phrase, parse_query
from search._ranking import (
    PROXIMITY_SLOP,
    RERANK_WINDOW,
    TEXT_SCORE_SCALE,
    Feature,
    FeatureKind,
    rank_plan,
    shingles,
)
from search._results import FACET_SIZE, top_facet_values
from search._snippets import SNIPPET_LENGTH
from search.errors import InvalidSearchURL, SearchBackendError, SearchUnavailable
from search.models import (
    DocumentKind,
    Facets,
    IndexedDocument,
    SearchHealth,
    SearchHit,
    SearchQuery,
    SearchResults,
    SortOrder,
)
from search.text import fold, fold_preserving_length, number_key

__all__ = [
    "ElasticsearchSearchIndex",
    "build_rerank_body",
    "build_search_body",
    "document_source",
    "index_mappings",
    "index_settings",
]

DEFAULT_PREFIX = "eoffice"
_PREFIX_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,100}$")
_NUMBER_BOOST = 1000.0
_BULK_CHUNK = 500
_UNAVAILABLE_STATUSES = frozenset({429, 502, 503, 504})
_ORIGINAL_FIELDS = ["title^6", "number^8", "body^2"]
_FOLDED_FIELDS = ["title_folded^3", "number_folded^4", "body_folded^1"]
_FACETS = {"type": "type.keyword", "issuer": "issuer.keyword", "year": "year", "status": "status"}


def index_settings(shards: int | None = None, replicas: int | None = None) -> dict[str, Any]:
    """Settings of every documents index (public so the benchmark's raw client uses the same): no analysis
    settings at all, every text field uses the built-in ``standard`` analyser (Unicode word boundaries,
    lower case) and folding happens in Python before the text reaches the index."""
    settings: dict[str, Any] = {}
    if shards is not None:
        settings["number_of_shards"] = shards
    if replicas is not None:
        settings["number_of_replicas"] = replicas
    return settings


def _text(offsets: bool = False) -> dict[str, Any]:
    field: dict[str, Any] = {"type": "text", "analyzer": "standard"}
    if offsets:
        # Offsets in the postings let the unified highlighter skip re-analysing long bodies, and let the
        # matches on body_folded mark the body (matched_fields).
        field["index_options"] = "offsets"
    return field


_FOLDED_TEXT_FIELDS: dict[str, Any] = {
    # Text folded in Python (search.text), analysed like the original: a match here ignored diacritics.
    "title_folded": _text(),
    "number_folded": _text(),
    "body_folded": _text(offsets=True),
}

_SHINGLE_FIELDS: dict[str, Any] = {
    # Adjacent syllable pairs computed in Python (search._ranking.shingles), exact and folded: a term lookup
    # says whether two query syllables stand together. Keywords need no analysis module at all.
    "head_shingles": {"type": "keyword"},
    "body_shingles": {"type": "keyword"},
}


def index_mappings() -> dict[str, Any]:
    keyword = {"type": "keyword"}
    with_keyword = {"type": "text", "analyzer": "standard", "fields": {"keyword": {"type": "keyword"}}}
    return {
        "dynamic": "strict",
        "properties": {
            "doc_id": keyword,
            "kind": keyword,
            "title": _text(),
            "number": _text(),
            "number_key": keyword,
            "body": _text(offsets=True),
            "type": with_keyword,
            "issuer": with_keyword,
            "register": keyword,
            "status": keyword,
            "date": {"type": "date", "format": "strict_date"},
            "year": {"type": "integer"},
            "filename": keyword,
            "principals": keyword,
            **_FOLDED_TEXT_FIELDS,
            **_SHINGLE_FIELDS,
        },
    }


def document_source(d: IndexedDocument) -> dict[str, Any]:
    """The JSON stored for a document (public so the benchmark's raw client ships exactly the same)."""
    number = d.number or ""
    return {
        "doc_id": d.id,
        "kind": d.kind.value,
        "title": d.title,
        "number": d.number,
        "number_key": number_key(d.number) if d.number else None,
        "body": d.body,
        "type": d.type,
        "issuer": d.issuer,
        "register": d.register,
        "status": d.status,
        "date": d.date.isoformat() if d.date else None,
        "year": d.year,
        "filename": d.filename,
        "principals": sorted(d.principals),
        "title_folded": fold(d.title),
        "number_folded": fold(number),
        "body_folded": fold_preserving_length(d.body),
        "head_shingles": list(dict.fromkeys([*shingles(d.title), *shingles(number)])),
        "body_shingles": shingles(d.body),
    }


def _clause(phrase: Phrase) -> dict[str, Any]:
    """Normal form on the original fields OR folded form on the folded fields; both match → higher score."""
    return {
        "bool": {
            "boost": TEXT_SCORE_SCALE,
            "should": [
                {
                    "multi_match": {
                        "query": " ".join(phrase.words),
                        "type": "phrase",
                        "fields": _ORIGINAL_FIELDS,
                    }
                },
                {
                    "multi_match": {
                        "query": " ".join(phrase.folded),
                        "type": "phrase",
                        "fields": _FOLDED_FIELDS,
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }


def _feature(query: dict[str, Any], boost: float) -> dict[str, Any]:
    """A yes/no feature of search._ranking: worth ``boost`` whatever the term statistics."""
    return {"constant_score": {"filter": query, "boost": boost}}


def _near(words: tuple[str, ...], fields: tuple[str, ...], *, phrase: bool = False) -> dict[str, Any]:
    """The words in any order with at most ``PROXIMITY_SLOP`` others between, in one of ``fields``; with
    ``phrase``, in order and adjacent (span terms, so the syllables are exactly those FTS5 and the shingles
    see, whatever the field's analyser would make of the query text)."""
    return {
        "bool": {
            "should": [
                {
                    "span_near": {
                        "clauses": [{"span_term": {field: word}} for word in words],
                        "slop": 0 if phrase else PROXIMITY_SLOP,
                        "in_order": phrase,
                    }
                }
                for field in fields
            ]
        }
    }


def _adjacency(features: tuple[Feature, ...]) -> list[dict[str, Any]]:
    """The features of search._ranking as ``should`` clauses, each worth what the embedded adapter adds."""
    clauses: list[dict[str, Any]] = []
    for feature in features:
        suffix = "" if feature.exact else "_folded"
        head_fields = (f"title{suffix}", f"number{suffix}")
        body_field = f"body{suffix}"
        if feature.kind is FeatureKind.PAIR:
            head: dict[str, Any] = {"term": {"head_shingles": feature.shingle}}
            body: dict[str, Any] = {"term": {"body_shingles": feature.shingle}}
        elif feature.kind in (FeatureKind.NEAR, FeatureKind.PHRASE):
            phrase = feature.kind is FeatureKind.PHRASE
            head = _near(feature.words, head_fields, phrase=phrase)
            body = _near(feature.words, (body_field,), phrase=phrase)
        else:
            (word,) = feature.words
            head = {"bool": {"should": [{"term": {f: word}} for f in head_fields]}}
            body = {"term": {body_field: word}}
        clauses.append(_feature(head, feature.head))
        clauses.append(_feature(body, feature.body))
    return clauses


def _plain_entities(snippet: str) -> str:
    """The ``html`` encoder also escapes ``/``, ``'`` and ``"``; text content needs only ``&<>`` escaped, and
    numbers like ``108/2014/NĐ-CP`` should read the same as in the embedded adapter's snippets."""
    return snippet.replace("&#x2F;", "/").replace("&#x27;", "'").replace("&quot;", '"')


def _filters(query: SearchQuery) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = [{"terms": {"principals": sorted(query.principals)}}]
    for name, field in (
        ("kind", "kind"),
        ("type", "type.keyword"),
        ("issuer", "issuer.keyword"),
        ("register", "register"),
        ("status", "status"),
        ("year", "year"),
    ):
        value = getattr(query, name)
        if value is not None:
            filters.append({"term": {field: value.value if isinstance(value, DocumentKind) else value}})
    if query.date_from is not None or query.date_to is not None:
        bounds = {}
        if query.date_from is not None:
            bounds["gte"] = query.date_from.isoformat()
        if query.date_to is not None:
            bounds["lte"] = query.date_to.isoformat()
        filters.append({"range": {"date": bounds}})
    return filters


_EXCLUDED_SOURCE = ["body", "principals", *_FOLDED_TEXT_FIELDS, "head_shingles", "body_shingles"]


_SPAN_FEATURES = frozenset({FeatureKind.PHRASE, FeatureKind.NEAR})


def _reranks(query: SearchQuery, parsed: ParsedQuery) -> bool:
    """Whether the span features re-rank a window of the best hits in a second request: for text of two
    syllables or more ordered by score. Sorted by date, the features only order the documents of one day
    among themselves, and stay in the one request."""
    return (
        not parsed.is_empty
        and query.sort is not SortOrder.DATE
        and any(f.kind in _SPAN_FEATURES for f in rank_plan(parsed))
    )


def _sort(query: SearchQuery, parsed: ParsedQuery) -> list[Any]:
    newest = {"date": {"order": "desc", "missing": "_last"}}
    by_id = {"doc_id": {"order": "asc"}}
    if parsed.is_empty or query.sort is SortOrder.DATE:
        return [newest, {"_score": {"order": "desc"}}, by_id]
    return [{"_score": {"order": "desc"}}, newest, by_id]


def _number_boost(parsed: ParsedQuery) -> list[dict[str, Any]]:
    if not parsed.number_keys:
        return []
    return [_feature({"terms": {"number_key": list(parsed.number_keys)}}, _NUMBER_BOOST)]


def _page(query: SearchQuery, parsed: ParsedQuery) -> dict[str, Any]:
    """The part of a request that returns the page: its hits' fields and the body snippet."""
    highlight: dict[str, Any] = {
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "encoder": "html",
        "fields": {
            "body": {
                "type": "unified",
                # a folded match marks the same characters of the body (one per character)
                "matched_fields": ["body_folded"],
                "fragment_size": SNIPPET_LENGTH,
                "number_of_fragments": 1,
                "no_match_size": SNIPPET_LENGTH,
            }
        },
    }
    if parsed.clauses:
        highlight["highlight_query"] = {"bool": {"must": [_clause(c) for c in parsed.clauses]}}
    return {
        "from_": query.offset,
        "size": query.page_size,
        "_source_excludes": _EXCLUDED_SOURCE,
        "highlight": highlight,
    }


def build_search_body(query: SearchQuery, parsed: ParsedQuery) -> dict[str, Any]:
    """The first request of a search: the total and the facets over every readable match, and either the page
    itself or, when ``build_rerank_body`` follows, the ids of the re-ranking window (no fields, no snippets).

    Returned as the keyword arguments of ``Elasticsearch.search`` (``from_``, ``_source_excludes``).
    """
    rerank = _reranks(query, parsed)
    boolean: dict[str, Any] = {
        "must": [_clause(c) for c in parsed.clauses] or [{"match_all": {}}],
        "filter": _filters(query),
    }
    features = rank_plan(parsed)
    if rerank:
        features = tuple(f for f in features if f.kind not in _SPAN_FEATURES)
    should = [*_adjacency(features), *_number_boost(parsed)]
    if should:
        boolean["should"] = should
    body: dict[str, Any] = {
        "query": {"bool": boolean},
        "sort": _sort(query, parsed),
        "track_scores": True,
        "track_total_hits": True,
        "aggs": {
            name: {
                "terms": {"field": field, "size": FACET_SIZE, "order": [{"_count": "desc"}, {"_key": "asc"}]}
            }
            for name, field in _FACETS.items()
        },
    }
    if rerank:
        body.update(from_=0, size=max(RERANK_WINDOW, query.offset + query.page_size), _source=False)
    else:
        body.update(_page(query, parsed))
    return body


def build_rerank_body(
    query: SearchQuery, parsed: ParsedQuery, first: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The second request of a text search ordered by score, or None when ``first`` (the response to
    ``build_search_body``) already holds the page: the window's documents (by id) scored as the one request
    would score them — scaled bm25, the number boost, the adjacency features — sorted, paged, highlighted.
    The span queries then run over at most the window, not over every readable match."""
    if not _reranks(query, parsed):
        return None
    window = [hit["_id"] for hit in first["hits"]["hits"]]
    return {
        "query": {
            "bool": {
                "must": [_clause(c) for c in parsed.clauses],
                "filter": [*_filters(query), {"ids": {"values": window}}],
                "should": [*_adjacency(rank_plan(parsed)), *_number_boost(parsed)],
            }
        },
        "sort": _sort(query, parsed),
        "track_scores": True,
        "track_total_hits": False,
        **_page(query, parsed),
    }


class ElasticsearchSearchIndex:
    """``SearchIndex`` on Elasticsearch 9 (client 9), through the alias ``<prefix>-documents``."""

    backend = "elasticsearch"

    def __init__(
        self,
        client: Elasticsearch,
        prefix: str = DEFAULT_PREFIX,
        *,
        shards: int | None = None,
        replicas: int | None = None,
    ) -> None:
        if not _PREFIX_RE.match(prefix):
            raise InvalidSearchURL(
                "Tiền tố chỉ mục phải gồm chữ thường, chữ số, '.', '_' hoặc '-'.", detail=prefix
            )
        self._client = client
        self.prefix = prefix
        self.alias = f"{prefix}-documents"
        self._shards = shards
        self._replicas = replicas
        self._ready = False

    @classmethod
    def from_url(cls, url: str) -> ElasticsearchSearchIndex:
        """``http(s)://[user:password@]host:port[?index=PREFIX&shards=N&replicas=N&timeout=SECONDS&connections=N]``.

        `connections` (default 50) is how many HTTP connections are kept open: one per API thread, else
        every request over the client's default of 10 opens and throws away a new one."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidSearchURL(detail=url)
        options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        try:
            shards = int(options["shards"]) if "shards" in options else None
            replicas = int(options["replicas"]) if "replicas" in options else None
            timeout = float(options.get("timeout", "10"))
            connections = int(options.get("connections", "50"))
        except ValueError as exc:
            raise InvalidSearchURL(
                "Tham số shards/replicas/timeout/connections phải là số.", detail=url
            ) from exc
        host = f"{parts.scheme}://{parts.hostname}:{parts.port or 9200}"
        auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
        client = Elasticsearch(
            [host],
            basic_auth=auth,
            request_timeout=timeout,
            max_retries=1,
            retry_on_timeout=True,
            connections_per_node=connections,
        )
        return cls(client, options.get("index", DEFAULT_PREFIX), shards=shards, replicas=replicas)

    # -- plumbing ------------------------------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn client failures into the package's errors: unreachable → ``SearchUnavailable``."""
        try:
            yield
        except (TransportConnectionError, ConnectionTimeout) as exc:
            raise SearchUnavailable(detail=f"{type(exc).__name__}: {exc}") from exc
        except ApiError as exc:
            if exc.status_code in _UNAVAILABLE_STATUSES:
                raise SearchUnavailable(detail=f"HTTP {exc.status_code}: {exc.error}") from exc
            raise SearchBackendError(detail=f"HTTP {exc.status_code}: {exc.error}") from exc
        except TransportError as exc:
            raise SearchBackendError(detail=f"{type(exc).__name__}: {exc}") from exc
        except helpers.BulkIndexError as exc:
            raise SearchBackendError(
                f"Không đưa được {len(exc.errors)} văn bản vào chỉ mục.", detail=str(exc.errors[:3])
            ) from exc

    def _template_name(self) -> str:
        return f"{self.prefix}-documents"

    def _ensure(self) -> None:
        """Install the index template and, on first use, the first index behind the alias (idempotent)."""
        if self._ready:
            return
        template = {"settings": index_settings(self._shards, self._replicas), "mappings": index_mappings()}
        self._client.indices.put_index_template(
            name=self._template_name(), index_patterns=[f"{self.alias}-*"], template=template, priority=100
        )
        if not self._client.indices.exists_alias(name=self.alias):
            try:
                self._client.indices.create(index=f"{self.alias}-initial", aliases={self.alias: {}})
            except ApiError as exc:
                if exc.error != "resource_already_exists_exception":
                    raise
        else:
            # An index made before the folded and shingle fields existed (its analysers folded instead)
            # accepts them from now on; its older documents are found by their folded words again after
            # `eoffice reindex`. Adding fields is always allowed.
            self._client.indices.put_mapping(
                index=self.alias, properties={**_FOLDED_TEXT_FIELDS, **_SHINGLE_FIELDS}
            )
        self._ready = True

    def _new_index_name(self) -> str:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
        return f"{self.alias}-{stamp}-{uuid.uuid4().hex[:6]}"

    def _actions(self, index: str, documents: Iterable[IndexedDocument]) -> Iterator[dict[str, Any]]:
        for d in documents:
            yield {"_op_type": "index", "_index": index, "_id": d.id, "_source": document_source(d)}

    def _bulk(self, index: str, documents: Iterable[IndexedDocument]) -> int:
        count, _ = helpers.bulk(self._client, self._actions(index, documents), chunk_size=_BULK_CHUNK)
        return count

    # -- writing -------------------------------------------------------------------------------------------

    def index(self, document: IndexedDocument) -> None:
        with self._guard():
            self._ensure()
            self._client.index(index=self.alias, id=document.id, document=document_source(document))

    def bulk_index(self, documents: Iterable[IndexedDocument]) -> int:
        with self._guard():
            self._ensure()
            return self._bulk(self.alias, documents)

    def delete(self, document_id: str) -> bool:
        with self._guard():
            self._ensure()
            try:
                self._client.delete(index=self.alias, id=document_id)
            except NotFoundError:
                return False
            return True

    def reindex(self, documents: Iterable[IndexedDocument]) -> int:
        """Fill a new index, then move the alias to it atomically and drop the old ones.

        Writes sent through the alias while this runs land in the old index and are dropped with it; the
        caller reindexes from the source of truth and re-sends changes made meanwhile.
        """
        with self._guard():
            self._ensure()
            new_index = self._new_index_name()
            self._client.indices.create(index=new_index)
            try:
                count = self._bulk(new_index, documents)
                self._client.indices.refresh(index=new_index)
            except BaseException:
                self._client.indices.delete(index=new_index, ignore_unavailable=True)
                raise
            old_indices = list(self._client.indices.get_alias(name=self.alias))
            actions: list[dict[str, Any]] = [
                {"remove": {"index": i, "alias": self.alias}} for i in old_indices
            ]
            actions.append({"add": {"index": new_index, "alias": self.alias}})
            self._client.indices.update_aliases(actions=actions)
            if old_indices:
                self._client.indices.delete(index=",".join(old_indices), ignore_unavailable=True)
            return count

    def refresh(self) -> None:
        with self._guard():
            self._ensure()
            self._client.indices.refresh(index=self.alias)

    # -- reading -------------------------------------------------------------------------------------------

    def query(self, query: SearchQuery) -> SearchResults:
        if not query.principals:
            return SearchResults(
                total=0, hits=(), facets=Facets(), page=query.page, page_size=query.page_size
            )
        parsed = parse_query(query.text)
        with self._guard():
            self._ensure()
            response = self._client.search(index=self.alias, **build_search_body(query, parsed))
            rerank = build_rerank_body(query, parsed, response.body)
            page = response if rerank is None else self._client.search(index=self.alias, **rerank)
        aggs = response["aggregations"]
        facets = {
            name: top_facet_values((b["key"], b["doc_count"]) for b in aggs[name]["buckets"])
            for name in _FACETS
        }
        return SearchResults(
            total=response["hits"]["total"]["value"],
            hits=tuple(self._hit(h) for h in page["hits"]["hits"]),
            facets=Facets(**facets),
            page=query.page,
            page_size=query.page_size,
        )

    @staticmethod
    def _hit(hit: dict[str, Any]) -> SearchHit:
        source = hit["_source"]
        fragments = hit.get("highlight", {}).get("body", [])
        return SearchHit(
            id=source["doc_id"],
            score=float(hit.get("_score") or 0.0),
            snippet=_plain_entities(fragments[0]) if fragments else "",
            title=source["title"],
            kind=DocumentKind(source["kind"]),
            number=source.get("number"),
            type=source.get("type"),
            issuer=source.get("issuer"),
            register=source.get("register"),
            status=source.get("status"),
            date=dt.date.fromisoformat(source["date"]) if source.get("date") else None,
            filename=source.get("filename"),
        )

    def health(self) -> SearchHealth:
        try:
            with self._guard():
                # the node info, not GET /: the minimal distribution has no root endpoint
                nodes = self._client.nodes.info(node_id="_local", metric="_none")["nodes"]
                self._ensure()
                cluster = self._client.cluster.health()
                count = self._client.count(index=self.alias)["count"]
                indices = ",".join(self._client.indices.get_alias(name=self.alias))
        except (SearchUnavailable, SearchBackendError) as exc:
            return SearchHealth(backend=self.backend, ok=False, detail=exc.message)
        status = str(cluster["status"])
        return SearchHealth(
            backend=self.backend,
            ok=status in ("green", "yellow"),
            documents=int(count),
            detail=f"Elasticsearch {next(iter(nodes.values()))['version']}, cluster {status}",
            extra={"alias": self.alias, "index": indices, "cluster_status": status},
        )

    def close(self) -> None:
        self._client.close()
