"""The web application in real Chromium against a real server on the embedded backends.

Builds `frontend/` (scripts/frontend.sh), creates the demo agency in a fresh data directory, starts
`eoffice serve` on a free loopback port, and runs the end-to-end suite `frontend/e2e/run.mjs` (playwright-core
driving the system's Chromium). The suite's own output says which user story failed; screenshots of every main
screen are left in `test-artifacts/screenshots/`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from eoffice.demo import AGENCY_PIN_HOLDER, USERS, demo_password, demo_signing_pin
from tests.services import services_required

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SECRET = "e2e-secret-key-only-for-the-browser-suite-0123456789"
EMBEDDED_DEFAULTS = (
    "EOFFICE_DATABASE_URL",
    "EOFFICE_STORAGE_URL",
    "EOFFICE_SEARCH_URL",
    "EOFFICE_BROKER_URL",
)


def _need(condition: bool, message: str) -> None:
    if condition:
        return
    if services_required():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(data_dir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in EMBEDDED_DEFAULTS}
    env.update(
        EOFFICE_DATA_DIR=str(data_dir),
        EOFFICE_SECRET_KEY=SECRET,
        EOFFICE_ENVIRONMENT="test",
        EOFFICE_HOST="127.0.0.1",
        EOFFICE_PORT=str(port),
    )
    return env


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"eoffice serve exited with code {process.returncode} before answering")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"eoffice serve did not answer at {url} within {timeout:.0f} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _need(shutil.which("node") is not None and shutil.which("npm") is not None, "Node.js and npm are needed")
    _need(Path(CHROMIUM).exists(), f"Chromium is needed at {CHROMIUM} (apt-get install chromium)")
    subprocess.run(["bash", str(ROOT / "scripts" / "frontend.sh"), "build"], check=True, cwd=ROOT)

    data_dir = tmp_path_factory.mktemp("e2e-data")
    port = _free_port()
    env = _server_env(data_dir, port)
    subprocess.run(
        [sys.executable, "-m", "eoffice", "demo"], check=True, cwd=ROOT, env=env, capture_output=True
    )
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "eoffice", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the server and its embedded worker form one group, stopped together
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def test_deep_links_load_the_application(server: str) -> None:
    """A link pasted from a chat (/van-ban-den/12) opens the app, not a 404; unknown API paths stay JSON 404s."""
    with urllib.request.urlopen(f"{server}/van-ban-den/12", timeout=10) as response:
        assert response.status == 200
        assert '<div id="root">' in response.read().decode()
    with pytest.raises(urllib.error.HTTPError) as not_found:
        urllib.request.urlopen(f"{server}/api/v1/khong-co", timeout=10)
    assert not_found.value.code == 404
    assert json.loads(not_found.value.read())["code"]


@pytest.mark.timeout(420)
def test_user_stories_in_chromium(server: str) -> None:
    """Clerk, specialist, head of department and leader take documents through their whole path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        EOFFICE_E2E_BASE_URL=server,
        EOFFICE_E2E_PASSWORDS=json.dumps({u.username: demo_password(SECRET, u.username) for u in USERS}),
        EOFFICE_E2E_PINS=json.dumps(
            {holder: demo_signing_pin(SECRET, holder) for holder in ("lanhdao", AGENCY_PIN_HOLDER)}
        ),
        EOFFICE_E2E_SCREENSHOTS=str(SCREENSHOTS),
        CHROMIUM_PATH=CHROMIUM,
    )
    result = subprocess.run(
        ["node", "e2e/run.mjs"], cwd=FRONTEND, env=env, capture_output=True, text=True, timeout=360
    )
    report = result.stdout + result.stderr
    print(report)
    assert result.returncode == 0, f"the end-to-end suite failed:\n{report}"


def test_unit_and_component_tests() -> None:
    """The Vitest suite (dates, deadlines, API error display, snippets, badges) through the same install."""
    _need(shutil.which("npm") is not None, "Node.js and npm are needed")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "frontend.sh"), "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"Vitest failed:\n{result.stdout}{result.stderr}"
