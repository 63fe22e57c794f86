"""Between registering and handling (Nghị định 30 practice): the văn thư presents the document to a leader
(trình), the leader writes his direction (bút phê, ý kiến chỉ đạo) — alone or with the assignments it decides —
and the cooperating units report their part to the main handler (ý kiến phối hợp). Each step is refused to the
wrong person, notifies the right one, and shows in the detail and on the phiếu xử lý."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pypdfium2 as pdfium
from fastapi import FastAPI
from fastapi.testclient import TestClient

from eoffice import clock
from eoffice.orgs.models import User
from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.documents.steps import detail as _detail
from tests.eoffice.documents.steps import post as _post
from tests.eoffice.documents.steps import told as _told
from tests.eoffice.documents.test_incoming_slip import needs_soffice
from tests.eoffice.factories import login
from tests.eoffice.races import one_winner, race

Doc = dict[str, Any]
DIRECTION = "Giao Phòng Nội vụ chủ trì, phối hợp Phòng Tài chính tham mưu trả lời trước ngày 20"
CONTRIBUTION = "Phòng Tài chính thống nhất; kinh phí bố trí từ nguồn chi thường xuyên năm 2026"


def _awaiting(client: TestClient, user: User) -> tuple[list[int], int]:
    """The ids in the user's "chờ cho ý kiến" and the count the list shows beside it."""
    headers = login(client, user)
    listed = client.get("/api/v1/incoming", params={"awaiting_direction": True}, headers=headers)
    assert listed.status_code == 200, listed.text
    counted = client.get("/api/v1/incoming", headers=headers)
    assert counted.status_code == 200, counted.text
    return [d["id"] for d in listed.json()["items"]], counted.json()["counts"]["cho_y_kien"]


def _deadline(days: int) -> str:
    return str(clock.today() + timedelta(days=days))


