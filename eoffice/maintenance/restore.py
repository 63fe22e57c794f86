"""`eoffice restore SRC`: bring a backup back into an empty installation, whichever backends either uses.

Order: read and verify the backup (decrypt it if it is encrypted; the manifest against its HMAC under the audit
key, every file against the manifest) → migrate the target database to the
backup's schema revision → refuse a target holding data (unless `force`, which empties its tables) → load
every table in one transaction → put every object, checking its SHA-256 on the way in and as the store
reports it → migrate to the current schema → check that every document file is there with its digest and that
the audit chain verifies → rebuild the search index from the restored database.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, text

from eoffice.backends import Backends
from eoffice.maintenance._crypto import DecryptingReader, is_encrypted
from eoffice.maintenance._dump import (
    count_rows,
    empty_tables,
    file_sha256,
    load_table,
    read_rows,
    reflect_tables,
    reset_sequences,
)
from eoffice.maintenance._progress import Progress, Silent
from eoffice.maintenance.backup import FORMAT, FORMAT_VERSION, MANIFEST, SIGNATURE, object_path
from eoffice.maintenance.errors import BackupUnreadable, RestoreFailed, RestoreTargetNotEmpty
from storage import ObjectStore


@dataclass
class RestoreResult:
    tables: dict[str, int]
    objects: int
    indexed: int
    audit_ok: bool
    audit_checked: int
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "tables": dict(self.tables),
            "rows": sum(self.tables.values()),
            "objects": self.objects,
            "indexed": self.indexed,
            "audit": {"ok": self.audit_ok, "checked": self.audit_checked},
            "problems": list(self.problems),
            "ok": not self.problems,
        }


@contextmanager
def opened_backup(source: Path, passphrase: str | None = None) -> Iterator[Path]:
    """The backup's root folder; a `.tar` (encrypted or not) is unpacked into a private temporary folder with
    the safe `data` filter."""
    source = Path(source)
    if source.is_dir():
        yield source
        return
    if source.is_file() and is_encrypted(source):
        if not passphrase:
            raise BackupUnreadable(
                f"“{source}” được mã hóa: cần mật khẩu của bản sao lưu (--passphrase-file)."
            )
        with (
            tempfile.TemporaryDirectory(prefix="eoffice-restore-", dir=source.parent) as tmp,
            source.open("rb") as stream,
        ):
            try:
                with tarfile.open(fileobj=DecryptingReader(stream, passphrase), mode="r|") as archive:  # type: ignore[call-overload]
                    archive.extractall(tmp, filter="data")
            except (tarfile.TarError, OSError) as exc:
                raise BackupUnreadable(f"Không giải nén được “{source}”: {exc}") from exc
            yield Path(tmp)
        return
    if not source.is_file() or not tarfile.is_tarfile(source):
        raise BackupUnreadable(f"“{source}” không phải thư mục hay tệp .tar sao lưu của eOffice.")
    with tempfile.TemporaryDirectory(prefix="eoffice-restore-", dir=source.parent) as tmp:
        try:
            with tarfile.open(source) as archive:
                archive.extractall(tmp, filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise BackupUnreadable(f"Không giải nén được “{source}”: {exc}") from exc
        yield Path(tmp)


def check_signature(root: Path, raw: bytes, key: Any, allow_unsigned: bool) -> None:
    """The manifest's HMAC under the audit key, before anything in it is believed."""
    import hmac

    path = root / SIGNATURE
    if not path.exists():
        if allow_unsigned:
            return
        raise BackupUnreadable(
            "Bản sao lưu không có chữ ký manifest (bản sao lưu cũ, hoặc chữ ký đã bị gỡ); chỉ khôi phục nếu chắc "
            "chắn nguồn gốc, với --allow-unsigned."
        )
    if key is None:
        raise BackupUnreadable(
            "Không có khóa nhật ký của hệ thống đã sao lưu (EOFFICE_AUDIT_KEY hoặc tệp audit.key trong thư mục "
            "dữ liệu) nên không kiểm tra được chữ ký manifest; hãy chép khóa đó sang rồi khôi phục lại."
        )
    try:
        mac = str(json.loads(path.read_text(encoding="ascii"))["mac"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupUnreadable(f"Không đọc được {SIGNATURE} của bản sao lưu: {exc}") from exc
    if not hmac.compare_digest(mac, key.manifest_mac(raw)):
        raise BackupUnreadable(
            "Chữ ký manifest của bản sao lưu không khớp: manifest đã bị sửa, hoặc khóa nhật ký không phải của hệ "
            "thống đã sao lưu. Không khôi phục."
        )


def read_manifest(
    root: Path, progress: Progress | None = None, *, key: Any = None, allow_unsigned: bool = True
) -> dict[str, Any]:
    """The manifest, after checking its signature (see `check_signature`; `restore` always asks for it), the
    format and the checksum of every file in the backup.

    Everything is checked before anything is written, so a damaged backup leaves the target untouched.
    """
    try:
        raw = (root / MANIFEST).read_bytes()
    except OSError as exc:
        raise BackupUnreadable(f"Không đọc được {MANIFEST} của bản sao lưu: {exc}") from exc
    if key is not None or not allow_unsigned:
        check_signature(root, raw, key, allow_unsigned)
    try:
        manifest: dict[str, Any] = json.loads(raw.decode("utf-8"))
    except ValueError as exc:
        raise BackupUnreadable(f"Không đọc được {MANIFEST} của bản sao lưu: {exc}") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupUnreadable("Không phải bản sao lưu eOffice (định dạng hoặc phiên bản không khớp).")
    listed = [(t["file"], t["sha256"]) for t in manifest["tables"].values()]
    listed.append((manifest["objects"]["file"], manifest["objects"]["sha256"]))
    for relative, sha256 in listed:
        path = root / relative
        if not path.is_file() or file_sha256(path) != sha256:
            raise BackupUnreadable(
                f"Tệp “{relative}” của bản sao lưu bị thiếu hoặc bị sửa (mã băm không khớp)."
            )
    return manifest


def _migrate(database_url: str, revision: str | None) -> None:
    from eoffice.db.migrate import upgrade

    try:
        for head in (revision or "heads").split():  # a schema with parallel branches has several heads
            upgrade(database_url, head)
    except Exception as exc:
        raise RestoreFailed(
            f"Không đưa được cơ sở dữ liệu đích về phiên bản lược đồ {revision} của bản sao lưu: {exc}"
        ) from exc


def _check_target(connection: Connection, tables: list[Any], store: ObjectStore, force: bool) -> None:
    counts = {name: n for name, n in count_rows(connection, tables).items() if n}
    has_objects = next(iter(store.list("")), None) is not None
    if (counts or has_objects) and not force:
        held = ", ".join(f"{name} ({n})" for name, n in sorted(counts.items())) or "kho lưu trữ có tệp"
        raise RestoreTargetNotEmpty(
            f"Hệ thống đích đã có dữ liệu: {held}. Dùng --force để xóa dữ liệu hiện có và khôi phục đè.",
            detail={"rows": counts, "objects": has_objects},
        )
    if counts:
        empty_tables(connection, tables)


def _load_database(
    backends: Backends, root: Path, manifest: dict[str, Any], force: bool, progress: Progress
) -> dict[str, int]:
    engine = backends.engine
    loaded: dict[str, int] = {}
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Rows go in table by table; references are checked once everything is in (below).
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        elif connection.dialect.name == "postgresql":
            connection.execute(text("SET TIME ZONE 'UTC'"))
        try:
            tables = reflect_tables(connection)
            by_name = {t.name: t for t in tables}
            missing = sorted(set(manifest["tables"]) - set(by_name))
            if missing:
                raise RestoreFailed(f"Cơ sở dữ liệu đích thiếu bảng: {', '.join(missing)}.")
            _check_target(connection, tables, backends.objects, force)
            total = sum(t["rows"] for t in manifest["tables"].values())
            progress.start("Khôi phục cơ sở dữ liệu", total)
            for table in tables:
                entry = manifest["tables"].get(table.name)
                if entry is None:
                    continue
                try:
                    loaded[table.name] = load_table(connection, table, read_rows(root / entry["file"]))
                except ValueError as exc:
                    raise RestoreFailed(f"Không nạp được bảng {table.name}: {exc}") from exc
                progress.advance(loaded[table.name])
                if loaded[table.name] != entry["rows"]:
                    raise RestoreFailed(
                        f"Bảng {table.name}: nạp {loaded[table.name]} dòng, bản sao lưu ghi {entry['rows']} dòng."
                    )
            reset_sequences(connection, tables)
            if connection.dialect.name == "sqlite":
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RestoreFailed(f"Dữ liệu khôi phục vi phạm khóa ngoại: {broken[:5]}")
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
    return loaded


class _VerifyingReader:
    """A file reader that hashes what it hands out, so a put can be checked against the manifest."""

    def __init__(self, path: Path) -> None:
        self._stream = path.open("rb")
        self.digest = hashlib.sha256()

    def read(self, size: int = -1, /) -> bytes:
        chunk = self._stream.read(size)
        self.digest.update(chunk)
        return chunk

    def close(self) -> None:
        self._stream.close()


def _restore_objects(store: ObjectStore, root: Path, manifest: dict[str, Any], progress: Progress) -> int:
    from storage import ObjectNotFound, StorageError

    entries = list(read_rows(root / manifest["objects"]["file"]))
    progress.start("Khôi phục tệp", len(entries))
    for entry in entries:
        key, sha256 = entry["key"], entry["sha256"]
        try:
            existing = store.stat(key)
        except ObjectNotFound:
            existing = None
        if existing is not None and existing.sha256 == sha256:
            progress.advance()
            continue
        path = object_path(root, sha256)
        if not path.is_file():
            raise BackupUnreadable(f"Bản sao lưu thiếu nội dung của tệp “{key}”.")
        reader = _VerifyingReader(path)
        try:
            stored = store.put(
                key, reader, content_type=entry.get("content_type"), immutable=bool(entry.get("immutable"))
            )
        except StorageError as exc:
            raise RestoreFailed(f"Không ghi được tệp “{key}” vào kho lưu trữ: {exc}") from exc
        finally:
            reader.close()
        if reader.digest.hexdigest() != sha256:
            raise BackupUnreadable(f"Nội dung tệp “{key}” trong bản sao lưu đã bị sửa (mã băm không khớp).")
        if stored.sha256 != sha256 or stored.size != entry["size"]:
            raise RestoreFailed(f"Kho lưu trữ nhận tệp “{key}” với mã băm khác bản sao lưu.")
        progress.advance()
    return len(entries)


def _check_files(backends: Backends, manifest: dict[str, Any], root: Path) -> list[str]:
    """Every document file row has its object, with the row's digest."""
    from eoffice.documents.models import DocumentFile

    digests = {e["key"]: e["sha256"] for e in read_rows(root / manifest["objects"]["file"])}
    problems = []
    with backends.sessions() as session:
        for key, sha256, document_id in session.execute(
            select(DocumentFile.object_key, DocumentFile.sha256, DocumentFile.document_id)
        ):
            if digests.get(key) != sha256:
                problems.append(
                    f"Tệp “{key}” của văn bản {document_id} không có trong bản sao lưu hoặc sai mã băm."
                )
    return problems


def rebuild_index(backends: Backends, progress: Progress | None = None) -> int:
    """Rebuild the whole search index — documents and the legal corpus — from the database."""
    from eoffice.documents.models import Document
    from eoffice.legal import corpus_index_documents

    progress = progress or Silent()
    with backends.sessions() as session, backends.sessions() as reader:
        from sqlalchemy import func

        total = session.scalar(select(func.count()).select_from(Document)) or 0
        progress.start("Lập lại chỉ mục tìm kiếm", total)

        def entries() -> Iterator[Any]:
            from eoffice.processing.indexing import iter_indexed_documents

            for entry in iter_indexed_documents(reader):
                yield entry
                progress.advance()
            yield from corpus_index_documents(session)

        count = int(backends.search.reindex(entries()))
    backends.search.refresh()
    return count


def restore(
    backends: Backends,
    source: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
    passphrase: str | None = None,
    allow_unsigned: bool = False,
) -> RestoreResult:
    """Restore the backup at `source` into the installation `backends` points at (see the module doc).

    The manifest must carry an HMAC under this installation's audit key (the backed-up installation's key,
    moved along with it); `allow_unsigned` accepts a backup without one (made before backups were signed).
    """
    from eoffice.audit import audit_key, verify_chain

    progress = progress or Silent()
    with backends.sessions() as session:
        key = audit_key(session, create=False)
    with opened_backup(Path(source), passphrase) as root:
        manifest = read_manifest(root, progress, key=key, allow_unsigned=allow_unsigned)
        _migrate(backends.settings.database_url, manifest.get("alembic_revision"))
        tables = _load_database(backends, root, manifest, force, progress)
        objects = _restore_objects(backends.objects, root, manifest, progress)
        _migrate(backends.settings.database_url, None)
        problems = _check_files(backends, manifest, root)
    with backends.sessions() as session:
        audit = verify_chain(session)
    if not audit.ok:
        problems.append(f"Chuỗi nhật ký không toàn vẹn tại bản ghi {audit.broken_seq}: {audit.reason}")
    indexed = rebuild_index(backends, progress)
    return RestoreResult(tables, objects, indexed, audit.ok, audit.checked, problems)
