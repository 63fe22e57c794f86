"""Deadlines in ngày làm việc across Tết 2026, make-up Saturdays, the admin's list of days off, and an agency
that still counts calendar days — through the real API on both databases."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from eoffice import calendar
from eoffice.notifications.models import NotificationKind
from eoffice.notifications.reminders import DueItem, due_for_people
from eoffice.orgs.models import Role
from tests.eoffice.documents.conftest import Office, office, register
from tests.eoffice.factories import create_agency, create_user, login

__all__ = ["office"]

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
API = "/api/v1/admin/calendar"
TET_EVE = date(2026, 2, 13)  # Friday, the last working day before the Tết Bính Ngọ break (14–22/02)


def at(day: date, hour: int = 9) -> time_machine.travel:
    """The agency's clock on that day (morning, Vietnam time)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=VIETNAM), tick=True)


def count_working_days(client: TestClient, office: Office) -> None:
    response = client.put(f"{API}/settings", json={"working_days": True}, headers=login(client, office.admin))
    assert response.status_code == 200, response.text
    assert response.json()["working_days"] is True


def _assign(client: TestClient, office: Office, document_id: int, **deadline: object) -> dict:  # type: ignore[type-arg]
    response = client.post(
        f"/api/v1/incoming/{document_id}/assignments",
        json={"assignments": [{"role": "xu_ly_chinh", "department_id": office.home_affairs.id, **deadline}]},
        headers=login(client, office.leader),
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_the_official_days_of_2026_and_2027_are_the_default(client: TestClient, office: Office) -> None:
    headers = login(client, office.specialist)  # anyone of the agency reads its calendar
    year = client.get(f"{API}/2026", headers=headers).json()
    days = {d["day"]: d for d in year["days"]}
    assert year["customized"] is False and year["working_days"] is False
    for tet in ("2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"):
        assert days[tet]["kind"] == "nghi" and days[tet]["official"] is True
    assert days["2026-02-17"]["name"] == "Tết Nguyên Đán"
    assert (
        "Giỗ Tổ" in days["2026-04-26"]["name"] and days["2026-04-27"]["kind"] == "nghi"
    )  # Sunday, then in lieu
    assert {"2026-01-01", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02"} <= days.keys()
    assert days["2026-08-22"]["kind"] == "lam_bu"  # Saturday worked against Monday 31/08 off
    next_year = {d["day"]: d["name"] for d in client.get(f"{API}/2027", headers=headers).json()["days"]}
    assert next_year["2027-02-06"] == "Tết Nguyên Đán" and "Giỗ Tổ" in next_year["2027-04-16"]


def test_five_working_days_from_13_02_2026_land_after_the_tet_break(
    client: TestClient, session: Session, office: Office
) -> None:
    assert calendar.add_working_days(session, office.agency.id, TET_EVE, 5) == date(2026, 2, 27)
    assert calendar.working_days_between(session, office.agency.id, TET_EVE, date(2026, 2, 23)) == 1
    with at(TET_EVE):
        doc = register(client, login(client, office.clerk))
        detail = _assign(client, office, doc["id"], deadline_working_days=5)
    (assignment,) = detail["assignments"]
    assert (
        assignment["deadline"] == detail["deadline"] == "2026-02-27"
    )  # 5 calendar days would be 18/02, in Tết


def test_overdue_across_tet_counts_working_days(client: TestClient, office: Office) -> None:
    count_working_days(client, office)
    clerk, leader = login(client, office.clerk), login(client, office.leader)
    with at(date(2026, 2, 10)):
        late = register(client, clerk, title="Báo cáo trước Tết", deadline=str(TET_EVE))
        in_break = register(client, clerk, title="Hạn rơi vào kỳ nghỉ Tết", deadline="2026-02-18")
        later = register(client, clerk, title="Hạn sau Tết", deadline="2026-02-27")
    with at(date(2026, 2, 24)):  # Tuesday: 23 and 24/02 are the only working days since 13/02
        page = client.get("/api/v1/incoming", params={"page_size": 100}, headers=leader).json()
        items = {d["id"]: d for d in page["items"]}
        assert items[late["id"]]["days_left"] == -2 and items[late["id"]]["overdue"] is True  # not 11 days
        assert items[late["id"]]["days_counted"] == "ngay_lam_viec"
        # a deadline on a day off runs to the next working day (Mon 23/02): one working day late
        assert (items[in_break["id"]]["days_left"], items[in_break["id"]]["overdue"]) == (-1, True)
        assert (items[later["id"]]["days_left"], items[later["id"]]["overdue"]) == (3, False)
        detail = client.get(f"/api/v1/incoming/{late['id']}", headers=leader).json()
        assert (detail["days_left"], detail["overdue"]) == (-2, True)
        overdue = client.get("/api/v1/incoming", params={"view": "qua_han", "page_size": 100}, headers=leader)
        ids = {d["id"] for d in overdue.json()["items"]}
        assert {late["id"], in_break["id"]} <= ids and later["id"] not in ids
    with at(date(2026, 2, 23)):  # the first working day after Tết is the last day for a deadline inside it
        detail = client.get(f"/api/v1/incoming/{in_break['id']}", headers=leader).json()
        assert (detail["days_left"], detail["overdue"]) == (0, False)
        overdue = client.get("/api/v1/incoming", params={"view": "qua_han", "page_size": 100}, headers=leader)
        assert in_break["id"] not in {d["id"] for d in overdue.json()["items"]}
        assert overdue.json()["counts"]["qua_han"] == overdue.json()["total"]


def test_an_agency_counting_calendar_days_is_unaffected(client: TestClient, office: Office) -> None:
    clerk, leader = login(client, office.clerk), login(client, office.leader)
    with at(date(2026, 2, 10)):
        late = register(client, clerk, deadline=str(TET_EVE))
        in_break = register(client, clerk, deadline="2026-02-18")
    with at(date(2026, 2, 24)):
        detail = client.get(f"/api/v1/incoming/{late['id']}", headers=leader).json()
        assert (detail["days_left"], detail["overdue"], detail["days_counted"]) == (-11, True, "ngay")
        other = client.get(f"/api/v1/incoming/{in_break['id']}", headers=leader).json()
        assert (other["days_left"], other["overdue"]) == (-6, True)
    with at(date(2026, 2, 19)):  # in Tết: "còn N ngày" in plain days
        assert client.get(f"/api/v1/incoming/{in_break['id']}", headers=leader).json()["days_left"] == -1


def test_a_make_up_saturday_counts(client: TestClient, session: Session, office: Office) -> None:
    agency = office.agency.id
    assert calendar.is_working_day(session, agency, date(2026, 8, 22))  # official làm bù
    assert calendar.add_working_days(session, agency, date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert calendar.add_working_days(session, agency, date(2026, 8, 28), 1) == date(
        2026, 9, 3
    )  # 31/08–02/09 off

    # the admin adds a swap of its own: Friday 02/01/2026 off, Saturday 10/01/2026 worked
    headers = login(client, office.admin)
    days = client.get(f"{API}/2026", headers=headers).json()["days"]
    mine = [{"day": d["day"], "kind": d["kind"], "name": d["name"]} for d in days]
    mine += [
        {"day": "2026-01-02", "kind": "nghi", "name": "Nghỉ Tết Dương lịch (hoán đổi)"},
        {"day": "2026-01-10", "kind": "lam_bu", "name": "Làm bù ngày 02/01"},
    ]
    saved = client.put(f"{API}/2026", json={"days": mine}, headers=headers)
    assert saved.status_code == 200, saved.text
    assert saved.json()["customized"] is True
    session.expire_all()
    assert not calendar.is_working_day(session, agency, date(2026, 1, 2))
    assert calendar.is_working_day(session, agency, date(2026, 1, 10))
    assert calendar.add_working_days(session, agency, date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert calendar.working_days_between(session, agency, date(2026, 1, 9), date(2026, 1, 12)) == 2

    count_working_days(client, office)
    with at(date(2026, 1, 9)):  # Friday; the deadline Monday 12/01 is two working days away (Sat 10, Mon 12)
        doc = register(client, login(client, office.clerk), deadline="2026-01-12")
        assert doc["days_left"] == 2

    assert client.delete(f"{API}/2026", headers=headers).status_code == 204  # back to the official list
    session.expire_all()
    assert calendar.is_working_day(session, agency, date(2026, 1, 2))
    assert client.get(f"{API}/2026", headers=headers).json()["customized"] is False


def test_only_the_agency_admin_changes_the_list(client: TestClient, session: Session, office: Office) -> None:
    body = {"days": [{"day": "2026-03-02", "kind": "nghi", "name": "Ngày nghỉ của cơ quan"}]}
    for person in (office.clerk, office.leader, office.head, office.specialist):
        headers = login(client, person)
        for response in (
            client.put(f"{API}/2026", json=body, headers=headers),
            client.delete(f"{API}/2026", headers=headers),
            client.put(f"{API}/settings", json={"working_days": True}, headers=headers),
        ):
            assert response.status_code == 403, response.text
            assert response.json()["message"].startswith("Chỉ quản trị viên")
    assert client.put(f"{API}/2026", json=body).status_code == 401

    # another agency's admin changes only his own agency's calendar
    other = create_user(session, roles=(Role.ADMIN,), agency=create_agency(session))
    assert client.put(f"{API}/2026", json=body, headers=login(client, other)).status_code == 200
    assert client.get(f"{API}/2026", headers=login(client, office.admin)).json()["customized"] is False
    assert calendar.is_working_day(session, office.agency.id, date(2026, 3, 2))
    assert not calendar.is_working_day(session, other.agency_id, date(2026, 3, 2))


@pytest.mark.parametrize(
    ("path", "days", "field", "message"),
    [
        ("2026", [{"day": "2026-02-30", "name": "Ngày không có"}], "days.0.day", "Dữ liệu không hợp lệ"),
        ("2026", [{"day": "30/04/2026", "name": "Sai định dạng"}], "days.0.day", "Dữ liệu không hợp lệ"),
        ("2026", [{"day": "2027-01-01", "name": "Tết Dương lịch"}], "days.0.day", "không thuộc năm 2026"),
        ("2026", [{"day": "2026-04-29", "kind": "lam_bu", "name": "Làm bù"}], "days.0.day", "ngày làm bù"),
        (
            "2026",
            [{"day": "2026-04-30", "name": "A"}, {"day": "2026-04-30", "name": "B"}],
            "days.1.day",
            "có hai lần",
        ),
        ("2026", [{"day": "2026-04-30", "name": ""}], "days.0.name", "Dữ liệu không hợp lệ"),
        ("1999", [], "year", "Dữ liệu không hợp lệ"),
        ("9999", [], "year", "Dữ liệu không hợp lệ"),
    ],
)
def test_bad_dates_are_refused_in_vietnamese(
    client: TestClient, office: Office, path: str, days: list[dict[str, str]], field: str, message: str
) -> None:
    response = client.put(f"{API}/{path}", json={"days": days}, headers=login(client, office.admin))
    assert response.status_code == 422, response.text
    body = response.json()
    assert message in body["message"]
    assert field in {d["field"] for d in body["detail"]}
    assert client.get(f"{API}/2026", headers=login(client, office.admin)).json()["customized"] is False


def test_a_deadline_is_a_date_or_working_days_not_both(client: TestClient, office: Office) -> None:
    doc = register(client, login(client, office.clerk))
    leader = login(client, office.leader)
    for item in (
        {"deadline": "2026-12-31", "deadline_working_days": 5},
        {"deadline_working_days": 0},
        {"deadline_working_days": 1000},
    ):
        response = client.post(
            f"/api/v1/incoming/{doc['id']}/assignments",
            json={"assignments": [{"role": "xu_ly_chinh", "department_id": office.home_affairs.id, **item}]},
            headers=leader,
        )
        assert response.status_code == 422, response.text
        assert response.json()["message"].startswith("Dữ liệu không hợp lệ")


def test_reminders_and_the_digest_follow_the_agencys_count(
    client: TestClient, session: Session, office: Office
) -> None:
    clerk = login(client, office.clerk)
    with at(date(2026, 2, 10)):
        after_tet = register(client, clerk, title="Hạn ngày làm việc đầu tiên sau Tết")
        _assign(client, office, after_tet["id"], deadline="2026-02-23")
        late = register(client, clerk, title="Hạn trước Tết")
        _assign(client, office, late["id"], deadline=str(TET_EVE))

    def due(today: date) -> dict[int, DueItem]:
        return {i.document_id: i for i in due_for_people(session, today) if i.user_id == office.head.id}

    # counting calendar days: on Friday 13/02 a deadline of Monday 23/02 is ten days away, no reminder
    assert after_tet["id"] not in due(TET_EVE)
    assert due(date(2026, 2, 24))[late["id"]].days_left == -11

    count_working_days(client, office)
    session.expire_all()
    soon = due(TET_EVE)[after_tet["id"]]  # the next working day
    assert (soon.kind, soon.days_left, soon.working_days) == (NotificationKind.DEADLINE_SOON, 1, True)
    overdue = due(date(2026, 2, 24))[late["id"]]
    assert (overdue.kind, overdue.days_left) == (NotificationKind.DEADLINE_OVERDUE, -2)