def _presented(client: TestClient, office: Office, **metadata: object) -> Doc:
    doc = register(client, login(client, office.clerk), **metadata)
    response = _post(
        client, office.clerk, f"/{doc['id']}/present", {"leader_id": office.leader.id, "note": "Kính trình"}
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def _directed(client: TestClient, office: Office) -> Doc:
    """Presented, then directed with the assignments in one step: Nội vụ handles, a Tài chính specialist
    cooperates, the Tài chính unit cooperates too, Văn phòng is informed."""
    doc = _presented(client, office)
    response = _post(
        client,
        office.leader,
        f"/{doc['id']}/directions",
        {
            "text": DIRECTION,
            "assignments": [
                {"role": "xu_ly_chinh", "department_id": office.home_affairs.id, "deadline": _deadline(7)},
                {"role": "phoi_hop", "user_id": office.other_department.id, "deadline": _deadline(5)},
                {"role": "de_biet", "department_id": office.office_dept.id},
            ],
        },
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_present_reaches_the_leaders_inbox_and_bell(client: TestClient, office: Office) -> None:
    doc = register(client, login(client, office.clerk), title="Về việc tổ chức Hội nghị tổng kết")
    assert "present" in _detail(client, office.clerk, doc["id"])["actions"]
    before_ids, before_count = _awaiting(client, office.leader)
    assert doc["id"] not in before_ids

    response = _post(
        client, office.clerk, f"/{doc['id']}/present", {"leader_id": office.leader.id, "note": "Văn bản khẩn"}
    )
    assert response.status_code == 201, response.text
    [presentation] = response.json()["presentations"]
    assert presentation["leader_id"] == office.leader.id
    assert presentation["presented_by_id"] == office.clerk.id
    assert presentation["answered_at"] is None and presentation["note"] == "Văn bản khẩn"
    assert "present" not in response.json()["actions"]  # one trình open at a time

    ids, count = _awaiting(client, office.leader)
    assert doc["id"] in ids and count == before_count + 1
    assert doc["id"] not in _awaiting(client, office.deputy)[0]  # presented to one leader, not all
    [told] = _told(client, office.leader, doc["id"])
    assert told["kind"] == "presented"
    assert told["title"] == "Văn bản trình chờ bạn cho ý kiến chỉ đạo"
    assert "Về việc tổ chức Hội nghị tổng kết" in told["message"] and "Văn bản khẩn" in told["message"]
    assert _told(client, office.deputy, doc["id"]) == []
    leader_view = _detail(client, office.leader, doc["id"])
    assert "direct" in leader_view["actions"] and "present" not in leader_view["actions"]

    # the leader's direction answers it: out of his inbox, and the clerk who presented it is told
    directed = _post(client, office.leader, f"/{doc['id']}/directions", {"text": "Văn phòng tham mưu"})
    assert directed.status_code == 201, directed.text
    assert directed.json()["presentations"][0]["answered_by_id"] == office.leader.id
    ids, count = _awaiting(client, office.leader)
    assert doc["id"] not in ids and count == before_count
    [told] = _told(client, office.clerk, doc["id"])
    assert told["kind"] == "directed" and "Văn phòng tham mưu" in told["message"]


def test_only_a_clerk_presents_and_only_to_a_leader(client: TestClient, office: Office) -> None:
    doc = register(client, login(client, office.clerk))
    body = {"leader_id": office.leader.id}
    for user in (office.leader, office.deputy):  # readers of the document, not its văn thư
        refused = _post(client, user, f"/{doc['id']}/present", body)
        assert refused.status_code == 403, (user.username, refused.text)
        assert refused.json()["message"] == "Chỉ văn thư mới được trình văn bản đến cho lãnh đạo."
        assert "present" not in _detail(client, user, doc["id"])["actions"]
    for not_a_leader in (office.head, office.specialist, office.other_agency):
        refused = _post(client, office.clerk, f"/{doc['id']}/present", {"leader_id": not_a_leader.id})
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"][0]["field"] == "leader_id"
    outsider = _post(client, office.other_agency, f"/{doc['id']}/present", body)
    assert outsider.status_code == 404
    assert _detail(client, office.clerk, doc["id"])["presentations"] == []


def test_only_a_leader_directs(client: TestClient, office: Office) -> None:
    doc = _presented(client, office)
    for user in (office.clerk,):  # who else reads an unassigned document is a leader
        refused = _post(client, user, f"/{doc['id']}/directions", {"text": "Giao Phòng Nội vụ"})
        assert refused.status_code == 403, (user.username, refused.text)
        assert refused.json()["message"] == "Chỉ lãnh đạo cơ quan mới được cho ý kiến chỉ đạo."
        assert "direct" not in _detail(client, user, doc["id"])["actions"]
    detail = _detail(client, office.clerk, doc["id"])
    assert detail["directions"] == [] and detail["presentations"][0]["answered_at"] is None
    # a deputy leader may direct too (the trình was to the leader, but any leader of the agency answers it)
    directed = _post(client, office.deputy, f"/{doc['id']}/directions", {"text": "Đồng ý, giao Văn phòng"})
    assert directed.status_code == 201, directed.text
    [direction] = directed.json()["directions"]
    assert (direction["author_id"], direction["text"]) == (office.deputy.id, "Đồng ý, giao Văn phòng")
    assert directed.json()["presentations"][0]["answered_by_id"] == office.deputy.id
    # once assigned, the head of the handling unit reads it, and may still not direct
    assigned = _post(
        client,
        office.deputy,
        f"/{doc['id']}/assignments",
        {"assignments": [{"role": "xu_ly_chinh", "department_id": office.home_affairs.id}]},
    )
    assert assigned.status_code == 201, assigned.text
    refused = _post(client, office.head, f"/{doc['id']}/directions", {"text": "Tự chỉ đạo"})
    assert refused.status_code == 403 and "direct" not in _detail(client, office.head, doc["id"])["actions"]


def test_direction_and_assignment_in_one_step_tell_the_assignees(client: TestClient, office: Office) -> None:
    doc = _directed(client, office)
    [direction] = doc["directions"]
    assert (direction["author_id"], direction["author_name"], direction["text"]) == (
        office.leader.id,
        office.leader.full_name,
        DIRECTION,
    )
    assert [(a["role"], a["status"]) for a in doc["assignments"]] == [
        ("xu_ly_chinh", "pending"),
        ("phoi_hop", "pending"),
        ("de_biet", "informed"),
    ]
    assert doc["status"] == "assigned"
    for assignee in (office.head, office.other_department):
        [told] = _told(client, assignee, doc["id"])
        assert told["kind"] == "assigned", told
        assert f"Ý kiến chỉ đạo: {DIRECTION}" in told["message"]
    # the unit informed reaches its head, or its members when it has none (the clerk of Văn phòng)
    [told] = [n for n in _told(client, office.clerk, doc["id"]) if n["kind"] == "assigned"]
    assert DIRECTION in told["message"]
    # the clerk who presented it is told the direction was given
    assert [n["kind"] for n in _told(client, office.clerk, doc["id"])].count("directed") == 1

    # the audit keeps the direction as its own record, and the document's history shows it
    history = client.get(f"/api/v1/documents/{doc['id']}/history", headers=login(client, office.leader))
    assert history.status_code == 200, history.text
    steps = [(e["action"], e["detail"]) for e in history.json()["items"]]
    assert ("incoming.direct", DIRECTION) in steps
    assert {"incoming.present", "incoming.present.answer"} <= {action for action, _ in steps}

    # an invalid assignment leaves no direction behind (one transaction)
    other = _presented(client, office)
    refused = _post(
        client,
        office.leader,
        f"/{other['id']}/directions",
        {
            "text": "Hai đơn vị chủ trì",
            "assignments": [
                {"role": "xu_ly_chinh", "department_id": office.home_affairs.id},
                {"role": "xu_ly_chinh", "department_id": office.finance.id},
            ],
        },
    )
    assert refused.status_code == 422, refused.text
    detail = _detail(client, office.clerk, other["id"])
    assert detail["directions"] == [] and detail["assignments"] == []
    assert detail["presentations"][0]["answered_at"] is None


def test_the_cooperating_unit_reports_to_the_main_handler(client: TestClient, office: Office) -> None:
    doc = _directed(client, office)
    head_actions = _detail(client, office.head, doc["id"])["actions"]
    assert "contribute" not in head_actions  # the main handler has nothing to contribute
    actions = _detail(client, office.other_department, doc["id"])["actions"]
    assert "contribute" in actions

    response = client.post(
        f"/api/v1/incoming/{doc['id']}/contributions",
        data={"text": CONTRIBUTION},
        files={"file": ("Ý kiến Phòng Tài chính.pdf", pdf_bytes(), "application/pdf")},
        headers=login(client, office.other_department),
    )
    assert response.status_code == 201, response.text
    detail = response.json()
    [contribution] = detail["contributions"]
    assert contribution["author_id"] == office.other_department.id and contribution["text"] == CONTRIBUTION
    [file] = [f for f in detail["files"] if f["id"] == contribution["file_id"]]
    assert file["filename"] == "Ý kiến Phòng Tài chính.pdf"
    [row] = [a for a in detail["assignments"] if a["role"] == "phoi_hop"]
    assert row["status"] == "done" and row["completed_at"]
    assert row["id"] == contribution["assignment_id"]
    assert "contribute" not in detail["actions"]
    # the main handler (the head of the unit handling it) is told, with the text
    [told] = [n for n in _told(client, office.head, doc["id"]) if n["kind"] == "contributed"]
    assert told["title"] == "Đơn vị phối hợp đã gửi ý kiến" and CONTRIBUTION in told["message"]
    # the main row is still open: the cooperating unit's report does not complete the document
    assert _detail(client, office.head, doc["id"])["status"] == "assigned"

    again = client.post(
        f"/api/v1/incoming/{doc['id']}/contributions",
        data={"text": CONTRIBUTION},
        headers=login(client, office.other_department),
    )
    assert again.status_code == 409 and again.json()["code"] == "incoming.already_contributed"


def test_a_forwarded_main_handler_hears_from_the_cooperating_unit(client: TestClient, office: Office) -> None:
    doc = _directed(client, office)
    forwarded = _post(client, office.head, f"/{doc['id']}/forward", {"user_id": office.specialist.id})
    assert forwarded.status_code == 201, forwarded.text
    response = client.post(
        f"/api/v1/incoming/{doc['id']}/contributions",
        data={"text": CONTRIBUTION},
        headers=login(client, office.other_department),
    )
    assert response.status_code == 201, response.text
    assert [n["kind"] for n in _told(client, office.specialist, doc["id"])].count("contributed") == 1
    assert [n["kind"] for n in _told(client, office.head, doc["id"])].count("contributed") == 0


def test_an_informed_unit_cannot_contribute(client: TestClient, office: Office) -> None:
    doc = _directed(client, office)
    for user in (office.clerk, office.head, office.leader):  # informed (Văn phòng), main handler, leader
        assert "contribute" not in _detail(client, user, doc["id"])["actions"]
        refused = client.post(
            f"/api/v1/incoming/{doc['id']}/contributions",
            data={"text": "Ý kiến"},
            headers=login(client, user),
        )
        assert refused.status_code == 403, (user.username, refused.text)
        assert refused.json()["message"] == "Chỉ đơn vị, cá nhân được giao phối hợp mới gửi ý kiến phối hợp."
    assert _detail(client, office.clerk, doc["id"])["contributions"] == []
    blank = client.post(
        f"/api/v1/incoming/{doc['id']}/contributions",
        data={"text": "   "},
        headers=login(client, office.other_department),
    )
    assert blank.status_code == 422 and blank.json()["detail"][0]["field"] == "text"


def test_double_submit_presents_once(app: FastAPI, client: TestClient, office: Office) -> None:
    doc = register(client, login(client, office.clerk))
    answers = race(
        app,
        f"/api/v1/incoming/{doc['id']}/present",
        login(client, office.clerk),
        {"leader_id": office.leader.id},
    )
    one_winner(answers, "incoming.already_presented")
    assert len(_detail(client, office.clerk, doc["id"])["presentations"]) == 1
    assert [n["kind"] for n in _told(client, office.leader, doc["id"])] == ["presented"]

    # the same direction sent twice at once: one record, one set of assignments
    body = {"text": DIRECTION, "assignments": [{"role": "xu_ly_chinh", "user_id": office.specialist.id}]}
    answers = race(app, f"/api/v1/incoming/{doc['id']}/directions", login(client, office.leader), body)
    one_winner(answers, "incoming.direction_repeated")
    detail = _detail(client, office.clerk, doc["id"])
    assert len(detail["directions"]) == 1 and len(detail["assignments"]) == 1


def _text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    return " ".join(" ".join(pages).split())


@needs_soffice
def test_the_slip_prints_the_direction_and_the_contribution(client: TestClient, office: Office) -> None:
    doc = _directed(client, office)
    response = client.post(
        f"/api/v1/incoming/{doc['id']}/contributions",
        data={"text": CONTRIBUTION},
        headers=login(client, office.other_department),
    )
    assert response.status_code == 201, response.text
    # a leader's ordinary note is a note, not a direction
    noted = _post(client, office.deputy, f"/{doc['id']}/notes", {"text": "Ghi chú của Phó Chủ tịch"})
    assert noted.status_code == 201, noted.text

    slip = client.get(f"/api/v1/incoming/{doc['id']}/slip.pdf", headers=login(client, office.clerk))
    assert slip.status_code == 200, slip.text
    text = _text(slip.content)
    directions = text.split("I. Ý KIẾN CHỈ ĐẠO CỦA LÃNH ĐẠO")[1].split("II. PHÂN CÔNG XỬ LÝ")[0]
    assert f"{office.leader.full_name} (Chủ tịch)" in directions and DIRECTION in directions
    assert "Ghi chú của Phó Chủ tịch" not in directions
    assert f"Trình lãnh đạo: {office.leader.full_name} (Chủ tịch)" in text
    assignments = text.split("II. PHÂN CÔNG XỬ LÝ")[1].split("III.")[0]
    assert "Đã gửi ý kiến phối hợp" in assignments
    notes = text.split("IV. Ý KIẾN XỬ LÝ")[1].split("V. KẾT QUẢ XỬ LÝ")[0]
    assert "Ý kiến phối hợp" in notes and CONTRIBUTION in notes
    assert "Ghi chú của Phó Chủ tịch" in notes
