"""Two real installations with real worker processes, each shared by the tests of a module:

- `embedded`: SQLite database, local object files, SQLite FTS5, Celery on the SQLite broker, solo worker
  with embedded beat — what `make run` gives a commune office;
- `redis`: PostgreSQL, S3 (SeaweedFS), Elasticsearch, Celery on Redis (its own db number), prefork worker —
  the production shape.

The worker is `python -m eoffice worker` started with the installation's settings in its environment, killed
(`kill -9` of its process group) or stopped at the end; the test process sends work through the same outbox.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from eoffice.backends import Backends
from eoffice.db.migrate import upgrade
from eoffice.orgs.models import Role, User
from eoffice.processing import DocumentProgress, wait_until_processed
from eoffice.settings import Settings
from tests.eoffice import factories

# `make test` runs two pytest-xdist workers (`--dist loadfile`), and each module here flushes its Redis database:
# one database per worker, clear of the fault suite's (12-15, 9).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
REDIS_TEST_DB = (11, 10, 8, 7, 6, 5)[int(_WORKER.removeprefix("gw") or 0)]
WAIT_SECONDS = 150.0


class WorkerProcess:
    """`python -m eoffice worker` in its own process group, logging to a file the failures quote."""

    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.env = {
            **os.environ,
            "EOFFICE_ENVIRONMENT": "test",
            "EOFFICE_DATA_DIR": str(settings.data_dir),
            "EOFFICE_SECRET_KEY": settings.secret_key,
            "EOFFICE_DATABASE_URL": settings.database_url,
            "EOFFICE_STORAGE_URL": settings.storage_url,
            "EOFFICE_SEARCH_URL": settings.search_url,
            "EOFFICE_BROKER_URL": settings.broker_url,
        }
        self.cwd = settings.data_dir
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "eoffice", "worker", "--concurrency", "2"],
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def kill(self) -> None:
        """`kill -9` the worker and everything it started, as a crash or an OOM killer would."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]


@dataclass
class Installation:
    name: str
    settings: Settings
    backends: Backends
    worker: WorkerProcess
    clerk: User

    def register(self, filename: str, content: bytes, title: str) -> int:
        """Vào sổ one received file as the clerk; the service's effect reaches the worker after the commit."""
        return factories.register_file(self.backends, self.clerk.id, filename, content, title)

    def wait(self, *document_ids: int, timeout: float = WAIT_SECONDS) -> list[DocumentProgress]:
        try:
            return wait_until_processed(self.backends, document_ids, timeout=timeout, poll_interval=0.3)
        except Exception as exc:
            raise AssertionError(f"{exc}\n--- worker log ---\n{self.worker.log_tail()}") from exc


def _use_broker(settings: Settings) -> None:
    """Point the test process's Celery app (used by the outbox after commit) at the installation's broker."""
    from eoffice.tasks.app import celery_app, configure

    configure(settings)
    celery_app.close()
    celery_app.amqp._producer_pool = None  # close() leaves the producers bound to the previous broker


def _postgres_database(server_url: str) -> tuple[str, Callable[[], None]]:
    name = f"eoffice_pipe_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def _drop_elasticsearch_indices(url: str, prefix: str) -> None:
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url)
    try:
        for name in client.indices.get(index=f"{prefix}-*", expand_wildcards="all"):
            client.indices.delete(index=name)
    finally:
        client.close()


def _flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


@pytest.fixture(scope="module", params=["embedded", "redis"])
def installation(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Installation]:
    data = tmp_path_factory.mktemp(f"pipeline-{request.param}")
    cleanups: list[Callable[[], None]] = []
    options: dict[str, Any] = {}
    if request.param == "embedded":
        database_url = f"sqlite:///{data / 'eoffice.db'}"
    else:
        database_url, drop = _postgres_database(request.getfixturevalue("postgres_url"))
        cleanups.append(drop)
        run = uuid.uuid4().hex[:8]
        options["storage_url"] = request.getfixturevalue("s3_url")  # keys hold random parts: no clashes
        es_url = request.getfixturevalue("elasticsearch_url")
        options["search_url"] = f"{es_url}?index=pipe{run}&replicas=0"
        cleanups.append(lambda: _drop_elasticsearch_indices(es_url, f"pipe{run}"))
        redis_url = make_url(request.getfixturevalue("redis_url").replace("redis://", "postgresql://", 1))
        options["broker_url"] = f"redis://{redis_url.host}:{redis_url.port}/{REDIS_TEST_DB}"
        _flush_redis(options["broker_url"])
    settings = Settings(
        environment="test",
        data_dir=data,
        secret_key="eoffice-test-secret-key",
        database_url=database_url,
        **options,
    )
    upgrade(database_url)
    _use_broker(settings)
    backends = Backends(settings)
    with backends.sessions() as session:
        clerk = factories.create_user(session, roles=[Role.CLERK, Role.LEADER])
        session.expunge(clerk)
    worker = WorkerProcess(settings, data / "worker.log")
    worker.start()
    try:
        yield Installation(request.param, settings, backends, worker, clerk)
    finally:
        worker.stop()
        backends.search.close()
        backends.close()
        from eoffice.settings import get_settings

        _use_broker(get_settings())
        for cleanup in reversed(cleanups):
            cleanup()


def wait_for(condition: Callable[[], bool], timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.2)


@pytest.fixture(scope="module")
def pipeline_app(app: FastAPI, settings: Settings) -> Iterator[FastAPI]:
    """The application of `tests/eoffice/conftest.py` (SQLite and PostgreSQL); stages are run in the test
    process (`run_stage`), messages go to a broker nobody consumes."""
    from eoffice.settings import get_settings

    _use_broker(settings)
    yield app
    _use_broker(get_settings())
