"""The sổ văn bản đến as the văn thư keeps it (Nghị định 30/2020, Điều 22): several sổ, the arrival time she
sets, the duplicate warning she may override, the scan every entry needs, and cancelling a wrong entry."""

from __future__ import annotations

import io
import json
import threading
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.registers.models import Register, RegisterCancellation
from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.factories import login

SCAN = [("scan.pdf", pdf_bytes(), "application/pdf")]


def _post(
    client: TestClient, headers: dict[str, str], files: list[tuple[str, bytes, str]] | None, **metadata: Any
) -> httpx.Response:
    body = {"title": "Về việc cải cách hành chính", "doc_type": "cong_van", "issuer": "Bộ Nội vụ", **metadata}
    parts = [("files", (name, content, ctype)) for name, content, ctype in files or []]
    return client.post(
        "/api/v1/incoming",
        data={"metadata": json.dumps(body, default=str)},
        files=parts or None,
        headers=headers,
    )


def _add_register(client: TestClient, office: Office, code: str, name: str, **extra: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/registers", json={"code": code, "name": name, **extra}, headers=login(client, office.admin)
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def _registers(session: Session, office: Office) -> list[Register]:
    session.expire_all()
    return list(session.scalars(select(Register).where(Register.agency_id == office.agency.id)))


def test_same_number_and_symbol_from_the_same_issuer_warns_then_registers_when_confirmed(
    client: TestClient, office: Office
) -> None:
    clerk = login(client, office.clerk)
    first = register(client, clerk, number="1234", symbol="BNV-CCHC", issuer="Bộ Nội vụ")

    again = _post(client, clerk, SCAN, number="1234", symbol="bnv-cchc", issuer="  bộ nội vụ ")
    assert again.status_code == 409, again.text
    body = again.json()
    assert body["code"] == "incoming.possible_duplicate" and "Vẫn vào sổ" in body["message"]
    [existing] = body["detail"]["existing"]
    assert existing["id"] == first["id"] and existing["register_number"] == first["register_number"]
    assert existing["arrived_at"] and existing["register_name"]

    # another issuer's 1234/BNV-CCHC is another document
    other = _post(client, clerk, SCAN, number="1234", symbol="BNV-CCHC", issuer="Sở Nội vụ")
    assert other.status_code == 201, other.text

    confirmed = _post(client, clerk, SCAN, number="1234", symbol="BNV-CCHC", confirm_duplicate=True)
    assert confirmed.status_code == 201, confirmed.text
    # the refused attempt took no number: the sổ runs on without a gap
    assert confirmed.json()["register_number"] == first["register_number"] + 2


def test_an_entry_without_a_file_is_refused(client: TestClient, office: Office, session: Session) -> None:
    clerk = login(client, office.clerk)
    response = _post(client, clerk, None, number="7", symbol="UBND-VP")
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_input" and "tệp" in response.json()["message"]
    assert response.json()["detail"][0]["field"] == "files"
    assert all(r.last_number == 0 for r in _registers(session, office))


def test_future_and_absurd_arrival_dates_are_refused_and_create_no_register(
    client: TestClient, office: Office, session: Session
) -> None:
    clerk = login(client, office.clerk)
    tomorrow = clock.now() + timedelta(days=1)
    for arrived_at, words in (
        (tomorrow.isoformat(), "tương lai"),
        ("0001-01-01T08:00:00+07:00", "năm 1"),
        ("9999-12-31T08:00:00+07:00", "năm 9999"),
        ("1990-06-01T08:00:00", "năm 1990"),
    ):
        response = _post(client, clerk, SCAN, arrived_at=arrived_at)
        assert response.status_code == 422, (arrived_at, response.text)
        assert words in response.json()["message"], response.json()
        assert response.json()["detail"][0]["field"] == "arrived_at"
    assert {r.year for r in _registers(session, office)} <= {clock.today().year, clock.today().year - 1}
    assert all(r.last_number == 0 for r in _registers(session, office))

    # a time in the past this year, chosen by the clerk, is kept (a time without zone is the agency's)
    earlier = clock.local_now() - timedelta(hours=2)
    doc = register(client, clerk, arrived_at=earlier.replace(tzinfo=None).isoformat(timespec="seconds"))
    assert datetime.fromisoformat(doc["arrived_at"]) == earlier.replace(microsecond=0)


def test_arrival_must_fall_in_the_chosen_registers_year(client: TestClient, office: Office) -> None:
    clerk = login(client, office.clerk)
    this_year = clock.today().year
    current = client.get("/api/v1/registers", headers=clerk).json()
    [default] = [r for r in current if r["is_default"]]
    assert default["year"] == this_year and default["code"] == "chung"
    last_year = f"{this_year - 1}-12-30T09:00:00+07:00"
    response = _post(client, clerk, SCAN, register_id=default["id"], arrived_at=last_year)
    assert response.status_code == 422 and "năm" in response.json()["message"]
    # without a sổ named, it goes to last year's sổ chung, numbered there from 1
    late = register(client, clerk, arrived_at=last_year)
    assert late["register_number"] == 1 and late["register_id"] != default["id"]


def _received(client: TestClient, headers: dict[str, str]) -> int:
    response = client.get("/api/v1/reports/statistics", headers=headers)
    assert response.status_code == 200, response.text
    return int(response.json()["totals"]["received"])


def test_a_cancelled_entry_keeps_its_number_and_leaves_the_inboxes(
    client: TestClient, office: Office, session: Session, backends: Any
) -> None:
    clerk, leader = login(client, office.clerk), login(client, office.leader)
    wrong = register(client, clerk, title="Vào sổ nhầm", number="12", symbol="SNV")
    assert client.post(
        f"/api/v1/incoming/{wrong['id']}/cancel", json={"reason": "Vào sổ nhầm"}, headers=leader
    ).status_code in (403, 404)

    received_before = _received(client, leader)
    response = client.post(
        f"/api/v1/incoming/{wrong['id']}/cancel", json={"reason": "Vào sổ nhầm, trùng số 5"}, headers=clerk
    )
    assert response.status_code == 200, response.text
    cancelled = response.json()
    assert cancelled["status"] == "cancelled" and cancelled["register_number"] == wrong["register_number"]
    assert _received(client, leader) == received_before - 1  # the statistics no longer count it

    following = register(client, clerk, number="12", symbol="SNV")  # no duplicate warning: that one is void
    assert following["register_number"] == wrong["register_number"] + 1

    listed = client.get("/api/v1/incoming", params={"page_size": 100}, headers=leader).json()
    assert wrong["id"] not in [d["id"] for d in listed["items"]]
    assert following["id"] in [d["id"] for d in listed["items"]]

    # the sổ shows it cancelled, with the reason
    export = client.get(
        f"/api/v1/reports/registers/{wrong['register_id']}/export", params={"format": "xlsx"}, headers=clerk
    )
    assert export.status_code == 200, export.text
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    rows = [row for row in sheet.iter_rows(values_only=True) if row[1] == wrong["register_number"]]
    assert len(rows) == 1 and "Đã hủy vào sổ: Vào sổ nhầm, trùng số 5" in str(rows[0][-1])

    history = client.get(f"/api/v1/documents/{wrong['id']}/history", headers=clerk)
    assert history.status_code == 200 and "Vào sổ nhầm, trùng số 5" in history.text


def test_a_second_register_numbers_on_its_own(client: TestClient, office: Office) -> None:
    clerk = login(client, office.clerk)
    post = _add_register(client, office, "buu_chinh", "Sổ văn bản đến qua bưu chính")
    assert post["year"] == clock.today().year and post["last_number"] == 0 and not post["is_default"]
    ordinary = register(client, clerk)
    by_post = register(client, clerk, register_id=post["id"])
    by_post_again = register(client, clerk, register_id=post["id"])
    assert by_post["register_id"] == post["id"] and by_post["register_number"] == 1
    assert by_post_again["register_number"] == 2
    assert ordinary["register_number"] == 1 and ordinary["register_id"] != post["id"]

    codes = [r["code"] for r in client.get("/api/v1/registers", headers=clerk).json()]
    assert codes[0] == "chung" and "buu_chinh" in codes

    # each sổ exports under its own name: two sổ of one year do not print or download alike
    names = {}
    for register_id in (ordinary["register_id"], post["id"]):
        export = client.get(
            f"/api/v1/reports/registers/{register_id}/export", params={"format": "xlsx"}, headers=clerk
        )
        assert export.status_code == 200, export.text
        sheet = load_workbook(io.BytesIO(export.content)).active
        assert sheet is not None
        names[register_id] = (sheet["A5"].value, export.headers["content-disposition"])
    year = clock.today().year
    assert names[ordinary["register_id"]][0] == f"Năm {year}"
    assert names[post["id"]][0] == f"Sổ văn bản đến qua bưu chính - Năm {year}"
    assert quote("Sổ văn bản đến qua bưu chính") in names[post["id"]][1]
    assert quote("Sổ đăng ký văn bản đến") in names[ordinary["register_id"]][1]

    # only the admin configures; a code is unique in its year; another agency's sổ is not one's own
    refused = client.post("/api/v1/registers", json={"code": "x", "name": "Sổ X"}, headers=clerk)
    assert refused.status_code == 403
    taken = client.post(
        "/api/v1/registers", json={"code": "buu_chinh", "name": "Trùng"}, headers=login(client, office.admin)
    )
    assert taken.status_code == 409 and taken.json()["code"] == "registers.code_taken"
    foreign = _post(client, login(client, office.other_agency), SCAN, register_id=post["id"])
    assert foreign.status_code == 422 and foreign.json()["detail"][0]["field"] == "register_id"


def test_secret_documents_go_to_the_secret_register(client: TestClient, office: Office) -> None:
    clerk = login(client, office.clerk)
    secret = _add_register(client, office, "mat", "Sổ văn bản đến mật", secret=True)
    assert secret["secret"] is True
    classified = register(client, clerk, secrecy="mat", named_user_ids=[office.leader.id])
    assert classified["register_id"] == secret["id"] and classified["register_number"] == 1
    ordinary = register(client, clerk)
    assert ordinary["register_id"] != secret["id"]

    into_secret = _post(client, clerk, SCAN, register_id=secret["id"])
    assert into_secret.status_code == 422 and "sổ mật" in into_secret.json()["message"]
    into_ordinary = _post(client, clerk, SCAN, secrecy="toi_mat", register_id=ordinary["register_id"])
    assert into_ordinary.status_code == 422 and into_ordinary.json()["detail"][0]["field"] == "register_id"

    # an admin not named on the secret document cannot even find it to cancel it
    bystander = login(client, office.admin)
    assert client.post(
        f"/api/v1/incoming/{classified['id']}/cancel", json={"reason": "x"}, headers=bystander
    ).status_code in (403, 404)


def test_a_double_submitted_cancel_has_one_effect(
    app: FastAPI, client: TestClient, office: Office, session: Session
) -> None:
    clerk = login(client, office.clerk)
    doc = register(client, clerk)
    path = f"/api/v1/incoming/{doc['id']}/cancel"
    barrier = threading.Barrier(4)
    answers: list[httpx.Response] = []

    def fire() -> None:
        own = TestClient(app, raise_server_exceptions=False)
        barrier.wait()
        answers.append(own.post(path, json={"reason": "Vào sổ hai lần"}, headers=clerk))

    threads = [threading.Thread(target=fire) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 409, 409, 409], [(a.status_code, a.text[:200]) for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"incoming.already_cancelled"}
    session.expire_all()
    rows = session.scalars(select(RegisterCancellation).where(RegisterCancellation.document_id == doc["id"]))
    assert len(list(rows)) == 1
