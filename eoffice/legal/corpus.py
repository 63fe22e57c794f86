"""Nạp cơ sở dữ liệu văn bản pháp luật: the table for exact resolution and the search index for people.

``load_corpus`` upserts records by number (by name and date for a document without one) in one transaction
and indexes them as kind ``legal`` with the principal ``public``; loading the same file twice changes nothing.
If the index fails the transaction is rolled back, so the table never holds records the index lacks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.legal.errors import InvalidCorpusFile
from eoffice.legal.files import parse_records
from eoffice.legal.models import LegalDocument
from eoffice.legal.records import LegalRecord
from search import SearchIndex

__all__ = [
    "LEGAL_PRINCIPAL",
    "LoadReport",
    "corpus_index_documents",
    "ensure_starter_corpus",
    "index_corpus",
    "indexed_legal_document",
    "legal_search_id",
    "load_corpus",
    "starter_corpus_demo_hook",
    "starter_records",
]

LEGAL_PRINCIPAL = "public"
"""Everyone may read the legal corpus; a reader's principals must include it to find legal records."""

Progress = Callable[[int], None]


@dataclass(frozen=True)
class LoadReport:
    """What a load did: records added, records changed, records already identical."""

    inserted: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged


def legal_search_id(record: LegalRecord) -> str:
    """Legal records share the index with documents (``doc:12``), hence the prefix."""
    return f"legal:{record.key}"


def indexed_legal_document(record: LegalRecord) -> Any:
    """The ``search.IndexedDocument`` of a record: searchable by number, name, title and issuer."""
    from search import DocumentKind, IndexedDocument

    body = "\n".join(
        part
        for part in (
            record.name,
            record.title,
            record.issuer,
            f"Thay thế bởi: {', '.join(record.replaced_by)}" if record.replaced_by else "",
            f"Sửa đổi bởi: {', '.join(record.amended_by)}" if record.amended_by else "",
        )
        if part
    )
    return IndexedDocument(
        id=legal_search_id(record),
        title=record.heading,
        principals=frozenset({LEGAL_PRINCIPAL}),
        kind=DocumentKind.LEGAL,
        body=body,
        number=record.number,
        type=record.type,
        issuer=record.issuer,
        status=record.status.label if record.status else None,
        date=record.issue_date,
    )


def load_corpus(
    session: Session,
    index: SearchIndex,
    records: Sequence[LegalRecord],
    *,
    overwrite: bool = True,
    commit: bool = True,
    progress: Progress | None = None,
) -> LoadReport:
    """Upsert ``records`` into the table and the index, committing only when both succeeded.

    With ``overwrite=False`` existing records are left as they are (the starter corpus never overwrites what
    a province imported). ``commit=False`` leaves the commit to a caller running a larger transaction (then
    only the caller's rollback undoes a failure). ``progress(n)`` is called as records are written and indexed
    (2 steps each).
    """
    keys = [r.key for r in records]
    if len(set(keys)) != len(keys):
        raise InvalidCorpusFile("Danh sách bản ghi có văn bản trùng số, ký hiệu.")
    existing = {row.key: row for row in _rows_by_key(session, keys)}
    inserted = updated = unchanged = 0
    changed: list[LegalRecord] = []
    try:
        for record in records:
            columns = LegalDocument.columns_of(record)
            row = existing.get(record.key)
            if row is not None and record.source_id is None:
                del columns["source_id"]  # a JSON/CSV record does not forget the national database's id
            if row is None:
                session.add(LegalDocument(**columns))
                inserted += 1
                changed.append(record)
            elif overwrite and any(getattr(row, k) != v for k, v in columns.items()):
                for name, value in columns.items():
                    setattr(row, name, value)
                updated += 1
                changed.append(record)
            else:
                unchanged += 1
            if progress:
                progress(1)
        session.flush()
        if progress and len(changed) < len(records):
            progress(len(records) - len(changed))
        index_corpus(index, changed, progress=progress)
        if commit:
            session.commit()
    except BaseException:
        if commit:
            session.rollback()
        raise
    return LoadReport(inserted, updated, unchanged)


def index_corpus(
    index: SearchIndex, records: Iterable[LegalRecord], *, progress: Progress | None = None
) -> int:
    """Index ``records`` in batches and refresh; returns how many were indexed."""
    total = 0
    batch: list[Any] = []
    for record in records:
        batch.append(indexed_legal_document(record))
        if len(batch) == 200:
            total += _flush(index, batch, progress)
    total += _flush(index, batch, progress)
    if total:
        index.refresh()
    return total


def _flush(index: SearchIndex, batch: list[Any], progress: Progress | None) -> int:
    if not batch:
        return 0
    count = int(index.bulk_index(list(batch)))
    if progress:
        progress(len(batch))
    batch.clear()
    return count


def corpus_index_documents(session: Session) -> Iterator[Any]:
    """Every corpus record as an ``IndexedDocument``, for ``eoffice reindex`` to include with documents."""
    for row in session.scalars(select(LegalDocument).order_by(LegalDocument.id)):
        yield indexed_legal_document(row.to_record())


def starter_records() -> list[LegalRecord]:
    """The starter corpus shipped with eOffice (``eoffice/legal/data/starter.json``)."""
    text = resources.files("eoffice.legal").joinpath("data/starter.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return parse_records(
        ((f"bản ghi {i}", item) for i, item in enumerate(data["records"], 1)), source_name="starter.json"
    )


def ensure_starter_corpus(session: Session, backends: Backends, *, commit: bool = True) -> LoadReport:
    """Load the starter corpus records that are missing (``eoffice demo`` / ``make run``); idempotent.

    Records already present, perhaps updated by a province's import, are left as they are.
    """
    return load_corpus(session, backends.search, starter_records(), overwrite=False, commit=commit)


def starter_corpus_demo_hook(session: Session, backends: Backends, _org: Any) -> None:
    """For ``eoffice.demo.DEMO_DOCUMENT_HOOKS``: the demo's transaction commits the starter corpus."""
    ensure_starter_corpus(session, backends, commit=False)


def _rows_by_key(session: Session, keys: list[str]) -> Iterator[LegalDocument]:
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        yield from session.scalars(select(LegalDocument).where(LegalDocument.key.in_(chunk)))
