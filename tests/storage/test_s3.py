"""What only the S3 adapter promises: server-side retention, committed versions, conditional writes, URLs."""

from __future__ import annotations

import io
import secrets
import socket
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
from minio import Minio
from minio.error import S3Error

from storage import (
    ImmutableObject,
    ObjectExists,
    ObjectNotFound,
    S3ObjectStore,
    StorageConfigError,
    StorageUnavailable,
    open_object_store,
)
from storage.s3 import TAG_SHA256
from tests.storage.helpers import chunks, sha256_of
from tests.storage.test_contract import run_together


def test_bucket_has_object_lock_and_signed_versions_are_retained_by_the_server(
    s3_store: S3ObjectStore, raw_minio: Minio, ns: str
) -> None:
    key = ns + "Quyết định (đã ký).pdf"
    s3_store.put(key, b"%PDF signed", immutable=True)
    version = raw_minio.stat_object(s3_store.bucket, key).version_id

    retention = raw_minio.get_object_retention(s3_store.bucket, key, version_id=version)
    assert retention is not None and retention.mode == "COMPLIANCE"
    with pytest.raises(S3Error) as refused:  # even a client that bypasses the adapter cannot remove it
        raw_minio.remove_object(s3_store.bucket, key, version_id=version)
    assert refused.value.code == "AccessDenied"
    assert b"".join(s3_store.get(key)) == b"%PDF signed"


def test_large_object_digest_is_attached_to_its_own_version(
    s3_store: S3ObjectStore, raw_minio: Minio, ns: str
) -> None:
    key = ns + "bản quét.pdf"
    stored = s3_store.put(key, chunks(40, seed=11))

    head = raw_minio.stat_object(s3_store.bucket, key)
    tags = raw_minio.get_object_tags(s3_store.bucket, key, version_id=head.version_id)
    assert tags is not None and tags[TAG_SHA256] == stored.sha256 == sha256_of(chunks(40, seed=11))
    assert head.size == 40 << 20
    s3_store.delete(key)


def test_writes_that_bypass_the_adapter_without_a_digest_are_never_served(
    s3_store: S3ObjectStore, raw_minio: Minio, ns: str
) -> None:
    key = ns + "công văn.pdf"
    s3_store.put(key, b"committed content")

    raw_minio.put_object(s3_store.bucket, key, io.BytesIO(b"unverified"), 10)
    raw_minio.put_object(s3_store.bucket, ns + "lạ.pdf", io.BytesIO(b"unverified"), 10)

    assert b"".join(s3_store.get(key)) == b"committed content"
    assert s3_store.stat(key).size == len(b"committed content")
    assert not s3_store.exists(ns + "lạ.pdf")
    with pytest.raises(ObjectNotFound):
        s3_store.open(ns + "lạ.pdf")


def test_multipart_writers_racing_for_an_immutable_key_exactly_one_wins(s3_bucket_url: str, ns: str) -> None:
    store = open_object_store(s3_bucket_url, part_size_mb=5, parallel=2)
    key = ns + "văn bản ký số lớn.pdf"

    results = run_together(4, lambda index: store.put(key, chunks(6, seed=index), immutable=True))

    winners = [index for index, result in enumerate(results) if not isinstance(result, Exception)]
    assert len(winners) == 1
    assert all(
        isinstance(result, ObjectExists | ImmutableObject)
        for result in results
        if isinstance(result, Exception)
    )
    assert store.stat(key).sha256 == sha256_of(chunks(6, seed=winners[0]))
    assert sha256_of(store.get(key)) == sha256_of(chunks(6, seed=winners[0]))


def test_mutable_writers_never_land_on_an_immutable_object(s3_store: S3ObjectStore, ns: str) -> None:
    key = ns + "tranh chấp.pdf"

    results = run_together(
        6, lambda index: s3_store.put(key, f"writer {index}".encode(), immutable=index == 0)
    )

    if isinstance(results[0], Exception):  # a mutable writer created the key first: last writer wins
        assert isinstance(results[0], ObjectExists)
        assert not s3_store.stat(key).immutable
    else:  # the immutable writer won: every later mutable writer was refused
        assert s3_store.stat(key).immutable
        assert b"".join(s3_store.get(key)) == b"writer 0"
        assert all(
            isinstance(result, ImmutableObject) for result in results[1:] if isinstance(result, Exception)
        )


def test_a_bucket_without_object_lock_is_refused(s3_bucket_url: str, raw_minio: Minio) -> None:
    bucket = f"eoffice-nolock-{secrets.token_hex(4)}"
    raw_minio.make_bucket(bucket)
    parts = urlsplit(s3_bucket_url)
    with pytest.raises(StorageConfigError) as refused:
        open_object_store(urlunsplit((parts.scheme, parts.netloc, f"/{bucket}", "", "")))
    assert "object lock" in refused.value.message
    raw_minio.remove_bucket(bucket)


def test_missing_bucket_is_not_created_when_told_not_to(s3_bucket_url: str) -> None:
    parts = urlsplit(s3_bucket_url)
    url = urlunsplit((parts.scheme, parts.netloc, f"/eoffice-absent-{secrets.token_hex(4)}", "", ""))
    with pytest.raises(StorageConfigError):
        open_object_store(url, create_bucket="false")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unreachable_server_is_reported(s3_store: S3ObjectStore) -> None:
    url = f"s3://k:s@127.0.0.1:{_closed_port()}/bucket"
    with pytest.raises(StorageUnavailable) as unavailable:
        open_object_store(url, connect_timeout=2)
    assert unavailable.value.code == "storage.unavailable"


@pytest.mark.parametrize(
    "url",
    [
        "s3://127.0.0.1:9000/bucket",
        "s3://key@127.0.0.1:9000/bucket",
        "s3://key:secret@127.0.0.1:9000/",
        "s3://key:secret@127.0.0.1:9000/a/b",
        "s3://key:secret@127.0.0.1:9000/bucket?retention_mode=LOOSE",
        "s3://key:secret@127.0.0.1:9000/bucket?retention_days=0",
        "s3://key:secret@127.0.0.1:9000/bucket?secure=maybe",
        "s3://key:secret@127.0.0.1:9000/bucket?part_size_mb=1",
        "s3://key:secret@127.0.0.1:9000/bucket?colour=blue",
        "minio://key:secret@127.0.0.1:9000/bucket",
    ],
)
def test_bad_s3_urls_are_refused_before_any_request(url: str) -> None:
    with pytest.raises(StorageConfigError):
        open_object_store(url)


def test_plain_http_is_the_default_only_on_loopback(s3_bucket_url: str) -> None:
    store = open_object_store(s3_bucket_url)
    assert isinstance(store, S3ObjectStore)
    assert not store.client._base_url.is_https
    with pytest.raises(StorageUnavailable):  # asked for TLS, the test server speaks plain HTTP
        open_object_store(s3_bucket_url, secure="true", connect_timeout=2)


def test_download_link_serves_the_version_it_was_issued_for(s3_store: S3ObjectStore, ns: str) -> None:
    key = ns + "dự thảo.docx"
    s3_store.put(key, b"version one")
    url = s3_store.download_url(key, timedelta(minutes=5))
    s3_store.put(key, b"version two")

    assert "X-Amz-Expires=300" in url
    assert httpx.get(url).content == b"version one"
    assert httpx.get(s3_store.download_url(key, timedelta(minutes=5))).content == b"version two"
