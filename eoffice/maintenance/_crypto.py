"""Passphrase encryption of a backup archive, streamed: scrypt for the key, AES-256-GCM per 1 MiB chunk.

A backup holds password hashes, exchange peers' HMAC secrets and every document, so one that leaves the
machine should be encrypted. The archive is written and read as a stream (backups can be far larger than
memory), in the STREAM construction age and Tink use: each chunk is sealed with a nonce made of a random prefix,
the chunk's number and a last-chunk flag, and the header is authenticated with every chunk, so a changed,
reordered, dropped or truncated chunk fails to open. The primitives are `cryptography`'s; only the framing is
ours. Layout::

    MAGIC  header-length(4)  header JSON  { length(4)  sealed chunk }...
"""

from __future__ import annotations

import base64
import json
import os
import struct
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from eoffice.maintenance.errors import BackupUnreadable

MAGIC = b"EOFFICE-BACKUP-AES256GCM-1\n"
CHUNK = 1 << 20
SCRYPT_N = 1 << 17
SCRYPT_R = 8
SCRYPT_P = 1
_MAX_HEADER = 4096
_PREFIX = 7


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    if not passphrase:
        raise BackupUnreadable("Cần mật khẩu để mã hóa hoặc giải mã bản sao lưu.")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


def is_encrypted(path: os.PathLike[str] | str) -> bool:
    try:
        with open(path, "rb") as stream:
            return stream.read(len(MAGIC)) == MAGIC
    except (IsADirectoryError, FileNotFoundError):
        return False


class EncryptingWriter:
    """A binary writer (for `tarfile` in stream mode) that seals what it is given into `out`."""

    def __init__(self, out: IO[bytes], passphrase: str) -> None:
        salt = os.urandom(16)
        self._prefix = os.urandom(_PREFIX)
        header = {
            "kdf": "scrypt",
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": base64.b64encode(salt).decode("ascii"),
            "nonce_prefix": base64.b64encode(self._prefix).decode("ascii"),
            "chunk": CHUNK,
        }
        self._header = json.dumps(header, sort_keys=True).encode("ascii")
        self._aead = AESGCM(_derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P))
        self._out = out
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        out.write(MAGIC + struct.pack(">I", len(self._header)) + self._header)

    def _seal(self, data: bytes, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), data, self._header)
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1

    def write(self, data: bytes) -> int:
        self._buffer += data
        # Keep at least one byte back so the last chunk written is always the one flagged last.
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True

    def tell(self) -> int:  # tarfile asks in some modes
        return self._counter * CHUNK + len(self._buffer)


class DecryptingReader:
    """A binary reader over an encrypted archive; any change to it raises `BackupUnreadable`."""

    def __init__(self, stream: IO[bytes], passphrase: str) -> None:
        if stream.read(len(MAGIC)) != MAGIC:
            raise BackupUnreadable("Tệp không phải bản sao lưu eOffice đã mã hóa.")
        (length,) = struct.unpack(">I", self._exactly(stream, 4))
        if length > _MAX_HEADER:
            raise BackupUnreadable("Phần đầu của bản sao lưu mã hóa bị hỏng.")
        self._header = self._exactly(stream, length)
        try:
            fields: dict[str, Any] = json.loads(self._header)
            salt = base64.b64decode(fields["salt"])
            self._prefix = base64.b64decode(fields["nonce_prefix"])
            n, r, p = int(fields["n"]), int(fields["r"]), int(fields["p"])
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupUnreadable("Phần đầu của bản sao lưu mã hóa bị hỏng.") from exc
        if fields.get("kdf") != "scrypt" or len(self._prefix) != _PREFIX or n > 1 << 20 or r > 32 or p > 16:
            raise BackupUnreadable("Bản sao lưu mã hóa dùng tham số không được hỗ trợ.")
        self._aead = AESGCM(_derive(passphrase, salt, n, r, p))
        self._stream = stream
        self._counter = 0
        self._plain = b""
        self._done = False

    @staticmethod
    def _exactly(stream: IO[bytes], size: int) -> bytes:
        data = stream.read(size)
        if len(data) != size:
            raise BackupUnreadable("Bản sao lưu mã hóa bị cắt cụt.")
        return data

    def _next(self) -> None:
        (length,) = struct.unpack(">I", self._exactly(self._stream, 4))
        if length > CHUNK + 16:
            raise BackupUnreadable("Bản sao lưu mã hóa bị hỏng.")
        sealed = self._exactly(self._stream, length)
        last = self._stream.peek(1)[:1] == b"" if hasattr(self._stream, "peek") else False
        for flag in (last, not last):
            try:
                self._plain = self._aead.decrypt(
                    _nonce(self._prefix, self._counter, flag), sealed, self._header
                )
            except InvalidTag:
                continue
            if flag != last:  # a last chunk followed by more data, or the stream cut before its last chunk
                raise BackupUnreadable("Bản sao lưu mã hóa bị cắt cụt hoặc bị chèn thêm dữ liệu.")
            self._done = flag
            self._counter += 1
            return
        raise BackupUnreadable("Không giải mã được bản sao lưu: sai mật khẩu, hoặc bản sao lưu đã bị sửa.")

    def read(self, size: int = -1) -> bytes:
        parts: list[bytes] = []
        wanted = size if size is not None and size >= 0 else None
        while wanted is None or wanted > 0:
            if not self._plain:
                if self._done:
                    break
                self._next()
                continue
            take = self._plain if wanted is None else self._plain[:wanted]
            self._plain = self._plain[len(take) :]
            parts.append(take)
            if wanted is not None:
                wanted -= len(take)
        return b"".join(parts)
