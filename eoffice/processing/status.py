"""A document's processing as a whole — "đang xử lý", done, or failed with reasons — and waiting for it."""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.processing.errors import WaitTimedOut
from eoffice.processing.models import DocumentProcessing, Stage, Status


class DocumentState(enum.StrEnum):
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"  # finished, but some stage failed: the reasons say which file and why

    @property
    def label(self) -> str:
        return {"processing": "Đang xử lý", "done": "Đã xử lý xong", "failed": "Có lỗi khi xử lý"}[self.value]


@dataclass(frozen=True)
class StageFailure:
    stage: Stage
    file_id: int | None
    code: str
    message: str


@dataclass(frozen=True)
class DocumentProgress:
    document_id: int
    state: DocumentState
    failures: tuple[StageFailure, ...] = ()

    @property
    def finished(self) -> bool:
        return self.state != DocumentState.PROCESSING


def state_of(rows: Iterable[DocumentProcessing]) -> DocumentState:
    """Processing while any stage is pending or started (or none exists yet); else failed or done."""
    statuses = [row.status for row in rows]
    if not statuses or any(not s.finished for s in statuses):
        return DocumentState.PROCESSING
    return DocumentState.FAILED if Status.FAILED in statuses else DocumentState.DONE


def document_progress(session: Session, document_ids: Iterable[int]) -> dict[int, DocumentProgress]:
    wanted = list(dict.fromkeys(document_ids))
    rows: dict[int, list[DocumentProcessing]] = {document_id: [] for document_id in wanted}
    for row in session.scalars(select(DocumentProcessing).where(DocumentProcessing.document_id.in_(wanted))):
        rows[row.document_id].append(row)
    return {
        document_id: DocumentProgress(
            document_id,
            state_of(found),
            tuple(
                StageFailure(r.stage, r.file_id, r.error_code, r.error_message)
                for r in found
                if r.status == Status.FAILED
            ),
        )
        for document_id, found in rows.items()
    }


def wait_until_processed(
    backends: Backends,
    document_ids: Iterable[int],
    timeout: float = 600.0,
    progress_callback: Callable[[int, int], None] | None = None,
    poll_interval: float = 0.5,
) -> list[DocumentProgress]:
    """Block until every document is processed (stored text, OCR, conversion, index — done or failed).

    `progress_callback(finished, total)` is called whenever the count of finished documents changes (and
    once at the start). Raises `WaitTimedOut` after `timeout` seconds; the work itself goes on.
    """
    wanted = list(dict.fromkeys(document_ids))
    deadline = time.monotonic() + timeout
    reported = -1
    while True:
        with backends.sessions() as session:
            progress = document_progress(session, wanted)
        finished = sum(1 for p in progress.values() if p.finished)
        if progress_callback is not None and finished != reported:
            progress_callback(finished, len(wanted))
            reported = finished
        if finished == len(wanted):
            return [progress[document_id] for document_id in wanted]
        if time.monotonic() >= deadline:
            raise WaitTimedOut(
                f"Sau {timeout:.0f} giây mới xử lý xong {finished}/{len(wanted)} văn bản; "
                "việc xử lý vẫn tiếp tục ở chế độ nền.",
                detail={"finished": finished, "total": len(wanted)},
            )
        time.sleep(poll_interval)
