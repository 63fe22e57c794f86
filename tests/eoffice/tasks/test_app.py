"""The Celery app reads the settings when it is first used, not when it is imported: importing the API, the
CLI and every task module, and creating the app, leaves the working folder empty (it used to get `var/`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_PROBE = """
import json, os, sys
from pathlib import Path

import eoffice.cli, eoffice.exchange.tasks, eoffice.notifications.tasks, eoffice.tasks.outbox, eoffice.tasks.pipeline
from eoffice.api import create_app
from eoffice.settings import Settings
from eoffice.tasks.app import celery_app, configure

data = Path(sys.argv[1])
settings = Settings(environment="test", data_dir=data)
create_app(settings).state.backends.close()
before = {"configured": celery_app.configured, "cwd": sorted(os.listdir(".")), "data": data.exists()}
if sys.argv[2] == "chosen":
    configure(settings)
after = {
    "broker": celery_app.conf.broker_url,
    "beat": sorted(celery_app.conf.beat_schedule),
    "cwd": sorted(os.listdir(".")),
}
print(json.dumps({"before": before, "after": after}))
"""


def _probe(tmp_path: Path, mode: str) -> dict[str, dict[str, object]]:
    work = tmp_path / f"work-{mode}"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EOFFICE_")}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tmp_path / f"data-{mode}"), mode],
        cwd=work,
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parents[3])},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, dict[str, object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_importing_and_creating_the_app_configures_nothing_and_makes_no_folder(tmp_path: Path) -> None:
    result = _probe(tmp_path, "default")
    assert result["before"] == {"configured": False, "cwd": [], "data": False}
    # First use reads the one settings object (here its default data folder in the working directory).
    assert result["after"]["cwd"] == ["var"]
    assert result["after"]["broker"] == f"sqla+sqlite:///{tmp_path / 'work-default' / 'var' / 'broker.db'}"
    beat = result["after"]["beat"]
    assert isinstance(beat, list)
    assert {"outbox-sweep", "processing-sweep", "exchange-sweep", "exchange-poll-hubs"} <= set(beat)


def test_settings_chosen_before_first_use_are_the_ones_used(tmp_path: Path) -> None:
    result = _probe(tmp_path, "chosen")
    assert result["before"]["configured"] is False
    assert result["after"]["cwd"] == []
    assert result["after"]["broker"] == f"sqla+sqlite:///{tmp_path / 'data-chosen' / 'broker.db'}"
