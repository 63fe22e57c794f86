"""Storage benchmark: put and get through each `ObjectStore` adapter next to the raw baseline.

For S3 the baseline is the raw ``minio`` SDK doing the same against the same server and bucket
(``put_object`` with the same part size, ``get_object().stream``); for local files it is a plain
write+fsync / read of the same bytes. Each line gives the throughput of both and their ratio (goal: the
adapter at >= 0.9x raw). Then, in a fresh subprocess each, the peak RSS of a process uploading 1 GiB
(goal < 150 MB).

    .venv/bin/python bench/storage_bench.py                      # 1 MiB, 100 MiB, 1 GiB
    .venv/bin/python bench/storage_bench.py --sizes 1,100 --repeat 5 --url s3://KEY:SECRET@HOST:PORT/BUCKET

The S3 URL defaults to ``EOFFICE_TEST_S3_URL`` (the test server from ``scripts/services.env``); a bucket
with a random suffix is created for the run and emptied at the end (immutable objects are not used).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage import LocalObjectStore, S3ObjectStore, open_object_store  # noqa: E402

MIB = 1 << 20
DEFAULT_URL = "s3://eoffice:eoffice-secret-key@127.0.0.1:58333/eoffice-bench"


def chunks(size: int) -> Iterator[bytes]:
    """``size`` bytes generated one MiB at a time; each MiB differs."""
    block = bytearray(os.urandom(MIB))
    sent = 0
    index = 0
    while sent < size:
        piece = min(MIB, size - sent)
        block[:8] = index.to_bytes(8, "big")
        yield bytes(block[:piece])
        sent += piece
        index += 1


class ChunkStream:
    """A ``read(n)`` file over `chunks`, for the raw SDK which wants a reader and a length."""

    def __init__(self, size: int):
        self._chunks = chunks(size)
        self._pending = b""

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        while size < 0 or len(out) < size:
            if not self._pending:
                self._pending = next(self._chunks, b"")
                if not self._pending:
                    break
            take = len(self._pending) if size < 0 else min(size - len(out), len(self._pending))
            out += self._pending[:take]
            self._pending = self._pending[take:]
        return bytes(out)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def drain(pieces: Iterator[bytes]) -> int:
    return sum(len(piece) for piece in pieces)


def s3_runs(store: S3ObjectStore, size: int) -> dict[str, Callable[[], object]]:
    client, bucket = store.client, store.bucket
    key_ours, key_raw = f"bench/ours-{size}", f"bench/raw-{size}"

    def raw_get() -> int:
        response = client.get_object(bucket, key_raw)
        try:
            return drain(response.stream(MIB))
        finally:
            response.close()
            response.release_conn()

    return {
        "put ours": lambda: store.put(key_ours, chunks(size)),
        "put raw": lambda: client.put_object(
            bucket, key_raw, ChunkStream(size), size, part_size=store.part_size
        ),
        "get ours": lambda: drain(store.get(key_ours)),
        "get raw": raw_get,
    }


def local_runs(store: LocalObjectStore, folder: Path, size: int) -> dict[str, Callable[[], object]]:
    raw_path = folder / f"raw-{size}"

    def raw_put() -> None:
        with open(raw_path, "wb") as out:
            for piece in chunks(size):
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())

    def raw_get() -> int:
        with open(raw_path, "rb") as source:
            return drain(iter(lambda: source.read(MIB), b""))

    return {
        "put ours": lambda: store.put(f"bench/ours-{size}", chunks(size)),
        "put raw": raw_put,
        "get ours": lambda: drain(store.get(f"bench/ours-{size}")),
        "get raw": raw_get,
    }


def measure(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds per run; ours and raw alternate so drift in the machine hits both alike."""
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name in ("put ours", "put raw", "get ours", "get raw"):
            seconds[name].append(timed(runs[name]))
    return {name: statistics.median(values) for name, values in seconds.items()}


