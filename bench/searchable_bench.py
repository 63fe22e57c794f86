"""Committed → searchable: how long after a change commits a search finds it, with an idle worker.

Nothing is indexed in a request: the service writes the change's effect in its transaction, the worker's
indexer writes the entry (`eoffice.effects`, `eoffice.processing.changes`). This measures what that costs a
clerk who registers and then searches, and a head of department who was just given a document:

- register: a received PDF is registered (one transaction, as the API does it) → the clerk's search for a
  word of its title finds it;
- assign: the document is assigned to a department → the department head's search finds it (new readers).

A real worker (`python -m eoffice worker`, beat embedded) runs on an installation of its own: embedded by
default (SQLite, local files, SQLite FTS5, the SQLite broker) or the production shape when URLs are given.

    .venv/bin/python bench/searchable_bench.py                        # embedded, 20 changes of each kind
    .venv/bin/python bench/searchable_bench.py --runs 20 \\
        --database-url postgresql+psycopg://eoffice:eoffice@127.0.0.1:55432/eoffice_bench \\
        --broker-url redis://127.0.0.1:56379/13 --search-url 'http://127.0.0.1:59200?index=bench' \\
        --storage-url 's3://eoffice:eoffice-secret-key@127.0.0.1:58333/eoffice-bench?secure=false'

One change at a time, each waited for before the next (an idle worker); the clock starts when the commit
returns and stops at the first search that finds it (searched every 20 ms). Prints p50, p95 and max.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eoffice.backends import Backends  # noqa: E402
from eoffice.db.migrate import upgrade  # noqa: E402
from eoffice.documents.search import search_documents  # noqa: E402
from eoffice.documents.service import Actor  # noqa: E402
from eoffice.incoming import service as incoming  # noqa: E402
from eoffice.incoming.models import AssignmentRole  # noqa: E402
from eoffice.incoming.schemas import AssignmentIn  # noqa: E402
from eoffice.orgs.models import Role, User  # noqa: E402
from eoffice.settings import Settings  # noqa: E402
from eoffice.tasks.app import celery_app, configure  # noqa: E402
from tests.eoffice import factories  # noqa: E402
from tests.eoffice.pipeline import samples  # noqa: E402

POLL = 0.02
GIVE_UP = 60.0


def _found(backends: Backends, user_id: int, word: str, document_id: int) -> bool:
    with backends.sessions() as session:
        user = session.get(User, user_id)
        assert user is not None
        _total, hits = search_documents(session, backends.search, user, word)
        return document_id in {h.id for h in hits}


def _searchable_after(backends: Backends, user_id: int, word: str, document_id: int, since: float) -> float:
    while not _found(backends, user_id, word, document_id):
        if time.monotonic() - since > GIVE_UP:
            raise SystemExit(f"document {document_id} not searchable after {GIVE_UP}s; see the worker log")
        time.sleep(POLL)
    return time.monotonic() - since


def _assign(backends: Backends, clerk_id: int, document_id: int, department_id: int) -> float:
    with backends.sessions() as session:
        actor = Actor(session.get(User, clerk_id))  # type: ignore[arg-type]
        role = AssignmentRole.MAIN
        incoming.assign(session, actor, document_id, [AssignmentIn(role=role, department_id=department_id)])
        session.commit()
    return time.monotonic()


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):>7.2f}s {p95:>7.2f}s {ordered[-1]:>7.2f}s"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20, help="changes of each kind")
    for name in ("database", "storage", "search", "broker"):
        parser.add_argument(f"--{name}-url", default="")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="eoffice-searchable-bench-"))
    settings = Settings(
        environment="test",
        data_dir=data,
        database_url=args.database_url,
        storage_url=args.storage_url,
        search_url=args.search_url,
        broker_url=args.broker_url,
    )
    upgrade(settings.database_url)
    backends = Backends(settings)
    configure(settings)
    celery_app.close()
    with backends.sessions() as session:
        agency = factories.create_agency(session)
        department = factories.create_department(session, agency)
        clerk_id = factories.create_user(session, roles=(Role.CLERK,), agency=agency).id
        head_id = factories.create_user(session, roles=(Role.DEPARTMENT_HEAD,), department=department).id
        department_id = department.id
    env = {
        **os.environ,
        "EOFFICE_DATA_DIR": str(data),
        "EOFFICE_DATABASE_URL": settings.database_url,
        "EOFFICE_STORAGE_URL": settings.storage_url,
        "EOFFICE_SEARCH_URL": settings.search_url,
        "EOFFICE_BROKER_URL": settings.broker_url,
    }
    log = (data / "worker.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "eoffice", "worker"],
        env=env,
        cwd=data,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    print(
        f"backends: {settings.database_url.split(':')[0]}, {settings.broker_url.split(':')[0]}, "
        f"{settings.search_url.split(':')[0]}, {settings.storage_url.split(':')[0]}; worker log {data}/worker.log"
    )
    try:
        warm = f"khoidong{uuid.uuid4().hex[:6]}"
        warm_id = factories.register_file(backends, clerk_id, "am-may.pdf", samples.text_pdf(warm), warm)
        _searchable_after(backends, clerk_id, warm, warm_id, time.monotonic())
        registered: list[float] = []
        assigned: list[float] = []
        for run in range(args.runs):
            word = f"timthay{uuid.uuid4().hex[:8]}"
            pdf = samples.text_pdf(f"Công văn số {run} về việc {word}")
            document_id = factories.register_file(backends, clerk_id, "cong-van.pdf", pdf, f"Công văn {word}")
            registered.append(_searchable_after(backends, clerk_id, word, document_id, time.monotonic()))
            committed = _assign(backends, clerk_id, document_id, department_id)
            assigned.append(_searchable_after(backends, head_id, word, document_id, committed))
        print(f"{'change':<10} {'runs':>5} {'p50':>8} {'p95':>8} {'max':>8}")
        print(f"{'register':<10} {len(registered):>5} {_percentiles(registered)}")
        print(f"{'assign':<10} {len(assigned):>5} {_percentiles(assigned)}")
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        log.close()
        backends.close()
        if not args.database_url:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
