"""Searching documents for one reader: the index is asked with the reader's principals, and every hit is
checked again against the read rule in the database (an index entry may be older than a permission change)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.documents.indexing import document_id_of
from eoffice.documents.models import Document
from eoffice.errors import InvalidInput, ServiceUnavailable
from eoffice.orgs.models import User
from eoffice.permissions import principals_for, readable_clause
from search import SearchIndex


@dataclass(frozen=True)
class Found:
    """One search result, one per document: what the API shows (`eoffice search --json` keeps its first six
    fields). `kind`, `date`, `issuer` and `status` say what the document is without opening it."""

    id: int
    filename: str | None
    title: str
    number: str | None
    score: float
    snippet: str
    kind: Literal["incoming", "outgoing"]
    date: dt.date | None
    issuer: str | None
    status: str | None


def search_documents(
    session: Session, search_index: SearchIndex, user: User, text: str, *, page: int = 1, page_size: int = 20
) -> tuple[int, list[Found]]:
    """(total, the readable hits of this page).

    The index counts what the reader's principals could read when it last wrote each entry. A hit the read
    rule now refuses (a permission changed and its entry is not re-indexed yet) is left out of the page and
    of the total; such entries on other pages are only seen when their page is asked, and the indexer
    re-writes an entry on every permission change, so the total is exact but for that short window.
    """
    from search import DocumentKind, SearchError, SearchQuery, SearchUnavailable

    try:
        query = SearchQuery(principals=principals_for(user), text=text, page=page, page_size=page_size)
        results = search_index.query(query)
    except SearchUnavailable as exc:
        raise ServiceUnavailable(exc.message, code=exc.code) from exc
    except SearchError as exc:
        raise InvalidInput(
            exc.message, code=exc.code, detail=[{"field": "q", "problem": exc.message}]
        ) from exc
    wanted = {
        document_id: hit
        for hit in results.hits
        if hit.kind in (DocumentKind.INCOMING, DocumentKind.OUTGOING)
        and (document_id := document_id_of(hit.id)) is not None
    }
    readable = set(
        session.scalars(select(Document.id).where(Document.id.in_(list(wanted)), readable_clause(user)))
    )
    found = [
        Found(
            id=document_id,
            filename=hit.filename,
            title=hit.title,
            number=hit.number,
            score=float(hit.score),
            snippet=hit.snippet,
            kind="incoming" if hit.kind == DocumentKind.INCOMING else "outgoing",
            date=hit.date,
            issuer=hit.issuer,
            status=hit.status,
        )
        for document_id, hit in wanted.items()
        if document_id in readable
    ]
    refused = len(results.hits) - len(found)
    return max(0, int(results.total) - refused), found


__all__ = ["Found", "search_documents"]
