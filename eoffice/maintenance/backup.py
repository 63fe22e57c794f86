"""`eoffice backup DEST`: everything an installation holds, in one folder (or one `.tar`).

Layout of a backup::

    manifest.json            format, time, schema revision, per-table row counts and file checksums,
                             object count and bytes, and any problem met while copying
    database/<table>.jsonl   every row of every table (the legal corpus included), see `_dump`
    objects.jsonl            every stored object: key, sha256, size, content type, immutable
    objects/ab/<sha256>      the objects' bytes, named by their SHA-256 (identical files are kept once)
    manifest.sig             HMAC-SHA256 of manifest.json's exact bytes under the audit key, which is kept
                             outside the database and so outside the backup: restore refuses a manifest
                             that does not match it (and, through the manifest's checksums, any other file)

Everything is private to its owner (files 0600, folders 0700): the dump holds password hashes and exchange
peers' secrets. With a passphrase the backup is one file, the tar streamed through `_crypto` (scrypt +
AES-256-GCM), so nothing of it is written in clear at its destination.

The search index is not copied: restore rebuilds it from the database. The database is read from one
consistent snapshot (PostgreSQL: a repeatable-read transaction; SQLite: the online backup API). Every object
is read through the store, which verifies its SHA-256, and hashed again as it is written. The backup is built
beside its destination and moved into place at the end, so a half-written backup never looks complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine
from sqlalchemy.engine import make_url

from eoffice.backends import Backends
from eoffice.maintenance._crypto import EncryptingWriter
from eoffice.maintenance._dump import alembic_revision, dump_tables, file_sha256, read_rows
from eoffice.maintenance._progress import Progress, Silent
from eoffice.maintenance.errors import BackupDestinationExists, BackupIncomplete
from storage import ObjectStore

FORMAT = "eoffice-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
OBJECTS_INDEX = "objects.jsonl"


@dataclass
class BackupResult:
    path: Path
    tables: dict[str, int]
    objects: int
    bytes: int
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "tables": dict(self.tables),
            "rows": sum(self.tables.values()),
            "objects": self.objects,
            "bytes": self.bytes,
            "problems": list(self.problems),
            "ok": not self.problems,
        }


def object_path(root: Path, sha256: str) -> Path:
    return root / "objects" / sha256[:2] / sha256


@contextmanager
def _snapshot(database_url: str) -> Iterator[Connection]:
    """A connection that sees one consistent state of the database for as long as it is open."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="eoffice-backup-") as tmp:
            copy = Path(tmp) / "snapshot.db"
            source = sqlite3.connect(url.database or ":memory:")
            target = sqlite3.connect(copy)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
            engine = create_engine(f"sqlite:///{copy}")
            try:
                with engine.connect() as connection:
                    yield connection
            finally:
                engine.dispose()
        return
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                yield connection
    finally:
        engine.dispose()


def _copy_object(store: ObjectStore, key: str, root: Path) -> dict[str, Any]:
    """Copy one object into the backup, verified by the store and by our own digest; returns its entry."""
    stored = store.stat(key)
    target = object_path(root, stored.sha256)
    if target.exists():
        return _entry(stored)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
    digest = hashlib.sha256()
    size = 0
    with partial.open("wb") as out:
        for chunk in store.get(key):  # the store raises ChecksumMismatch if the bytes are not what it stored
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if digest.hexdigest() != stored.sha256 or size != stored.size:
        partial.unlink()
        raise ValueError(f"mã băm đọc được {digest.hexdigest()} khác mã băm đã lưu {stored.sha256}")
    partial.rename(target)
    return _entry(stored)


def _entry(stored: Any) -> dict[str, Any]:
    return {
        "key": stored.key,
        "sha256": stored.sha256,
        "size": stored.size,
        "content_type": stored.content_type,
        "immutable": stored.immutable,
    }


