"""Nobody approves their own draft: a trưởng phòng's draft skips the step only he could decide, a leader's
draft waits for another leader, the drafter's own approve is refused (403), and a route on which nobody but
the drafter could decide is refused at submission (409)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from eoffice.orgs.models import User
from signing.demo_document import demo_document_pdf
from tests.eoffice.documents.conftest import Office
from tests.eoffice.documents.pki import SIGNING_PIN
from tests.eoffice.factories import login


def _route(client: TestClient, office: Office, doc_type: str, steps: list[dict]) -> None:  # type: ignore[type-arg]
    body = {"name": "Luồng trình ký", "doc_type": doc_type, "steps": steps}
    response = client.post("/api/v1/workflow/routes", json=body, headers=login(client, office.admin))
    assert response.status_code == 201, response.text


def _submitted(client: TestClient, drafter: User, doc_type: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    headers = login(client, drafter)
    draft = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps({"title": "Về việc tự duyệt", "doc_type": doc_type})},
        files={"file": ("du-thao.pdf", demo_document_pdf(), "application/pdf")},
        headers=headers,
    )
    assert draft.status_code == 201, draft.text
    doc_id = draft.json()["id"]
    return doc_id, client.post(f"/api/v1/outgoing/{doc_id}/submit", headers=headers).json()


def _refused_self_approval(client: TestClient, drafter: User, doc_id: int) -> None:
    refused = client.post(f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=login(client, drafter))
    assert refused.status_code == 403, refused.text
    assert refused.json()["code"] == "workflow.self_approval"
    assert refused.json()["message"] == "Người soạn thảo không được tự duyệt văn bản của mình."


def test_head_of_department_cannot_approve_his_own_draft(client: TestClient, office: Office) -> None:
    _route(
        client,
        office,
        "ke_hoach",
        [
            {"name": "Trưởng phòng xem xét", "roles": ["lanh_dao_phong"]},
            {"name": "Lãnh đạo duyệt", "user_ids": [office.leader.id]},
        ],
    )
    doc_id, submitted = _submitted(client, office.head, "ke_hoach")
    assert submitted["status"] == "submitted"
    assert submitted["run"]["position"] == 2 and submitted["run"]["waiting_for"] == [office.leader.id]

    _refused_self_approval(client, office.head, doc_id)

    leader = login(client, office.leader)
    approved = client.post(f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=leader).json()
    assert approved["status"] == "approved"
    assert [d["user_id"] for d in approved["run"]["decisions"]] == [office.leader.id]


def test_leader_cannot_draft_approve_and_sign_alone(client: TestClient, office: Office) -> None:
    _route(client, office, "to_trinh", [{"name": "Lãnh đạo duyệt", "roles": ["lanh_dao_don_vi"]}])
    doc_id, submitted = _submitted(client, office.leader, "to_trinh")
    assert submitted["run"]["waiting_for"] == [office.deputy.id]

    _refused_self_approval(client, office.leader, doc_id)
    signed = client.post(
        f"/api/v1/outgoing/{doc_id}/sign",
        json={"level": "B-B", "pin": SIGNING_PIN},
        headers=login(client, office.leader),
    )
    assert signed.status_code == 409 and signed.json()["code"] == "document.wrong_state"

    deputy = login(client, office.deputy)
    approved = client.post(f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=deputy).json()
    assert approved["status"] == "approved"
    assert [d["user_id"] for d in approved["run"]["decisions"]] == [office.deputy.id]


def test_drafter_left_out_of_a_consultation_step(client: TestClient, office: Office) -> None:
    _route(
        client,
        office,
        "thong_bao",
        [{"name": "Góp ý", "user_ids": [office.specialist.id, office.colleague.id], "consultation": True}],
    )
    doc_id, submitted = _submitted(client, office.specialist, "thong_bao")
    assert submitted["run"]["waiting_for"] == [office.colleague.id]
    _refused_self_approval(client, office.specialist, doc_id)
    colleague = login(client, office.colleague)
    assert client.post(f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=colleague).json()["status"] == (
        "approved"
    )


def test_route_where_only_the_drafter_could_approve_is_refused(client: TestClient, office: Office) -> None:
    _route(client, office, "bao_cao", [{"name": "Trưởng phòng duyệt", "user_ids": [office.head.id]}])
    headers = login(client, office.head)
    draft = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps({"title": "Báo cáo tự duyệt", "doc_type": "bao_cao"})},
        files={"file": ("du-thao.pdf", demo_document_pdf(), "application/pdf")},
        headers=headers,
    )
    refused = client.post(f"/api/v1/outgoing/{draft.json()['id']}/submit", headers=headers)
    assert refused.status_code == 409 and refused.json()["code"] == "workflow.no_other_approver"
    assert "người soạn thảo không được tự duyệt" in refused.json()["message"]
    detail = client.get(f"/api/v1/outgoing/{draft.json()['id']}", headers=headers).json()
    assert detail["status"] == "draft" and detail["run"] is None
