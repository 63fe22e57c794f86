"""Handling statistics per unit: exact figures for the documents built through the API, the read rule in
the counts, and who may see which unit."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.eoffice.factories import login
from tests.eoffice.reports.conftest import Office


def _statistics(client: TestClient, office: Office, user: Any, status: int = 200, /, **params: Any) -> Any:
    query = {"from": str(office.today.replace(month=1, day=1)), "to": str(office.today), **params}
    response = client.get("/api/v1/reports/statistics", params=query, headers=login(client, user))
    assert response.status_code == status, response.text
    return response.json()


def _days(doc: dict[str, Any]) -> float:
    spent = datetime.fromisoformat(doc["completed_at"]) - datetime.fromisoformat(doc["arrived_at"])
    return spent.total_seconds() / 86_400


def _figures(row: dict[str, Any]) -> tuple[Any, ...]:
    return (
        row["received"],
        row["completed_on_time"],
        row["completed_late"],
        row["overdue"],
        row["in_progress"],
        row["average_handling_days"],
        row["on_time_rate"],
    )


def test_figures_per_unit_for_a_leader(api: TestClient, office: Office) -> None:
    result = _statistics(api, office, office.leader)
    assert result["agency_id"] == office.agency.id
    assert (result["from"], result["to"]) == (str(office.today.replace(month=1, day=1)), str(office.today))
    rows = {row["department_name"]: row for row in result["departments"]}
    # units in Vietnamese alphabetical order (Đ between D and E), documents nobody holds yet last
    assert [row["department_name"] for row in result["departments"]] == [
        "Phòng Đào tạo",
        "Phòng Nội vụ",
        "Phòng Tài chính",
        "Phòng Y tế",
        "Chưa phân công",
    ]
    handled = round((_days(office.docs["on_time"]) + _days(office.docs["late"])) / 2, 1)
    # the secret document is not the leader's to see; the recalled one and last year's do not count
    assert _figures(rows["Phòng Nội vụ"]) == (2, 1, 1, 0, 0, handled, 0.5)
    assert _figures(rows["Phòng Tài chính"]) == (2, 0, 0, 1, 1, None, 0.0)
    assert _figures(rows["Phòng Đào tạo"]) == (0, 0, 0, 0, 0, None, None)
    assert _figures(rows["Phòng Y tế"]) == (0, 0, 0, 0, 0, None, None)
    assert rows["Chưa phân công"]["department_id"] is None
    assert _figures(rows["Chưa phân công"]) == (1, 0, 0, 0, 1, None, None)
    assert _figures(result["totals"]) == (5, 1, 1, 1, 2, handled, round(1 / 3, 4))


def test_counts_follow_what_the_caller_may_read(api: TestClient, office: Office) -> None:
    # the văn thư registered the secret document, so it counts for them (xử lý chính: the specialist's unit)
    clerk = _statistics(api, office, office.clerk)
    home_affairs = next(r for r in clerk["departments"] if r["department_id"] == office.home_affairs.id)
    assert _figures(home_affairs)[:5] == (3, 1, 1, 0, 1)
    assert clerk["totals"]["received"] == 6

    # the head of Nội vụ sees their unit only, without the secret document they are not named on
    head = _statistics(api, office, office.head)
    assert head["department_id"] == office.home_affairs.id
    assert [r["department_name"] for r in head["departments"]] == ["Phòng Nội vụ"]
    assert _figures(head["totals"])[:5] == (2, 1, 1, 0, 0)
    assert (
        _statistics(api, office, office.head, department_id=office.home_affairs.id)["totals"]["received"] == 2
    )


def test_one_unit_and_a_shorter_period(api: TestClient, office: Office) -> None:
    finance = _statistics(api, office, office.leader, department_id=office.finance.id)
    assert [r["department_id"] for r in finance["departments"]] == [office.finance.id]
    assert _figures(finance["totals"])[:5] == (2, 0, 0, 1, 1)
    # last year's document counts in last year's December only
    december = _statistics(
        api,
        office,
        office.clerk,
        **{
            "from": str(office.today.replace(year=office.today.year - 1, month=12, day=1)),
            "to": str(office.today.replace(year=office.today.year - 1, month=12, day=31)),
        },
    )
    assert december["totals"]["received"] == 1
    assert _figures(december["departments"][-1])[:5] == (1, 0, 0, 0, 1)


def test_who_may_see_statistics(api: TestClient, office: Office) -> None:
    refused = _statistics(api, office, office.specialist, 403)
    assert refused["code"] == "report.statistics_forbidden" and refused["message"]
    assert _statistics(api, office, office.head, 403, department_id=office.finance.id)["code"] == (
        "report.statistics_forbidden"
    )
    assert _statistics(api, office, office.outsider, 404, department_id=office.finance.id)["code"] == (
        "orgs.department_not_found"
    )
    assert _statistics(api, office, office.outsider, 404, agency_id=office.agency.id)["code"] == (
        "orgs.agency_not_found"
    )
    backwards = _statistics(
        api,
        office,
        office.leader,
        422,
        **{"from": str(office.today), "to": str(office.today - timedelta(days=1))},
    )
    assert backwards["code"] == "report.invalid_period"
    assert api.get("/api/v1/reports/statistics").status_code == 401
