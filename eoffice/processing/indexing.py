"""The one indexer: a document's search entry built from the database as it is now.

The body is the metadata plus the text the pipeline extracted or recognised for its files (its
`document_processing` rows), so indexing never opens a file: text extraction happens only in the sandboxed
pipeline, and an OCR'd scan is found by the words on its pages. The readers come from the one read rule
(`eoffice.permissions.document_principals`). Writing an entry twice writes the same entry, so the worker can
run it as often as messages, retries and the sweeper ask.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, undefer

from eoffice import clock
from eoffice.documents.indexing import search_id
from eoffice.documents.kinds import DocumentKind, FileRole
from eoffice.documents.models import Document, DocumentFile
from eoffice.permissions import document_principals
from eoffice.processing.models import DocumentProcessing, Stage, Status
from search import SearchIndex

MAX_BODY_CHARS = 200_000
_SEARCH_KINDS = {DocumentKind.INCOMING: "in", DocumentKind.OUTGOING: "out"}


def status_label(document: Document) -> str:
    """The status as the index stores it (and `eoffice doctor` compares it): the screens' wording."""
    return document.status.label


def processed_texts(session: Session, document_ids: Iterable[int]) -> dict[int, str]:
    """file id → its text: the OCR text where a scan was recognised, else the extracted text."""
    rows = session.scalars(
        select(DocumentProcessing)
        .options(undefer(DocumentProcessing.text))
        .where(
            DocumentProcessing.document_id.in_(list(document_ids)),
            DocumentProcessing.stage.in_((Stage.EXTRACT, Stage.OCR)),
            DocumentProcessing.status == Status.DONE,
            DocumentProcessing.file_id.is_not(None),
        )
        .order_by(DocumentProcessing.stage)  # "ocr" sorts after "extract", so a recognised text wins
    )
    texts: dict[int, str] = {}
    for row in rows:
        if row.text and row.file_id is not None:
            texts[row.file_id] = row.text
    return texts


def _files_to_read(document: Document) -> list[DocumentFile]:
    """Incoming: every received file; outgoing: the newest version only (older drafts are history)."""
    if document.kind == DocumentKind.INCOMING:
        return [f for f in document.files if f.role in (FileRole.ORIGINAL, FileRole.ATTACHMENT)]
    return document.files[-1:]


def document_body(document: Document, texts: dict[int, str]) -> str:
    parts = [document.title, document.issuer, document.number_symbol]
    parts.extend(texts.get(file.id, "") for file in _files_to_read(document))
    return "\n".join(p for p in parts if p)[:MAX_BODY_CHARS]


def build_indexed_document(session: Session, document: Document, texts: dict[int, str]) -> Any:
    """The `search.IndexedDocument` of `document` (built here so the search library stays app-agnostic)."""
    from search import DocumentKind as SearchKind
    from search import IndexedDocument

    when = document.issue_date or (clock.local_date(document.arrived_at) if document.arrived_at else None)
    return IndexedDocument(
        id=search_id(document.id),
        title=document.title,
        principals=document_principals(document, session),
        kind=SearchKind(_SEARCH_KINDS[document.kind]),
        body=document_body(document, texts),
        number=document.number_symbol or None,
        type=document.doc_type.label,
        issuer=document.issuer or None,
        register=str(document.register_number) if document.register_number else None,
        status=status_label(document),
        date=when,
        filename=document.files[0].filename if document.files else None,
    )


def index_processed_document(session: Session, search_index: SearchIndex, document_id: int) -> None:
    """Put one document in the index as the database has it now (or take it out if it is gone); raises the
    index's errors, so the caller can retry."""
    document = session.get(Document, document_id)
    if document is None:
        search_index.delete(search_id(document_id))
        return
    search_index.index(build_indexed_document(session, document, processed_texts(session, [document_id])))


def iter_indexed_documents(session: Session, batch_size: int = 200) -> Iterator[Any]:
    """Every document as an index entry, in id order, a batch at a time (for `eoffice reindex`)."""
    last_id = 0
    while True:
        documents = session.scalars(
            select(Document)
            .options(selectinload(Document.files))
            .where(Document.id > last_id)
            .order_by(Document.id)
            .limit(batch_size)
        ).all()
        if not documents:
            return
        texts = processed_texts(session, [d.id for d in documents])
        for document in documents:
            yield build_indexed_document(session, document, texts)
        last_id = documents[-1].id
        session.expunge_all()
