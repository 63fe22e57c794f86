"""The agency's day is Vietnam's day, whatever the hour and the machine's zone.

Every test here is marked `agency_clock`: it runs on the real clock and again pinned half an hour before and
after the next midnight in Vietnam (17:00 UTC) and in UTC (tests/conftest.py). The expected day is computed
here from the zone database, independently of `eoffice.clock`, so a product path that takes the machine's
date fails at 17:30 UTC. The new-year test pins the one instant where even the year differs.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from fastapi.testclient import TestClient

from eoffice import clock
from eoffice.checks.legal import check_legal_basis
from eoffice.legal import LegalCorpus, starter_records
from eoffice.vietnamese_dates import format_long_date
from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.factories import login

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def vietnam_today() -> date:
    return datetime.now(VIETNAM).date()


def _incoming_register_year(client: TestClient, headers: dict[str, str], register_number: int) -> int:
    registers = client.get("/api/v1/reports/registers", headers=headers).json()
    [found] = [r for r in registers if r["kind"] == "incoming" and r["last_number"] == register_number]
    return int(found["year"])


def _draft(client: TestClient, headers: dict[str, str]) -> dict:  # type: ignore[type-arg]
    response = client.post(
        "/api/v1/drafting/drafts",
        json={
            "template": "cong_van",
            "title": "Về việc báo cáo kết quả cải cách hành chính",
            "place": "Hà Tĩnh",
            "body": ["Đề nghị các phòng báo cáo kết quả."],
            "signer": {"position": "Chủ tịch", "full_name": "Nguyễn Văn An"},
        },
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.agency_clock
def test_the_clock_answers_vietnams_day(pinned_clock: datetime | None) -> None:
    assert clock.today() == vietnam_today()
    assert clock.local_now().utcoffset() == timedelta(hours=7)
    if pinned_clock is not None:
        assert abs(clock.now() - pinned_clock) < timedelta(minutes=5)  # the pin holds in product code too
        assert clock.local_date(pinned_clock) == pinned_clock.astimezone(VIETNAM).date()


@pytest.mark.agency_clock
def test_registration_and_a_new_draft_use_vietnams_day(client: TestClient, office: Office) -> None:
    clerk, author = login(client, office.clerk), login(client, office.specialist)
    doc = register(client, clerk, files=[("scan.pdf", pdf_bytes(), "application/pdf")])
    arrived = datetime.fromisoformat(doc["arrived_at"]).astimezone(VIETNAM).date()
    assert arrived == vietnam_today()
    assert _incoming_register_year(client, clerk, doc["register_number"]) == vietnam_today().year
    assert _draft(client, author)["date_line"] == f"Hà Tĩnh, ngày     tháng     năm {vietnam_today().year}"


@pytest.mark.agency_clock
def test_a_deadline_of_today_is_due_until_midnight_in_vietnam(client: TestClient, office: Office) -> None:
    clerk = login(client, office.clerk)
    today = vietnam_today()
    due_today = register(client, clerk, deadline=str(today))
    due_yesterday = register(client, clerk, deadline=str(today - timedelta(days=1)))
    assert (due_today["overdue"], due_yesterday["overdue"]) == (False, True)
    detail = client.get(f"/api/v1/incoming/{due_today['id']}", headers=clerk).json()
    assert detail["overdue"] is False


@pytest.mark.agency_clock
def test_the_legal_check_judges_on_vietnams_day() -> None:
    year = vietnam_today().year
    draft = (
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố:    /QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"Độc lập - Tự do - Hạnh phúc\nHà Tĩnh, ngày     tháng     năm {year}\nQUYẾT ĐỊNH\n"
        "Về việc ban hành Quy chế công tác văn thư\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n"
        "Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư;\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\n"
    )
    (finding,) = check_legal_basis(draft, corpus=LegalCorpus(starter_records()))
    assert finding.code == "legal.replaced"
    assert f"(tính đến {format_long_date(vietnam_today())})" in finding.message


def test_new_year_in_vietnam_opens_the_new_registers_before_it_is_new_year_in_utc(
    client: TestClient, office: Office
) -> None:
    year = vietnam_today().year + 1
    first_hour = datetime(year, 1, 1, 0, 30, tzinfo=VIETNAM)  # 17:30 UTC on 31 December
    clerk, author = login(client, office.clerk), login(client, office.specialist)
    with time_machine.travel(first_hour, tick=True):
        doc = register(client, clerk, deadline=str(date(year, 1, 1)))
        assert doc["overdue"] is False
        assert _incoming_register_year(client, clerk, doc["register_number"]) == year
        assert _draft(client, author)["date_line"].endswith(f"năm {year}")
