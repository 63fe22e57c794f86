"""Streaming helpers shared by the adapters: reading a put source in bounded pieces, and the verifying reader.

Memory stays bounded by the piece size whatever the object size: a put never buffers more than one part per
upload slot, and a read hashes the bytes as they pass through.
"""

from __future__ import annotations

import hashlib
import io
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from storage.errors import ChecksumMismatch, InvalidArgument
from storage.port import PutSource, Readable, StoredObject

CHUNK = 1 << 20


class _ChunkReader:
    """``read(n)`` over an iterable of byte chunks, keeping at most one chunk in hand."""

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks = iter(chunks)
        self._pending = memoryview(b"")

    def read(self, size: int = -1, /) -> bytes:
        if size is None or size < 0:
            return bytes(self._pending) + b"".join(bytes(chunk) for chunk in self._chunks)
        while not self._pending:
            try:
                chunk = next(self._chunks)
            except StopIteration:
                return b""
            if not isinstance(chunk, bytes | bytearray | memoryview):
                raise InvalidArgument("Dữ liệu tải lên phải là các khối byte.", detail=type(chunk).__name__)
            self._pending = memoryview(chunk).cast("B")
        piece, self._pending = self._pending[:size], self._pending[size:]
        return bytes(piece)


def as_reader(source: PutSource) -> Readable:
    """Adapt what `ObjectStore.put` accepts to one ``read(n)`` interface."""
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(source)
    if callable(getattr(source, "read", None)):
        return source  # type: ignore[return-value]
    if isinstance(source, str):
        raise InvalidArgument("Dữ liệu tải lên phải là byte, không phải chuỗi ký tự.")
    if isinstance(source, Iterable):
        return _ChunkReader(source)
    raise InvalidArgument("Không đọc được dữ liệu tải lên.", detail=type(source).__name__)


def read_part(reader: Readable, size: int) -> bytes:
    """Up to ``size`` bytes from ``reader`` (fewer only at the end of the stream), read in ``CHUNK`` pieces
    and joined once, so a part costs about twice its actual size at the moment of joining and no more (no
    buffer of the full part size is allocated for a small object)."""
    pieces: list[bytes] = []
    filled = 0
    while filled < size:
        want = min(CHUNK, size - filled)
        data = reader.read(want)
        if not data:
            break
        if len(data) > want:
            raise InvalidArgument("Luồng dữ liệu trả về nhiều byte hơn số byte được yêu cầu.")
        pieces.append(bytes(data))
        filled += len(data)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


class _BackgroundDigest:
    """SHA-256 computed on a helper thread, so hashing a large object overlaps reading it from the network
    or disk (``hashlib`` and socket reads both release the GIL). At most ``depth`` chunks wait in line."""

    def __init__(self, depth: int = 8):
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=depth)
        self._digest = hashlib.sha256()
        self._thread = threading.Thread(target=self._run, name="eoffice-sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            self._digest.update(item)

    def update(self, data: bytes) -> None:
        self._queue.put(data)

    def hexdigest(self) -> str:
        self.stop()
        return self._digest.hexdigest()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


BACKGROUND_DIGEST_FROM = 8 << 20


class _RawSource(Protocol):
    def readinto(self, buffer: Any, /) -> int | None: ...

    def read(self, size: int = -1, /) -> bytes: ...


class ObjectReader(io.RawIOBase):
    """A streamed object being read; it raises `ChecksumMismatch` when the end is reached and the bytes do
    not match the recorded size and SHA-256. ``object`` describes what is read. A reader closed before the
    end has verified nothing."""

    def __init__(self, stored: StoredObject, source: _RawSource, on_close: Callable[[], None]):
        super().__init__()
        self.object = stored
        self._source = source
        self._on_close = on_close
        self._background = _BackgroundDigest() if stored.size >= BACKGROUND_DIGEST_FROM else None
        self._digest = hashlib.sha256()
        self._seen = 0
        self._verified = False

    def readable(self) -> bool:
        return True

    def _account(self, data: bytes | memoryview) -> None:
        """Hash and count bytes that just passed; ``data`` must not change afterwards when it is bytes."""
        if self._background is not None:
            self._background.update(data if isinstance(data, bytes) else bytes(data))
        else:
            self._digest.update(data)
        self._seen += len(data)
        if self._seen > self.object.size:
            self._fail("có nhiều byte hơn kích thước đã lưu")

    def readinto(self, buffer: Any) -> int:
        if self._verified:
            return 0
        got = self._source.readinto(buffer) or 0
        if got == 0:
            self._verify()
            return 0
        with memoryview(buffer) as view:
            self._account(view[:got])
        return got

    def read(self, size: int | None = -1) -> bytes:
        """Bytes straight from the source's own ``read`` (no extra copy), verified at the end."""
        if size is None or size < 0:
            return self.readall()
        if self._verified or size == 0:
            return b""
        data = bytes(self._source.read(size))
        if not data:
            self._verify()
            return b""
        self._account(data)
        return data

    def readall(self) -> bytes:
        return b"".join(self.iter_chunks())

    def iter_chunks(self, chunk_size: int = CHUNK) -> Iterator[bytes]:
        """The rest of the object in pieces of at most ``chunk_size`` bytes, verified at the end."""
        while piece := self.read(chunk_size):
            yield piece

    def _verify(self) -> None:
        if self._seen != self.object.size:
            self._fail(f"đọc được {self._seen} byte, đã lưu {self.object.size} byte")
        digest = self._background.hexdigest() if self._background is not None else self._digest.hexdigest()
        if digest != self.object.sha256:
            self._fail("mã băm SHA-256 khác bản đã lưu")
        self._verified = True

    def _fail(self, detail: str) -> None:
        raise ChecksumMismatch(key=self.object.key, detail=detail)

    def close(self) -> None:
        if not self.closed:
            try:
                if self._background is not None:
                    self._background.stop()
                self._on_close()
            finally:
                super().close()


def iterate(reader: ObjectReader, chunk_size: int) -> Iterator[bytes]:
    """`ObjectStore.get`: the reader's chunks, closing it however the iteration ends."""
    with reader:
        yield from reader.iter_chunks(chunk_size)
