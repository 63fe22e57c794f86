"""The search entry of a document, with the text the pipeline extracted or recognised for its files.

Unlike `eoffice.documents.indexing.indexed_document`, nothing is parsed here: the body comes from the
`document_processing` rows, so indexing (and `eoffice reindex` over every document) never touches a file, and
an OCR'd scan is found by the words on its pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, undefer

from eoffice.documents.indexing import indexed_document, search_id
from eoffice.documents.models import Document
from eoffice.processing.models import DocumentProcessing, Stage, Status


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


def build_indexed_document(session: Session, document: Document, texts: dict[int, str]) -> Any:
    """The `search.IndexedDocument` of `document`, its body the metadata plus its files' processed text."""
    return indexed_document(session, document, None, texts)


def index_processed_document(session: Session, search_index: Any, document_id: int) -> None:
    """Put one document in the index (or take it out if it is gone); raises the index's errors."""
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
