"""Which stored objects the database names, read with plain SQL so every table that exists is covered.

Tables are looked up in the live schema (not the models), so a slice whose tables are not migrated yet is
simply absent, and a new table with a `package_key` column is covered without touching this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, column, inspect, select, table

# Prefixes whose every object must be named by a row: an object there without one is an orphan (an upload or
# a signing that died between the store and the commit). Keys, seals and the demo CA live elsewhere and are
# written by administration, not by document transactions.
ROW_OWNED_PREFIXES = ("documents/", "exchange/")
PKCS12_SCHEME = "pkcs12:"


@dataclass(frozen=True)
class ObjectRef:
    """A row naming an object; `sha256`/`size` are set when the row records what the bytes must be."""

    key: str
    source: str  # e.g. "document_files:12"
    sha256: str | None = None
    size: int | None = None
    document_id: int | None = None


def _rows(connection: Connection, name: str, *names: str) -> Iterator[Any]:
    query: Any = select(*(column(n) for n in names)).select_from(table(name))
    yield from connection.execute(query)


def referenced_objects(connection: Connection) -> Iterator[ObjectRef]:
    """Every object key a row of the database names."""
    inspector = inspect(connection)
    tables = set(inspector.get_table_names())
    if "document_files" in tables:
        for row_id, document_id, key, sha256, size in _rows(
            connection, "document_files", "id", "document_id", "object_key", "sha256", "size"
        ):
            yield ObjectRef(key, f"document_files:{row_id}", sha256, int(size), int(document_id))
    if "document_processing" in tables:
        for row_id, document_id, key in _rows(
            connection, "document_processing", "id", "document_id", "pdf_key"
        ):
            if key:
                yield ObjectRef(key, f"document_processing:{row_id}", document_id=int(document_id))
    for name in sorted(tables):
        names = {c["name"] for c in inspector.get_columns(name)}
        if "package_key" in names and "id" in names:
            for row_id, key in _rows(connection, name, "id", "package_key"):
                if key:
                    yield ObjectRef(key, f"{name}:{row_id}")
    for name, columns in (
        ("agencies", ("signing_key_ref", "seal_image_key")),
        ("users", ("signing_key_ref", "signature_image_key")),
    ):
        if name not in tables:
            continue
        for row_id, *values in _rows(connection, name, "id", *columns):
            for value in values:
                if value and value.startswith(PKCS12_SCHEME):
                    yield ObjectRef(value[len(PKCS12_SCHEME) :], f"{name}:{row_id}")
                elif value and ":" not in value:
                    yield ObjectRef(value, f"{name}:{row_id}")


def row_owned(key: str) -> bool:
    return key.startswith(ROW_OWNED_PREFIXES)
