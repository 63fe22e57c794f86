"""The audit key: a secret the database does not hold, so a chain edited and recomputed in SQL shows.

The hash chain alone only proves that records were not changed *without recomputing the hashes after them*;
anyone who can write to the database can recompute them. Every record therefore also carries an HMAC of its
hash under this key, and the chain head an HMAC of (last seq, last hash), which also shows records cut from the
end. The key comes from `EOFFICE_AUDIT_KEY`, or else from `<data dir>/audit.key`, created with mode 0600 the first
time it is needed. It is never written to the database nor into a backup: moving an installation means moving
this key too (like `EOFFICE_SECRET_KEY`).

The key file also records `legacy_until`, the last record written before the key existed (read under the chain
head's lock when the file is made). Records up to it verify under the old, keyless rule; a record after it
without a MAC is a forgery, so stripping the MACs and recomputing the chain does not downgrade it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from eoffice.errors import EOfficeError

KEY_FILE = "audit.key"
_RECORD_DOMAIN = b"eoffice-audit-record-v2\x00"
_HEAD_DOMAIN = b"eoffice-audit-head-v2\x00"
_MANIFEST_DOMAIN = b"eoffice-backup-manifest-v1\x00"


class AuditKeyError(EOfficeError):
    """The key cannot be read or made (a broken key file, an unwritable data folder, a key too short)."""

    status_code = 500
    code = "audit.key"
    message = "Không đọc được khóa bảo vệ nhật ký hệ thống."


@dataclass(frozen=True)
class AuditKey:
    """The secret and what it says about the chain: `legacy_until` is the last seq written before the key
    existed (None when the key comes from a setting, where that is not known)."""

    secret: bytes
    legacy_until: int | None
    source: str

    def _mac(self, domain: bytes, message: str) -> str:
        return hmac.new(self.secret, domain + message.encode("utf-8"), hashlib.sha256).hexdigest()

    def record_mac(self, record_hash: str) -> str:
        return self._mac(_RECORD_DOMAIN, record_hash)

    def head_mac(self, seq: int, last_hash: str) -> str:
        return self._mac(_HEAD_DOMAIN, f"{seq}:{last_hash}")

    def manifest_mac(self, manifest: bytes) -> str:
        """HMAC of a backup manifest's exact bytes (kept in the backup beside it)."""
        return hmac.new(self.secret, _MANIFEST_DOMAIN + manifest, hashlib.sha256).hexdigest()


def _secret_from_setting(value: str) -> bytes:
    text = value.strip()
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = text.encode("utf-8")
    if len(secret) < 32:
        raise AuditKeyError("EOFFICE_AUDIT_KEY phải dài ít nhất 32 byte (ví dụ 64 ký tự hex).")
    return secret


class KeySource:
    """Where one installation's key lives; loads it once, creates the file on first need."""

    def __init__(self, setting: str, data_dir: Path) -> None:
        self._setting = setting
        self.path = Path(data_dir).resolve() / KEY_FILE
        self._key: AuditKey | None = None
        self._lock = threading.Lock()

    def get(self, current_seq: Callable[[], int] | None = None) -> AuditKey | None:
        """The key; when the file is missing it is created if `current_seq` (the chain's last seq, read
        under the head lock) is given, else None."""
        if self._key is not None:
            return self._key
        with self._lock:
            if self._key is None:
                self._key = self._load(current_seq)
        return self._key

    def _load(self, current_seq: Callable[[], int] | None) -> AuditKey | None:
        if self._setting:
            return AuditKey(_secret_from_setting(self._setting), None, "setting")
        if not self.path.exists():
            if current_seq is None:
                return None
            self._create(current_seq())
        try:
            fields = json.loads(self.path.read_text(encoding="ascii"))
            secret = bytes.fromhex(fields["key"])
            legacy_until = int(fields["legacy_until"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise AuditKeyError(detail=f"{self.path.name}: {exc}") from exc
        if len(secret) < 32:
            raise AuditKeyError(detail=f"{self.path.name}: khóa quá ngắn")
        return AuditKey(secret, legacy_until, "file")

    def _create(self, legacy_until: int) -> None:
        """Write the file with mode 0600 beside its place, then link it in: of two processes, one wins and
        the other reads the winner's key."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        content = {
            "key": secrets.token_hex(32),
            "legacy_until": legacy_until,
            "created": datetime.now(UTC).isoformat(),
        }
        temp = self.path.with_name(f".{KEY_FILE}.{secrets.token_hex(6)}")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            with open(fd, "w", encoding="ascii") as out:
                out.write(json.dumps(content))
                out.flush()
                os.fsync(out.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(temp, self.path)
        finally:
            temp.unlink(missing_ok=True)


_sources: dict[str, KeySource] = {}
_sources_lock = threading.Lock()


def _normal(database_url: str) -> str:
    return make_url(database_url).render_as_string(hide_password=False)


def use_key(database_url: str, setting: str, data_dir: Path) -> KeySource:
    """Name the key of the installation whose database is `database_url` (called by `Backends`)."""
    with _sources_lock:
        source = _sources.get(_normal(database_url))
        if source is None or source.path != Path(data_dir).resolve() / KEY_FILE or source._setting != setting:
            source = _sources[_normal(database_url)] = KeySource(setting, data_dir)
        return source


def key_source(database_url: str) -> KeySource:
    """The key source registered for this database, else the one the environment's settings name."""
    with _sources_lock:
        source = _sources.get(_normal(database_url))
    if source is not None:
        return source
    from eoffice.settings import get_settings

    settings = get_settings()
    if _normal(settings.database_url) != _normal(database_url):
        raise AuditKeyError(
            "Chưa cấu hình khóa nhật ký cho cơ sở dữ liệu này.",
            detail=make_url(database_url).render_as_string(),
        )
    return use_key(settings.database_url, settings.audit_key, settings.data_dir)
