"""Cổng dữ liệu văn bản pháp luật của Bộ Tư pháp: ``eoffice legal sync`` pulls what changed since the last sync.

The gateway lists documents with ``POST {base}/doc/all`` (paged, ``pageSize`` at most 500, sorted by
``issueDate``; each item with ``effStatus``, ``effFrom``/``effTo``, ``docType`` and ``agency``) and gives one
with ``GET {base}/doc/{id}``, whose ``references[]`` (``{referenceType, targetDocument}``) say what the document
does to others: 12 thay thế, 10 sửa đổi bổ sung, 1 bãi bỏ, 11 tạm ngưng… (docs/LEGAL_CORPUS.md has the shape
and the mapping). The gateway's document id is the national database's id, the same as the parquet dataset's,
so both land in ``legal_documents.source_id``.

"Since the last sync" is remembered in the corpus itself: the newest issue date among records that carry a
national-database id, less an overlap window (a document is often published days after it is issued). The
list is read newest first and stops at that date; each new document's references update the documents it
replaces or amends, which are fetched again for their current status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eoffice.legal.corpus import LoadReport, load_corpus
from eoffice.legal.errors import LegalError
from eoffice.legal.models import LegalDocument
from eoffice.legal.parquet import is_local_issuer, parse_date, with_relations
from eoffice.legal.records import LegalRecord, LegalStatus
from search import SearchIndex

__all__ = [
    "EFFECT_STATUSES",
    "GATEWAY_SOURCE",
    "MAX_PAGE_SIZE",
    "GatewayClient",
    "GatewayUnavailable",
    "SyncReport",
    "sync_corpus",
]

GATEWAY_SOURCE = "CSDL quốc gia về pháp luật (cổng dữ liệu của Bộ Tư pháp)"
MAX_PAGE_SIZE = 500
OVERLAP = dt.timedelta(days=60)
EFFECT_STATUSES: dict[str, LegalStatus | None] = {
    "CHL": LegalStatus.IN_FORCE,  # còn hiệu lực
    "HHL": LegalStatus.EXPIRED,  # hết hiệu lực toàn bộ
    "HHL1P": LegalStatus.AMENDED,  # hết hiệu lực một phần: the rest applies
    "CCHL": LegalStatus.NOT_YET_IN_FORCE,  # chưa có hiệu lực
    "TNHL": LegalStatus.SUSPENDED,  # tạm ngưng hiệu lực
    "TNHL1P": LegalStatus.AMENDED,  # tạm ngưng hiệu lực một phần: the rest applies
    "KCPH": None,  # không còn phù hợp: says nothing the check can judge
}
REPLACES, AMENDS = 12, 10
"""The reference types that change a record: the document replaces (thay thế) / amends (sửa đổi, bổ sung) the
target. The others (1 bãi bỏ, 3 căn cứ, 4 dẫn chiếu, 6 đính chính, 7 hợp nhất, 9 hướng dẫn, 11 tạm ngưng,
14 giải thích) change the target's status, which is read from the target itself."""


class GatewayUnavailable(LegalError):
    """``legal.gateway_unavailable``: the gateway did not answer, or answered what is not its documented shape."""

    status_code = 503
    code = "legal.gateway_unavailable"
    message = "Không lấy được dữ liệu từ cổng văn bản pháp luật."


