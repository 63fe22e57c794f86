"""The values that cross the ``SearchIndex`` port: what is indexed, what is asked, what comes back.

Every value is a frozen dataclass validated on construction, so an adapter never sees a query without
principals, a query that is too long, or a page beyond what the backend can serve.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from search.errors import InvalidDocument, InvalidQuery, QueryTooLong
from search.text import nfc

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "MAX_QUERY_LENGTH",
    "MAX_RESULT_WINDOW",
    "DocumentKind",
    "FacetCount",
    "Facets",
    "IndexedDocument",
    "SearchHealth",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "SortOrder",
]

E = TypeVar("E", bound=StrEnum)

MAX_QUERY_LENGTH = 1000
"""Longest free text accepted, in characters; longer text raises ``QueryTooLong``."""

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_RESULT_WINDOW = 10_000
"""Deepest result reachable by paging (Elasticsearch's default ``max_result_window``), for both adapters."""


class DocumentKind(StrEnum):
    """Loại văn bản theo luồng: đến (incoming), đi (outgoing), nội bộ, văn bản pháp luật (legal corpus)."""

    INCOMING = "in"
    OUTGOING = "out"
    INTERNAL = "internal"
    LEGAL = "legal"


class SortOrder(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"


def _principal_set(
    principals: Iterable[str], error: type[InvalidQuery] | type[InvalidDocument]
) -> frozenset[str]:
    if isinstance(principals, str):
        raise error("Danh sách quyền truy cập phải là một tập hợp, không phải một chuỗi.")
    values = frozenset(principals)
    if not all(isinstance(p, str) and p for p in values):
        raise error("Quyền truy cập phải là chuỗi không rỗng, ví dụ 'user:12'.")
    return values


def _choice(enum: type[E], value: object, error: type[InvalidQuery] | type[InvalidDocument]) -> E:
    try:
        return enum(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise error(f"Giá trị '{value}' không hợp lệ; chỉ nhận: {allowed}.") from None


def _optional_nfc(value: str | None) -> str | None:
    return None if value is None else nfc(value)


@dataclass(frozen=True, kw_only=True)
class IndexedDocument:
    """A document as the index sees it: searchable text, filterable metadata, and who may read it.

    ``principals`` are permission principals such as ``"user:12"``, ``"dept:3"`` or ``"agency:1:clerk"``;
    a query only ever returns documents sharing at least one principal with the reader.
    """

    id: str
    title: str
    principals: frozenset[str]
    kind: DocumentKind = DocumentKind.INCOMING
    body: str = ""
    number: str | None = None
    type: str | None = None
    issuer: str | None = None
    register: str | None = None
    status: str | None = None
    date: dt.date | None = None
    year: int | None = None
    filename: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise InvalidDocument("Văn bản cần có mã định danh (id).")
        principals = _principal_set(self.principals, InvalidDocument)
        if not principals:
            raise InvalidDocument(
                "Văn bản cần có ít nhất một quyền truy cập, nếu không sẽ không ai đọc được."
            )
        object.__setattr__(self, "principals", principals)
        object.__setattr__(self, "kind", _choice(DocumentKind, self.kind, InvalidDocument))
        object.__setattr__(self, "title", nfc(self.title))
        object.__setattr__(self, "body", nfc(self.body))
        for name in ("number", "type", "issuer", "register", "status", "filename"):
            object.__setattr__(self, name, _optional_nfc(getattr(self, name)))
        if self.year is None and self.date is not None:
            object.__setattr__(self, "year", self.date.year)


@dataclass(frozen=True, kw_only=True)
class SearchQuery:
    """One search by one reader. ``principals`` is required: an empty set finds nothing.

    Free text is diacritic-insensitive; ``"quoted words"`` are phrases; a document number boosts the document
    with exactly that number to the top. Operators and stray quotes are read as plain text. Empty text (or
    text with no word in it) lists the newest documents the reader may read.
    """

    principals: frozenset[str]
    text: str = ""
    kind: DocumentKind | None = None
    type: str | None = None
    issuer: str | None = None
    register: str | None = None
    status: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    year: int | None = None
    sort: SortOrder = SortOrder.RELEVANCE
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def __post_init__(self) -> None:
        object.__setattr__(self, "principals", _principal_set(self.principals, InvalidQuery))
        if len(self.text) > MAX_QUERY_LENGTH:
            raise QueryTooLong(
                f"Nội dung tìm kiếm dài {len(self.text)} ký tự, vượt quá giới hạn {MAX_QUERY_LENGTH} ký tự."
            )
        object.__setattr__(self, "text", nfc(self.text))
        if self.kind is not None:
            object.__setattr__(self, "kind", _choice(DocumentKind, self.kind, InvalidQuery))
        object.__setattr__(self, "sort", _choice(SortOrder, self.sort, InvalidQuery))
        for name in ("type", "issuer", "register", "status"):
            object.__setattr__(self, name, _optional_nfc(getattr(self, name)))
        if self.page < 1:
            raise InvalidQuery("Số trang phải từ 1 trở lên.")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise InvalidQuery(f"Số kết quả mỗi trang phải từ 1 đến {MAX_PAGE_SIZE}.")
        if self.page * self.page_size > MAX_RESULT_WINDOW:
            raise InvalidQuery(f"Chỉ xem được {MAX_RESULT_WINDOW} kết quả đầu tiên; hãy thu hẹp tìm kiếm.")
        if self.date_from is not None and self.date_to is not None and self.date_from > self.date_to:
            raise InvalidQuery("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True)
class SearchHit:
    """One readable document in the results; ``snippet`` is HTML-escaped text with ``<mark>`` around matches."""

    id: str
    score: float
    snippet: str
    title: str
    kind: DocumentKind
    number: str | None = None
    type: str | None = None
    issuer: str | None = None
    register: str | None = None
    status: str | None = None
    date: dt.date | None = None
    filename: str | None = None


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class Facets:
    """Counts over every matching document the reader may read (never over the others), largest first."""

    type: tuple[FacetCount, ...] = ()
    issuer: tuple[FacetCount, ...] = ()
    year: tuple[FacetCount, ...] = ()
    status: tuple[FacetCount, ...] = ()


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: tuple[SearchHit, ...]
    facets: Facets
    page: int
    page_size: int


@dataclass(frozen=True)
class SearchHealth:
    backend: str
    ok: bool
    documents: int | None = None
    detail: str = ""
    extra: dict[str, str] = field(default_factory=dict)
