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

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.documents.indexing import search_id
from eoffice.documents.models import Document
from eoffice.processing.models import DocumentProcessing, Stage
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
    """What the worker does with one `documents_changed` message: the index stage runs here at once (the
    metadata and readers as they are now, and whatever text is already extracted); a file still being read
    rings it again when its text is in. A refused write leaves the stage pending for the sweeper."""
    index_row = note_change(backends, document_id)
    if index_row is not None:
        run_stage(backends, index_row, worker)


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
