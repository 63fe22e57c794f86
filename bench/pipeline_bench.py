"""Pipeline benchmark: documents per minute through the whole pipeline (store → extract / OCR / convert →
index) for text PDFs, DOCX drafts and scanned pages, and the delay from upload to searchable.

A real worker (`python -m eoffice worker`) runs on an installation of its own: embedded by default (SQLite,
local files, SQLite FTS5, the SQLite broker and a solo worker) or the production shape when URLs are given.

    .venv/bin/python bench/pipeline_bench.py                        # embedded, 12 documents per kind
    .venv/bin/python bench/pipeline_bench.py --count 20 \\
        --database-url postgresql+psycopg://eoffice:eoffice@127.0.0.1:55432/eoffice_bench \\
        --broker-url redis://127.0.0.1:56379/13 --search-url 'http://127.0.0.1:59200?index=bench' \\
        --storage-url 's3://eoffice:eoffice-secret-key@127.0.0.1:58333/eoffice-bench?secure=false'

Throughput: N documents of one kind registered back to back, minutes from the first upload to the last one
searchable. Delay: one document at a time on an idle worker, upload commit → its index stage done (then a
search finds it), median of `--latency-runs`. The embedded run works in a temporary folder it removes; with
URLs, the database, index, bucket and broker given are used as they are and left for you to drop.
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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from eoffice.backends import Backends  # noqa: E402
from eoffice.db.base import Base  # noqa: E402
from eoffice.db.migrate import upgrade  # noqa: E402
from eoffice.documents.search import search_documents  # noqa: E402
from eoffice.notifications.models import Notification  # noqa: E402
from eoffice.orgs.models import Agency, Role, RoleAssignment, User  # noqa: E402
from eoffice.processing import DocumentProcessing, Stage, Status  # noqa: E402
from eoffice.settings import Settings  # noqa: E402
from eoffice.tasks.app import celery_app, configure  # noqa: E402
from tests.eoffice.factories import register_file  # noqa: E402
from tests.eoffice.pipeline import samples  # noqa: E402

KINDS: dict[str, tuple[str, Callable[[int], bytes]]] = {
    "text PDF": (
        "van-ban.pdf",
        lambda n: samples.text_pdf(f"Báo cáo số {n} về công tác cải cách hành chính"),
    ),
    "DOCX": (
        "du-thao.docx",
        lambda n: samples.docx_draft([f"KẾ HOẠCH số {n}", "Tổ chức hội nghị tổng kết công tác năm 2026"] * 5),
    ),
    "scanned page": (
        "ban-quet.pdf",
        lambda n: samples.scanned_pdf([f"QUYẾT ĐỊNH số {n}", "Về việc phê duyệt kế hoạch bảo vệ đê điều"]),
    ),
}


def _clerk(backends: Backends) -> int:
    with backends.sessions() as session:
        agency = Agency(code="000.00.00.B01", name="UBND tỉnh Benchmark", abbreviation="UBND", place="Bench")
        session.add(agency)
        session.flush()
        user = User(username="vanthu-bench", full_name="Văn thư", password_hash="!", agency_id=agency.id)
        user.roles = [RoleAssignment(agency_id=agency.id, role=Role.CLERK)]
        session.add(user)
        session.commit()
        return user.id


def _indexed(backends: Backends, document_ids: list[int]) -> set[int]:
    with backends.sessions() as session:
        return set(
            session.scalars(
                select(DocumentProcessing.document_id).where(
                    DocumentProcessing.document_id.in_(document_ids),
                    DocumentProcessing.stage == Stage.INDEX,
                    DocumentProcessing.status.in_((Status.DONE, Status.FAILED)),
                )
            )
        )


def _wait(backends: Backends, document_ids: list[int], timeout: float = 1800) -> float:
    deadline = time.monotonic() + timeout
    while len(_indexed(backends, document_ids)) < len(document_ids):
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the worker")
        time.sleep(0.05)
    return time.monotonic()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=12, help="documents per kind for the throughput run")
    parser.add_argument("--latency-runs", type=int, default=3)
    for name in ("database", "storage", "search", "broker"):
        parser.add_argument(f"--{name}-url", default="")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="eoffice-pipeline-bench-"))
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
    tables = [Base.metadata.tables[m.__tablename__] for m in (DocumentProcessing, Notification)]
    Base.metadata.create_all(backends.engine, tables=tables)
    configure(settings)
    celery_app.close()
    clerk_id = _clerk(backends)
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
        warm = register_file(backends, clerk_id, "am-may.pdf", samples.text_pdf("Khởi động"), "Khởi động")
        _wait(backends, [warm])
        print(f"{'kind':<14} {'docs':>5} {'docs/min':>9} {'delay median':>13} {'delay max':>10}")
        for kind, (filename, make) in KINDS.items():
            files = [make(n) for n in range(args.count)]
            started = time.monotonic()
            ids = [register_file(backends, clerk_id, filename, f, f"{kind} {n}") for n, f in enumerate(files)]
            finished = _wait(backends, ids)
            per_minute = len(ids) / ((finished - started) / 60)
            delays = []
            for run in range(args.latency_runs):
                uploaded = time.monotonic()
                document_id = register_file(
                    backends, clerk_id, filename, make(1000 + run), f"{kind} idle {run}"
                )
                delays.append(_wait(backends, [document_id]) - uploaded)
                with backends.sessions() as session:
                    user = session.get(User, clerk_id)
                    assert user is not None
                    _total, hits = search_documents(session, backends.search, user, f"{kind} idle {run}")
                    assert document_id in {h.id for h in hits}, "processed document not found by search"
            print(
                f"{kind:<14} {len(ids):>5} {per_minute:>9.1f} {statistics.median(delays):>12.2f}s "
                f"{max(delays):>9.2f}s"
            )
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        log.close()
        backends.close()
        if not args.database_url:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
