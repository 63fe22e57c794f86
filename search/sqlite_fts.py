"""Embedded search on SQLite FTS5: how a single office runs eOffice without an Elasticsearch cluster.

Layout, per *generation* (a full reindex builds generation N+1 beside N, then swaps a pointer):

- ``fts_N``: FTS5 table with the original columns (title, number, body) and their folded twins
  (``title_f``…). Folding happens in Python (``search.text.fold``) because ``unicode61 remove_diacritics``
  does not fold đ. The table tokenizer keeps diacritics, so a match on an original column means the
  diacritics agreed, and bm25 weights rank it above a folded-only match.
  Its last column, ``acl``, holds one token per permission principal of the document. Every MATCH starts
  with ``acl : (<the reader's principals>)``, so FTS5 intersects the reader's postings with the text's
  before anything is ranked, counted or quoted. (A principals table joined in SQL was measured first: at
  20 000 documents SQLite re-evaluated the MATCH for each permitted row, 500 ms a query; the column, 2 ms.)
- ``docs_N``: metadata for filters, facets and sorting, sharing rowids with ``fts_N``.

One connection guarded by a lock serves all threads (WAL mode lets other processes read while one writes).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from search._batching import batched
from search._query import ParsedQuery, Phrase, parse_query
from search._ranking import (
    RANKED_BODY_CHARS,
    RERANK_WINDOW,
    TEXT_SCORE_SCALE,
    Feature,
    feature_boost,
    rank_plan,
)
from search._results import top_facet_values
from search._snippets import find_spans, make_snippet
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

__all__ = ["SqliteSearchIndex"]

_BATCH = 1000
_NUMBER_BOOST = 1000.0
# bm25 weights, in column order: title, number, body, title_f, number_f, body_f, acl.
_WEIGHTS = (6.0, 8.0, 2.0, 3.0, 4.0, 1.0, 0.0)
_TABLE_RE = re.compile(r"^docs_(\d+)$")
_UNAVAILABLE_HINTS = ("locked", "unable to open", "disk i/o", "readonly", "busy")


_HIT_COLUMNS = (
    "d.doc_id, d.kind, d.number, d.type, d.issuer, d.register, d.status, d.date, d.filename, d.year"
)
# Positions in a row of "SELECT d.rowid, rank, <_HIT_COLUMNS>".
_DOC_ID, _TYPE, _ISSUER, _STATUS, _DATE, _YEAR = 2, 5, 6, 8, 9, 11


def _facets_of(rows: list[tuple[Any, ...]]) -> Facets:
    counters: list[Counter[str]] = [Counter(), Counter(), Counter(), Counter()]
    for row in rows:
        for counter, position in zip(counters, (_TYPE, _ISSUER, _YEAR, _STATUS), strict=True):
            value = row[position]
            if value is not None:
                counter[str(value)] += 1
    return Facets(*(top_facet_values(c) for c in counters))


def _fts_string(words: Sequence[str]) -> str:
    """An FTS5 string literal: the words as one phrase, quotes doubled, so no word is ever syntax."""
    return '"' + " ".join(w.replace('"', '""') for w in words) + '"'


def _match_expression(parsed: ParsedQuery) -> str:
    """Each clause in its normal form OR its folded form, all clauses required.

    No column filter is needed: folded columns never hold a diacritic, and a normal-form word without
    diacritics is in the folded columns too. Column filters would make FTS5 read every position list.
    """

    def clause(phrase: Phrase) -> str:
        if phrase.words == phrase.folded:
            return _fts_string(phrase.words)
        return f"({_fts_string(phrase.words)} OR {_fts_string(phrase.folded)})"

    return " AND ".join(clause(p) for p in parsed.clauses)


def _principal_token(principal: str) -> str:
    """One FTS5 token per principal (``agency:1:clerk`` would split at ``:``): the hex of its UTF-8 bytes."""
    return "p" + principal.encode("utf-8").hex()


def _permission_expression(principals: Iterable[str]) -> str:
    return "acl : (" + " OR ".join(f'"{_principal_token(p)}"' for p in sorted(principals)) + ")"


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)


class _Tables:
    """The table names of one generation (an integer, never user input)."""

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.docs = f"docs_{generation}"
        self.fts = f"fts_{generation}"


class SqliteSearchIndex:
    """``SearchIndex`` on an SQLite file (or ``:memory:``) with FTS5."""

    backend = "sqlite"

    def __init__(self, path: str | Path = ":memory:") -> None:
        self._path = str(path)
        self._lock = threading.RLock()
        try:
            if self._path != ":memory:":
                Path(self._path).parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                self._path, check_same_thread=False, isolation_level=None, timeout=10
            )
            self._conn.execute("PRAGMA busy_timeout = 10000")
            self._conn.execute("PRAGMA cache_size = -65536")  # 64 MiB of pages: metadata lookups per hit
            if self._path != ":memory:":
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
                self._conn.execute("PRAGMA mmap_size = 268435456")
            with self._transaction():
                self._conn.execute(
                    "CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
                )
                self._conn.execute("INSERT OR IGNORE INTO search_meta VALUES ('generation', '1')")
                self._create_tables(self._current())
        except (sqlite3.Error, OSError) as exc:
            raise SearchUnavailable("Không mở được tệp chỉ mục tìm kiếm.", detail=str(exc)) from exc

    @classmethod
    def from_url(cls, url: str) -> SqliteSearchIndex:
        """``sqlite:///relative/path.db``, ``sqlite:////absolute/path.db`` or ``sqlite:///:memory:``."""
        if not url.startswith("sqlite://"):
            raise InvalidSearchURL(detail=url)
        path = url.removeprefix("sqlite://").removeprefix("/").split("?", 1)[0]
        return cls(path or ":memory:")

    # -- plumbing ------------------------------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Run under the lock and turn SQLite failures into the package's errors."""
        with self._lock:
            try:
                yield
            except sqlite3.Error as exc:
                message = str(exc).lower()
                if isinstance(exc, sqlite3.OperationalError) and any(
                    h in message for h in _UNAVAILABLE_HINTS
                ):
                    raise SearchUnavailable(detail=str(exc)) from exc
                raise SearchBackendError(detail=str(exc)) from exc

    @contextmanager
    def _transaction(self, immediate: bool = False) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _current(self) -> _Tables:
        row = self._conn.execute("SELECT value FROM search_meta WHERE key = 'generation'").fetchone()
        return _Tables(int(row[0]))

    def _create_tables(self, t: _Tables) -> None:
        c = self._conn
        c.execute(
            f"""CREATE TABLE IF NOT EXISTS {t.docs} (
                rowid INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                type TEXT, issuer TEXT, register TEXT, status TEXT, date TEXT, year INTEGER,
                number TEXT, number_key TEXT, filename TEXT)"""
        )
        c.execute(f"CREATE INDEX IF NOT EXISTS {t.docs}_date ON {t.docs} (date DESC, doc_id)")
        c.execute(f"CREATE INDEX IF NOT EXISTS {t.docs}_number ON {t.docs} (number_key)")
        c.execute(
            f"""CREATE VIRTUAL TABLE IF NOT EXISTS {t.fts} USING fts5(
                title, number, body, title_f, number_f, body_f, acl, tokenize = 'unicode61 remove_diacritics 0')"""
        )

    def _drop_tables(self, t: _Tables) -> None:
        for name in (t.fts, t.docs):
            self._conn.execute(f"DROP TABLE IF EXISTS {name}")

    # -- writing -------------------------------------------------------------------------------------------

    def _write_batch(self, t: _Tables, documents: Iterable[IndexedDocument]) -> int:
        unique = {d.id: d for d in documents}
        if not unique:
            return 0
        c = self._conn
        with self._transaction(immediate=True):
            ids = list(unique)
            old: list[tuple[int]] = []
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                old += c.execute(
                    f"SELECT rowid FROM {t.docs} WHERE doc_id IN ({_placeholders(len(chunk))})", chunk
                ).fetchall()
            if old:
                c.executemany(f"DELETE FROM {t.fts} WHERE rowid = ?", old)
                c.executemany(f"DELETE FROM {t.docs} WHERE rowid = ?", old)
            first = c.execute(f"SELECT coalesce(max(rowid), 0) + 1 FROM {t.docs}").fetchone()[0]
            docs_rows: list[tuple[Any, ...]] = []
            fts_rows: list[tuple[Any, ...]] = []
            for rowid, d in enumerate(unique.values(), start=first):
                number = d.number or ""
                docs_rows.append(
                    (
                        rowid,
                        d.id,
                        d.kind.value,
                        d.type,
                        d.issuer,
                        d.register,
                        d.status,
                        d.date.isoformat() if d.date else None,
                        d.year,
                        d.number,
                        number_key(number) if number else None,
                        d.filename,
                    )
                )
                fts_rows.append(
                    (
                        rowid,
                        d.title,
                        number,
                        d.body,
                        fold(d.title),
                        fold(number),
                        fold_preserving_length(d.body),
                        " ".join(_principal_token(p) for p in sorted(d.principals)),
                    )
                )
            c.executemany(f"INSERT INTO {t.docs} VALUES ({_placeholders(12)})", docs_rows)
            c.executemany(
                f"INSERT INTO {t.fts} (rowid, title, number, body, title_f, number_f, body_f, acl)"
                f" VALUES ({_placeholders(8)})",
                fts_rows,
            )
        return len(unique)

    def index(self, document: IndexedDocument) -> None:
        with self._guard():
            self._write_batch(self._current(), [document])

    def bulk_index(self, documents: Iterable[IndexedDocument]) -> int:
        count = 0
        for batch in batched(documents, _BATCH):
            with self._guard():
                count += self._write_batch(self._current(), batch)
        return count

    def delete(self, document_id: str) -> bool:
        with self._guard(), self._transaction(immediate=True):
            t = self._current()
            row = self._conn.execute(
                f"SELECT rowid FROM {t.docs} WHERE doc_id = ?", (document_id,)
            ).fetchone()
            if row is None:
                return False
            self._conn.execute(f"DELETE FROM {t.fts} WHERE rowid = ?", row)
            self._conn.execute(f"DELETE FROM {t.docs} WHERE rowid = ?", row)
            return True

    def reindex(self, documents: Iterable[IndexedDocument]) -> int:
        """Build the next generation batch by batch (queries keep using the current one), then swap."""
        with self._guard(), self._transaction(immediate=True):
            current = self._current()
            names = self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            generations = [int(m.group(1)) for (name,) in names if (m := _TABLE_RE.match(name))]
            for stale in generations:
                if stale != current.generation:
                    self._drop_tables(_Tables(stale))
            building = _Tables(max(generations, default=current.generation) + 1)
            self._create_tables(building)
        count = 0
        try:
            for batch in batched(documents, _BATCH):
                with self._guard():
                    count += self._write_batch(building, batch)
        except BaseException:
            with self._guard(), self._transaction(immediate=True):
                self._drop_tables(building)
            raise
        with self._guard(), self._transaction(immediate=True):
            old = self._current()
            self._conn.execute(
                "UPDATE search_meta SET value = ? WHERE key = 'generation'", (str(building.generation),)
            )
            self._drop_tables(old)
        return count

    def refresh(self) -> None:
        """Nothing to do: every write is committed before it returns."""

    # -- reading -------------------------------------------------------------------------------------------

    def query(self, query: SearchQuery) -> SearchResults:
        if not query.principals:
            return SearchResults(
                total=0, hits=(), facets=Facets(), page=query.page, page_size=query.page_size
            )
        parsed = parse_query(query.text)
        permitted = _permission_expression(query.principals)
        with self._guard(), self._transaction():
            t = self._current()
            if parsed.is_empty:
                total, facets, page = self._newest(t, query, permitted)
            else:
                total, facets, page = self._ranked(
                    t, query, f"{permitted} AND {_match_expression(parsed)}", parsed
                )
            texts = self._page_texts(t, [row[0] for row in page])
        hits = tuple(self._hit(row, *texts[row[0]], parsed) for row in page)
        return SearchResults(
            total=total, hits=hits, facets=facets, page=query.page, page_size=query.page_size
        )

    def _ranked(
        self, t: _Tables, query: SearchQuery, match: str, parsed: ParsedQuery
    ) -> tuple[int, Facets, list[tuple[Any, ...]]]:
        """Text queries: one pass over the permitted matches gives the total, the facets and the page.

        bm25 has to be computed for every match to rank them anyway; doing the counting in the same pass
        spares a second evaluation of the MATCH.
        """
        rank = f"bm25({t.fts}, {', '.join(map(str, _WEIGHTS))})"
        rank_params: list[Any] = []
        if parsed.number_keys:
            rank += (
                f" - (CASE WHEN d.number_key IN ({_placeholders(len(parsed.number_keys))})"
                f" THEN {_NUMBER_BOOST / TEXT_SCORE_SCALE} ELSE 0.0 END)"
            )
            rank_params = list(parsed.number_keys)
        where, params = self._filters(query)
        rows = self._conn.execute(
            f"SELECT d.rowid, {rank}, {_HIT_COLUMNS} FROM {t.fts} CROSS JOIN {t.docs} d"
            f" ON d.rowid = {t.fts}.rowid WHERE {' AND '.join([f'{t.fts} MATCH ?', *where])}",
            [*rank_params, match, *params],
        ).fetchall()
        facets = _facets_of(rows)
        rows.sort(key=lambda r: r[1])
        window = max(RERANK_WINDOW, query.offset + query.page_size)
        boosts = self._adjacency_boosts(t, rank_plan(parsed), [r[0] for r in rows[:window]])
        # Score = scaled bm25 + the adjacency boosts (search._ranking); kept negated in the rank position.
        rows = [(r[0], r[1] * TEXT_SCORE_SCALE - boosts.get(r[0], 0.0), *r[2:]) for r in rows]
        if query.sort is SortOrder.DATE:
            rows.sort(key=lambda r: (r[_DOC_ID],))
            rows.sort(key=lambda r: r[1])
            rows.sort(key=lambda r: r[_DATE] or "", reverse=True)
        else:
            rows.sort(key=lambda r: r[_DOC_ID])
            rows.sort(key=lambda r: r[_DATE] or "", reverse=True)
            rows.sort(key=lambda r: r[1])
        return len(rows), facets, rows[query.offset : query.offset + query.page_size]

    def _adjacency_boosts(
        self, t: _Tables, features: tuple[Feature, ...], rowids: list[int]
    ) -> dict[int, float]:
        """Second pass over the best bm25 hits: the features of search._ranking asked of their texts (rowid
        lookups, no second MATCH). Asking FTS5 one phrase query per feature cost 3–10 times the search
        itself — each query re-ran the reader's MATCH, and ``rowid IN (…)`` re-ran it per rowid."""
        if not features or not rowids:
            return {}
        rows = self._conn.execute(
            f"SELECT rowid, title, number, substr(body, 1, {RANKED_BODY_CHARS}) FROM {t.fts}"
            f" WHERE rowid IN ({_placeholders(len(rowids))})",
            rowids,
        ).fetchall()
        return {rowid: feature_boost(features, title, number, body) for rowid, title, number, body in rows}

    def _newest(
        self, t: _Tables, query: SearchQuery, permitted: str
    ) -> tuple[int, Facets, list[tuple[Any, ...]]]:
        """The empty query: facets over every permitted document, the page straight off the date index."""
        where, params = self._filters(query)
        readable = f"d.rowid IN (SELECT rowid FROM {t.fts} WHERE {t.fts} MATCH ?)"
        condition = " AND ".join([readable, *where])
        groups = self._conn.execute(
            f"SELECT d.type, d.issuer, d.year, d.status, count(*) FROM {t.docs} d WHERE {condition}"
            " GROUP BY 1, 2, 3, 4",
            [permitted, *params],
        ).fetchall()
        counters: list[Counter[str]] = [Counter(), Counter(), Counter(), Counter()]
        for *values, count in groups:
            for counter, value in zip(counters, values, strict=True):
                if value is not None:
                    counter[str(value)] += count
        page = self._conn.execute(
            f"SELECT d.rowid, 0.0, {_HIT_COLUMNS} FROM {t.docs} d WHERE {condition}"
            " ORDER BY d.date DESC, d.doc_id LIMIT ? OFFSET ?",
            [permitted, *params, query.page_size, query.offset],
        ).fetchall()
        total = sum(row[-1] for row in groups)
        return total, Facets(*(top_facet_values(c) for c in counters)), page

    @staticmethod
    def _filters(query: SearchQuery) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for column in ("type", "issuer", "register", "status"):
            value = getattr(query, column)
            if value is not None:
                where.append(f"d.{column} = ?")
                params.append(value)
        if query.kind is not None:
            where.append("d.kind = ?")
            params.append(query.kind.value)
        if query.year is not None:
            where.append("d.year = ?")
            params.append(query.year)
        if query.date_from is not None:
            where.append("d.date >= ?")
            params.append(query.date_from.isoformat())
        if query.date_to is not None:
            where.append("d.date <= ?")
            params.append(query.date_to.isoformat())
        return where, params

    def _page_texts(self, t: _Tables, rowids: list[int]) -> dict[int, tuple[str, str, str]]:
        """Title, body and folded body of the hits on the page (rowid lookups, no second MATCH)."""
        if not rowids:
            return {}
        rows = self._conn.execute(
            f"SELECT rowid, title, body, body_f FROM {t.fts} WHERE rowid IN ({_placeholders(len(rowids))})",
            rowids,
        ).fetchall()
        return {rowid: (title, body, body_f) for rowid, title, body, body_f in rows}

    @staticmethod
    def _hit(row: tuple[Any, ...], title: str, body: str, body_folded: str, parsed: ParsedQuery) -> SearchHit:
        _, rank, doc_id, kind, number, type_, issuer, register, status, date, filename, _year = row
        spans = find_spans(body_folded, [clause.folded for clause in parsed.clauses])
        return SearchHit(
            id=doc_id,
            score=-float(rank) or 0.0,
            snippet=make_snippet(body, spans),
            title=title,
            kind=DocumentKind(kind),
            number=number,
            type=type_,
            issuer=issuer,
            register=register,
            status=status,
            date=dt.date.fromisoformat(date) if date else None,
            filename=filename,
        )

    def health(self) -> SearchHealth:
        try:
            with self._guard():
                t = self._current()
                count = self._conn.execute(f"SELECT count(*) FROM {t.docs}").fetchone()[0]
        except (SearchUnavailable, SearchBackendError) as exc:
            return SearchHealth(backend=self.backend, ok=False, detail=exc.message)
        return SearchHealth(
            backend=self.backend,
            ok=True,
            documents=count,
            detail=f"SQLite {sqlite3.sqlite_version} FTS5",
            extra={"path": self._path, "generation": str(t.generation)},
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()
