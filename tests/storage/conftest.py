"""Fixtures for the storage suites: a `store` parametrised over every adapter, and a way to corrupt it.

The S3 store uses one fresh bucket per test session (random suffix, object lock on, one-day retention so
the test server can be cleaned the next day); each test works under its own key prefix ``ns``.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from minio import Minio

from storage import LocalObjectStore, ObjectStore, S3ObjectStore, open_object_store

Corrupt = Callable[[str], None]


@pytest.fixture(scope="session")
def s3_bucket_url(s3_url: str) -> str:
    """The test server's URL with a bucket of this session's own and short retention."""
    parts = urlsplit(s3_url)
    bucket = f"eoffice-storage-{secrets.token_hex(4)}"
    return urlunsplit((parts.scheme, parts.netloc, f"/{bucket}", "retention_days=1", ""))


@pytest.fixture(scope="session")
def s3_store(s3_bucket_url: str) -> S3ObjectStore:
    store = open_object_store(s3_bucket_url)
    assert isinstance(store, S3ObjectStore)
    return store


@pytest.fixture(scope="session")
def raw_minio(s3_store: S3ObjectStore) -> Minio:
    """The same SDK client the adapter uses, for reaching past the adapter to the bucket."""
    return s3_store.client


@pytest.fixture
def ns() -> str:
    """A key prefix of this test's own, so tests sharing the session bucket never see each other."""
    return f"t{secrets.token_hex(4)}/"


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> ObjectStore:
    if backend == "local":
        return LocalObjectStore(tmp_path / "objects")
    return request.getfixturevalue("s3_store")  # type: ignore[no-any-return]


@pytest.fixture
def corrupt(backend: str, store: ObjectStore, request: pytest.FixtureRequest) -> Corrupt:
    """Flip one byte of a stored object behind the adapter's back, keeping its recorded digest.

    Local: edit the file on disk. S3: write a new version with the raw client, copying the adapter's
    metadata and tags (as bit rot on the server would leave them) but not the bytes.
    """
    if backend == "local":
        assert isinstance(store, LocalObjectStore)

        def corrupt_file(key: str) -> None:
            path = store.root / key
            path.chmod(0o644)
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 0xFF
            path.write_bytes(bytes(data))

        return corrupt_file

    raw: Minio = request.getfixturevalue("raw_minio")
    assert isinstance(store, S3ObjectStore)

    def corrupt_object(key: str) -> None:
        head = raw.stat_object(store.bucket, key)
        data = bytearray(raw.get_object(store.bucket, key).read())
        data[len(data) // 2] ^= 0xFF
        metadata = {
            name: value for name, value in head.metadata.items() if name.lower().startswith("x-amz-meta-")
        }
        raw.put_object(
            store.bucket,
            key,
            io.BytesIO(bytes(data)),
            len(data),
            content_type=head.content_type or "",
            metadata=metadata,
            tags=raw.get_object_tags(store.bucket, key, version_id=head.version_id),
        )

    return corrupt_object