def peak_rss_mb() -> float:
    """This process's own RSS high-water mark (VmHWM). Not ``ru_maxrss``: on Linux that keeps the parent's
    peak across fork+exec, so a child started by a big parent would report the parent's figure."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM not found in /proc/self/status")


def rss_child(kind: str, url: str, size: int) -> None:
    """Run in a subprocess: one put of ``size`` bytes, then print the peak RSS before and after (MB)."""
    if kind == "local":
        folder = tempfile.mkdtemp(prefix="eoffice-bench-")
        local = LocalObjectStore(folder)
        baseline = peak_rss_mb()
        local.put("rss", chunks(size))
        shutil.rmtree(folder)
    else:
        store = open_object_store(url)
        assert isinstance(store, S3ObjectStore)
        baseline = peak_rss_mb()
        if kind == "s3":
            store.put("bench/rss", chunks(size))
        else:
            store.client.put_object(
                store.bucket, "bench/rss-raw", ChunkStream(size), size, part_size=store.part_size
            )
    peak = peak_rss_mb()
    print(json.dumps({"baseline_mb": baseline, "peak_mb": peak}))


def bench_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/eoffice-bench-{secrets.token_hex(3)}", parts.query, ""))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default=os.environ.get("EOFFICE_TEST_S3_URL", DEFAULT_URL))
    parser.add_argument("--sizes", default="1,100,1024", help="object sizes in MiB, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size below 1 GiB (1 GiB runs once)")
    parser.add_argument("--rss-child", choices=["s3", "raw", "local"], help=argparse.SUPPRESS)
    parser.add_argument("--rss-size", type=int, default=1024, help="MiB uploaded by the RSS subprocesses")
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child, args.url, args.rss_size * MIB)
        return

    url = bench_url(args.url)
    s3 = open_object_store(url)
    assert isinstance(s3, S3ObjectStore)
    folder = Path(tempfile.mkdtemp(prefix="eoffice-bench-"))
    local = LocalObjectStore(folder / "store")
    print(f"S3 {s3!r}, part size {s3.part_size >> 20} MiB, {s3.parallel} parallel; local {folder}")
    print("| adapter | size | put MB/s (ours / raw) | put ratio | get MB/s (ours / raw) | get ratio |")
    print("|---|---|---|---|---|---|")
    for size_mb in (int(text) for text in args.sizes.split(",")):
        size = size_mb * MIB
        repeat = 1 if size_mb >= 1024 else args.repeat
        for name, runs in (("s3", s3_runs(s3, size)), ("local", local_runs(local, folder, size))):
            median = measure(runs, repeat)
            rate = {run: size / MIB / seconds for run, seconds in median.items()}
            print(
                f"| {name} | {size_mb} MiB "
                f"| {rate['put ours']:.0f} / {rate['put raw']:.0f} | {rate['put ours'] / rate['put raw']:.2f} "
                f"| {rate['get ours']:.0f} / {rate['get raw']:.0f} | {rate['get ours'] / rate['get raw']:.2f} |",
                flush=True,
            )
        for key in (f"bench/ours-{size}", f"bench/raw-{size}"):
            for version in s3.client.list_objects(s3.bucket, prefix=key, include_version=True):
                s3.client.remove_object(s3.bucket, key, version_id=version.version_id)
    print(f"\nPeak RSS of a process uploading {args.rss_size} MiB (fresh subprocess each):")
    for kind in ("s3", "raw", "local"):
        output = subprocess.run(
            [sys.executable, __file__, "--rss-child", kind, "--url", url, "--rss-size", str(args.rss_size)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        label = {"s3": "S3 adapter", "raw": "raw minio SDK", "local": "local adapter"}[kind]
        print(
            f"- {label}: {figures['peak_mb']:.0f} MB peak (after imports and setup: {figures['baseline_mb']:.0f} MB)"
        )
    for entry in list(s3.client.list_objects(s3.bucket, include_version=True, recursive=True)):
        s3.client.remove_object(s3.bucket, entry.object_name or "", version_id=entry.version_id)
    s3.client.remove_bucket(s3.bucket)
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
