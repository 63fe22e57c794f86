"""The body of a posted edXML package, read up to the package limit and never buffered beyond it.

Both receivers of packages — the agency's own inbox (`router`) and a province's hub (`hub.app`) — read it
here, so both refuse the same way: a declared `Content-Length` above the limit before a byte is read, a
chunked body as soon as it passes the limit, each with `edxml.too_large`.
"""

from __future__ import annotations

from fastapi import Request

from eoffice.exchange.errors import EdxmlTooLarge

__all__ = ["read_package_body"]


async def read_package_body(request: Request, limit: int) -> bytes:
    """The request body, refused as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise EdxmlTooLarge(f"Gói tin vượt quá giới hạn {limit} byte.")
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise EdxmlTooLarge(f"Gói tin vượt quá giới hạn {limit} byte.")
        chunks.append(chunk)
    return b"".join(chunks)
