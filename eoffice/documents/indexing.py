"""Putting a document into the search index with the principals allowed to read it.

`index_document` is what the task pipeline will call after every create/update/assign; until then the API
calls it right after its commit (`index_after_commit`). Text comes from `eoffice.documents_text.extract_text`
when that module is installed, else from the metadata alone.
"""

from __future__ import annotations

import importlib
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.documents.kinds import DocumentKind, FileRole
from eoffice.documents.models import Document, DocumentFile
from eoffice.errors import EOfficeError
from eoffice.permissions import document_principals

log = logging.getLogger(__name__)

MAX_BODY_CHARS = 200_000
_SEARCH_KINDS = {DocumentKind.INCOMING: "in", DocumentKind.OUTGOING: "out"}
_STATUS_LABELS = {
    "registered": "Chờ phân công",
    "assigned": "Chờ xử lý",
    "in_progress": "Đang xử lý",
    "completed": "Đã hoàn thành",
    "recalled": "Đã thu hồi",
    "draft": "Dự thảo",
    "submitted": "Đang trình",
    "returned": "Trả lại",
    "rejected": "Không duyệt",
    "approved": "Đã duyệt",
    "signed": "Đã ký",
    "issued": "Đã cấp số",
    "released": "Đã phát hành",
}


def search_id(document_id: int) -> str:
    """Documents share the index with other kinds of records (the legal corpus), hence the prefix."""
    return f"doc:{document_id}"


def document_id_of(search_hit_id: str) -> int | None:
    prefix, _, value = search_hit_id.partition(":")
    return int(value) if prefix == "doc" and value.isdigit() else None


def _text_extractor() -> Callable[[Path], str] | None:
    try:
        module = importlib.import_module("eoffice.documents_text")
    except ImportError:
        return None
    extractor: Callable[[Path], str] | None = getattr(module, "extract_text", None)
    return extractor


def _files_to_read(document: Document) -> list[DocumentFile]:
    """Incoming: every received file; outgoing: the newest version only (older drafts are history)."""
    if document.kind == DocumentKind.INCOMING:
        return [f for f in document.files if f.role in (FileRole.ORIGINAL, FileRole.ATTACHMENT)]
    return document.files[-1:]


def _file_text(objects: Any, file: DocumentFile, extract: Callable[[Path], str]) -> str:
    suffix = Path(file.filename).suffix or ".bin"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"file{suffix}"
        with path.open("wb") as out:
            for chunk in objects.get(file.object_key):
                out.write(chunk)
        return extract(path) or ""


def document_text(document: Document, objects: Any | None, processed: dict[int, str] | None = None) -> str:
    """The searchable body: per file, the pipeline's text (OCR'd where it was a scan) when it has one, else
    the file's own text layer read now (when `objects` is given), plus the metadata."""
    parts = [document.title, document.issuer, document.number_symbol]
    processed = processed or {}
    extract = _text_extractor() if objects is not None else None
    for file in _files_to_read(document):
        if file.id in processed:
            parts.append(processed[file.id])
        elif extract is not None:
            try:
                parts.append(_file_text(objects, file, extract))
            except EOfficeError as error:  # a scan without text layer: the pipeline's OCR stage reads it
                log.info("no text yet for file %s of document %s: %s", file.id, document.id, error)
            except Exception:  # noqa: BLE001 — an unreadable file still leaves its metadata searchable
                log.warning(
                    "text extraction failed for file %s of document %s", file.id, document.id, exc_info=True
                )
    return "\n".join(p for p in parts if p)[:MAX_BODY_CHARS]


def indexed_document(
    session: Session, document: Document, objects: Any | None, processed: dict[int, str] | None = None
) -> Any:
    """The `search.IndexedDocument` for a document (built here so the search library stays app-agnostic).

    `processed` (file id → text) comes from the pipeline; without it the text is looked up in its rows."""
    from search import DocumentKind as SearchKind
    from search import IndexedDocument

    if processed is None:
        from eoffice.processing.indexing import processed_texts

        processed = processed_texts(session, [document.id])
    when = document.issue_date or (clock.local_date(document.arrived_at) if document.arrived_at else None)
    return IndexedDocument(
        id=search_id(document.id),
        title=document.title,
        principals=document_principals(document, session),
        kind=SearchKind(_SEARCH_KINDS[document.kind]),
        body=document_text(document, objects, processed),
        number=document.number_symbol or None,
        type=document.doc_type.label,
        issuer=document.issuer or None,
        register=str(document.register_number) if document.register_number else None,
        status=_STATUS_LABELS.get(document.status.value, document.status.value),
        date=when,
        filename=document.files[0].filename if document.files else None,
    )


def index_document(session: Session, backends: Any, document_id: int) -> None:
    """Index (or, if it no longer exists, remove) one document; raises the index's error if it is down."""
    document = session.get(Document, document_id)
    if document is None:
        backends.search.delete(search_id(document_id))
        return
    backends.search.index(indexed_document(session, document, backends.objects))


def index_now(session: Session, backends: Any, *document_ids: int) -> tuple[int, ...]:
    """Index the documents and refresh, so the change is searchable at once; returns the ids the index
    refused. A down index is logged, not fatal: the pipeline's index stage and `eoffice reindex` repair."""
    failed: list[int] = []
    for document_id in document_ids:
        try:
            index_document(session, backends, document_id)
        except Exception:  # noqa: BLE001 — the change is committed; the pipeline's index stage retries it
            log.warning("could not index document %s", document_id, exc_info=True)
            failed.append(document_id)
    try:
        backends.search.refresh()
    except Exception:  # noqa: BLE001
        log.warning("could not refresh the search index", exc_info=True)
    return tuple(failed)


def index_after_commit(session: Session, backends: Any, *document_ids: int) -> None:
    """Right after the API's commit: index now, and hand new files (and what the index refused) to the
    pipeline (extraction, OCR, conversion), which re-indexes with what it finds."""
    failed = index_now(session, backends, *document_ids)
    _schedule_pipeline(session, document_ids, retry_index=failed)


def _schedule_pipeline(
    session: Session, document_ids: tuple[int, ...], retry_index: tuple[int, ...] = ()
) -> None:
    """Hand files the pipeline has not seen yet to it, and documents the index refused just now to its index
    stage, which retries; a metadata change that was indexed above needs nothing more.

    Runs in the request's own session (a new transaction after the change's commit): a second session here
    held a second pooled connection per request, and a third for the outbox, until the pool ran dry."""
    from sqlalchemy import select

    from eoffice.processing.models import DocumentProcessing
    from eoffice.processing.scheduling import schedule_processing

    try:
        for document_id in document_ids:
            seen = select(DocumentProcessing.file_id).where(
                DocumentProcessing.document_id == document_id, DocumentProcessing.file_id.is_not(None)
            )
            new_file = session.scalar(
                select(DocumentFile.id)
                .where(DocumentFile.document_id == document_id, DocumentFile.id.not_in(seen))
                .limit(1)
            )
            if new_file is not None or document_id in retry_index:
                schedule_processing(session, document_id)
        session.commit()
    except Exception:  # noqa: BLE001 — the change is committed; `eoffice doctor` finds unprocessed files
        session.rollback()
        log.warning("could not schedule processing of documents %s", document_ids, exc_info=True)
