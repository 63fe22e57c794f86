"""`read_verified` / `stream_verified`: an object is served only as the bytes its owner recorded — with the
bytes flipped behind the store's back, or replaced together with the store's own record — on every adapter."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from storage import ChecksumMismatch, LocalObjectStore, ObjectStore, read_verified, stream_verified
from tests.storage.conftest import Corrupt

CHUNK = 64 << 10


def _payload() -> bytes:
    return os.urandom(3 * CHUNK + 123)


def test_intact_object_is_served_whole(store: ObjectStore, ns: str) -> None:
    data = _payload()
    store.put(f"{ns}a.pdf", data)
    digest = hashlib.sha256(data).hexdigest()

    assert read_verified(store, f"{ns}a.pdf", sha256=digest, size=len(data)) == data
    assert (
        b"".join(stream_verified(store, f"{ns}a.pdf", sha256=digest, size=len(data), chunk_size=CHUNK))
        == data
    )


def test_flipped_bytes_never_reach_the_end_of_the_stream(
    store: ObjectStore, ns: str, corrupt: Corrupt
) -> None:
    data = _payload()
    store.put(f"{ns}b.pdf", data, immutable=True)
    corrupt(f"{ns}b.pdf")
    digest = hashlib.sha256(data).hexdigest()

    received: list[bytes] = []
    with pytest.raises(ChecksumMismatch):
        for chunk in stream_verified(store, f"{ns}b.pdf", sha256=digest, size=len(data), chunk_size=CHUNK):
            received.append(chunk)
    assert sum(map(len, received)) < len(data)  # the last chunk was held back
    with pytest.raises(ChecksumMismatch):
        read_verified(store, f"{ns}b.pdf", sha256=digest, size=len(data))


def test_object_replaced_with_its_record_is_refused_before_any_byte(store: ObjectStore, ns: str) -> None:
    data = _payload()
    store.put(f"{ns}c.pdf", data)
    forged = bytearray(data)
    forged[10] ^= 0xFF
    store.put(f"{ns}c.pdf", bytes(forged))  # the store's own record now matches the forged bytes

    stream = stream_verified(
        store, f"{ns}c.pdf", sha256=hashlib.sha256(data).hexdigest(), size=len(data), chunk_size=CHUNK
    )
    with pytest.raises(ChecksumMismatch):
        next(stream)


def test_local_sidecar_edited_with_the_bytes_is_refused(tmp_path, ns: str) -> None:
    store = LocalObjectStore(tmp_path / "objects")
    data = _payload()
    store.put(f"{ns}d.pdf", data, immutable=True)
    path = store.root / f"{ns}d.pdf"
    path.chmod(0o644)
    forged = bytearray(data)
    forged[len(forged) // 2] ^= 0xFF
    path.write_bytes(bytes(forged))
    side = store.root / ".eoffice" / "meta" / f"{ns}d.pdf.json"
    side.chmod(0o644)
    fields = json.loads(side.read_bytes())
    fields["sha256"] = hashlib.sha256(forged).hexdigest()
    side.write_text(json.dumps(fields))
    assert b"".join(store.get(f"{ns}d.pdf")) == bytes(forged)  # the store alone is fooled

    with pytest.raises(ChecksumMismatch):
        read_verified(store, f"{ns}d.pdf", sha256=hashlib.sha256(data).hexdigest(), size=len(data))
