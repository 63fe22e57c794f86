"""What must follow a change to a document, written by the service that makes the change.

A service that changes a document (registers it, assigns it, adds a version, signs, releases, names a reader)
calls `documents_changed(session, document_id)` before its caller commits. That writes one outbox message in
the change's own transaction: it is sent only if the change commits, and re-sent by the outbox sweeper if the
process dies before sending it. The worker's handler (`eoffice.processing.changes`) then reads the document as
it is now, schedules the pipeline for any file it has not seen (text extraction and OCR run only there, in the
sandbox) and puts the document into the search index with its current readers. Routers, the command line, the
exchange receiver and the worker all get this by calling the same services; nothing indexes inside a request.

Only a message is written here, so a feature slice depends on this module and on the outbox, never on the
processing slice (which itself reads the documents' models).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from eoffice.tasks.outbox import enqueue_once

DOCUMENT_CHANGED = "eoffice.documents.changed"


def documents_changed(session: Session, *document_ids: int) -> None:
    """Index these documents (and process their new files) once the caller's transaction commits.

    One message per document and transaction, however many changes the transaction made to it.
    """
    for document_id in dict.fromkeys(document_ids):
        enqueue_once(session, DOCUMENT_CHANGED, document_id=document_id)
