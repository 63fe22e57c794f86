"""What must follow a change to a document, written by the service that makes the change.

A service that changes a document (registers it, assigns it, adds a version, signs, releases, names a reader)
calls `documents_changed(session, document_id)` before its caller commits. That writes one outbox message in
the change's own transaction: it is sent only if the change commits, and re-sent by the outbox sweeper if the
process dies before sending it. The worker's handler (`eoffice.processing.changes`) then reads the document as
it is now, schedules the pipeline for any file it has not seen (text extraction and OCR run only there, in the
sandbox) and puts the document into the search index with its current readers. Routers, the command line, the
exchange receiver and the worker all get this by calling the same services; nothing indexes inside a request.

The same holds for what the inter-agency exchange must do after a change: `tell_sender` (an incoming
document that came through the exchange reports its handling, 04/05/06, back to the sending agency) and
`send_outside` (a released document's outside recipients get their edXML package). The exchange slice's worker
tasks build and queue the packages; the services that make the change only write the message.

Only a message is written here, so a feature slice depends on this module and on the outbox, never on the
processing or exchange slices (which read the documents' models themselves).
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from eoffice.tasks.outbox import enqueue, enqueue_once

DOCUMENT_CHANGED = "eoffice.documents.changed"
TELL_SENDER = "eoffice.exchange.tell_sender"
SEND_OUTSIDE = "eoffice.exchange.send_outside"
SEND_RECALL = "eoffice.exchange.send_recall"
MAIL_NOTIFICATION = "eoffice.notifications.mail"


def documents_changed(session: Session, *document_ids: int) -> None:
    """Index these documents (and process their new files) once the caller's transaction commits.

    One message per document and transaction, however many changes the transaction made to it.
    """
    for document_id in dict.fromkeys(document_ids):
        enqueue_once(session, DOCUMENT_CHANGED, document_id=document_id)


def tell_sender(session: Session, document_id: int, status_code: str) -> None:
    """Report `status_code` (an edXML status: 04 assigned, 05 in process, 06 completed) to the agency that sent
    this incoming document, once the caller commits; a no-op for a document that did not come by exchange.

    Every event is its own report (two notes are two 05s); the key makes a message delivered twice one package.
    """
    enqueue(session, TELL_SENDER, document_id=document_id, status_code=status_code, key=uuid.uuid4().hex)


def send_outside(session: Session, document_id: int) -> None:
    """Queue the edXML package for every outside recipient of this released document, once the caller commits."""
    enqueue_once(session, SEND_OUTSIDE, document_id=document_id)


def send_recall(session: Session, document_id: int, reason: str, staff: str) -> None:
    """Send the recall (thu hồi, edXML `BussinessDocType` 1) of this released document to every outside
    recipient it was sent to, once the caller commits; `reason` and `staff` (who recalls it) go in the package."""
    enqueue_once(session, SEND_RECALL, document_id=document_id, reason=reason, staff=staff)


def mail_notification(session: Session, notification_id: int) -> None:
    """E-mail this (flushed) notification to its user once the caller commits.

    Written for every notification whose user has an address; the worker sends it only where mail is enabled
    (EOFFICE_MAIL_ENABLED), checks the read rule again, and records the mail on the row so it goes out once
    (`eoffice.notifications.mail`).
    """
    enqueue(session, MAIL_NOTIFICATION, notification_id=notification_id)
