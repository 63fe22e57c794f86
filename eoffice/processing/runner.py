"""Running one stage of one row: claim it, do the work outside any transaction, record the outcome.

Every step reads its state from the database and writes it back, so running a stage twice is harmless: a row
that is not pending is not claimed, an index stage writes what the database holds now (and is rung again when
the last text stage of its document finishes), and only the run holding the row's `claim` token may record an
outcome.
"""

from __future__ import annotations

import logging
import os
import socket
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.documents.models import DocumentFile
from eoffice.processing._child import run_in_child
from eoffice.processing.errors import BackendUnavailable, ProcessingError, TooManyAttempts
from eoffice.processing.indexing import index_processed_document
from eoffice.processing.models import TEXT_STAGES, DocumentProcessing, Stage, Status
from eoffice.processing.scheduling import MAX_ATTEMPTS, STAGE_TIMEOUTS, ring
from eoffice.processing.status import DocumentProgress, document_progress

log = logging.getLogger(__name__)

_SUFFIXES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/tiff": ".tif",
    "text/plain": ".txt",
}


@dataclass(frozen=True)
class StageResult:
    text: str | None = None
    pdf_key: str = ""
    needs_ocr: bool = False
    notice: str = ""


@dataclass(frozen=True)
class Claim:
    """A stage this run has started: what to work on and the token that lets it record the outcome."""

    id: int
    document_id: int
    file_id: int | None
    stage: Stage
    attempts: int
    token: str


def run_stage(backends: Backends, processing_id: int, worker: str) -> Status | None:
    """Do the row's stage if it is ready; returns the row's new status, or None when there was nothing to do."""
    claim = _claim(backends, processing_id, worker)
    if claim is None:
        return None
    if claim.attempts > MAX_ATTEMPTS:
        tired = TooManyAttempts(
            f"Đã thử xử lý {MAX_ATTEMPTS} lần không thành công; tệp có thể bị hỏng hoặc quá lớn."
        )
        _record(backends, claim, failure=tired)
        return Status.FAILED
    try:
        outcome = _work(backends, claim)
    except Exception as exc:  # noqa: BLE001 — anything unexpected is logged, recorded and retried like a crash
        problem = _as_processing_error(exc, claim)
        # A service that is down is nobody's fault and no sign of a bad file: retried until it is back, and
        # not counted against the file's attempts (an index down for an hour must not fail its documents).
        unavailable = isinstance(problem, BackendUnavailable)
        if unavailable or (problem.retry and claim.attempts < MAX_ATTEMPTS):
            _release(backends, claim, problem, counted=not unavailable)
            return Status.PENDING
        _record(backends, claim, failure=problem)
        return Status.FAILED
    _record(backends, claim, outcome=outcome)
    return Status.DONE


def _as_processing_error(exc: Exception, claim: Claim) -> ProcessingError:
    if isinstance(exc, ProcessingError):
        return exc
    log.error("processing row %s (%s) failed unexpectedly", claim.id, claim.stage, exc_info=exc)
    problem = ProcessingError(
        f"Lỗi không mong đợi khi xử lý ({type(exc).__name__}).", code="processing.crashed"
    )
    problem.retry = True
    return problem


def _unfinished_text_stages(session: Session, document_id: int) -> bool:
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


