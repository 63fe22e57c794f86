"""The fault suite's stack: PostgreSQL, Redis, S3 and Elasticsearch, a real `eoffice serve` and `eoffice worker`.

Short run (in `make test`): `EOFFICE_FAULT_RUNS` unset → one run per scenario (upload and indexing only in the
long run), killing the API and the worker only, against the shared test services (a new database, bucket and index prefix, Redis database 9).
The shared Elasticsearch is reached through an `Outage` switch, the short run's search-outage victim.
Long run (`make test-faults`): `EOFFICE_FAULT_RUNS=20 EOFFICE_FAULT_KILL_SERVERS=1` → twenty runs per scenario,
and PostgreSQL, SeaweedFS and Elasticsearch are killed too — the suite's own instances, started by the service
scripts on their own ports under their own state folder (`tests/faults/processes.py`), stopped at the end.
`EOFFICE_FAULT_SEED` fixes the random kill points (default 20261125).

Celery beat runs beside the worker as in production (`compose.yaml`): its sweeps re-send what a kill dropped.
A second agency in the same installation, reached only through the exchange (a DIRECT peer at the suite's
own API, `tests/exchange_partner.py`, set up through the API), receives the exchange scenario's packages; the
exchange back-off is shortened to seconds.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from eoffice.settings import Settings
from eoffice.tasks.queues import INDEX_QUEUE
from tests.eoffice.maintenance import flows
from tests.exchange_partner import EXCHANGE_ENV, Partner, connect_partner
from tests.faults.processes import (
    AppProcess,
    Outage,
    RedisDatabase,
    ServiceServer,
    free_port,
    own_services,
    own_urls,
)
from tests.services import require, service_urls

RUNS = int(os.environ.get("EOFFICE_FAULT_RUNS", "1"))
KILL_SERVERS = os.environ.get("EOFFICE_FAULT_KILL_SERVERS", "") not in ("", "0", "false", "no")
SEED = int(os.environ.get("EOFFICE_FAULT_SEED", "20261125"))
USERS = ("admin", "vanthu", "chuyenvien", "truongphong", "lanhdao")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "faults: kills real processes and servers (tests/faults)")


@dataclass
class FaultStack:
    settings: Settings
    api: AppProcess
    worker: AppProcess
    index_worker: AppProcess  # the index queue's own worker, as in compose.yaml
    beat: AppProcess
    servers: dict[str, ServiceServer | Outage]
    ids: dict[str, int]
    redis: RedisDatabase
    users: dict[str, dict[str, str]] = field(default_factory=dict)
    partner: Partner | None = None  # the outside agency the exchange scenario releases to

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.api.port}"

    def victim(self, name: str) -> Any:
        return {"api": self.api, "worker": self.worker, **self.servers}[name]

    def ensure_running(self) -> None:
        """Start whatever is down (servers first), and wait until the API answers."""
        self.redis.refresh()
        for server in self.servers.values():
            server.start()
        for process in (self.worker, self.index_worker, self.beat, self.api):
            if process.process is None or process.process.poll() is not None:
                process.start()
        self.api.wait_ready()
        self.worker.wait_ready()
        self.index_worker.wait_ready()
        self.beat.wait_ready()


@pytest.fixture(scope="session")
def fault_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultStack]:
    root = tmp_path_factory.mktemp("faults")
    servers: dict[str, ServiceServer | Outage] = {}
    services_dir: Path | None = None
    if KILL_SERVERS:
        # Outside pytest's temporary root: any pytest session starting meanwhile makes that root private
        # again (mode 0700), and the servers' own OS users (postgres) would lose their way to their data.
        services_dir = Path(tempfile.mkdtemp(prefix="eoffice-faults-"))
        servers = own_services(services_dir)
        for server in servers.values():
            server.start()
        urls = own_urls()
    else:
        shared = service_urls()
        urls = {"postgres": shared.postgres, "s3": shared.s3, "elasticsearch": shared.elasticsearch}
        for name, url in urls.items():
            require(name, url)
        # The shared Elasticsearch is reached through an outage switch, so the search-outage scenario can
        # "kill" it for this stack alone.
        es = urlsplit(urls["elasticsearch"])
        outage = Outage("elasticsearch", es.hostname or "127.0.0.1", es.port or 9200)
        outage.start()
        servers["elasticsearch"] = outage
        urls["elasticsearch"] = urlunsplit(es._replace(netloc=f"127.0.0.1:{outage.port}"))
    require("Redis", service_urls().redis)
    redis_db = RedisDatabase(service_urls().redis.rsplit("/", 1)[0])
    redis = redis_db.claim()
    stack = flows.services_stack(
        root / "data", urls["postgres"], urls["s3"], urls["elasticsearch"], redis, durable=True
    )
    ids = flows.migrate_and_demo(stack.settings)
    env = {**flows.cli_env(stack.settings), **EXCHANGE_ENV}
    logs = root / "logs"
    logs.mkdir()
    port = free_port()
    api = AppProcess(
        "api", ["serve", "--host", "127.0.0.1", "--port", str(port)], env, logs / "api.log", port
    )
    worker = AppProcess("worker", ["worker", "--concurrency", "1"], env, logs / "worker.log")
    index_worker = AppProcess(
        "index-worker",
        ["worker", "--concurrency", "1", "--queues", INDEX_QUEUE, "--name", "eoffice-index"],
        env,
        logs / "index-worker.log",
    )
    beat = AppProcess(
        "beat",
        ["-A", "eoffice.tasks.app", "beat", "--loglevel=INFO", f"--schedule={root / 'celerybeat-schedule'}"],
        {**env, "PYTHONUNBUFFERED": "1"},
        logs / "beat.log",
        module="celery",
        ready_text=b"celery beat v",
    )
    fault = FaultStack(stack.settings, api, worker, index_worker, beat, servers, ids, redis_db)
    fault.users = {name: flows.bearer(stack.settings, ids[name]) for name in USERS}
    try:
        fault.ensure_running()
        import httpx

        with httpx.Client(base_url=fault.base_url, timeout=60) as client:
            flows.create_route(client, fault.users["admin"], ids["lanhdao"])
        with httpx.Client(base_url=fault.base_url, headers=fault.users["admin"], timeout=60) as admin:
            fault.partner = connect_partner(admin, fault.base_url)
        yield fault
    finally:
        for server in servers.values():
            server.start()  # a run may have ended with one of them killed
        api.stop()
        worker.stop()
        index_worker.stop()
        beat.stop()
        redis_db.release()
        try:
            stack.cleanup()
        finally:
            failures = []
            for server in servers.values():
                try:
                    server.stop()
                except RuntimeError as exc:  # stop the others all the same
                    failures.append(exc)
            if services_dir is not None:
                shutil.rmtree(services_dir, ignore_errors=True)
            if failures:
                raise failures[0]
