"""Document processing: per file and stage (extract, OCR, convert, index) what the pipeline did, and why not.

Features never call this package: their services write the `documents_changed` effect (`eoffice.effects`),
whose handler here (`handle_change`) schedules the stages of new files and the one indexer; a command without
a worker runs the same work in process (`apply_changes_now`) and `wait_until_processed` waits for a worker's.
The Celery tasks that run the stages are in `eoffice.tasks.pipeline`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eoffice.processing.changes import apply_changes_now, handle_change
    from eoffice.processing.derived import DerivedPdf, converted_pdf
    from eoffice.processing.errors import (
        ArchiveBomb,
        BackendUnavailable,
        ConversionFailed,
        FileUnreadable,
        OcrFailed,
        ProcessingError,
        ProcessingTimeout,
        TooManyAttempts,
        WaitTimedOut,
    )
    from eoffice.processing.indexing import (
        build_indexed_document,
        index_processed_document,
        iter_indexed_documents,
    )
    from eoffice.processing.models import DocumentProcessing, Stage, Status
    from eoffice.processing.runner import process_now
    from eoffice.processing.sandboxed import ocr_in_sandbox
    from eoffice.processing.scheduling import (
        MAX_ATTEMPTS,
        RUN_TASK,
        release_worker_rows,
        schedule_indexing,
        schedule_processing,
        sweep_stale,
    )
    from eoffice.processing.status import (
        DocumentProgress,
        DocumentState,
        StageFailure,
        document_progress,
        wait_until_processed,
    )

# Imported on first use: the sandbox child (`python -m eoffice.processing._sandbox`) starts for every
# file, and must not pay for the scheduling, indexing and database modules it never calls.
_EXPORTS = {
    "ArchiveBomb": "eoffice.processing.errors",
    "apply_changes_now": "eoffice.processing.changes",
    "handle_change": "eoffice.processing.changes",
    "BackendUnavailable": "eoffice.processing.errors",
    "ConversionFailed": "eoffice.processing.errors",
    "DerivedPdf": "eoffice.processing.derived",
    "converted_pdf": "eoffice.processing.derived",
    "DocumentProcessing": "eoffice.processing.models",
    "DocumentProgress": "eoffice.processing.status",
    "DocumentState": "eoffice.processing.status",
    "FileUnreadable": "eoffice.processing.errors",
    "MAX_ATTEMPTS": "eoffice.processing.scheduling",
    "OcrFailed": "eoffice.processing.errors",
    "ProcessingError": "eoffice.processing.errors",
    "ProcessingTimeout": "eoffice.processing.errors",
    "RUN_TASK": "eoffice.processing.scheduling",
    "Stage": "eoffice.processing.models",
    "StageFailure": "eoffice.processing.status",
    "Status": "eoffice.processing.models",
    "TooManyAttempts": "eoffice.processing.errors",
    "WaitTimedOut": "eoffice.processing.errors",
    "build_indexed_document": "eoffice.processing.indexing",
    "process_now": "eoffice.processing.runner",
    "ocr_in_sandbox": "eoffice.processing.sandboxed",
    "document_progress": "eoffice.processing.status",
    "index_processed_document": "eoffice.processing.indexing",
    "iter_indexed_documents": "eoffice.processing.indexing",
    "release_worker_rows": "eoffice.processing.scheduling",
    "schedule_indexing": "eoffice.processing.scheduling",
    "schedule_processing": "eoffice.processing.scheduling",
    "sweep_stale": "eoffice.processing.scheduling",
    "wait_until_processed": "eoffice.processing.status",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


__all__ = [
    "MAX_ATTEMPTS",
    "RUN_TASK",
    "ArchiveBomb",
    "BackendUnavailable",
    "ConversionFailed",
    "DerivedPdf",
    "DocumentProcessing",
    "DocumentProgress",
    "DocumentState",
    "FileUnreadable",
    "OcrFailed",
    "ProcessingError",
    "ProcessingTimeout",
    "Stage",
    "StageFailure",
    "Status",
    "TooManyAttempts",
    "WaitTimedOut",
    "apply_changes_now",
    "build_indexed_document",
    "converted_pdf",
    "document_progress",
    "handle_change",
    "index_processed_document",
    "iter_indexed_documents",
    "ocr_in_sandbox",
    "process_now",
    "release_worker_rows",
    "schedule_indexing",
    "schedule_processing",
    "sweep_stale",
    "wait_until_processed",
]