def _claim(backends: Backends, processing_id: int, worker: str) -> Claim | None:
    with backends.sessions() as session:
        row = session.get(DocumentProcessing, processing_id)
        if row is None or row.status != Status.PENDING:
            return None
        # The index stage does not wait for the text: the entry is written at once from the metadata (so a
        # clerk finds the document by its title or number), and again when a text stage finishes.
        token = uuid.uuid4().hex
        now = datetime.now(UTC)
        claimed = session.execute(
            update(DocumentProcessing)
            .where(DocumentProcessing.id == processing_id, DocumentProcessing.status == Status.PENDING)
            .values(
                status=Status.STARTED,
                attempts=DocumentProcessing.attempts + 1,
                worker=worker,
                claim=token,
                started_at=now,
                updated_at=now,
            )
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            session.rollback()
            return None
        session.commit()
        session.refresh(row)
        return Claim(row.id, row.document_id, row.file_id, row.stage, row.attempts, token)


def _work(backends: Backends, claim: Claim) -> StageResult:
    if claim.stage == Stage.INDEX:
        _index(backends, claim.document_id)
        return StageResult()
    with backends.sessions() as session:
        file = session.get(DocumentFile, claim.file_id)
        if file is None:
            raise ProcessingError("Tệp không còn trong văn bản.", code="processing.file_gone")
        object_key, filename, content_type = file.object_key, file.filename, file.content_type
    with tempfile.TemporaryDirectory(prefix="eoffice-processing-") as tmp:
        workdir = Path(tmp)
        source = workdir / f"source{_SUFFIXES.get(content_type, Path(filename).suffix or '.bin')}"
        _download(backends, object_key, source)
        outcome = run_in_child(
            claim.stage.value,
            source,
            workdir,
            backends.settings.data_dir.resolve() / "processing",
            STAGE_TIMEOUTS[claim.stage],
        )
        key = ""
        if outcome.pdf is not None:
            key = derived_pdf_key(object_key, claim.stage)
            _upload(backends, key, outcome.pdf)
        return StageResult(text=outcome.text, pdf_key=key, needs_ocr=outcome.needs_ocr, notice=outcome.notice)


def derived_pdf_key(original_key: str, stage: Stage) -> str:
    """The derived PDF's key, beside its original and unique to it (`…/<uuid>.pdf` → `…/<uuid>.ocr.pdf`):
    re-running a stage replaces its own output and never touches the original."""
    stem, dot, _suffix = original_key.rpartition(".")
    return f"{stem if dot else original_key}.{stage.value}.pdf"


def _download(backends: Backends, key: str, target: Path) -> None:
    from storage import ObjectNotFound, StorageError, StorageUnavailable

    try:
        with target.open("wb") as out:
            for chunk in backends.objects.get(key):
                out.write(chunk)
    except StorageUnavailable as exc:
        raise BackendUnavailable() from exc
    except ObjectNotFound as exc:
        raise ProcessingError(
            "Không tìm thấy tệp gốc trong kho lưu trữ.", code="processing.original_missing"
        ) from exc
    except StorageError as exc:
        raise ProcessingError(exc.message, code=exc.code) from exc


def _upload(backends: Backends, key: str, source: Path) -> None:
    from storage import StorageError

    try:
        with source.open("rb") as stream:
            backends.objects.put(key, stream, content_type="application/pdf")
    except StorageError as exc:
        raise BackendUnavailable() from exc


def _index(backends: Backends, document_id: int) -> None:
    from search import SearchError, SearchUnavailable

    try:
        with backends.sessions() as session:
            index_processed_document(session, backends.search, document_id)
        backends.search.refresh()
    except SearchUnavailable as exc:
        raise BackendUnavailable() from exc
    except SearchError as exc:  # a refused write is retried (the attempts bound it)
        problem = ProcessingError(exc.message, code=exc.code)
        problem.retry = True
        raise problem from exc


def _owned_row(session: Session, claim: Claim) -> DocumentProcessing | None:
    row = session.scalar(
        select(DocumentProcessing).where(DocumentProcessing.id == claim.id).with_for_update()
    )
    if row is None or row.status != Status.STARTED or row.claim != claim.token:
        log.info(
            "processing row %s was re-queued while this run worked on it; its outcome is dropped", claim.id
        )
        return None
    return row


def _record(
    backends: Backends,
    claim: Claim,
    *,
    outcome: StageResult | None = None,
    failure: ProcessingError | None = None,
) -> None:
    """Write done (with text and derived PDF) or failed (with the reason), and ring what comes next."""
    with backends.sessions() as session:
        row = _owned_row(session, claim)
        if row is None:
            if claim.stage == Stage.INDEX:
                # A newer change reset the stage while this run wrote the older state, which may have
                # landed after the newer run's entry: write the current state once more.
                _ring_index(session, claim.document_id)
                session.commit()
            return
        now = datetime.now(UTC)
        row.finished_at = row.updated_at = now
        row.claim = ""
        if failure is not None:
            row.status = Status.FAILED
            row.error_code, row.error_message = failure.code, failure.message
            row.notice = ""
        else:
            assert outcome is not None
            row.status = Status.DONE
            row.error_code = row.error_message = ""
            row.text = outcome.text
            row.pdf_key = outcome.pdf_key
            row.notice = outcome.notice
            if outcome.needs_ocr:
                _add_ocr_stage(session, row)
        session.flush()
        if row.stage in TEXT_STAGES:
            _ring_index(session, row.document_id)
        session.commit()


def _add_ocr_stage(session: Session, extracted: DocumentProcessing) -> None:
    """A PDF without a text layer (a scan) is recognised next — into a copy, never in place."""
    existing = session.scalar(
        select(DocumentProcessing).where(
            DocumentProcessing.file_id == extracted.file_id, DocumentProcessing.stage == Stage.OCR
        )
    )
    if existing is not None:
        return
    row = DocumentProcessing(document_id=extracted.document_id, file_id=extracted.file_id, stage=Stage.OCR)
    session.add(row)
    session.flush()
    ring(session, row)


def _ring_index(session: Session, document_id: int) -> None:
    """Ring the document's index stage once no text stage of it is left unfinished."""
    if _unfinished_text_stages(session, document_id):
        return
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
        session.flush()
    elif row.status != Status.PENDING:
        row.status, row.attempts, row.claim = Status.PENDING, 0, ""
        row.error_code = row.error_message = ""
        row.updated_at = datetime.now(UTC)
    ring(session, row)


def _release(backends: Backends, claim: Claim, problem: ProcessingError, *, counted: bool = True) -> None:
    """Back to pending after a passing problem; the sweeper rings it again after `RETRY_AFTER` (a down
    service: after `UNAVAILABLE_RETRY_AFTER`, without counting the attempt)."""
    with backends.sessions() as session:
        row = _owned_row(session, claim)
        if row is None:
            return
        if not counted:
            row.attempts = max(row.attempts - 1, 0)
        row.status = Status.PENDING
        row.claim = ""
        row.error_code, row.error_message = problem.code, problem.message
        row.updated_at = datetime.now(UTC)
        session.commit()


def process_now(
    backends: Backends,
    document_ids: Iterable[int],
    progress_callback: Callable[[int, int], None] | None = None,
) -> list[DocumentProgress]:
    """Run every ready stage of these documents here and now, as a worker would (for a command run while no
    worker is up, e.g. `eoffice import` on an embedded installation whose server is stopped).

    Claims keep it safe beside a running worker: each stage runs once, whoever gets it first. Returns each
    document's progress when no stage of them is left that this process could start;
    `progress_callback(finished, total)` counts finished documents, like `wait_until_processed`.
    """
    wanted = list(dict.fromkeys(document_ids))
    worker = f"{socket.gethostname()}:{os.getpid()}"
    while True:
        with backends.sessions() as session:
            pending = session.scalars(
                select(DocumentProcessing.id)
                .where(
                    DocumentProcessing.document_id.in_(wanted), DocumentProcessing.status == Status.PENDING
                )
                .order_by(DocumentProcessing.id)
            ).all()
        progressed = False
        for processing_id in pending:
            progressed = run_stage(backends, processing_id, worker) is not None or progressed
        with backends.sessions() as session:
            progress = document_progress(session, wanted)
        if progress_callback is not None:
            progress_callback(sum(1 for p in progress.values() if p.finished), len(wanted))
        if not progressed:
            return [progress[document_id] for document_id in wanted]
