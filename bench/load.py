"""Load test: N concurrent users doing what an agency does all day, against a real API on the service stack.

    .venv/bin/python bench/load.py [--users 100] [--duration 600] [--seed-documents 200] [--workers 1] [--json]

Builds its own installation on the test services (`scripts/services.sh up`; URLs from `scripts/services.env`):
a new PostgreSQL database, S3 bucket, Elasticsearch index prefix and Redis database, the demo agency and a
default approval route; starts `eoffice serve` and `eoffice worker` on 127.0.0.1; registers
`--seed-documents` incoming documents; then runs `--users` asyncio clients (httpx) for `--duration` seconds.
Each client repeatedly picks an operation by weight — inbox, open, search, download, register, and the
outgoing path draft → submit → approve → sign — and every call is timed. The report gives, per operation,
the count, errors, p50, p95 and max latency; the exit code is 1 when any call failed. Loopback only: the
script never talks to anything but 127.0.0.1, and stops (and throws away) what it started.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

WEIGHTS = {"inbox": 30, "open": 20, "search": 20, "download": 15, "register": 8, "outgoing": 7}
WORDS = (
    "cải cách hành chính",
    "chuyển đổi số",
    "phòng chống thiên tai",
    "ngân sách",
    "tuyển dụng",
    "đất đai",
)


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def report(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for op in sorted(set(self.latencies) | set(self.errors)):
            values = sorted(self.latencies.get(op, []))
            out[op] = {
                "count": len(values),
                "errors": len(self.errors.get(op, [])),
                "p50_ms": round(statistics.median(values) * 1000, 1) if values else None,
                "p95_ms": round(values[int(0.95 * (len(values) - 1))] * 1000, 1) if values else None,
                "max_ms": round(values[-1] * 1000, 1) if values else None,
            }
            if self.errors.get(op):
                out[op]["error_samples"] = sorted(set(self.errors[op]))[:3]
        return out


@dataclass
class World:
    base_url: str
    vanthu: list[dict[str, str]]
    chuyenvien: list[dict[str, str]]
    lanhdao: list[dict[str, str]]
    readers: list[dict[str, str]]
    documents: list[dict[str, Any]]  # id + first file, registered so far


async def timed(
    stats: Stats, op: str, call: Awaitable[httpx.Response], ok: tuple[int, ...] = (200, 201)
) -> Any:
    started = time.perf_counter()
    try:
        response = await call
    except httpx.HTTPError as exc:
        stats.errors[op].append(f"{type(exc).__name__}: {exc}")
        return None
    elapsed = time.perf_counter() - started
    if response.status_code not in ok:
        stats.errors[op].append(f"{response.status_code}: {response.text[:200]}")
        return None
    stats.latencies[op].append(elapsed)
    return response


def _pdf(label: str) -> bytes:
    from tests.eoffice.maintenance.flows import pdf_bytes

    return pdf_bytes(label)


async def register(client: httpx.AsyncClient, world: World, stats: Stats, rng: random.Random) -> None:
    word = rng.choice(WORDS)
    body = {
        "title": f"Về việc {word} số {rng.randint(1, 10**6)}",
        "doc_type": "cong_van",
        "issuer": "Sở Nội vụ",
    }
    response = await timed(
        stats,
        "register",
        client.post(
            "/api/v1/incoming",
            data={"metadata": json.dumps(body)},
            files=[("files", ("cong-van.pdf", _pdf(f"{rng.random()}"), "application/pdf"))],
            headers=rng.choice(world.vanthu),
        ),
    )
    if response is not None:
        detail = response.json()
        world.documents.append({"id": detail["id"], "file": detail["files"][0]})


async def inbox(client: httpx.AsyncClient, world: World, stats: Stats, rng: random.Random) -> None:
    await timed(
        stats,
        "inbox",
        client.get("/api/v1/incoming", params={"page_size": 20}, headers=rng.choice(world.readers)),
    )


async def open_document(client: httpx.AsyncClient, world: World, stats: Stats, rng: random.Random) -> None:
    document = rng.choice(world.documents)
    await timed(
        stats, "open", client.get(f"/api/v1/incoming/{document['id']}", headers=rng.choice(world.vanthu))
    )


async def search(client: httpx.AsyncClient, world: World, stats: Stats, rng: random.Random) -> None:
    await timed(
        stats,
        "search",
        client.get("/api/v1/search", params={"q": rng.choice(WORDS)}, headers=rng.choice(world.readers)),
    )


async def download(client: httpx.AsyncClient, world: World, stats: Stats, rng: random.Random) -> None:
    document = rng.choice(world.documents)
    await timed(
        stats, "download", client.get(document["file"]["download_path"], headers=rng.choice(world.vanthu))
    )


async def outgoing(client: httpx.AsyncClient, world: World, stats: Stats, rng: random.Random) -> None:
    """Draft → submit → approve → sign, each timed on its own."""
    from tests.eoffice.maintenance.flows import LEADER_PIN, signable_pdf

    specialist, leader = rng.choice(world.chuyenvien), rng.choice(world.lanhdao)
    body = {"title": f"Tờ trình về {rng.choice(WORDS)}", "doc_type": "to_trinh"}
    response = await timed(
        stats,
        "draft",
        client.post(
            "/api/v1/outgoing",
            data={"metadata": json.dumps(body)},
            files={"file": ("du-thao.pdf", signable_pdf(), "application/pdf")},
            headers=specialist,
        ),
    )
    if response is None:
        return
    document_id = response.json()["id"]
    if (
        await timed(
            stats, "submit", client.post(f"/api/v1/outgoing/{document_id}/submit", headers=specialist)
        )
        is None
    ):
        return
    if (
        await timed(
            stats, "approve", client.post(f"/api/v1/outgoing/{document_id}/approve", json={}, headers=leader)
        )
        is None
    ):
        return
    await timed(
        stats,
        "sign",
        client.post(
            f"/api/v1/outgoing/{document_id}/sign",
            json={"level": "B-B", "pin": LEADER_PIN},
            headers=leader,
        ),
    )


OPERATIONS: dict[str, Callable[..., Awaitable[None]]] = {
    "inbox": inbox,
    "open": open_document,
    "search": search,
    "download": download,
    "register": register,
    "outgoing": outgoing,
}


async def user_loop(world: World, stats: Stats, until: float, seed: int) -> None:
    rng = random.Random(seed)
    names, weights = list(WEIGHTS), list(WEIGHTS.values())
    limits = httpx.Limits(max_connections=2)
    async with httpx.AsyncClient(base_url=world.base_url, timeout=120, limits=limits) as client:
        await asyncio.sleep(rng.uniform(0, 2))  # do not all start in the same millisecond
        while time.monotonic() < until:
            await OPERATIONS[rng.choices(names, weights)[0]](client, world, stats, rng)
            await asyncio.sleep(rng.uniform(0.05, 0.5))  # a person's pause between clicks


async def seed_documents(world: World, count: int) -> None:
    stats = Stats()
    async with httpx.AsyncClient(base_url=world.base_url, timeout=120) as client:
        for start in range(0, count, 10):
            await asyncio.gather(
                *(register(client, world, stats, random.Random(start + i)) for i in range(10))
            )
    if stats.errors:
        raise SystemExit(f"seeding failed: {dict(stats.errors)}")


def start_stack(users: int, workers: int = 1) -> tuple[Any, list[Any], World, Callable[[], None]]:
    from tests.eoffice.maintenance import flows
    from tests.faults.processes import AppProcess, free_port
    from tests.services import port_open, service_urls

    urls = service_urls()
    for name, url in (
        ("PostgreSQL", urls.postgres),
        ("S3", urls.s3),
        ("Elasticsearch", urls.elasticsearch),
        ("Redis", urls.redis),
    ):
        if not port_open(url):
            raise SystemExit(f"{name} is not running at {url}; run `bash scripts/services.sh up`")
    tmp = Path(tempfile.mkdtemp(prefix="eoffice-load-"))
    from tests.faults.processes import RedisDatabase

    # A Redis database of its own, emptied (as the fault suite takes one), so a test run beside it is unharmed.
    redis_db = RedisDatabase(urls.redis.rsplit("/", 1)[0])
    redis = redis_db.claim()
    stack = flows.services_stack(tmp / "data", urls.postgres, urls.s3, urls.elasticsearch, redis)
    ids = flows.migrate_and_demo(stack.settings)
    env = flows.cli_env(stack.settings)
    port = free_port()
    serve = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    api = AppProcess("api", serve, env, tmp / "api.log", port)
    worker = AppProcess("worker", ["worker", "--concurrency", "1"], env, tmp / "worker.log")
    for process in (api, worker):
        process.start()
    api.wait_ready()
    worker.wait_ready()
    per_role = max(1, users // 5)
    tokens = {
        name: [flows.bearer(stack.settings, ids[name]) for _ in range(per_role)]
        for name in ("vanthu", "chuyenvien", "lanhdao")
    }
    readers = [
        flows.bearer(stack.settings, ids[name])
        for name in ("vanthu", "lanhdao", "truongphong", "chuyenvien")
        for _ in range(per_role)
    ]
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        flows.create_route(client, flows.bearer(stack.settings, ids["admin"]), ids["lanhdao"])
    world = World(
        f"http://127.0.0.1:{port}", tokens["vanthu"], tokens["chuyenvien"], tokens["lanhdao"], readers, []
    )

    def stop() -> None:
        api.stop()
        worker.stop()
        redis_db.release()
        stack.cleanup()

    return stack, [api, worker], world, stop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=float, default=600.0, help="seconds of load (default 600)")
    parser.add_argument("--seed-documents", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1, help="API processes (`eoffice serve --workers`)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("EOFFICE_ENVIRONMENT", "test")
    started = time.monotonic()
    _stack, _processes, world, stop = start_stack(args.users, args.workers)
    try:
        asyncio.run(seed_documents(world, args.seed_documents))
        stats = Stats()
        until = time.monotonic() + args.duration
        load_started = time.monotonic()

        async def run_all() -> None:
            await asyncio.gather(*(user_loop(world, stats, until, seed) for seed in range(args.users)))

        asyncio.run(run_all())
        elapsed = time.monotonic() - load_started
    finally:
        stop()
    report = stats.report()
    total = sum(v["count"] for v in report.values())
    errors = sum(v["errors"] for v in report.values())
    summary = {
        "users": args.users,
        "duration_s": round(elapsed, 1),
        "requests": total,
        "errors": errors,
        "requests_per_s": round(total / elapsed, 1),
        "operations": report,
        "setup_s": round(load_started - started, 1),
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(
            f"{args.users} users, {elapsed:.0f} s: {total} requests ({total / elapsed:.1f}/s), {errors} errors"
        )
        print(f"{'operation':<10} {'count':>7} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for op, row in report.items():
            print(
                f"{op:<10} {row['count']:>7} {row['errors']:>6} {row['p50_ms']!s:>8} {row['p95_ms']!s:>8} {row['max_ms']!s:>8}"
            )
        for op, messages in stats.errors.items():
            print(f"errors in {op}: {messages[:3]}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
