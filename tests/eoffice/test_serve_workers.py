"""`eoffice serve --workers N`: a province's server runs several API processes on one port. What one process
learns (a sign-in, a login failure) the others know, because it lives in the database; and stopping the
server stops every process and frees the port."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx

from eoffice.orgs.models import Role
from eoffice.settings import Settings
from tests.eoffice.factories import DEFAULT_PASSWORD
from tests.faults.processes import AppProcess, free_port, port_open

WORKERS = 2


def _api_processes(pid: int) -> list[int]:
    """The API processes `pid` started (Linux /proc; multiprocessing's resource tracker is not one)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    children = [int(child) for child in path.read_text().split()] if path.exists() else []
    return [child for child in children if b"spawn_main" in _command_line(child)]


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # it ended meanwhile
        return b""


def test_several_api_processes_share_sign_in_and_stop_together(
    settings: Settings, make_user, tmp_path: Path
) -> None:
    clerk = make_user(roles=[Role.CLERK])
    port = free_port()
    env = {
        **os.environ,
        "EOFFICE_ENVIRONMENT": "test",
        "EOFFICE_SECRET_KEY": settings.secret_key,
        "EOFFICE_DATA_DIR": str(settings.data_dir),
        "EOFFICE_DATABASE_URL": settings.database_url,
        "EOFFICE_STORAGE_URL": settings.storage_url,
        "EOFFICE_SEARCH_URL": settings.search_url,
    }
    server = AppProcess(
        "api",
        ["serve", "--port", str(port), "--workers", str(WORKERS), "--no-worker"],
        env,
        tmp_path / "api.log",
        port=port,
    )
    server.start()
    try:
        server.wait_ready()
        assert server.process is not None
        deadline = time.monotonic() + 60
        while len(_api_processes(server.process.pid)) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_api_processes(server.process.pid)) == WORKERS, (tmp_path / "api.log").read_text()

        base = f"http://127.0.0.1:{port}/api/v1"
        signed_in = httpx.post(
            f"{base}/auth/login", json={"username": clerk.username, "password": DEFAULT_PASSWORD}
        )
        assert signed_in.status_code == 200, signed_in.text
        cookies = dict(signed_in.cookies)
        # each request on a connection of its own, so the kernel spreads them over the processes
        answers = []
        for _ in range(20):
            with httpx.Client(cookies=cookies) as browser:
                answers.append(browser.get(f"{base}/auth/me"))
        assert [a.status_code for a in answers] == [200] * 20
        assert {a.json()["username"] for a in answers} == {clerk.username}
    finally:
        server.stop()
    assert server.process.returncode is not None
    assert not port_open(port)
