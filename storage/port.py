"""The `ObjectStore` port: what the application may ask of a file store, whatever holds the bytes.

Every stored file carries its SHA-256 and size, computed while the bytes stream in (never the whole file in
memory), and every read checks them again at the end, so a corrupted or truncated object is an error
(`ChecksumMismatch`), never a silently wrong document. Signed versions are stored ``immutable``: the store
itself refuses to overwrite or delete them. Adapters: `storage.local.LocalObjectStore` (files on disk, the
embedded default) and `storage.s3.S3ObjectStore` (any S3 server through the ``minio`` SDK); pick one with
`storage.open_object_store`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from storage._streams import ObjectReader


class Readable(Protocol):
    """Anything with ``read(n) -> bytes``: an open file, FastAPI's ``UploadFile.file``, a socket reader."""

    def read(self, size: int = -1, /) -> bytes: ...


PutSource = Readable | Iterable[bytes] | bytes
"""What `ObjectStore.put` accepts: a binary reader, an iterable of byte chunks (a generator), or bytes."""


@dataclass(frozen=True)
class StoredObject:
    """What the store knows about one object.

    ``sha256`` is the lowercase hex digest of the content; ``created`` (UTC) is when the put began.
    """

    key: str
    size: int
    sha256: str
    content_type: str
    immutable: bool
    created: datetime


@dataclass(frozen=True)
class DownloadGrant:
    """A verified download token: which object, under which file name, until when (UTC)."""

    key: str
    filename: str | None
    expires: datetime


@dataclass(frozen=True)
class Health:
    """State of a store for ``/api/health``: ``ok`` plus a short human-readable ``detail``."""

    backend: str
    ok: bool
    detail: str


@runtime_checkable
class ObjectStore(Protocol):
    """A store of named byte objects (keys are ``/``-separated, NFC-normalised Unicode)."""

    def put(
        self,
        key: str,
        source: PutSource,
        *,
        content_type: str | None = None,
        immutable: bool = False,
    ) -> StoredObject:
        """Store ``source`` under ``key``, streaming; replaces a mutable object, refuses an immutable one
        (`ImmutableObject`). An ``immutable`` put is write-once: if the key exists it fails with
        `ObjectExists` (or `ImmutableObject`), so of concurrent writers exactly one wins."""
        ...

    def open(self, key: str) -> ObjectReader:
        """A reader over the object's bytes that verifies them at the end."""
        ...

    def get(self, key: str, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        """The object's bytes in chunks, verified at the end (for streaming responses)."""
        ...

    def stat(self, key: str) -> StoredObject: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove the object; `ImmutableObject` if it was stored immutable, `ObjectNotFound` if absent."""
        ...

    def list(self, prefix: str = "") -> Iterator[str]:
        """Keys starting with ``prefix`` (a plain string prefix, as in S3), in UTF-8 byte order."""
        ...

    def download_url(self, key: str, expires: timedelta, filename: str | None = None) -> str:
        """A time-limited URL that downloads the object as an attachment named ``filename``."""
        ...

    def verify_download_token(self, token: str) -> str:
        """The key a download token (issued by `download_url` of a local store) grants, or an
        `InvalidDownloadToken` / `DownloadTokenExpired` error."""
        ...

    def verify_download(self, token: str) -> DownloadGrant:
        """Like `verify_download_token`, with the file name and expiry the app needs to serve it."""
        ...

    def health(self) -> Health: ...
