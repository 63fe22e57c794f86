"""What only the local-files adapter promises: plain files on disk, atomic writes, signed download tokens."""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import (
    ChecksumMismatch,
    DownloadTokenExpired,
    ImmutableObject,
    InvalidDownloadToken,
    InvalidKey,
    KeyConflict,
    LocalObjectStore,
    ObjectExists,
    StorageConfigError,
    open_object_store,
)


def leftovers(root: Path) -> list[str]:
    return [str(path.relative_to(root)) for path in root.rglob(".eoffice-tmp-*")]


def test_objects_are_plain_files_readable_with_ordinary_tools(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    store.put("Sổ đến/2025/Công văn 7.pdf", b"%PDF cong van", content_type="application/pdf")
    signed = store.put("Sổ đi/QĐ 12 (đã ký).pdf", b"%PDF signed", immutable=True)

    assert (tmp_path / "Sổ đến" / "2025" / "Công văn 7.pdf").read_bytes() == b"%PDF cong van"
    signed_file = tmp_path / "Sổ đi" / "QĐ 12 (đã ký).pdf"
    assert stat.S_IMODE(signed_file.stat().st_mode) == 0o444
    assert hashlib.sha256(signed_file.read_bytes()).hexdigest() == signed.sha256


def test_failed_upload_leaves_nothing_behind_and_keeps_the_old_version(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    store.put("hồ sơ/tệp.pdf", b"old version")

    def broken_upload() -> Iterator[bytes]:
        yield b"new version, first part"
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        store.put("hồ sơ/tệp.pdf", broken_upload())
    with pytest.raises(ConnectionResetError):
        store.put("hồ sơ/mới.pdf", broken_upload())

    assert b"".join(store.get("hồ sơ/tệp.pdf")) == b"old version"
    assert not store.exists("hồ sơ/mới.pdf")
    assert list(store.list()) == ["hồ sơ/tệp.pdf"]
    assert leftovers(tmp_path) == []


def test_a_key_cannot_be_both_a_file_and_a_folder(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    store.put("a/b.pdf", b"x")
    store.put("c.pdf", b"y")

    with pytest.raises(KeyConflict) as folder_taken:
        store.put("a", b"z")
    with pytest.raises(KeyConflict):
        store.put("c.pdf/d.pdf", b"z")

    assert folder_taken.value.code == "storage.key_conflict"
    assert leftovers(tmp_path) == []
    store.delete("a/b.pdf")
    store.put("a", b"now a file")  # the emptied folder was removed with its last object
    assert b"".join(store.get("a")) == b"now a file"


def test_truncated_and_missing_files_are_reported(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    store.put("cắt.bin", b"0123456789" * 100)
    store.put("mất.bin", b"data")

    (tmp_path / "cắt.bin").write_bytes(b"0123456789")
    (tmp_path / "mất.bin").unlink()

    with pytest.raises(ChecksumMismatch) as truncated, store.open("cắt.bin") as reader:
        reader.read()
    assert "byte" in str(truncated.value)
    with pytest.raises(ChecksumMismatch):
        store.open("mất.bin")


def test_hostile_keys_never_touch_files_outside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "objects"
    store = LocalObjectStore(root)
    for key in ("../outside.txt", "a/../../outside.txt", "/outside.txt"):
        with pytest.raises(InvalidKey):
            store.put(key, b"escape")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["objects"]


def _race_immutable(root: str, index: int, outcomes: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    store = LocalObjectStore(root)
    try:
        store.put("đã ký.pdf", f"process {index}".encode(), immutable=True)
        outcomes.put(("won", index))
    except (ObjectExists, ImmutableObject) as error:
        outcomes.put((error.code, index))


def test_processes_racing_for_an_immutable_key_exactly_one_wins(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    outcomes = context.Queue()
    processes = [context.Process(target=_race_immutable, args=(str(tmp_path), i, outcomes)) for i in range(6)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    results = [outcomes.get(timeout=5) for _ in processes]

    winners = [index for outcome, index in results if outcome == "won"]
    assert len(winners) == 1
    assert {outcome for outcome, _ in results if outcome != "won"} <= {"storage.exists", "storage.immutable"}
    assert b"".join(LocalObjectStore(tmp_path).get("đã ký.pdf")) == f"process {winners[0]}".encode()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_download_token_expires_and_is_bound_to_the_secret(tmp_path: Path) -> None:
    clock = Clock()
    store = LocalObjectStore(tmp_path, download_base="/api/v1/tep", clock=clock)
    store.put("Báo cáo quý I.xlsx", b"bao cao")

    url = store.download_url("Báo cáo quý I.xlsx", timedelta(minutes=15), filename="Báo cáo.xlsx")
    assert url.startswith("/api/v1/tep/")
    token = url.removeprefix("/api/v1/tep/")

    clock.now += timedelta(minutes=14)
    grant = store.verify_download(token)
    assert (grant.key, grant.filename) == ("Báo cáo quý I.xlsx", "Báo cáo.xlsx")
    assert LocalObjectStore(tmp_path, clock=clock).verify_download_token(token) == "Báo cáo quý I.xlsx"

    clock.now += timedelta(minutes=2)
    with pytest.raises(DownloadTokenExpired) as expired:
        store.verify_download_token(token)
    assert expired.value.code == "storage.token_expired"

    other_secret = LocalObjectStore(tmp_path, download_secret="another-secret-of-32-bytes......", clock=clock)
    clock.now -= timedelta(minutes=10)
    with pytest.raises(InvalidDownloadToken):
        other_secret.verify_download_token(token)
    for garbage in ("", "abc", "a.b.c", "!!!.???"):
        with pytest.raises(InvalidDownloadToken):
            store.verify_download_token(garbage)


def test_short_download_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageConfigError):
        LocalObjectStore(tmp_path, download_secret="short")


def test_file_urls_open_a_local_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    absolute = open_object_store(f"file://{tmp_path}/tuyệt đối", download_base="/dl")
    assert isinstance(absolute, LocalObjectStore)
    assert absolute.root == tmp_path / "tuyệt đối"
    monkeypatch.chdir(tmp_path)
    relative = open_object_store("file:var/objects")
    assert isinstance(relative, LocalObjectStore)
    assert relative.root == tmp_path / "var" / "objects"
    relative.put("x", b"1")
    assert (tmp_path / "var" / "objects" / "x").exists()
    for bad in ("file://otherhost/data", "file://relative", "ftp://x/y", "file:"):
        with pytest.raises(StorageConfigError):
            open_object_store(bad)
    with pytest.raises(StorageConfigError):
        open_object_store(f"file://{tmp_path}", unknown_option="1")


def test_health_reports_a_missing_folder(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path / "objects")
    assert store.health().ok
    shutil.rmtree(tmp_path / "objects")
    health = store.health()
    assert not health.ok
    assert "không" in health.detail
