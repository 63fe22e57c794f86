"""Reading an object as the bytes its owner recorded, never as whatever the store now holds.

The store checks an object against its own record (the sidecar, the S3 digest tag), but whoever can change
the bytes can usually change that record too. The owner's digest (a database row) is then the reference: these
helpers check the store's record against it before the first byte, and the bytes while they pass. Whole reads
fail before returning anything; a stream holds its last chunk back until the digest is checked, so a
consumer that forwards it (an HTTP response with a Content-Length) never delivers the complete altered
object: the stream ends in `ChecksumMismatch` instead.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator

from storage._streams import CHUNK
from storage.errors import ChecksumMismatch
from storage.port import ObjectStore, StoredObject


def _check_record(stored: StoredObject, sha256: str, size: int) -> None:
    if stored.size != size:
        raise ChecksumMismatch(
            key=stored.key, detail=f"kho ghi {stored.size} byte, chủ sở hữu ghi {size} byte"
        )
    if not hmac.compare_digest(stored.sha256, sha256.lower()):
        raise ChecksumMismatch(
            key=stored.key, detail=f"mã băm kho ghi {stored.sha256}, chủ sở hữu ghi {sha256.lower()}"
        )


def stream_verified(
    store: ObjectStore, key: str, *, sha256: str, size: int, chunk_size: int = CHUNK
) -> Iterator[bytes]:
    """The object's chunks, each yielded only once the next one has been read, and the last only after the
    bytes proved to be `size` bytes with SHA-256 `sha256`; otherwise `ChecksumMismatch`.

    The store's record is compared with (`sha256`, `size`) when the iteration starts, before any byte."""
    reader = store.open(key)
    with reader:
        _check_record(reader.object, sha256, size)
        digest = hashlib.sha256()
        seen = 0
        held: bytes | None = None
        for chunk in reader.iter_chunks(chunk_size):  # the store checks its own record at the end
            digest.update(chunk)
            seen += len(chunk)
            if held is not None:
                yield held
            held = chunk
        if seen != size or not hmac.compare_digest(digest.hexdigest(), sha256.lower()):
            raise ChecksumMismatch(key=key, detail="nội dung khác mã băm chủ sở hữu đã ghi")
        if held is not None:
            yield held


def read_verified(store: ObjectStore, key: str, *, sha256: str, size: int) -> bytes:
    """The whole object, after checking it is `size` bytes with SHA-256 `sha256` (for small objects: the
    caller sends nothing unless every byte is right)."""
    return b"".join(stream_verified(store, key, sha256=sha256, size=size))
