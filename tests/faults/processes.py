"""The processes a fault run kills: the API and the worker (our own subprocesses), and — in the long run — the
fault suite's own PostgreSQL, SeaweedFS (S3) and Elasticsearch, started by the project's service scripts on
ports and in a state folder of their own, so the servers other tests use are never touched.

Every kill is `SIGKILL` to a process (group) this suite started, found by the pid it recorded.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"

# The fault suite's own servers (long run only): clear of the defaults in scripts/services.env.
OWN_PORTS = {
    "EOFFICE_PG_PORT": "55632",
    "EOFFICE_S3_PORT": "58533",
    "EOFFICE_WEED_MASTER_PORT": "59031",
    "EOFFICE_WEED_VOLUME_PORT": "59040",
    "EOFFICE_WEED_FILER_PORT": "58988",
    "EOFFICE_WEED_ADMIN_PORT": "48746",
    "EOFFICE_ES_PORT": "59400",
    "EOFFICE_ES_TRANSPORT_PORT": "59500",
    "EOFFICE_ES_HEAP": "512m",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class AppProcess:
    """`eoffice serve`, `eoffice worker` or Celery beat as a subprocess in its own process group."""

    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    port: int | None = None
    process: subprocess.Popen[bytes] | None = None
    log_offset: int = 0  # where this start's output begins in the log
    module: str = "eoffice"  # run as `python -m MODULE ARGS...`
    ready_text: bytes = b" ready."  # without a port: the log line that says it is up

    def start(self) -> None:
        self.log_offset = self.log.stat().st_size if self.log.exists() else 0
        log = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", self.module, *self.args],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=ROOT,
        )
        log.close()

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log}")
            if self.port is None:
                with self.log.open("rb") as stream:
                    stream.seek(self.log_offset)
                    if self.ready_text in stream.read():
                        return
            else:
                try:
                    httpx.get(f"http://127.0.0.1:{self.port}/api/health", timeout=2)
                    return
                except httpx.HTTPError:
                    pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not become ready in {timeout}s; see {self.log}")

    def kill9(self) -> None:
        """`kill -9` the process and everything it started (a worker's pool children)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill9()


@dataclass
class ServiceServer:
    """One of the suite's own servers, run by `scripts/<script>.sh start|stop` under `services_dir`."""

    name: str
    script: str
    pidfile: str  # relative to services_dir
    env: dict[str, str] = field(default_factory=dict)

    def _run(self, action: str) -> None:
        result = subprocess.run(
            ["bash", str(SCRIPTS / f"{self.script}.sh"), action],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{self.script}.sh {action} failed:\n{result.stderr[-3000:]}")

    def start(self) -> None:
        self._run("start")

    def stop(self) -> None:
        self._run("stop")

    def kill9(self) -> None:
        path = Path(self.env["EOFFICE_SERVICES_DIR"]) / self.pidfile
        pid = int(path.read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def own_services(services_dir: Path) -> dict[str, ServiceServer]:
    env = {**os.environ, **OWN_PORTS, "EOFFICE_SERVICES_DIR": str(services_dir), "EOFFICE_SKIP_INSTALL": "1"}
    for name in ("EOFFICE_TEST_POSTGRES_URL", "EOFFICE_TEST_S3_URL", "EOFFICE_TEST_ES_URL"):
        env.pop(name, None)  # derived again from the ports above by scripts/services.env
    return {
        "postgres": ServiceServer("postgres", "postgres", "postgres/postgres.pid", env),
        "s3": ServiceServer("s3", "seaweedfs", "seaweedfs/weed.pid", env),
        "elasticsearch": ServiceServer(
            "elasticsearch", "elasticsearch", "elasticsearch/elasticsearch.pid", env
        ),
    }


def own_urls() -> dict[str, str]:
    p = OWN_PORTS
    return {
        "postgres": f"postgresql+psycopg://eoffice:eoffice@127.0.0.1:{p['EOFFICE_PG_PORT']}/eoffice",
        "s3": f"s3://eoffice:eoffice-secret-key@127.0.0.1:{p['EOFFICE_S3_PORT']}/eoffice-faults",
        "elasticsearch": f"http://127.0.0.1:{p['EOFFICE_ES_PORT']}",
    }


# Redis databases the fault suite may take (0 is the default, 10 the load benchmark's, 11 the pipeline tests').
REDIS_DATABASES = (12, 13, 14, 15, 9)  # 9 last: older checkouts of this suite use it unlocked
_REDIS_LOCK = "eoffice-faults:owner"
_REDIS_LOCK_SECONDS = 3 * 3600  # refreshed by every run; outlives a session that died without releasing it


@dataclass
class RedisDatabase:
    """A Redis database this session holds alone: two sessions sharing one (the lead's `make test` and a long
    run, say) would each have their worker take the other's tasks — run against the wrong database, as no-ops —
    and their sweepers would never see the work done."""

    server_url: str  # redis://host:port, without a database
    url: str = ""
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    def claim(self) -> str:
        import redis as redis_client

        for db in REDIS_DATABASES:
            client = redis_client.Redis.from_url(f"{self.server_url}/{db}")
            try:
                if client.set(_REDIS_LOCK, self.token, nx=True, ex=_REDIS_LOCK_SECONDS):
                    for key in client.scan_iter():  # no message left over from an earlier session
                        if key != _REDIS_LOCK.encode():
                            client.delete(key)
                    self.url = f"{self.server_url}/{db}"
                    return self.url
            finally:
                client.close()
        raise RuntimeError(f"every Redis database the fault suite may use is taken: {REDIS_DATABASES}")

    def refresh(self) -> None:
        self._locked(lambda client: client.expire(_REDIS_LOCK, _REDIS_LOCK_SECONDS))

    def release(self) -> None:
        self._locked(lambda client: client.delete(_REDIS_LOCK))

    def _locked(self, action: object) -> None:
        import redis as redis_client

        if not self.url:
            return
        client = redis_client.Redis.from_url(self.url)
        try:
            if client.get(_REDIS_LOCK) == self.token.encode():
                action(client)  # type: ignore[operator]
        finally:
            client.close()


class Outage:
    """The shared Elasticsearch as the short run's victim, without touching the server other tests use: the
    stack reaches it only through this TCP forwarder, and `kill9` closes the listener and cuts every open
    connection — to the API and the worker exactly what a killed server looks like (refused, reset). `start`
    listens again on the same port (the server's data was never lost, as after a real restart)."""

    def __init__(self, name: str, target_host: str, target_port: int) -> None:
        self.name = name
        self.target = (target_host, target_port)
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self._lock:
            if self._listener is not None:
                return
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(64)
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed by kill9/stop
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    upstream.close()
                    return
                self._open |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            with self._lock:
                self._open -= {source, sink}

    def kill9(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            connections, self._open = self._open, set()
        if listener is not None:
            listener.close()
        for sock in connections:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def stop(self) -> None:
        self.kill9()
