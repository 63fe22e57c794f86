"""How a document is named in the search index, which it shares with other records (the legal corpus).

The entry itself is built and written by the worker's one indexer (`eoffice.processing.indexing`), fed by the
`documents_changed` effect (`eoffice.effects`); this module only knows the names, so the documents slice never
imports the processing slice.
"""

from __future__ import annotations


def search_id(document_id: int) -> str:
    """Documents share the index with other kinds of records (the legal corpus), hence the prefix."""
    return f"doc:{document_id}"


def document_id_of(search_hit_id: str) -> int | None:
    prefix, _, value = search_hit_id.partition(":")
    return int(value) if prefix == "doc" and value.isdigit() else None
