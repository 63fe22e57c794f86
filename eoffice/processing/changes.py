"""The worker's side of the `documents_changed` effect (`eoffice.effects`): bring the pipeline and the index
up to date with a document as the database has it now.

Idempotent: the pipeline is scheduled only for files it has not seen, and the index stage re-reads the
document, so a message delivered twice, late, or re-sent by the outbox sweeper changes nothing but timing. The
document's `index` stage row is the durable record that the index still owes it an update: a refused index
write leaves it pending, and the processing sweeper rings it again until the index takes it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.documents.indexing import search_id
from eoffice.documents.models import Document
from eoffice.processing.indexing import index_processed_document
from eoffice.processing.models import TEXT_STAGES, DocumentProcessing, Stage, Status
from eoffice.processing.runner import process_now, run_stage
from eoffice.processing.scheduling import schedule_indexing, schedule_processing
from eoffice.processing.status import DocumentProgress

log = logging.getLogger(__name__)


def note_change(backends: Backends, document_id: int) -> int | None:
    """Schedule the stages of new files and reset the index stage, in one transaction; returns the index
    stage's row id, or None when the document no longer exists (its entry is then removed)."""
    with backends.sessions() as session:
        if session.scalar(select(Document.id).where(Document.id == document_id)) is None:
            backends.search.delete(search_id(document_id))
            return None
        schedule_processing(session, document_id)
        schedule_indexing(session, document_id)
        index_row = _index_row_id(session, document_id)
        session.commit()
    return index_row


def handle_change(backends: Backends, document_id: int, worker: str) -> None:
    """What the worker does with one `documents_changed` message.

    The index stage runs here at once when no text stage of the document is unfinished (a metadata change,
    new readers). While a new file is still being read, the entry is written now from the metadata, so a
    clerk finds the document by its title or number at once; the last text stage to finish then rings the
    index stage, which writes the full text.
    """
    index_row = note_change(backends, document_id)
    if index_row is None:
        return
    if run_stage(backends, index_row, worker) is None and _text_pending(backends, document_id):
        _early_entry(backends, document_id, index_row)


def apply_changes_now(
    backends: Backends,
    document_ids: Iterable[int],
    progress_callback: Callable[[int, int], None] | None = None,
) -> list[DocumentProgress]:
    """Handle the changes and run every stage they need in this process, as a worker would (`eoffice import`
    and `eoffice demo` when no worker is up). Safe beside a running worker: each stage runs once."""
    wanted = list(dict.fromkeys(document_ids))
    for document_id in wanted:
        note_change(backends, document_id)
    return process_now(backends, wanted, progress_callback=progress_callback)


def _index_row_id(session: Session, document_id: int) -> int | None:
    return session.scalar(
        select(DocumentProcessing.id).where(
            DocumentProcessing.document_id == document_id,
            DocumentProcessing.file_id.is_(None),
            DocumentProcessing.stage == Stage.INDEX,
        )
    )


def _text_pending(backends: Backends, document_id: int) -> bool:
    with backends.sessions() as session:
        return bool(
            session.scalar(
                select(
                    exists().where(
                        DocumentProcessing.document_id == document_id,
                        DocumentProcessing.stage.in_(TEXT_STAGES),
                        DocumentProcessing.status.in_((Status.PENDING, Status.STARTED)),
                    )
                )
            )
        )


def _early_entry(backends: Backends, document_id: int, index_row: int) -> None:
    """The metadata entry ahead of the text. Should the full entry have been written meanwhile (this one may
    have overwritten it), the index stage is reset to write it again."""
    from search import SearchError

    began = datetime.now(UTC)
    try:
        with backends.sessions() as session:
            index_processed_document(session, backends.search, document_id)
    except SearchError as exc:  # the index stage still owes the entry and is retried until it is written
        log.info("early index entry of document %s refused: %s", document_id, exc)
        return
    with backends.sessions() as session:
        row = session.get(DocumentProcessing, index_row)
        if row is not None and row.status == Status.DONE and row.finished_at and row.finished_at >= began:
            schedule_indexing(session, document_id)
            session.commit()
