"""Reports benchmark: a year's sổ văn bản đến exported as XLSX and PDF, and the handling statistics.

    .venv/bin/python bench/reports_bench.py [--documents 3000] [--database-url URL] [--pdf-rows 500]

Fills a fresh database (a temporary SQLite file unless --database-url names an empty, migrated one) with
one agency, five units and `--documents` incoming documents spread over the year — each assigned to a unit,
two thirds completed (some late), the rest open — then times, as the agency's leader: the register's rows
plus the XLSX workbook, the statistics per unit, and one PDF conversion by LibreOffice of the first
`--pdf-rows` rows (a PDF of thousands of rows is possible but not what a clerk prints).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.db.migrate import upgrade
from eoffice.db.session import make_engine, make_session_factory
from eoffice.documents.kinds import DocumentKind, DocumentStatus, DocumentType, Secrecy, Urgency
from eoffice.documents.models import Document
from eoffice.incoming.models import Assignment, AssignmentRole, AssignmentStatus
from eoffice.orgs.models import Agency, Department, Role, RoleAssignment, User
from eoffice.registers import ensure_register
from eoffice.reports import Period, handling_statistics, register_report, write_xlsx
from eoffice.reports.pdf import xlsx_to_pdf

TIMEZONE = "Asia/Ho_Chi_Minh"
UNITS = ["Phòng Nội vụ", "Phòng Tài chính", "Phòng Đào tạo", "Văn phòng", "Phòng Y tế"]


def _fill(session: Session, documents: int, year: int) -> tuple[User, int]:
    agency = Agency(code="000.00.00.B01", name="Ủy ban nhân dân tỉnh Thử nghiệm", abbreviation="UBND")
    session.add(agency)
    session.flush()
    units = [Department(agency_id=agency.id, name=name, abbreviation=f"P{i}") for i, name in enumerate(UNITS)]
    session.add_all(units)
    leader = User(
        username="lanhdao",
        full_name="Nguyễn Văn An",
        password_hash="-",
        agency_id=agency.id,
        position="Chủ tịch",
    )
    leader.roles = [RoleAssignment(agency_id=agency.id, role=Role.LEADER)]
    session.add(leader)
    session.flush()
    register_id = ensure_register(session, agency.id, DocumentKind.INCOMING, year)
    rng = random.Random(7)
    start = datetime(year, 1, 1, 1, tzinfo=UTC)
    for number in range(1, documents + 1):
        arrived = start + timedelta(minutes=number * (360 * 24 * 60 // documents))
        deadline = arrived.date() + timedelta(days=rng.randint(3, 20))
        completed = rng.random() < 2 / 3 and arrived + timedelta(days=1) < datetime.now(UTC)
        done_at = arrived + timedelta(days=rng.uniform(0.5, 25)) if completed else None
        document = Document(
            kind=DocumentKind.INCOMING,
            agency_id=agency.id,
            title=f"V/v triển khai nhiệm vụ số {number} về cải cách hành chính và chuyển đổi số năm {year}",
            doc_type=DocumentType.CONG_VAN,
            urgency=Urgency.NORMAL,
            secrecy=Secrecy.NONE,
            status=DocumentStatus.COMPLETED if completed else DocumentStatus.ASSIGNED,
            number=str(rng.randint(1, 999)),
            symbol="SNV-CCHC",
            issuer="Sở Nội vụ",
            issue_date=arrived.date() - timedelta(days=2),
            deadline=deadline,
            register_id=register_id,
            register_number=number,
            arrived_at=arrived,
            completed_at=done_at,
            created_by_id=leader.id,
        )
        session.add(document)
        session.flush()
        session.add(
            Assignment(
                document_id=document.id,
                role=AssignmentRole.MAIN,
                department_id=rng.choice(units).id,
                deadline=deadline,
                status=AssignmentStatus.DONE if completed else AssignmentStatus.PENDING,
                assigned_by_id=leader.id,
            )
        )
    session.commit()
    return leader, register_id


def _timed(label: str, action: Callable[[], Any], runs: int) -> Any:
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - began)
    print(f"{label}: median {statistics.median(times) * 1000:.0f} ms over {runs} runs")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--pdf-rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    year = clock.today().year
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        if not args.database_url:
            upgrade(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        with sessions() as session:
            began = time.perf_counter()
            leader, register_id = _fill(session, args.documents, year)
            print(
                f"filled {args.documents} documents in {time.perf_counter() - began:.1f} s ({url.split(':')[0]})"
            )
            period = Period(date(year, 1, 1), date(year, 12, 31))
            report = _timed(
                f"register rows ({args.documents})",
                lambda: register_report(session, leader, register_id, period, timezone=TIMEZONE),
                args.runs,
            )
            workbook = _timed(f"XLSX ({len(report.rows)} rows)", lambda: write_xlsx(report), args.runs)
            print(f"XLSX size: {len(workbook) / 1024:.0f} KiB")
            _timed(
                "statistics (5 units)",
                lambda: handling_statistics(
                    session,
                    leader,
                    leader.agency_id,
                    period,
                    department_id=None,
                    today=clock.today(),
                    timezone=TIMEZONE,
                ),
                args.runs,
            )
            short = write_xlsx(replace(report, rows=report.rows[: args.pdf_rows]))
            pdf = _timed(
                f"PDF via LibreOffice ({min(args.pdf_rows, len(report.rows))} rows)",
                lambda: xlsx_to_pdf(short),
                1,
            )
            print(f"PDF size: {len(pdf) / 1024:.0f} KiB")
        engine.dispose()


if __name__ == "__main__":
    main()
