"""Văn bản đến from registration in the sổ đến to completion, and the inbox views around it."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from eoffice import clock
from tests.eoffice.documents.conftest import Office, pdf_bytes, png_bytes, register
from tests.eoffice.factories import login


def _views(client: TestClient, headers: dict[str, str], **params: object) -> dict:  # type: ignore[type-arg]
    response = client.get("/api/v1/incoming", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_incoming_from_registration_to_completion(client: TestClient, office: Office) -> None:
    clerk, leader = login(client, office.clerk), login(client, office.leader)
    head, specialist = login(client, office.head), login(client, office.specialist)
    scan = pdf_bytes(2)

    doc = register(
        client,
        clerk,
        files=[("Công văn 123 Sở Nội vụ.pdf", scan, "application/pdf")],
        number="123",
        symbol="SNV-CCHC",
        issue_date="2026-03-05",
        pages=2,
        urgency="khan",
        deadline=str(clock.today() + timedelta(days=10)),
    )
    assert doc["status"] == "registered"
    assert doc["number_symbol"] == "123/SNV-CCHC"
    assert doc["register_number"] >= 1 and doc["arrived_at"]
    [stored] = doc["files"]
    assert stored["filename"] == "Công văn 123 Sở Nội vụ.pdf"
    assert stored["sha256"] == hashlib.sha256(scan).hexdigest() and stored["size"] == len(scan)

    # the specialist is not assigned yet and may not read it; the leader may
    assert client.get(f"/api/v1/incoming/{doc['id']}", headers=specialist).status_code == 404
    assert client.get(f"/api/v1/incoming/{doc['id']}", headers=leader).status_code == 200
    pending = _views(client, leader, view="cho_xu_ly")
    assert doc["id"] in [d["id"] for d in pending["items"]]

    # the leader assigns: Phòng Nội vụ handles, Phòng Tài chính cooperates, the văn thư is informed
    deadline = str(clock.today() + timedelta(days=7))
    response = client.post(
        f"/api/v1/incoming/{doc['id']}/assignments",
        json={
            "assignments": [
                {
                    "role": "xu_ly_chinh",
                    "department_id": office.home_affairs.id,
                    "deadline": deadline,
                    "instruction": "Phòng Nội vụ chủ trì tham mưu",
                },
                {"role": "phoi_hop", "department_id": office.finance.id},
                {"role": "de_biet", "user_id": office.clerk.id},
            ]
        },
        headers=leader,
    )
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "assigned"
    assert {a["role"] for a in response.json()["assignments"]} == {"xu_ly_chinh", "phoi_hop", "de_biet"}

    # the head of Nội vụ reads it now, and forwards the unit's assignment to the specialist
    assert client.get(f"/api/v1/incoming/{doc['id']}", headers=head).status_code == 200
    response = client.post(
        f"/api/v1/incoming/{doc['id']}/forward",
        json={"user_id": office.specialist.id, "note": "Đồng chí chuyên viên xử lý"},
        headers=head,
    )
    assert response.status_code == 201, response.text
    roles = {(a["role"], a["user_id"], a["status"]) for a in response.json()["assignments"]}
    assert ("xu_ly_chinh", office.specialist.id, "pending") in roles

    # handling: a note moves it to đang xử lý
    response = client.post(
        f"/api/v1/incoming/{doc['id']}/notes", json={"text": "Đã dự thảo báo cáo"}, headers=specialist
    )
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "in_progress"
    mine = _views(client, specialist, view="dang_xu_ly")
    assert [d["id"] for d in mine["items"]] == [doc["id"]]
    assert mine["counts"]["dang_xu_ly"] == 1 and mine["counts"]["cho_xu_ly"] == 0

    # the specialist (main handler) completes it with a result
    response = client.post(
        f"/api/v1/incoming/{doc['id']}/complete", json={"result": "Đã báo cáo UBND tỉnh"}, headers=specialist
    )
    assert response.status_code == 200, response.text
    done = response.json()
    assert done["status"] == "completed" and done["completed_at"]
    # the main row is done; the phối hợp and để biết rows are closed, not "done": they did not do the work
    assert sorted((a["role"], a["status"]) for a in done["assignments"]) == [
        ("de_biet", "closed"),
        ("phoi_hop", "closed"),
        ("xu_ly_chinh", "done"),
        ("xu_ly_chinh", "forwarded"),
    ]
    assert [n["kind"] for n in done["notes"]] == ["forward", "note", "complete"]
    assert doc["id"] in [d["id"] for d in _views(client, leader, view="da_hoan_thanh")["items"]]

    # the received file comes back byte for byte, as an attachment that browsers must not sniff
    download = client.get(stored["download_path"], headers=specialist)
    assert download.status_code == 200
    assert download.content == scan
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"

    # closed documents refuse further handling
    again = client.post(f"/api/v1/incoming/{doc['id']}/notes", json={"text": "thêm"}, headers=specialist)
    assert again.status_code == 409 and again.json()["code"] == "document.wrong_state"


def test_register_numbers_follow_arrival_order(client: TestClient, office: Office) -> None:
    clerk = login(client, office.clerk)
    first = register(client, clerk)
    second = register(client, clerk, files=[("scan.png", png_bytes(), "image/png")])
    assert second["register_number"] == first["register_number"] + 1


@pytest.mark.agency_clock
def test_overdue_is_computed_in_lists_detail_and_counts(client: TestClient, office: Office) -> None:
    clerk, leader = login(client, office.clerk), login(client, office.leader)
    late = register(client, clerk, title="Báo cáo quá hạn", deadline=str(clock.today() - timedelta(days=1)))
    on_time = register(client, clerk, title="Báo cáo còn hạn", deadline=str(clock.today()))
    assert late["overdue"] is True and on_time["overdue"] is False

    overdue = _views(client, leader, view="qua_han", page_size=100)
    ids = [d["id"] for d in overdue["items"]]
    assert late["id"] in ids and on_time["id"] not in ids
    assert all(d["overdue"] for d in overdue["items"])
    assert overdue["counts"]["qua_han"] == overdue["total"] == len(ids)

    # completing it takes it out of quá hạn
    client.post(f"/api/v1/incoming/{late['id']}/complete", json={}, headers=leader)
    assert late["id"] not in [d["id"] for d in _views(client, leader, view="qua_han", page_size=100)["items"]]


def test_inbox_filters_sorting_and_pagination(client: TestClient, office: Office) -> None:
    clerk = login(client, office.clerk)
    marker = "kiểm tra phân trang"
    created = [
        register(client, clerk, title=f"Giấy mời {marker} {i}", doc_type="giay_moi", urgency=urgency)
        for i, urgency in enumerate(["thuong", "hoa_toc", "khan"])
    ]
    page1 = _views(client, clerk, q=marker, sort="number", page_size=2)
    page2 = _views(client, clerk, q=marker, sort="number", page_size=2, page=2)
    assert page1["total"] == 3 and page1["counts"]["all"] == 3
    assert [d["id"] for d in page1["items"] + page2["items"]] == [d["id"] for d in created]
    by_urgency = _views(client, clerk, q=marker, sort="urgency")
    assert [d["urgency"] for d in by_urgency["items"]] == ["hoa_toc", "khan", "thuong"]
    assert _views(client, clerk, q=marker, urgency="khan")["total"] == 1
    assert _views(client, clerk, q=marker, doc_type="quyet_dinh")["total"] == 0

    bad = client.get("/api/v1/incoming", params={"sort": "drop table", "page": 0}, headers=clerk)
    assert bad.status_code == 422
    assert {f["field"] for f in bad.json()["detail"]} == {"sort", "page"}


def test_recall_ends_open_assignments(client: TestClient, office: Office) -> None:
    clerk, specialist = login(client, office.clerk), login(client, office.specialist)
    doc = register(client, clerk)
    client.post(
        f"/api/v1/incoming/{doc['id']}/assignments",
        json={"assignments": [{"role": "xu_ly_chinh", "user_id": office.specialist.id}]},
        headers=clerk,
    )
    refused = client.post(f"/api/v1/incoming/{doc['id']}/recall", json={"reason": "x"}, headers=specialist)
    assert refused.status_code == 403
    response = client.post(
        f"/api/v1/incoming/{doc['id']}/recall", json={"reason": "Nơi gửi đề nghị thu hồi"}, headers=clerk
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "recalled"
    assert [a["status"] for a in response.json()["assignments"]] == ["recalled"]
