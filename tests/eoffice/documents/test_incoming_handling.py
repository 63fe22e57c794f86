"""Handling an incoming document after it is assigned (Nghị định 30 practice): nhận để biết is seen, not
handled; only xử lý chính completes; trả lại, thu hồi and xin gia hạn move the work back and forth between
the people concerned, each of them told; the detail names exactly the actions the endpoints allow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from eoffice import clock
from eoffice.orgs.models import User
from tests.eoffice.documents.conftest import Office, register
from tests.eoffice.documents.steps import detail as _detail
from tests.eoffice.documents.steps import post as _post
from tests.eoffice.documents.steps import told as _told
from tests.eoffice.factories import login
from tests.eoffice.races import one_winner, race

Doc = dict[str, Any]


def _rows(detail: Doc) -> list[tuple[str, int | None, int | None, str]]:
    return [(a["role"], a["user_id"], a["department_id"], a["status"]) for a in detail["assignments"]]


def _deadline(days: int) -> str:
    return str(clock.today() + timedelta(days=days))


def _assigned(client: TestClient, office: Office, *, forward_to: User | None = None, title: str = "") -> Doc:
    """Lãnh đạo assigns: Phòng Nội vụ handles, a Tài chính specialist cooperates, the văn thư is informed;
    the head of Nội vụ then passes the unit's work to `forward_to`."""
    doc = register(client, login(client, office.clerk), **({"title": title} if title else {}))
    response = _post(
        client,
        office.leader,
        f"/{doc['id']}/assignments",
        {
            "assignments": [
                {"role": "xu_ly_chinh", "department_id": office.home_affairs.id, "deadline": _deadline(7)},
                {"role": "phoi_hop", "user_id": office.other_department.id, "deadline": _deadline(7)},
                {"role": "de_biet", "user_id": office.clerk.id},
            ]
        },
    )
    assert response.status_code == 201, response.text
    if forward_to is not None:
        response = _post(client, office.head, f"/{doc['id']}/forward", {"user_id": forward_to.id})
        assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_informed_has_no_deadline_and_marks_seen(client: TestClient, office: Office) -> None:
    doc = register(client, login(client, office.clerk))
    refused = _post(
        client,
        office.leader,
        f"/{doc['id']}/assignments",
        {"assignments": [{"role": "de_biet", "user_id": office.clerk.id, "deadline": _deadline(3)}]},
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["message"] == "Đơn vị, cá nhân nhận để biết không có hạn xử lý; hãy bỏ hạn xử lý."
    assert refused.json()["detail"][0]["field"] == "assignments.0.deadline"

    assigned = _post(
        client,
        office.leader,
        f"/{doc['id']}/assignments",
        {"assignments": [{"role": "de_biet", "user_id": office.clerk.id}]},
    )
    assert assigned.status_code == 201, assigned.text
    [row] = assigned.json()["assignments"]
    assert (row["status"], row["deadline"], row["seen_at"]) == ("informed", None, None)
    actions = _detail(client, office.clerk, doc["id"])["actions"]
    assert "mark_seen" in actions and "complete" not in actions

    refused = _post(client, office.clerk, f"/{doc['id']}/complete", {"result": "xong"})
    assert refused.status_code == 403 and "nhận để biết" in refused.json()["message"]
    seen = _post(client, office.clerk, f"/{doc['id']}/seen")
    assert seen.status_code == 200, seen.text
    [row] = seen.json()["assignments"]
    assert row["status"] == "seen" and row["seen_at"]
    assert "mark_seen" not in seen.json()["actions"]
    again = _post(client, office.clerk, f"/{doc['id']}/seen")
    assert again.status_code == 409 and again.json()["code"] == "incoming.already_seen"
    # someone not informed has nothing to mark
    assert _post(client, office.leader, f"/{doc['id']}/seen").status_code == 403


def test_only_the_main_handler_completes_and_the_others_are_closed(
    client: TestClient, office: Office
) -> None:
    doc = _assigned(client, office)
    for user in (office.other_department, office.clerk, office.specialist):
        refused = _post(client, user, f"/{doc['id']}/complete", {"result": "xong"})
        assert refused.status_code == 403, (user.username, refused.text)
        assert refused.json()["message"].startswith("Chỉ người hoặc đơn vị xử lý chính")
        assert "complete" not in _detail(client, user, doc["id"])["actions"]
    assert "complete" in _detail(client, office.head, doc["id"])["actions"]

    done = _post(client, office.head, f"/{doc['id']}/complete", {"result": "Đã tham mưu văn bản trả lời"})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    assert _rows(done.json()) == [
        ("xu_ly_chinh", None, office.home_affairs.id, "done"),
        ("phoi_hop", office.other_department.id, None, "closed"),
        ("de_biet", office.clerk.id, None, "closed"),
    ]
    # the assigner and the closed rows' holders are told, with the result
    for user in (office.leader, office.other_department, office.clerk):
        [note] = [n for n in _told(client, user, doc["id"]) if n["kind"] == "completed"]
        assert "Đã tham mưu văn bản trả lời" in note["message"]


def test_return_reopens_the_assignment_it_was_passed_from(client: TestClient, office: Office) -> None:
    doc = _assigned(client, office, forward_to=office.specialist)
    refused = _post(client, office.specialist, f"/{doc['id']}/return", {"reason": ""})
    assert refused.status_code == 422

    back = _post(
        client, office.specialist, f"/{doc['id']}/return", {"reason": "Không thuộc lĩnh vực tôi phụ trách"}
    )
    assert back.status_code == 200, back.text
    rows = _rows(back.json())
    assert ("xu_ly_chinh", None, office.home_affairs.id, "pending") in rows
    assert ("xu_ly_chinh", office.specialist.id, None, "returned") in rows
    [told] = [n for n in _told(client, office.head, doc["id"]) if n["kind"] == "handed_back"]
    assert "Không thuộc lĩnh vực tôi phụ trách" in told["message"]
    assert [n["kind"] for n in _told(client, office.leader, doc["id"])] == []
    assert back.json()["notes"][-1]["kind"] == "return"

    # the unit's head returns it in turn: the leader may assign the main handling again
    back = _post(client, office.head, f"/{doc['id']}/return", {"reason": "Đề nghị giao Phòng Tài chính"})
    assert back.status_code == 200, back.text
    assert back.json()["status"] == "assigned"  # the phối hợp is still open; no main any more
    assert ("xu_ly_chinh", None, office.home_affairs.id, "returned") in _rows(back.json())
    [told] = [n for n in _told(client, office.leader, doc["id"]) if n["kind"] == "handed_back"]
    assert "Đề nghị giao Phòng Tài chính" in told["message"]
    again = _post(
        client,
        office.leader,
        f"/{doc['id']}/assignments",
        {"assignments": [{"role": "xu_ly_chinh", "department_id": office.finance.id}]},
    )
    assert again.status_code == 201, again.text

    # the informed văn thư has nothing to return
    assert _post(client, office.clerk, f"/{doc['id']}/return", {"reason": "x"}).status_code == 403


def test_take_back_reopens_the_previous_holder_and_tells_the_one_it_was_taken_from(
    client: TestClient, office: Office
) -> None:
    doc = _assigned(client, office, forward_to=office.specialist)
    specialist_row = next(a for a in doc["assignments"] if a["user_id"] == office.specialist.id)
    unit_row = next(a for a in doc["assignments"] if a["department_id"] == office.home_affairs.id)
    path = f"/{doc['id']}/assignments/{specialist_row['id']}/take-back"

    # only the one who forwarded it may take it back
    for user in (office.specialist, office.colleague, office.leader):
        assert _post(client, user, path, {"reason": "x"}).status_code == 403, user.username
    head_view = _detail(client, office.head, doc["id"])
    assert "take_back" in head_view["actions"]
    assert [a["id"] for a in head_view["assignments"] if a["may_take_back"]] == [specialist_row["id"]]

    taken = _post(client, office.head, path, {"reason": "Giao đồng chí khác xử lý"})
    assert taken.status_code == 200, taken.text
    rows = _rows(taken.json())
    assert ("xu_ly_chinh", office.specialist.id, None, "taken_back") in rows
    assert ("xu_ly_chinh", None, office.home_affairs.id, "pending") in rows
    [told] = [n for n in _told(client, office.specialist, doc["id"]) if n["kind"] == "taken_back"]
    assert "Giao đồng chí khác xử lý" in told["message"]
    again = _post(client, office.head, path, {"reason": "lần nữa"})
    assert again.status_code == 409 and again.json()["code"] == "incoming.assignment_ended"

    # the leader takes the unit's work back after it was passed on: the whole chain ends, the colleague
    # who held it is told, and the document waits to be assigned again
    assert (
        _post(client, office.head, f"/{doc['id']}/forward", {"user_id": office.colleague.id}).status_code
        == 201
    )
    taken = _post(
        client,
        office.leader,
        f"/{doc['id']}/assignments/{unit_row['id']}/take-back",
        {"reason": "Lãnh đạo xử lý"},
    )
    assert taken.status_code == 200, taken.text
    rows = _rows(taken.json())
    assert ("xu_ly_chinh", None, office.home_affairs.id, "taken_back") in rows
    assert ("xu_ly_chinh", office.colleague.id, None, "taken_back") in rows
    assert [n["kind"] for n in _told(client, office.colleague, doc["id"])] == ["forwarded", "taken_back"]
    assert "forward" not in _detail(client, office.head, doc["id"])["actions"]


def test_extension_is_asked_once_and_granted_or_refused(client: TestClient, office: Office) -> None:
    doc = register(client, login(client, office.clerk))
    first = clock.today() + timedelta(days=3)
    assigned = _post(
        client,
        office.leader,
        f"/{doc['id']}/assignments",
        {"assignments": [{"role": "xu_ly_chinh", "user_id": office.specialist.id, "deadline": str(first)}]},
    )
    assert assigned.status_code == 201, assigned.text
    later = first + timedelta(days=5)

    too_early = _post(
        client, office.specialist, f"/{doc['id']}/extensions", {"deadline": str(first), "reason": "x"}
    )
    assert too_early.status_code == 422, too_early.text
    asked = _post(
        client,
        office.specialist,
        f"/{doc['id']}/extensions",
        {"deadline": str(later), "reason": "Chờ số liệu"},
    )
    assert asked.status_code == 201, asked.text
    assert "request_extension" not in asked.json()["actions"]
    twice = _post(
        client, office.specialist, f"/{doc['id']}/extensions", {"deadline": str(later), "reason": "lại"}
    )
    assert twice.status_code == 409 and twice.json()["code"] == "incoming.extension_pending"
    [told] = [n for n in _told(client, office.leader, doc["id"]) if n["kind"] == "extension_requested"]
    assert "Chờ số liệu" in told["message"] and f"{later:%d/%m/%Y}" in told["message"]

    leader_view = _detail(client, office.leader, doc["id"])
    [request] = leader_view["extensions"]
    assert request["may_decide"] and "decide_extension" in leader_view["actions"]
    decision = f"/{doc['id']}/extensions/{request['id']}/decision"
    assert _post(client, office.specialist, decision, {"granted": True}).status_code == 403
    no_reason = _post(client, office.leader, decision, {"granted": False})
    assert (
        no_reason.status_code == 422
        and no_reason.json()["message"] == "Vui lòng ghi lý do không đồng ý gia hạn."
    )
    refused = _post(client, office.leader, decision, {"granted": False, "note": "Việc gấp, không gia hạn"})
    assert refused.status_code == 200, refused.text
    assert refused.json()["extensions"][0]["status"] == "refused"
    assert refused.json()["deadline"] == str(first)
    [told] = [n for n in _told(client, office.specialist, doc["id"]) if n["kind"] == "extension_refused"]
    assert "Việc gấp, không gia hạn" in told["message"]
    assert _post(client, office.leader, decision, {"granted": True}).status_code == 409

    asked = _post(
        client,
        office.specialist,
        f"/{doc['id']}/extensions",
        {"deadline": str(later), "reason": "Chờ ý kiến Sở"},
    )
    assert asked.status_code == 201, asked.text
    second = asked.json()["extensions"][-1]
    granted = _post(
        client, office.leader, f"/{doc['id']}/extensions/{second['id']}/decision", {"granted": True}
    )
    assert granted.status_code == 200, granted.text
    assert granted.json()["deadline"] == str(later)  # the main handler's deadline is the document's
    assert granted.json()["assignments"][0]["deadline"] == str(later)
    assert [n["kind"] for n in _told(client, office.specialist, doc["id"])][-1] == "extension_granted"


# --- the actions list says exactly what the endpoints allow ------------------------------------------------

PROBES: dict[str, Callable[[Office, Doc], tuple[str, Any]]] = {
    "assign": lambda o, d: (
        f"/{d['id']}/assignments",
        {"assignments": [{"role": "phoi_hop", "user_id": o.colleague.id}]},
    ),
    "forward": lambda o, d: (f"/{d['id']}/forward", {"user_id": o.colleague.id}),
    "return": lambda o, d: (f"/{d['id']}/return", {"reason": "Trả lại"}),
    "complete": lambda o, d: (f"/{d['id']}/complete", {"result": "Xong"}),
    "mark_seen": lambda o, d: (f"/{d['id']}/seen", None),
    "request_extension": lambda o, d: (
        f"/{d['id']}/extensions",
        {"deadline": _deadline(30), "reason": "Cần thêm"},
    ),
    "recall": lambda o, d: (f"/{d['id']}/recall", {"reason": "Gửi nhầm"}),
    "present": lambda o, d: (f"/{d['id']}/present", {"leader_id": o.leader.id}),
    "direct": lambda o, d: (f"/{d['id']}/directions", {"text": "Đề nghị khẩn trương"}),
}


def test_actions_match_what_the_endpoints_allow(client: TestClient, office: Office) -> None:
    people = [
        office.leader,
        office.head,
        office.specialist,
        office.colleague,
        office.other_department,
        office.clerk,
    ]
    for user in people:
        for action, probe in PROBES.items():
            doc = _assigned(client, office, forward_to=office.specialist)
            shown = _detail(client, user, doc["id"])["actions"]
            path, body = probe(office, doc)
            response = _post(client, user, path, body)
            allowed = response.status_code < 300
            assert allowed == (action in shown), (user.username, action, response.status_code, response.text)
            if not allowed:  # refused, or (the head) told that his part was passed on already
                assert response.status_code in (403, 409), (user.username, action, response.text)
        # take back: exactly the rows flagged for him, each tried on a document of its own
        for index in range(4):
            doc = _assigned(client, office, forward_to=office.specialist)
            view = _detail(client, user, doc["id"])
            row = view["assignments"][index]
            assert ("take_back" in view["actions"]) == any(a["may_take_back"] for a in view["assignments"])
            response = _post(
                client, user, f"/{doc['id']}/assignments/{row['id']}/take-back", {"reason": "Thu hồi"}
            )
            assert (response.status_code == 200) == row["may_take_back"], (user.username, row, response.text)
    expected = {
        office.leader.id: {"direct", "assign", "complete", "take_back", "note", "recall"},
        office.head.id: {"assign", "take_back", "note"},
        office.specialist.id: {"forward", "return", "complete", "request_extension", "note"},
        office.colleague.id: {"note"},
        office.other_department.id: {"forward", "return", "request_extension", "contribute", "note"},
        office.clerk.id: {"present", "assign", "mark_seen", "note", "recall"},
    }
    doc = _assigned(client, office, forward_to=office.specialist)
    assert {u.id: set(_detail(client, u, doc["id"])["actions"]) for u in people} == expected
    # a completed document offers nothing
    _post(client, office.specialist, f"/{doc['id']}/complete", {"result": "Xong"})
    assert all(_detail(client, u, doc["id"])["actions"] == [] for u in people)


def test_mine_lists_only_what_waits_for_me(client: TestClient, office: Office) -> None:
    marker = "kiểm tra lọc văn bản của tôi"
    unit_only = _assigned(client, office, title=f"{marker} đơn vị")
    passed = _assigned(client, office, forward_to=office.specialist, title=f"{marker} chuyển chuyên viên")
    finished = _assigned(client, office, forward_to=office.specialist, title=f"{marker} đã xong")
    assert (
        _post(client, office.specialist, f"/{finished['id']}/complete", {"result": "Xong"}).status_code == 200
    )

    def mine(user: User, flag: bool = True) -> set[int]:
        response = client.get(
            "/api/v1/incoming", params={"q": marker, "mine": flag}, headers=login(client, user)
        )
        assert response.status_code == 200, response.text
        return {d["id"] for d in response.json()["items"]}

    # the specialist reads all three (his unit's documents) but only one waits for him
    assert mine(office.specialist, False) == {unit_only["id"], passed["id"], finished["id"]}
    assert mine(office.specialist) == {passed["id"]}
    assert mine(office.colleague) == set()
    assert mine(office.head) == {unit_only["id"]}  # his unit's open work; what he passed on is not his now
    assert mine(office.other_department) == {unit_only["id"], passed["id"]}  # phối hợp, still open
    assert mine(office.clerk) == {unit_only["id"], passed["id"]}  # nhận để biết, not yet seen
    assert _post(client, office.clerk, f"/{passed['id']}/seen").status_code == 200
    assert mine(office.clerk) == {unit_only["id"]}


# --- two clicks at once ----------------------------------------------------------------------------------


def test_double_submit_of_return_extension_and_complete(
    app: FastAPI, client: TestClient, office: Office
) -> None:
    specialist = login(client, office.specialist)
    doc = _assigned(client, office, forward_to=office.specialist)
    one_winner(
        race(app, f"/api/v1/incoming/{doc['id']}/return", specialist, {"reason": "Trả lại"}),
        "incoming.already_returned",
    )
    detail = _detail(client, office.head, doc["id"])
    assert [n["kind"] for n in detail["notes"]].count("return") == 1
    assert [n["kind"] for n in _told(client, office.head, doc["id"])].count("handed_back") == 1

    doc = _assigned(client, office, forward_to=office.specialist)
    body = {"deadline": _deadline(20), "reason": "Cần thêm thời gian"}
    one_winner(
        race(app, f"/api/v1/incoming/{doc['id']}/extensions", specialist, body), "incoming.extension_pending"
    )
    assert len(_detail(client, office.head, doc["id"])["extensions"]) == 1

    one_winner(
        race(app, f"/api/v1/incoming/{doc['id']}/complete", specialist, {"result": "Xong"}),
        "document.wrong_state",
    )
    detail = _detail(client, office.head, doc["id"])
    assert detail["status"] == "completed"
    assert [n["kind"] for n in detail["notes"]].count("complete") == 1
    assert [n["kind"] for n in _told(client, office.head, doc["id"])].count("completed") == 1
