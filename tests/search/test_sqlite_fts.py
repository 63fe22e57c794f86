"""What the embedded adapter adds to the contract: a file on disk, shared by processes and threads."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from search import (
    IndexedDocument,
    InvalidSearchURL,
    SearchQuery,
    SearchUnavailable,
    SqliteSearchIndex,
    open_search_index,
)

READER = frozenset({"agency:1"})


def doc(number: int, title: str = "Công văn về cải cách hành chính") -> IndexedDocument:
    return IndexedDocument(
        id=f"cv-{number}", title=f"{title} số {number}", principals=READER, body="Nội dung."
    )


def count(index: SqliteSearchIndex, text: str = "") -> int:
    return index.query(SearchQuery(text=text, principals=READER)).total


def test_urls_choose_memory_relative_and_absolute_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    memory = open_search_index("sqlite:///:memory:")
    relative = open_search_index("sqlite:///var/index/search.db")
    absolute = open_search_index(f"sqlite:///{tmp_path}/abs.db")
    for index in (memory, relative, absolute):
        assert isinstance(index, SqliteSearchIndex)
        index.index(doc(1))
        assert index.health().documents == 1
        index.close()
    assert (tmp_path / "var" / "index" / "search.db").is_file()
    assert (tmp_path / "abs.db").is_file()


@pytest.mark.parametrize("url", ["ftp://x/y", "search.db", "redis://127.0.0.1:6379/0", ""])
def test_unknown_urls_are_rejected(url: str) -> None:
    with pytest.raises(InvalidSearchURL):
        open_search_index(url)


def test_index_persists_in_a_wal_file(tmp_path: Path) -> None:
    path = tmp_path / "search.db"
    index = SqliteSearchIndex(path)
    index.bulk_index([doc(1), doc(2)])
    index.close()
    reopened = SqliteSearchIndex(path)
    assert count(reopened, "cai cach") == 2
    reopened.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_two_instances_on_one_file_see_each_other(tmp_path: Path) -> None:
    """The API and a Celery worker each open the file; a reindex by one is seen by the other."""
    path = tmp_path / "search.db"
    api, worker = SqliteSearchIndex(path), SqliteSearchIndex(path)
    worker.bulk_index([doc(1), doc(2)])
    assert count(api, "cai cach") == 2
    worker.reindex([doc(3, "Thông báo lịch tiếp công dân")])
    assert count(api, "cai cach") == 0
    assert count(api, "tiep cong dan") == 1
    api.index(doc(4))
    assert count(worker) == 2
    api.close()
    worker.close()


def test_threads_share_one_index(tmp_path: Path) -> None:
    index = SqliteSearchIndex(tmp_path / "search.db")
    index.bulk_index(doc(n) for n in range(200))
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(30):
                assert count(index, "cai cach") >= 200
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)

    def write() -> None:
        try:
            index.bulk_index(doc(n) for n in range(200, 600))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(3)] + [threading.Thread(target=write)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert count(index, "cai cach") == 600
    index.close()


def test_unopenable_file_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "a-directory.db").mkdir()
    with pytest.raises(SearchUnavailable) as error:
        SqliteSearchIndex(tmp_path / "a-directory.db")
    assert error.value.code == "search.unavailable"
