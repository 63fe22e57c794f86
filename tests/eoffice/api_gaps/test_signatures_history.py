"""Chữ ký số and Lịch sử through the API: a released document's leader and agency signatures are both valid,
a changed copy is not; the history lists every step in order with names and Vietnamese labels; outsiders get
404 on both."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from signing.demo_document import DemoDocument, demo_document_pdf
from tests.eoffice.api_gaps.conftest import Office, create_draft
from tests.eoffice.documents.conftest import register
from tests.eoffice.documents.pki import SIGNING_PIN, provision
from tests.eoffice.factories import login


@pytest.fixture
def released(client: TestClient, office: Office, session: Session, backends: Backends) -> dict[str, Any]:
    """A quyết định taken from draft to release: approved, signed by the leader, numbered, agency-signed."""
    provision(session, backends, office.agency, [office.leader])
    route = client.post(
        "/api/v1/workflow/routes",
        json={
            "name": "Lãnh đạo duyệt",
            "doc_type": "quyet_dinh",
            "steps": [{"user_ids": [office.leader.id]}],
        },
        headers=login(client, office.admin),
    )
    assert route.status_code == 201, route.text
    pdf = demo_document_pdf(DemoDocument(signer_name=office.leader.full_name, position="CHỦ TỊCH"))
    doc = create_draft(
        client,
        office.specialist,
        pdf,
        "du-thao.pdf",
        recipients=[{"kind": "department", "department_id": office.finance.id}],
    )
    url = f"/api/v1/outgoing/{doc['id']}"
    leader, clerk = login(client, office.leader), login(client, office.clerk)
    steps = [
        (f"{url}/submit", None, login(client, office.specialist)),
        (f"{url}/approve", {}, leader),
        (f"{url}/sign", {"level": "B-B", "pin": SIGNING_PIN}, leader),
        (f"{url}/issue", {"level": "B-B", "pin": SIGNING_PIN}, clerk),
        (f"{url}/release", {}, clerk),
    ]
    for path, body, headers in steps:
        response = client.post(path, json=body, headers=headers)
        assert response.status_code == 200, f"{path}: {response.text}"
    return response.json()  # type: ignore[no-any-return]


def test_signatures_and_history_of_a_released_document(
    client: TestClient, office: Office, released: dict[str, Any]
) -> None:
    doc_id = released["id"]
    reader = login(client, office.leader)

    report = client.get(f"/api/v1/documents/{doc_id}/signatures", headers=reader)
    assert report.status_code == 200, report.text
    body = report.json()
    issued = released["files"][-1]
    assert body["file"]["id"] == issued["id"] and body["file"]["role"] == "issued"
    assert body["valid"] is True
    signers = [
        (s["signer_kind"], s["report"]["signer"]["common_name"], s["valid"]) for s in body["signatures"]
    ]
    assert signers == [("person", office.leader.full_name, True), ("agency", office.agency.name, True)]
    for signature in body["signatures"]:
        assert signature["report"]["intact"] and signature["report"]["trusted"]
        assert signature["report"]["signing_time"] and signature["report"]["problems"] == []

    # the unsigned draft (a given file) has no signature: not valid, and the report says so plainly
    draft = released["files"][0]
    unsigned = client.get(f"/api/v1/documents/{doc_id}/signatures?file_id={draft['id']}", headers=reader)
    assert unsigned.status_code == 200
    assert unsigned.json()["valid"] is False and unsigned.json()["signatures"] == []

    # the internal recipient's copy is the same signed file, and its signatures check out there too
    [recipient] = released["recipients"]
    copy = client.get(
        f"/api/v1/documents/{recipient['incoming_document_id']}/signatures",
        headers=login(client, office.other_department),
    )
    assert copy.status_code == 200 and copy.json()["valid"] is True

    history = client.get(f"/api/v1/documents/{doc_id}/history", headers=reader)
    assert history.status_code == 200
    items = history.json()["items"]
    actions = [i["action"] for i in items]
    expected = [
        "outgoing.draft_create",
        "outgoing.submit",
        "workflow.approve",
        "outgoing.sign",
        "outgoing.issue",
    ]
    positions = [actions.index(a) for a in [*expected, "outgoing.release"]]
    assert positions == sorted(positions), actions
    assert [i["seq"] for i in items] == sorted(i["seq"] for i in items)
    by_action = {i["action"]: i for i in items}
    assert by_action["outgoing.draft_create"]["label"] == "Tạo dự thảo"
    assert by_action["outgoing.draft_create"]["actor_name"] == office.specialist.full_name
    assert by_action["outgoing.sign"]["label"] == "Lãnh đạo ký số"
    assert by_action["outgoing.sign"]["actor_name"] == office.leader.full_name
    assert by_action["outgoing.issue"]["detail"] == f"Số: {released['number_symbol']}"
    assert by_action["outgoing.issue"]["actor_name"] == office.clerk.full_name
    stored = [i for i in items if i["action"] == "document_file.store"]
    assert [i["detail"].split(" ")[2] for i in stored] == ["1", "2", "3"]  # "Phiên bản N (...)"
    assert "workflow.run_update" not in actions


def test_a_changed_copy_says_why_it_is_not_valid(
    client: TestClient, office: Office, released: dict[str, Any]
) -> None:
    clerk = login(client, office.clerk)
    signed = client.get(released["files"][-1]["download_path"], headers=clerk).content
    tampered = signed + b"\n1 0 obj\n(them noi dung sau khi ky)\nendobj\n"
    incoming = register(client, clerk, files=[("ban-sao.pdf", tampered, "application/pdf")])
    body = client.get(f"/api/v1/documents/{incoming['id']}/signatures", headers=clerk).json()
    assert body["valid"] is False and len(body["signatures"]) == 2
    for signature in body["signatures"]:
        assert signature["valid"] is False
        codes = {p["code"] for p in signature["report"]["problems"]}
        assert "signature.coverage_incomplete" in codes
        assert all(p["message"] for p in signature["report"]["problems"])


def test_outsiders_get_404(client: TestClient, office: Office, released: dict[str, Any]) -> None:
    doc_id = released["id"]
    for outsider in (office.other_agency, office.colleague):
        headers = login(client, outsider)
        assert client.get(f"/api/v1/documents/{doc_id}/signatures", headers=headers).status_code == 404
        assert client.get(f"/api/v1/documents/{doc_id}/history", headers=headers).status_code == 404
    assert client.get(f"/api/v1/documents/{doc_id}/history").status_code == 401
    missing = client.get("/api/v1/documents/999999/signatures", headers=login(client, office.leader))
    assert missing.status_code == 404 and missing.json()["message"]