def _prepare(destination: Path, encrypted: bool) -> tuple[Path, Path | None]:
    """(the folder to build in, the .tar to produce or None); an encrypted backup is always one file."""
    if destination.exists() and (destination.is_file() or any(destination.iterdir())):
        raise BackupDestinationExists(f"“{destination}” đã tồn tại; hãy chọn một nơi lưu mới.")
    if encrypted and destination.is_dir():
        raise BackupDestinationExists(f"Bản sao lưu mã hóa là một tệp; “{destination}” là thư mục.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    build = destination.parent / f".{destination.name}.partial-{uuid.uuid4().hex[:8]}"
    build.mkdir(mode=0o700)
    archive = destination if destination.suffix == ".tar" or encrypted else None
    return build, archive


def _make_private(build: Path) -> None:
    """Files 0600 and folders 0700, whatever the umask."""
    build.chmod(0o700)
    for path in build.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


def sign_manifest(backends: Backends, manifest: bytes) -> str:
    """The manifest's HMAC under the installation's audit key (made on first need, like the chain's)."""
    from eoffice.audit import audit_key

    with backends.sessions() as session:
        key = audit_key(session)
    assert key is not None
    return json.dumps({"alg": "HMAC-SHA256", "key": "audit", "mac": key.manifest_mac(manifest)})


def _check_document_files(build: Path, entries: dict[str, dict[str, Any]]) -> list[str]:
    """Every document file the database names must be in the backup with the digest the row records."""
    problems: list[str] = []
    path = build / "database" / "document_files.jsonl"
    if not path.exists():
        return problems
    for row in read_rows(path):
        entry = entries.get(row["object_key"])
        if entry is None:
            problems.append(
                f"Thiếu tệp “{row['object_key']}” của văn bản {row['document_id']} trong kho lưu trữ."
            )
        elif entry["sha256"] != row["sha256"]:
            problems.append(
                f"Tệp “{row['object_key']}” của văn bản {row['document_id']} không khớp mã băm đã ghi trong "
                "cơ sở dữ liệu."
            )
    return problems


def backup(
    backends: Backends, destination: Path, *, progress: Progress | None = None, passphrase: str | None = None
) -> BackupResult:
    """Write a backup of the database and every object to `destination` (a new folder, or a `.tar`; with a
    `passphrase`, one encrypted file), private to its owner, with a signed manifest.

    Raises `BackupDestinationExists` before writing anything, and `BackupIncomplete` (after writing what could
    be copied, with the problems in the manifest) when an object is missing or corrupt.
    """
    progress = progress or Silent()
    destination = Path(destination)
    build, archive = _prepare(destination, passphrase is not None)
    try:
        progress.start("Sao lưu cơ sở dữ liệu", None)
        with _snapshot(backends.settings.database_url) as connection:
            revision = alembic_revision(connection)
            dialect = connection.dialect.name
            dumped = dump_tables(connection, build)
        progress.advance()
        store = backends.objects
        keys = sorted(store.list(""))
        progress.start("Sao lưu tệp", len(keys))
        entries: dict[str, dict[str, Any]] = {}
        problems: list[str] = []
        from storage import StorageError

        for key in keys:
            try:
                entries[key] = _copy_object(store, key, build)
            except (StorageError, ValueError) as exc:
                problems.append(f"Không sao lưu được tệp “{key}”: {exc}")
            progress.advance()
        with (build / OBJECTS_INDEX).open("w", encoding="utf-8", newline="\n") as out:
            for entry in entries.values():
                out.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        problems.extend(_check_document_files(build, entries))
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "alembic_revision": revision,
            "source": {"database": dialect, "storage": backends.settings.storage_url.split(":", 1)[0]},
            "tables": {t.name: {"rows": t.rows, "file": t.file, "sha256": t.sha256} for t in dumped},
            "order": [t.name for t in dumped],
            "objects": {
                "count": len(entries),
                "bytes": sum(e["size"] for e in entries.values()),
                "file": OBJECTS_INDEX,
                "sha256": file_sha256(build / OBJECTS_INDEX),
            },
            "problems": problems,
        }
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        (build / MANIFEST).write_bytes(manifest_bytes)
        (build / SIGNATURE).write_text(sign_manifest(backends, manifest_bytes), encoding="ascii")
        _make_private(build)
        _finish(build, destination, archive, passphrase)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    result = BackupResult(
        destination,
        {t.name: t.rows for t in dumped},
        len(entries),
        manifest["objects"]["bytes"],  # type: ignore[index]
        problems,
    )
    if problems:
        raise BackupIncomplete(
            f"Đã ghi bản sao lưu vào “{destination}” nhưng có {len(problems)} vấn đề: {problems[0]}",
            detail=result.as_json(),
        )
    return result


def _finish(build: Path, destination: Path, archive: Path | None, passphrase: str | None) -> None:
    if archive is None:
        if destination.exists():
            destination.rmdir()  # checked empty in _prepare
        os.replace(build, destination)
        return
    partial = archive.with_name(f".{archive.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    try:
        with open(fd, "wb") as out:
            sink: Any = EncryptingWriter(out, passphrase) if passphrase is not None else out
            with tarfile.open(fileobj=sink, mode="w|" if passphrase is not None else "w") as tar:
                for path in sorted(build.rglob("*")):
                    tar.add(path, arcname=str(path.relative_to(build)), recursive=False)
            if passphrase is not None:
                sink.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, archive)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    shutil.rmtree(build)
