"""Object storage for eOffice: the `ObjectStore` port, its local-files and S3 adapters, and their errors.

Open a store from a URL with `open_object_store` (``file:///srv/objects`` or
``s3://KEY:SECRET@host:8333/bucket``); every adapter streams puts while computing SHA-256 and size, verifies
every read, keeps immutable objects write-once, and issues time-limited download links. This package never
imports the application.
"""

from storage._streams import ObjectReader
from storage.disposition import content_disposition
from storage.errors import (
    ChecksumMismatch,
    DownloadTokenExpired,
    ImmutableObject,
    InvalidArgument,
    InvalidDownloadToken,
    InvalidKey,
    KeyConflict,
    ObjectExists,
    ObjectNotFound,
    StorageConfigError,
    StorageError,
    StorageUnavailable,
)
from storage.factory import open_object_store
from storage.local import LocalObjectStore
from storage.port import DownloadGrant, Health, ObjectStore, PutSource, Readable, StoredObject
from storage.s3 import S3ObjectStore
from storage.verified import read_verified, stream_verified

__all__ = [
    "ChecksumMismatch",
    "DownloadGrant",
    "DownloadTokenExpired",
    "Health",
    "ImmutableObject",
    "InvalidArgument",
    "InvalidDownloadToken",
    "InvalidKey",
    "KeyConflict",
    "LocalObjectStore",
    "ObjectExists",
    "ObjectNotFound",
    "ObjectReader",
    "ObjectStore",
    "PutSource",
    "Readable",
    "S3ObjectStore",
    "StorageConfigError",
    "StorageError",
    "StorageUnavailable",
    "StoredObject",
    "content_disposition",
    "open_object_store",
    "read_verified",
    "stream_verified",
]
