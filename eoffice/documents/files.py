"""Storing a document's files: checked, kept byte for byte, never orphaned.

Order of operations: validate (size, magic bytes) → put the object under a fresh random key → add the
`DocumentFile` row and flush. If anything after the put fails, `discard_objects` (called by the caller's
rollback path through `FileBatch`) deletes what was stored, so a failed registration leaves neither an
object without a row nor a row without an object. Objects of signed files are written immutable; should the
database then fail, the store refuses the delete and the key is logged for `eoffice doctor` to reconcile.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eoffice.documents._content import validate_content
from eoffice.documents._filenames import display_filename
from eoffice.documents.errors import FileEmpty, FileTooLarge, StorageFailed, UnsupportedFileType
from eoffice.documents.kinds import FileRole
from eoffice.documents.models import Document, DocumentFile
from eoffice.file_kinds import FileKind, sniff
from storage import ObjectStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Upload:
    """A file as received: a seekable binary stream and the name the sender gave it.

    `inspect`: open the file before keeping it and refuse it if it is broken or hostile. Set for uploads from a
    person at the API, who can act on the error at once; files that arrive otherwise (an archive import, an
    inter-agency package) are kept byte for byte and the pipeline marks a broken one failed with its reason.
    """

    stream: BinaryIO
    filename: str | None
    inspect: bool = False


@dataclass
class FileBatch:
    """Objects stored during one transaction, deleted again if the transaction does not commit."""

    objects: ObjectStore
    keys: list[str] = field(default_factory=list)

    def discard(self) -> None:
        for key in self.keys:
            try:
                self.objects.delete(key)
            except Exception:  # noqa: BLE001 — the database error that brought us here matters more
                log.warning(
                    "could not delete object %s after a failed write; eoffice doctor will report it", key
                )
        self.keys.clear()


@contextmanager
def file_batch(objects: ObjectStore) -> Iterator[FileBatch]:
    """Collect stored objects; if the block raises (e.g. the commit fails), delete them and re-raise."""
    batch = FileBatch(objects)
    try:
        yield batch
    except BaseException:
        batch.discard()
        raise


def upload_size(stream: BinaryIO) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def check_upload(upload: Upload, allowed: frozenset[FileKind], max_bytes: int) -> FileKind:
    """Refuse an empty, oversized or unsupported file with the error the user will read."""
    size = upload_size(upload.stream)
    name = display_filename(upload.filename, "")
    if size == 0:
        raise FileEmpty(f"Tệp “{name}” rỗng (0 byte).", detail={"filename": name})
    if size > max_bytes:
        raise FileTooLarge(
            f"Tệp “{name}” có dung lượng {size} byte, vượt quá giới hạn {max_bytes} byte.",
            detail={"filename": name, "size": size, "limit": max_bytes},
        )
    kind = sniff(upload.stream)
    if kind is None or kind not in allowed:
        accepted = ", ".join(sorted(k.value.upper() for k in allowed))
        raise UnsupportedFileType(
            f"Tệp “{name}” không đúng định dạng cho phép ({accepted}).",
            detail={"filename": name, "accepted": sorted(k.value for k in allowed)},
        )
    if upload.inspect:
        validate_content(upload.stream, kind, name)
    return kind


def next_version(session: Session, document_id: int) -> int:
    current = session.scalar(
        select(func.max(DocumentFile.version)).where(DocumentFile.document_id == document_id)
    )
    return int(current or 0) + 1


def store_file(
    session: Session,
    batch: FileBatch,
    *,
    document: Document,
    upload: Upload,
    kind: FileKind,
    role: FileRole,
    actor_id: int,
    immutable: bool = False,
) -> DocumentFile:
    """Put the (already checked) upload in the object store, then add its row to the session."""
    key = f"documents/{document.id}/{uuid.uuid4().hex}{kind.extension}"
    upload.stream.seek(0)
    try:
        stored = batch.objects.put(key, upload.stream, content_type=kind.content_type, immutable=immutable)
    except Exception as exc:
        raise StorageFailed(detail=f"{type(exc).__name__}") from exc
    batch.keys.append(key)
    row = DocumentFile(
        document_id=document.id,
        role=role,
        version=next_version(session, document.id),
        object_key=key,
        filename=display_filename(upload.filename, kind.extension),
        content_type=kind.content_type,
        size=stored.size,
        sha256=stored.sha256,
        immutable=immutable,
        created_by_id=actor_id,
    )
    document.files.append(row)  # through the relationship, so `document.files` stays current in this session
    session.flush()
    return row
