"""The `ObjectStore` contract, run against every adapter (``local`` on a temp folder, ``s3`` on SeaweedFS).

What an adapter must do is decided here once; the embedded default and the production store pass the same
tests, so code above the port cannot tell them apart.
"""

from __future__ import annotations

import hashlib
import threading
import tracemalloc
import unicodedata
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import unquote

import httpx
import pytest

from storage import (
    ChecksumMismatch,
    DownloadTokenExpired,
    ImmutableObject,
    InvalidArgument,
    InvalidDownloadToken,
    InvalidKey,
    ObjectExists,
    ObjectNotFound,
    ObjectStore,
    StorageError,
)
from tests.storage.helpers import chunks, sha256_of

VIETNAMESE_KEYS = [
    "Sổ văn bản đến/2025/Công văn số 123-UBND-VP về việc họp giao ban.pdf",
    "ĐƠN ĐỀ NGHỊ cấp phép (bản chính).docx",
    "tờ trình/Tờ trình # 5 & phụ lục 100%.xlsx",
    "Quyết định/QĐ 45.2025 – bổ nhiệm.pdf",
]


def run_together(count: int, work: Callable[[int], object]) -> list[object]:
    """Start ``count`` threads at the same moment and collect what each returned or raised."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - the outcome of each writer is what the test checks
            results[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("name", VIETNAMESE_KEYS)
def test_vietnamese_named_objects_round_trip(store: ObjectStore, ns: str, name: str) -> None:
    key = ns + name
    content = f"Nội dung của {name}".encode()

    stored = store.put(key, content, content_type="application/pdf")

    assert stored.key == key
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.content_type == "application/pdf"
    assert store.stat(key) == stored
    with store.open(key) as reader:
        assert reader.read() == content
    assert b"".join(store.get(key)) == content
    assert list(store.list(ns)) == [key]


def test_decomposed_names_are_stored_under_their_composed_form(store: ObjectStore, ns: str) -> None:
    composed = ns + "Biên bản họp.pdf"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed

    stored = store.put(decomposed, b"bien ban")

    assert stored.key == composed
    assert store.stat(composed).sha256 == stored.sha256
    assert b"".join(store.get(decomposed)) == b"bien ban"
    assert list(store.list(ns)) == [composed]


def test_empty_object_and_default_content_type(store: ObjectStore, ns: str) -> None:
    stored = store.put(ns + "rỗng.bin", b"")
    assert (stored.size, stored.sha256) == (0, hashlib.sha256(b"").hexdigest())
    assert stored.content_type == "application/octet-stream"
    assert stored.immutable is False
    assert b"".join(store.get(ns + "rỗng.bin")) == b""


def test_200_mb_object_streams_in_bounded_memory(store: ObjectStore, ns: str) -> None:
    key = ns + "hồ sơ lớn/bản quét 200MB.pdf"
    expected = sha256_of(chunks(200))

    tracemalloc.start()
    try:
        stored = store.put(key, chunks(200), content_type="application/pdf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 100 << 20, f"put held {peak >> 20} MiB at once for a 200 MiB object"
    assert stored.size == 200 << 20
    assert stored.sha256 == expected
    assert store.stat(key) == stored
    digest = hashlib.sha256()
    with store.open(key) as reader:
        for piece in reader.iter_chunks(4 << 20):
            digest.update(piece)
    assert digest.hexdigest() == expected
    store.delete(key)
    assert not store.exists(key)


def test_file_like_sources_are_streamed(store: ObjectStore, ns: str, tmp_path) -> None:  # noqa: ANN001
    source = tmp_path / "upload.bin"
    with source.open("wb") as out:
        for piece in chunks(3, seed=7):
            out.write(piece)
    with source.open("rb") as upload:
        stored = store.put(ns + "từ tệp.bin", upload)
    assert stored.sha256 == sha256_of(chunks(3, seed=7))
    assert store.stat(ns + "từ tệp.bin").size == 3 << 20


def test_concurrent_writers_to_distinct_keys(store: ObjectStore, ns: str) -> None:
    contents = {f"{ns}người dùng {index}/tệp.bin": bytes([index]) * (50_000 + index) for index in range(8)}
    keys = list(contents)

    results = run_together(8, lambda index: store.put(keys[index], contents[keys[index]]))

    assert not [result for result in results if isinstance(result, Exception)]
    for key, content in contents.items():
        assert b"".join(store.get(key)) == content
        assert store.stat(key).sha256 == hashlib.sha256(content).hexdigest()
    assert list(store.list(ns)) == sorted(keys, key=lambda key: key.encode())


def test_concurrent_writers_to_one_key_leave_one_whole_version(store: ObjectStore, ns: str) -> None:
    key = ns + "dự thảo.docx"
    contents = [bytes([65 + index]) * (100_000 + 1000 * index) for index in range(8)]

    results = run_together(8, lambda index: store.put(key, contents[index]))

    assert not [result for result in results if isinstance(result, Exception)]
    final = b"".join(store.get(key))
    assert final in contents
    stat = store.stat(key)
    assert (stat.size, stat.sha256) == (len(final), hashlib.sha256(final).hexdigest())


def test_concurrent_writers_to_one_immutable_key_exactly_one_wins(store: ObjectStore, ns: str) -> None:
    key = ns + "văn bản đã ký.pdf"
    contents = [f"bản ký số {index}".encode() * 1000 for index in range(8)]

    results = run_together(8, lambda index: store.put(key, contents[index], immutable=True))

    winners = [index for index, result in enumerate(results) if not isinstance(result, Exception)]
    losers = [result for result in results if isinstance(result, Exception)]
    assert len(winners) == 1
    assert all(isinstance(error, ObjectExists | ImmutableObject) for error in losers)
    assert b"".join(store.get(key)) == contents[winners[0]]
    assert store.stat(key).immutable


def test_immutable_object_cannot_be_overwritten_or_deleted(store: ObjectStore, ns: str) -> None:
    key = ns + "bản ký/Quyết định 12.pdf"
    signed = store.put(key, b"%PDF signed", content_type="application/pdf", immutable=True)
    assert signed.immutable

    with pytest.raises(ImmutableObject) as overwrite:
        store.put(key, b"%PDF forged")
    with pytest.raises(ObjectExists):
        store.put(key, b"%PDF forged", immutable=True)
    with pytest.raises(ImmutableObject) as delete:
        store.delete(key)

    assert overwrite.value.code == delete.value.code == "storage.immutable"
    assert "bất biến" in delete.value.message
    assert store.stat(key) == signed
    assert b"".join(store.get(key)) == b"%PDF signed"


def test_immutable_put_refuses_an_existing_mutable_key(store: ObjectStore, ns: str) -> None:
    store.put(ns + "nháp.pdf", b"draft")
    with pytest.raises(ObjectExists):
        store.put(ns + "nháp.pdf", b"signed", immutable=True)
    assert b"".join(store.get(ns + "nháp.pdf")) == b"draft"


def test_mutable_object_is_replaced_and_deleted(store: ObjectStore, ns: str) -> None:
    key = ns + "dự thảo/v1.docx"
    store.put(key, b"first draft")
    second = store.put(key, b"second, longer draft")

    assert store.stat(key) == second
    assert b"".join(store.get(key)) == b"second, longer draft"
    store.delete(key)
    assert not store.exists(key)
    assert list(store.list(ns)) == []
    with pytest.raises(ObjectNotFound):
        store.stat(key)


def test_missing_object(store: ObjectStore, ns: str) -> None:
    key = ns + "không có.pdf"
    assert store.exists(key) is False
    for operation in (store.stat, store.open, store.delete):
        with pytest.raises(ObjectNotFound) as error:
            operation(key)
        assert error.value.code == "storage.not_found"
    with pytest.raises(ObjectNotFound):
        store.download_url(key, timedelta(minutes=5))


def test_corrupted_object_is_detected_on_read(store: ObjectStore, ns: str, corrupt) -> None:  # noqa: ANN001
    key = ns + "công văn.pdf"
    content = b"%PDF-1.7 " + bytes(range(256)) * 64
    store.put(key, content, content_type="application/pdf")

    corrupt(key)

    with pytest.raises(ChecksumMismatch) as error, store.open(key) as reader:
        reader.read()
    assert error.value.code == "storage.checksum_mismatch"
    assert "SHA-256" in error.value.message
    with pytest.raises(ChecksumMismatch):
        b"".join(store.get(key))


def test_corruption_in_a_multipart_sized_object_is_detected(store: ObjectStore, ns: str, corrupt) -> None:  # noqa: ANN001
    key = ns + "bản quét lớn.pdf"
    store.put(key, chunks(20, seed=3))

    corrupt(key)

    with pytest.raises(ChecksumMismatch), store.open(key) as reader:
        for _ in reader.iter_chunks():
            pass
    store.delete(key)


HOSTILE_KEYS = [
    ("", "rỗng"),
    ("../etc/passwd", "'..'"),
    ("hồ sơ/../../bí mật", "'..'"),
    ("/etc/passwd", "tuyệt đối"),
    ("a//b", "đoạn rỗng"),
    ("thư mục/", "đoạn rỗng"),
    ("./a", "'.'"),
    ("tệp\x00.pdf", "điều khiển"),
    ("dòng\nmới", "điều khiển"),
    ("tab\tkey", "điều khiển"),
    ("xóa\x7f", "điều khiển"),
    ("a\\..\\b", "'\\'"),
    (".eoffice/meta/x.json", "dành riêng"),
    ("a/.eoffice-tmp-123", "dành riêng"),
    ("k" * 1025, "1024 byte"),
    ("ệ" * 100, "255 byte"),
]


@pytest.mark.parametrize(
    ("key", "reason"), HOSTILE_KEYS, ids=[f"key{index}" for index in range(len(HOSTILE_KEYS))]
)
def test_hostile_keys_are_rejected_with_a_clear_error(store: ObjectStore, key: str, reason: str) -> None:
    with pytest.raises(InvalidKey) as error:
        store.put(key, b"payload")
    assert error.value.code == "storage.invalid_key"
    assert "không hợp lệ" in error.value.message and reason in error.value.message
    for operation in (store.stat, store.open, store.delete, store.exists):
        with pytest.raises(InvalidKey):
            operation(key)


@pytest.mark.parametrize("key", [None, b"bytes-key", 42])
def test_non_text_keys_are_rejected(store: ObjectStore, key: object) -> None:
    with pytest.raises(InvalidKey):
        store.put(key, b"payload")  # type: ignore[arg-type]


def test_list_by_prefix(store: ObjectStore, ns: str) -> None:
    for name in (
        "văn bản/a.pdf",
        "văn bản/b.pdf",
        "văn bản đi/c.pdf",
        "hồ sơ/d.pdf",
        "văn bản/phụ lục/e.pdf",
    ):
        store.put(ns + name, name.encode())

    assert list(store.list(ns + "văn bản/")) == [
        ns + "văn bản/a.pdf",
        ns + "văn bản/b.pdf",
        ns + "văn bản/phụ lục/e.pdf",
    ]
    assert list(store.list(ns + "văn bản")) == [  # UTF-8 byte order, as S3 lists: " " sorts before "/"
        ns + "văn bản đi/c.pdf",
        ns + "văn bản/a.pdf",
        ns + "văn bản/b.pdf",
        ns + "văn bản/phụ lục/e.pdf",
    ]
    assert list(store.list(ns + "hồ")) == [ns + "hồ sơ/d.pdf"]
    assert list(store.list(ns + "không có/")) == []
    store.delete(ns + "văn bản/phụ lục/e.pdf")
    assert list(store.list(ns + "văn bản/")) == [ns + "văn bản/a.pdf", ns + "văn bản/b.pdf"]


def test_download_url_serves_the_object_as_an_attachment(store: ObjectStore, ns: str, backend: str) -> None:
    key = ns + "Công văn 123.pdf"
    store.put(key, b"%PDF-1.7 tai lieu", content_type="application/pdf")

    url = store.download_url(key, timedelta(minutes=10), filename="Công văn số 123.pdf")

    if backend == "s3":
        response = httpx.get(url)
        assert response.status_code == 200
        assert response.content == b"%PDF-1.7 tai lieu"
        assert response.headers["content-type"] == "application/pdf"
        disposition = response.headers["content-disposition"]
        assert disposition.startswith("attachment;")
        assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Công văn số 123.pdf"
        tampered = url.replace("X-Amz-Signature=", "X-Amz-Signature=0")
        assert httpx.get(tampered).status_code == 403
        with pytest.raises(InvalidDownloadToken):
            store.verify_download_token("anything")
    else:
        token = url.rsplit("/", 1)[1]
        assert store.verify_download_token(token) == key
        grant = store.verify_download(token)
        assert grant.filename == "Công văn số 123.pdf"
        flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
        with pytest.raises(InvalidDownloadToken):
            store.verify_download_token(flipped)
        with pytest.raises(InvalidDownloadToken):
            store.verify_download_token(token.split(".")[0] + ".")


@pytest.mark.parametrize("expires", [timedelta(0), timedelta(seconds=-5), timedelta(days=8)])
def test_download_url_lifetime_is_bounded(store: ObjectStore, ns: str, expires: timedelta) -> None:
    store.put(ns + "a.pdf", b"x")
    with pytest.raises(InvalidArgument):
        store.download_url(ns + "a.pdf", expires)


def test_health_reports_ok(store: ObjectStore) -> None:
    health = store.health()
    assert health.ok, health.detail


def test_errors_share_one_hierarchy_with_codes_and_vietnamese_messages() -> None:
    for error_type in (InvalidKey, ObjectNotFound, ObjectExists, ImmutableObject, ChecksumMismatch):
        error = error_type(key="k")
        assert isinstance(error, StorageError)
        assert error.code.startswith("storage.")
        assert any(char in error.message for char in "ăâđêôơưếốớệ")
    assert issubclass(DownloadTokenExpired, InvalidDownloadToken)
