"""Test data for the storage suites."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator


def chunks(total_mb: int, seed: int = 0) -> Iterator[bytes]:
    """``total_mb`` MiB generated one MiB at a time (never the whole object in memory); every MiB differs,
    so a swapped, lost or repeated piece changes the digest. The same arguments give the same bytes."""
    block = bytearray(bytes(range(256)) * 4096)
    for index in range(total_mb):
        block[:8] = (index + seed * 1_000_003).to_bytes(8, "big")
        yield bytes(block)


def sha256_of(pieces: Iterator[bytes]) -> str:
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece)
    return digest.hexdigest()