class GatewayClient:
    """The gateway's two calls over HTTP (``httpx``); every failure is a ``GatewayUnavailable``."""

    def __init__(self, base_url: str, *, timeout: float = 30, transport: httpx.BaseTransport | None = None):
        self._http = httpx.Client(base_url=base_url.rstrip("/") + "/", timeout=timeout, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GatewayClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def list_page(self, page: int, size: int = MAX_PAGE_SIZE) -> tuple[list[dict[str, Any]], int]:
        """One page of the list, newest first: (items, total count)."""
        body = {
            "pageNumber": page,
            "pageSize": min(size, MAX_PAGE_SIZE),
            "sortBy": "issueDate",
            "sortDirection": "DESC",
        }
        data = self._call("POST", "doc/all", json=body)
        items, total = data.get("items"), data.get("totalCount")
        if not isinstance(items, list) or not isinstance(total, int):
            raise GatewayUnavailable(
                "Cổng văn bản pháp luật trả về danh sách không đúng dạng (thiếu items, totalCount)."
            )
        return [i for i in items if isinstance(i, dict)], total

    def document(self, doc_id: str) -> dict[str, Any]:
        """One document with its ``references``."""
        return self._call("GET", f"doc/{doc_id}")

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._http.request(method, path, **kwargs)
            response.raise_for_status()
            data = response.json()
        except httpx.HTTPStatusError as exc:
            raise GatewayUnavailable(
                f"Cổng văn bản pháp luật từ chối yêu cầu {path} (HTTP {exc.response.status_code})."
            ) from None
        except (httpx.HTTPError, ValueError) as exc:
            raise GatewayUnavailable(
                f"Không kết nối được cổng văn bản pháp luật ({type(exc).__name__})."
            ) from None
        if isinstance(data, dict) and isinstance(data.get("data"), dict):
            data = data["data"]  # an answer wrapped in {"data": …}
        if not isinstance(data, dict):
            raise GatewayUnavailable(f"Cổng văn bản pháp luật trả về {path} không đúng dạng.")
        return data


@dataclass(frozen=True)
class SyncReport:
    """What a sync did: the date it read back to, documents read, the load, relations and what it set aside."""

    since: dt.date | None
    listed: int
    load: LoadReport
    relations_applied: int
    skipped: list[str]


def sync_corpus(
    session: Session,
    index: SearchIndex,
    client: GatewayClient,
    *,
    since: dt.date | None = None,
    page_size: int = MAX_PAGE_SIZE,
    progress: Callable[[str, int], None] | None = None,
) -> SyncReport:
    """Pull what the gateway lists since ``since`` (default: the last sync, see the module) and upsert it.

    Items that do not make a valid record (no type, no issue date…) and local documents are left out and
    named in ``skipped``; relations only add to what records had. Nothing is written if the gateway fails.
    """
    if since is None:
        newest = session.scalar(
            select(func.max(LegalDocument.issue_date)).where(LegalDocument.source_id.is_not(None))
        )
        since = newest - OVERLAP if newest is not None else None
    skipped: list[str] = []
    records: dict[str, LegalRecord] = {}
    listed = 0
    for item in _listed(client, since, page_size):
        listed += 1
        record = _record(item, skipped)
        if record is not None and record.source_id is not None:
            records[record.source_id] = record
        if progress:
            progress("list", 1)

    additions: dict[str, dict[str, list[str]]] = {}
    applied = 0
    for source_id, record in list(records.items()):
        detail = client.document(source_id)
        if progress:
            progress("detail", 1)
        if record.number is None:
            continue
        for reference in detail.get("references") or ():
            kind = reference.get("referenceType") if isinstance(reference, dict) else None
            target = reference.get("targetDocument") if isinstance(reference, dict) else None
            if kind not in (REPLACES, AMENDS) or not isinstance(target, dict) or target.get("id") is None:
                continue
            target_id = str(target["id"])
            if target_id not in records:
                found = _record(client.document(target_id), skipped)
                if found is None:
                    continue
                records[target_id] = found
            name = "replaced_by" if kind == REPLACES else "amended_by"
            numbers = additions.setdefault(target_id, {"replaced_by": [], "amended_by": []})[name]
            if record.number not in numbers:
                numbers.append(record.number)
            applied += 1
    out = with_relations(session, records, additions, fresh=set(records))
    report = load_corpus(session, index, _unique(out))
    return SyncReport(since, listed, report, applied, skipped)


def _unique(records: list[LegalRecord]) -> list[LegalRecord]:
    """One record per key: the gateway may list one document under two ids (the later one wins)."""
    by_key: dict[str, LegalRecord] = {}
    for record in records:
        by_key[record.key] = record
    return list(by_key.values())


def _listed(client: GatewayClient, since: dt.date | None, page_size: int) -> Iterator[dict[str, Any]]:
    page = 1
    seen = 0
    while True:
        items, total = client.list_page(page, page_size)
        for item in items:
            try:
                issued = parse_date(item.get("issueDate"))
            except ValueError:
                issued = None
            if since is not None and issued is not None and issued < since:
                return
            yield item
        seen += len(items)
        if not items or seen >= total:
            return
        page += 1


def _name(value: Any) -> str | None:
    """``docType`` / ``agency``: a string, ``{"name": …}``, or a list of those (joint issuers)."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return "; ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _record(item: dict[str, Any], skipped: list[str]) -> LegalRecord | None:
    doc_id = item.get("id")
    where = f"văn bản id {doc_id}"
    issuer = _name(item.get("agency"))
    if is_local_issuer(issuer):
        return None
    try:
        fields: dict[str, Any] = {
            "number": _name(item.get("docNum")),
            "type": _name(item.get("docType")),
            "issuer": issuer,
            "title": _name(item.get("title")),
            "issue_date": parse_date(item.get("issueDate")),
            "effective_date": parse_date(item.get("effFrom")),
            "expiry_date": parse_date(item.get("effTo")),
            "status": EFFECT_STATUSES.get(str(item.get("effStatus") or "KCPH").upper()),
            "source": GATEWAY_SOURCE,
            "source_id": None if doc_id is None else str(doc_id),
        }
        return LegalRecord.model_validate(fields)
    except (ValueError, ValidationError) as exc:
        skipped.append(f"{where}: {exc}".splitlines()[0])
        return None
