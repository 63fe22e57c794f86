"""`LocalObjectStore`: objects as plain files under one folder — the embedded default (``var/objects``).

Layout, readable with ordinary tools::

    ROOT/<key>                       the bytes, exactly as uploaded (key segments are folders)
    ROOT/.eoffice/meta/<key>.json    sidecar: sha256, size, content type, immutable, created
    ROOT/.eoffice/lock               commit lock (flock), shared by every process using ROOT
    ROOT/.eoffice/secret             HMAC key for download links, made on first use unless one is configured

**Atomic writes.** A put streams into a temp file in the target folder while hashing, fsyncs it, writes the
sidecar the same way, then — holding the exclusive commit lock — checks the key again, renames the data file
into place, fsyncs its folder, and renames the sidecar last, fsyncing that folder too. The sidecar is the
commit point: a key exists exactly when its sidecar does, so a crashed put leaves at most an invisible temp
file. (A crash between the two renames of an *overwrite* leaves new bytes under the old sidecar; the next
read reports `ChecksumMismatch` rather than serving unverified bytes.) Readers take the shared lock only
while they read the sidecar and open the data file; the open descriptor keeps its bytes even if a writer
replaces the file afterwards, so a read never mixes two versions.

**Write-once objects.** ``immutable=True`` marks the sidecar and makes both files read-only (0444); the store
refuses to overwrite or delete them, and because the check and the rename happen under the commit lock, of
concurrent writers to one key exactly one wins.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage import _tokens
from storage._keys import RESERVED_PREFIX, validate_key, validate_prefix
from storage._streams import CHUNK, ObjectReader, as_reader, iterate, read_part
from storage.errors import (
    ChecksumMismatch,
    ImmutableObject,
    InvalidArgument,
    KeyConflict,
    ObjectExists,
    ObjectNotFound,
    StorageConfigError,
    StorageError,
)
from storage.port import DownloadGrant, Health, PutSource, StoredObject

DEFAULT_CONTENT_TYPE = "application/octet-stream"
DEFAULT_DOWNLOAD_BASE = "/api/v1/files/download"
_TMP_PREFIX = RESERVED_PREFIX + "-tmp-"
_SIDE_SUFFIX = ".json"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _utf8_order(key: str) -> bytes:
    return key.encode("utf-8")


class LocalObjectStore:
    """Files under ``root``. ``download_base`` is the app route that serves `download_url` tokens;
    ``download_secret`` (at least 16 bytes) signs them — without it a random secret is kept in ROOT.
    ``clock`` (UTC now) is injectable so token expiry can be tested without waiting."""

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        download_base: str = DEFAULT_DOWNLOAD_BASE,
        download_secret: str | bytes | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.root = Path(root).absolute()
        self._internal = self.root / RESERVED_PREFIX
        self._meta = self._internal / "meta"
        self._lock_path = self._internal / "lock"
        self._download_base = download_base.rstrip("/")
        if isinstance(download_secret, str):
            download_secret = download_secret.encode("utf-8")
        if download_secret is not None and len(download_secret) < 16:
            raise StorageConfigError("Khóa ký liên kết tải xuống phải dài ít nhất 16 byte.")
        self._secret = download_secret
        self._clock = clock
        try:
            self._meta.mkdir(parents=True, exist_ok=True)
            self._lock_path.touch(exist_ok=True)
        except OSError as error:
            raise StorageConfigError(
                "Không tạo được thư mục kho lưu trữ tệp.", detail=f"{self.root}: {error.strerror}"
            ) from error

    def __repr__(self) -> str:
        return f"LocalObjectStore({str(self.root)!r})"

    # --- paths and locking -------------------------------------------------------------------------------

    def _data_path(self, key: str) -> Path:
        return self.root.joinpath(*key.split("/"))

    def _side_path(self, key: str) -> Path:
        parts = key.split("/")
        return self._meta.joinpath(*parts[:-1], parts[-1] + _SIDE_SUFFIX)

    @contextlib.contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield
        finally:
            os.close(fd)

    def _read_side(self, key: str) -> StoredObject | None:
        """The committed record of ``key``, or None when the key does not exist."""
        try:
            raw = self._side_path(key).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        try:
            fields = json.loads(raw)
            return StoredObject(
                key=key,
                size=int(fields["size"]),
                sha256=str(fields["sha256"]),
                content_type=str(fields["content_type"]),
                immutable=bool(fields["immutable"]),
                created=datetime.fromisoformat(fields["created"]),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ChecksumMismatch(key=key, detail="tệp mô tả (sidecar) bị hỏng") from error

    def _temp_file(self, folder: Path, key: str) -> tuple[int, Path]:
        """Create folder (if needed) and an exclusive temp file in it; a concurrent delete may remove an
        empty folder between the two steps, so retry a few times."""
        for _ in range(5):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError) as error:
                raise KeyConflict(key=key, detail="một đoạn của đường dẫn là tệp") from error
            path = folder / f"{_TMP_PREFIX}{secrets.token_hex(8)}"
            try:
                return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600), path
            except FileNotFoundError:
                continue
        raise StorageError("Không tạo được tệp tạm trong kho lưu trữ.", key=key)

    # --- writes ----------------------------------------------------------------------------------------

    def put(
        self,
        key: str,
        source: PutSource,
        *,
        content_type: str | None = None,
        immutable: bool = False,
    ) -> StoredObject:
        key = validate_key(key)
        reader = as_reader(source)
        created = self._clock()
        self._refuse_write(key, self._read_side(key), immutable)
        data_path, side_path = self._data_path(key), self._side_path(key)
        if data_path.is_dir():
            raise KeyConflict(key=key, detail="đã có thư mục cùng tên")
        temps: list[Path] = []
        try:
            fd, data_tmp = self._temp_file(data_path.parent, key)
            temps.append(data_tmp)
            digest = hashlib.sha256()
            size = 0
            with open(fd, "wb", buffering=0) as out:
                while chunk := read_part(reader, CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    view = memoryview(chunk)
                    while view:
                        written = out.write(view)
                        view = view[written or 0 :]
                os.fsync(out.fileno())
            stored = StoredObject(
                key=key,
                size=size,
                sha256=digest.hexdigest(),
                content_type=content_type or DEFAULT_CONTENT_TYPE,
                immutable=immutable,
                created=created,
            )
            fd, side_tmp = self._temp_file(side_path.parent, key)
            temps.append(side_tmp)
            with open(fd, "wb") as out:
                out.write(self._side_bytes(stored))
                out.flush()
                os.fsync(out.fileno())
            mode = 0o444 if immutable else 0o644
            os.chmod(data_tmp, mode)
            os.chmod(side_tmp, mode)
            with self._locked(exclusive=True):
                self._refuse_write(key, self._read_side(key), immutable)
                if data_path.is_dir():
                    raise KeyConflict(key=key, detail="đã có thư mục cùng tên")
                os.replace(data_tmp, data_path)
                _fsync_dir(data_path.parent)
                os.replace(side_tmp, side_path)
                _fsync_dir(side_path.parent)
            temps.clear()
            return stored
        finally:
            for leftover in temps:
                leftover.unlink(missing_ok=True)

    @staticmethod
    def _refuse_write(key: str, existing: StoredObject | None, immutable: bool) -> None:
        if existing is None:
            return
        if immutable:
            raise ObjectExists(key=key)
        if existing.immutable:
            raise ImmutableObject(key=key)

    @staticmethod
    def _side_bytes(stored: StoredObject) -> bytes:
        fields = {
            "sha256": stored.sha256,
            "size": stored.size,
            "content_type": stored.content_type,
            "immutable": stored.immutable,
            "created": stored.created.isoformat(),
        }
        return json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")

    def delete(self, key: str) -> None:
        key = validate_key(key)
        with self._locked(exclusive=True):
            existing = self._read_side(key)
            if existing is None:
                raise ObjectNotFound(key=key)
            if existing.immutable:
                raise ImmutableObject(key=key)
            side_path, data_path = self._side_path(key), self._data_path(key)
            side_path.unlink()
            _fsync_dir(side_path.parent)
            data_path.unlink(missing_ok=True)
            _fsync_dir(data_path.parent)
            self._prune(side_path.parent, self._meta)
            self._prune(data_path.parent, self.root)

    @staticmethod
    def _prune(folder: Path, top: Path) -> None:
        """Remove folders left empty by a delete, up to ``top`` (under the commit lock)."""
        while folder != top:
            try:
                folder.rmdir()
            except OSError as error:
                if error.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT):
                    return
                raise
            folder = folder.parent

    # --- reads -----------------------------------------------------------------------------------------

    def stat(self, key: str) -> StoredObject:
        key = validate_key(key)
        with self._locked(exclusive=False):
            stored = self._read_side(key)
        if stored is None:
            raise ObjectNotFound(key=key)
        return stored

    def exists(self, key: str) -> bool:
        key = validate_key(key)
        with self._locked(exclusive=False):
            return self._read_side(key) is not None

    def open(self, key: str) -> ObjectReader:
        key = validate_key(key)
        with self._locked(exclusive=False):
            stored = self._read_side(key)
            if stored is None:
                raise ObjectNotFound(key=key)
            try:
                handle = open(self._data_path(key), "rb", buffering=0)  # noqa: SIM115 - closed by the reader
            except FileNotFoundError as error:
                raise ChecksumMismatch(key=key, detail="thiếu tệp dữ liệu") from error
        return ObjectReader(stored, handle, handle.close)

    def get(self, key: str, chunk_size: int = CHUNK) -> Iterator[bytes]:
        return iterate(self.open(key), chunk_size)

    def list(self, prefix: str = "") -> Iterator[str]:
        prefix = validate_prefix(prefix)
        folder = prefix.rpartition("/")[0]
        start = self._meta.joinpath(*folder.split("/")) if folder else self._meta
        keys = [key for key in self._walk(start, folder) if key.startswith(prefix)]
        return iter(sorted(keys, key=_utf8_order))

    def _walk(self, folder: Path, relative: str) -> Iterator[str]:
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            return
        for entry in entries:
            name = entry.name
            if name.startswith(RESERVED_PREFIX):
                continue
            child = f"{relative}/{name}" if relative else name
            if entry.is_dir(follow_symlinks=False):
                yield from self._walk(Path(entry.path), child)
            elif name.endswith(_SIDE_SUFFIX):
                yield child[: -len(_SIDE_SUFFIX)]

    # --- download links --------------------------------------------------------------------------------

    def _download_secret(self) -> bytes:
        if self._secret is None:
            self._secret = self._load_or_create_secret()
        return self._secret

    def _load_or_create_secret(self) -> bytes:
        path = self._internal / "secret"
        if not path.exists():
            fd, temp = self._temp_file(self._internal, "secret")
            try:
                with open(fd, "w", encoding="ascii") as out:
                    out.write(secrets.token_hex(32))
                    out.flush()
                    os.fsync(out.fileno())
                with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
                    os.link(temp, path)
            finally:
                temp.unlink(missing_ok=True)
        return bytes.fromhex(path.read_text(encoding="ascii").strip())

    def download_url(self, key: str, expires: timedelta, filename: str | None = None) -> str:
        """``<download_base>/<token>``; the app route calls `verify_download` and streams `open(key)`."""
        key = validate_key(key)
        _tokens.check_expiry(expires)
        self.stat(key)
        if filename is not None and not isinstance(filename, str):
            raise InvalidArgument("Tên tệp tải xuống phải là chuỗi ký tự.")
        return f"{self._download_base}/{_tokens.issue(self._download_secret(), key, expires, filename, self._clock())}"

    def verify_download(self, token: str) -> DownloadGrant:
        return _tokens.verify(self._download_secret(), token, self._clock())

    def verify_download_token(self, token: str) -> str:
        return self.verify_download(token).key

    def health(self) -> Health:
        usable = self._meta.is_dir() and os.access(self.root, os.W_OK) and os.access(self._meta, os.W_OK)
        if not usable:
            return Health("local", False, "thư mục kho lưu trữ không tồn tại hoặc không ghi được")
        free = os.statvfs(self.root)
        free_mb = free.f_bavail * free.f_frsize // (1 << 20)
        return Health("local", True, f"còn trống {free_mb} MB")
