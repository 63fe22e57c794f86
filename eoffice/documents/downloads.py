"""Serving a stored file only as the bytes the database recorded for it.

Bytes changed in the store (with its sidecar, or not) must never reach a reader as the document. A file below
`VERIFY_BEFORE_SENDING` is read and checked whole before anything is sent, and a mismatch is a clear error
(`storage.corrupt`); a larger one is streamed through `storage.stream_verified`, which holds its last chunk
back until the digest is checked, so the response is cut short rather than completed with altered bytes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping

from fastapi.responses import Response, StreamingResponse

from eoffice.errors import EOfficeError
from storage import ChecksumMismatch, ObjectStore, read_verified, stream_verified

log = logging.getLogger(__name__)

VERIFY_BEFORE_SENDING = 4 << 20


class StorageCorrupt(EOfficeError):
    """The stored bytes are not what the database recorded: altered or damaged in the store."""

    status_code = 500
    code = "storage.corrupt"
    message = (
        "Tệp trong kho lưu trữ đã bị thay đổi hoặc hỏng (mã băm SHA-256 không khớp bản đã ghi nhận), nên "
        "không được gửi. Hãy báo quản trị viên khôi phục tệp từ bản sao lưu."
    )


def verified_download(
    store: ObjectStore,
    key: str,
    *,
    sha256: str,
    size: int,
    media_type: str,
    headers: Mapping[str, str],
    verify_before_sending: int = VERIFY_BEFORE_SENDING,
) -> Response:
    """The object as a response, checked against (`sha256`, `size`); see the module docstring."""
    try:
        if size < verify_before_sending:
            body = read_verified(store, key, sha256=sha256, size=size)
            return Response(body, media_type=media_type, headers={**headers, "Content-Length": str(size)})
        chunks = stream_verified(store, key, sha256=sha256, size=size)
        first = next(chunks, b"")  # the store's record is checked before this first chunk
    except ChecksumMismatch as exc:
        log.error("refused to serve corrupt object %s: %s", key, exc.detail)
        raise StorageCorrupt(detail={"key": key}) from exc

    def body_chunks() -> Iterator[bytes]:
        yield first
        try:
            yield from chunks
        except ChecksumMismatch as exc:
            log.error("aborted the download of corrupt object %s: %s", key, exc.detail)
            raise

    return StreamingResponse(
        body_chunks(), media_type=media_type, headers={**headers, "Content-Length": str(size)}
    )
