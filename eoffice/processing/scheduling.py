"""Creating the processing rows of a document and ringing the worker — always inside the caller's transaction.

Features do not call these: a service writes the `documents_changed` effect (`eoffice.effects`), and the
worker's handler (`eoffice.processing.changes`) calls `schedule_processing` (stages for files not seen yet) and
`schedule_indexing` (the index stage, reset). The messages leave through the transactional outbox, so they are
sent only if the change commits, and the rows let the sweeper redo whatever a lost message, a killed worker
or a down service dropped.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from eoffice.documents.models import Document, DocumentFile
from eoffice.processing.errors import BackendUnavailable
from eoffice.processing.models import TEXT_STAGES, DocumentProcessing, Stage, Status
from eoffice.tasks.outbox import enqueue

RUN_TASK = "eoffice.processing.run"
INDEX_TASK = "eoffice.processing.index"  # the same work, on the index queue (eoffice.tasks.queues)
MAX_ATTEMPTS = 3
# How long a stage's child process may run; a started row older than this (plus a margin) lost its worker.
STAGE_TIMEOUTS = {Stage.EXTRACT: 120.0, Stage.OCR: 600.0, Stage.CONVERT: 180.0, Stage.INDEX: 120.0}
STARTED_GRACE = timedelta(seconds=120)
RETRY_AFTER = timedelta(seconds=60)  # a stage that failed in passing is retried this long after
# A stage that met a down service (the index, the object store) is retried this long after, by the sweeper
# that beat runs every 15 s: what changed during an outage is done within ~30 s of the service's return.
UNAVAILABLE_RETRY_AFTER = timedelta(seconds=15)
_UNAVAILABLE = BackendUnavailable.code
RESEND_PENDING_AFTER = timedelta(minutes=10)  # a queued stage not started by then may have lost its message

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_IMAGES = frozenset({"image/png", "image/jpeg", "image/tiff"})


def stages_for(file: DocumentFile) -> list[Stage]:
    """What a stored file goes through first: images straight to OCR, a DOCX to text and to PDF as well.

    A PDF found to have no text layer gets its OCR stage later, from the extract stage.
    """
    if file.content_type in _IMAGES:
        return [Stage.OCR]
    if file.content_type == _DOCX:
        return [Stage.EXTRACT, Stage.CONVERT]
    return [Stage.EXTRACT]


def ring(session: Session, row: DocumentProcessing) -> None:
    """Send the row's stage to a worker after the caller commits (the row must have its id: flush first)."""
    enqueue(session, INDEX_TASK if row.stage == Stage.INDEX else RUN_TASK, processing_id=row.id)


def schedule_processing(session: Session, document_id: int) -> list[DocumentProcessing]:
    """Create the missing stage rows for every file of the document, reset its index stage, ring the worker.

    Idempotent: files that already have rows are left alone, so calling it after every change is safe.
    Returns the rows that were (re)scheduled. The caller commits.
    """
    document = session.scalar(select(Document).where(Document.id == document_id).with_for_update())
    if document is None:
        return []
    existing = {
        (row.file_id, row.stage): row
        for row in session.scalars(
            select(DocumentProcessing).where(DocumentProcessing.document_id == document_id)
        )
    }
    scheduled: list[DocumentProcessing] = []
    for file in document.files:
        if any(key[0] == file.id for key in existing):
            continue
        for stage in stages_for(file):
            row = DocumentProcessing(document_id=document_id, file_id=file.id, stage=stage)
            session.add(row)
            scheduled.append(row)
    index_row = existing.get((None, Stage.INDEX))
    if index_row is None:
        index_row = DocumentProcessing(document_id=document_id, file_id=None, stage=Stage.INDEX)
        session.add(index_row)
        scheduled.append(index_row)
    elif scheduled:
        _reset(index_row)
        scheduled.append(index_row)
    session.flush()
    for row in scheduled:
        if row.stage != Stage.INDEX or not any(r.stage in TEXT_STAGES for r in scheduled):
            ring(session, row)  # the index stage is rung by the last text stage to finish
    return scheduled


def schedule_indexing(session: Session, document_id: int) -> None:
    """Re-index the document after the caller commits (its metadata, assignees or readers changed)."""
    row = session.scalar(
        select(DocumentProcessing).where(
            DocumentProcessing.document_id == document_id,
            DocumentProcessing.file_id.is_(None),
            DocumentProcessing.stage == Stage.INDEX,
        )
    )
    if row is None:
        row = DocumentProcessing(document_id=document_id, file_id=None, stage=Stage.INDEX)
        session.add(row)
    elif row.status != Status.PENDING:
        _reset(row)
    session.flush()
    ring(session, row)


def _reset(row: DocumentProcessing) -> None:
    """Back to pending with a fresh attempt budget: new input, not a retry of the old."""
    row.status = Status.PENDING
    row.attempts = 0
    row.error_code = ""
    row.error_message = ""
    row.worker = ""
    row.claim = ""
    row.updated_at = datetime.now(UTC)


def release_worker_rows(session: Session, worker: str) -> int:
    """At a worker's start: what its previous life left started can only have died with it — queue it again."""
    rows = session.scalars(
        select(DocumentProcessing).where(
            DocumentProcessing.status == Status.STARTED, DocumentProcessing.worker == worker
        )
    ).all()
    return _requeue(session, list(rows))


def sweep_stale(session: Session, now: datetime | None = None) -> int:
    """Re-ring stages whose message or worker was lost; returns how many. The caller commits.

    - started, and older than its stage's time limit plus a grace: the worker died (the attempt counts);
    - pending after a retryable failure, for `RETRY_AFTER` (after a down service, `UNAVAILABLE_RETRY_AFTER`);
    - pending and never started for `RESEND_PENDING_AFTER` (a lost message; a duplicate is a no-op).
    """
    now = now or datetime.now(UTC)
    stale: list[DocumentProcessing] = []
    for stage, limit in STAGE_TIMEOUTS.items():
        cutoff = now - timedelta(seconds=limit) - STARTED_GRACE
        stale.extend(
            session.scalars(
                select(DocumentProcessing).where(
                    DocumentProcessing.stage == stage,
                    DocumentProcessing.status == Status.STARTED,
                    DocumentProcessing.started_at < cutoff,
                )
            )
        )
    pending = session.scalars(
        select(DocumentProcessing)
        .where(
            DocumentProcessing.status == Status.PENDING,
            (
                (DocumentProcessing.attempts > 0) & (DocumentProcessing.updated_at < now - RETRY_AFTER)
                | (DocumentProcessing.error_code == _UNAVAILABLE)
                & (DocumentProcessing.updated_at < now - UNAVAILABLE_RETRY_AFTER)
                | (DocumentProcessing.updated_at < now - RESEND_PENDING_AFTER)
            ),
        )
        .order_by(DocumentProcessing.id)
        .limit(1000)
    )
    stale.extend(pending)
    return _requeue(session, stale, now)


def _requeue(session: Session, rows: list[DocumentProcessing], now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    for row in rows:
        session.execute(
            update(DocumentProcessing)
            .where(DocumentProcessing.id == row.id, DocumentProcessing.status == row.status)
            .values(status=Status.PENDING, claim="", updated_at=now)
        )
        ring(session, row)
    return len(rows)
