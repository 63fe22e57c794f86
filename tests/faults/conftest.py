"""The fault suite's stack: PostgreSQL, Redis, S3 and Elasticsearch, a real `eoffice serve` and `eoffice worker`.

Short run (in `make test`): `EOFFICE_FAULT_RUNS` unset → one run per scenario, killing the API and the worker
only, against the shared test services (a new database, bucket and index prefix, Redis database 9).
Long run (`make test-faults`): `EOFFICE_FAULT_RUNS=20 EOFFICE_FAULT_KILL_SERVERS=1` → twenty runs per scenario,
and PostgreSQL, SeaweedFS and Elasticsearch are killed too — the suite's own instances, started by the service
scripts on their own ports under their own state folder (`tests/faults/processes.py`), stopped at the end.
`EOFFICE_FAULT_SEED` fixes the random kill points (default 20261125).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from eoffice.settings import Settings
from tests.eoffice.maintenance import flows
from tests.faults.processes import AppProcess, ServiceServer, free_port, own_services, own_urls
from tests.services import service_urls

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
    servers: dict[str, ServiceServer]
    ids: dict[str, int]
    users: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.api.port}"

    def victim(self, name: str) -> Any:
        return {"api": self.api, "worker": self.worker, **self.servers}[name]

    def ensure_running(self) -> None:
        """Start whatever is down (servers first), and wait until the API answers."""
        for server in self.servers.values():
            server.start()
        for process in (self.worker, self.api):
            if process.process is None or process.process.poll() is not None:
                process.start()
        self.api.wait_ready()
        self.worker.wait_ready()


def _flush(redis_url: str) -> None:
    import redis as redis_client

    client = redis_client.Redis.from_url(redis_url)
    try:
        client.flushdb()
    finally:
        client.close()


@pytest.fixture(scope="session")
def fault_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultStack]:
    root = tmp_path_factory.mktemp("faults")
    servers: dict[str, ServiceServer] = {}
    if KILL_SERVERS:
        servers = own_services(root / "services")
        for server in servers.values():
            server.start()
        urls = own_urls()
    else:
        shared = service_urls()
        urls = {"postgres": shared.postgres, "s3": shared.s3, "elasticsearch": shared.elasticsearch}
        for name, url in urls.items():
            from tests.services import require

            require(name, url)
    redis = service_urls().redis.rsplit("/", 1)[0] + "/9"
    from tests.services import require

    require("Redis", redis)
    _flush(redis)  # the suite's own Redis database: no message left over from an earlier session
    stack = flows.services_stack(
        root / "data", urls["postgres"], urls["s3"], urls["elasticsearch"], redis, durable=True
    )
    ids = flows.migrate_and_demo(stack.settings)
    env = flows.cli_env(stack.settings)
    logs = root / "logs"
    logs.mkdir()
    port = free_port()
    api = AppProcess(
        "api", ["serve", "--host", "127.0.0.1", "--port", str(port)], env, logs / "api.log", port
    )
    worker = AppProcess("worker", ["worker", "--concurrency", "1"], env, logs / "worker.log")
    fault = FaultStack(stack.settings, api, worker, servers, ids)
    fault.users = {name: flows.bearer(stack.settings, ids[name]) for name in USERS}
    try:
        fault.ensure_running()
        import httpx

        with httpx.Client(base_url=fault.base_url, timeout=60) as client:
            flows.create_route(client, fault.users["admin"], ids["lanhdao"])
        yield fault
    finally:
        for server in servers.values():
            server.start()  # a run may have ended with one of them killed
        api.stop()
        worker.stop()
        try:
            stack.cleanup()
        finally:
            for server in servers.values():
                server.stop()
