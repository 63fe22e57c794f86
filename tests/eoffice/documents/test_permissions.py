"""Nobody outside a document's readers learns anything about it, on any endpoint of the documents slices.

The sweep walks every operation the app exposes under the document prefixes (from `app.routes`, through
the OpenAPI schema), so a new endpoint is covered as soon as it exists — and fails here until it has a
sample body below.
"""

from __future__ import annotations

import json
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.backends import Backends
from eoffice.documents.models import Document
from eoffice.orgs.models import User
from eoffice.permissions import document_principals, may_read, principals_for
from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.documents.pki import SIGNING_PIN
from tests.eoffice.factories import login, settle

PREFIXES = ("/api/v1/incoming", "/api/v1/outgoing", "/api/v1/documents", "/api/v1/search", "/api/v1/workflow")
MARKER = "Tài liệu kiểm thử phân quyền zqxj"

# a body that would succeed for an authorised user, so only the permission check can refuse it
SAMPLE_JSON = {
    "/token-signature/prepare": {"level": "B-B"},
    "/token-signature/complete": {"id": "x", "signature": "AAAA"},
    "/token-signature/cancel": None,
    "/assignments": {"assignments": [{"role": "phoi_hop", "user_id": 0}]},
    "/forward": {"user_id": 0},
    "/notes": {"text": "ý kiến"},
    "/complete": {"result": "xong"},
    "/recall": {"reason": "thu hồi"},
    "/cancel": {"reason": "vào sổ nhầm"},
    "/seen": None,
    "/take-back": {"reason": "thu hồi phân công"},
    "/extensions": {"deadline": "2099-12-31", "reason": "cần thêm thời gian"},
    "/decision": {"granted": True},
    "/present": {"leader_id": 0},
    "/directions": {"text": "ý kiến chỉ đạo"},
    "/access": {"user_ids": [0]},
    "/comments": {"text": "góp ý"},
    "/approve": {},
    "/return": {"reason": "sửa"},
    "/reject": {"reason": "không duyệt"},
    "/sign": {"level": "B-B", "pin": SIGNING_PIN},
    "/issue": {"level": "B-B", "pin": SIGNING_PIN},
    "/remote-signature/check": None,
    "/release": {},
    "/submit": None,
    "/workflow/routes": {"name": "Luồng", "steps": [{"roles": ["lanh_dao_don_vi"]}]},
}
MULTIPART = {
    "/api/v1/incoming": {
        "data": {"metadata": json.dumps({"title": "x", "doc_type": "cong_van", "issuer": "y"})}
    },
    "/api/v1/outgoing": {"data": {"metadata": json.dumps({"title": "x", "doc_type": "cong_van"})}},
    "/files": {"files": {"files": ("a.pdf", pdf_bytes(), "application/pdf")}},
    "/versions": {"files": {"file": ("a.pdf", pdf_bytes(), "application/pdf")}},
    "/attachments": {"files": {"files": ("a.pdf", pdf_bytes(), "application/pdf")}},
    "/prefill": {"files": {"file": ("a.pdf", pdf_bytes(), "application/pdf")}},
    "/contributions": {"data": {"text": "ý kiến phối hợp"}},
}


def _operations(app: FastAPI) -> list[tuple[str, str]]:
    paths = app.openapi()["paths"]
    return sorted(
        (method.upper(), path) for path, item in paths.items() if path.startswith(PREFIXES) for method in item
    )


def _request_kwargs(method: str, path: str, target_user: int) -> dict:  # type: ignore[type-arg]
    if method == "GET":
        return {}
    for suffix, kwargs in MULTIPART.items():
        if path.endswith(suffix):
            return dict(kwargs)
    for suffix, body in SAMPLE_JSON.items():
        if path.endswith(suffix):
            text = json.dumps(body).replace(": 0", f": {target_user}").replace("[0]", f"[{target_user}]")
            return {} if body is None else {"content": text, "headers": {"Content-Type": "application/json"}}
    raise AssertionError(f"no sample body for {method} {path}: add one to SAMPLE_JSON/MULTIPART")


@pytest.fixture
def targets(client: TestClient, office: Office) -> dict[str, dict]:  # type: ignore[type-arg]
    """An incoming document assigned to Phòng Nội vụ and an outgoing draft of a Nội vụ specialist."""
    clerk = login(client, office.clerk)
    incoming = register(
        client,
        clerk,
        title=MARKER,
        deadline=str(clock.today()),
        files=[("scan.pdf", pdf_bytes(), "application/pdf")],
    )
    client.post(
        f"/api/v1/incoming/{incoming['id']}/assignments",
        json={"assignments": [{"role": "xu_ly_chinh", "department_id": office.home_affairs.id}]},
        headers=clerk,
    )
    response = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps({"title": MARKER, "doc_type": "to_trinh"})},
        files={"file": ("du-thao.pdf", pdf_bytes(), "application/pdf")},
        headers=login(client, office.specialist),
    )
    assert response.status_code == 201, response.text
    return {"incoming": incoming, "outgoing": response.json()}


@pytest.mark.parametrize("outsider", ["other_department", "other_agency"])
def test_outsiders_get_403_or_404_and_no_data(
    app: FastAPI,
    client: TestClient,
    office: Office,
    targets: dict,
    outsider: str,  # type: ignore[type-arg]
) -> None:
    user: User = getattr(office, outsider)
    headers = login(client, user)
    operations = _operations(app)
    assert len(operations) >= 20
    checked = 0
    for method, path in operations:
        kind = "outgoing" if path.startswith("/api/v1/outgoing") else "incoming"
        for document in {
            targets[kind]["id"],
            *([targets["outgoing"]["id"]] if "/documents/" in path else []),
        }:
            file_id = next(f["id"] for f in (targets["incoming"]["files"] + targets["outgoing"]["files"]))
            url = path.replace("{document_id}", str(document)).replace("{file_id}", str(file_id))
            url = re.sub(r"\{[a-z_]+\}", "1", url)  # any other id of another slice's sub-resource
            kwargs = _request_kwargs(method, path, user.id)
            extra_headers = kwargs.pop("headers", {})
            params = {"q": MARKER} if method == "GET" and "{" not in path else None
            response = client.request(
                method, url, headers={**headers, **extra_headers}, params=params, **kwargs
            )
            where = f"{method} {url} as {outsider}"
            assert response.status_code < 500, where
            assert MARKER not in response.text, where
            if "{document_id}" in path:
                assert response.status_code in (403, 404), f"{where}: {response.status_code} {response.text}"
            checked += 1
    assert checked >= len(operations)
    # and nothing changed for the insiders
    detail = client.get(f"/api/v1/incoming/{targets['incoming']['id']}", headers=login(client, office.leader))
    assert detail.json()["status"] == "assigned" and detail.json()["notes"] == []


def test_secret_documents_are_for_named_people_only(
    client: TestClient, office: Office, session: Session
) -> None:
    clerk = login(client, office.clerk)
    secret = register(
        client, clerk, title="Văn bản mật kiểm thử", secrecy="mat", named_user_ids=[office.head.id]
    )
    client.post(
        f"/api/v1/incoming/{secret['id']}/assignments",
        json={"assignments": [{"role": "phoi_hop", "department_id": office.home_affairs.id}]},
        headers=clerk,
    )
    readers = {
        name: client.get(
            f"/api/v1/incoming/{secret['id']}", headers=login(client, getattr(office, name))
        ).status_code
        for name in ("clerk", "head", "leader", "specialist", "other_agency")
    }
    assert readers == {"clerk": 200, "head": 200, "leader": 404, "specialist": 404, "other_agency": 404}
    # the leader is named afterwards and may read it from then on
    granted = client.post(
        f"/api/v1/documents/{secret['id']}/access", json={"user_ids": [office.leader.id]}, headers=clerk
    )
    assert granted.status_code == 204
    assert (
        client.get(f"/api/v1/incoming/{secret['id']}", headers=login(client, office.leader)).status_code
        == 200
    )

    # the SQL rule, the Python rule and the search principals agree for every person of the office
    document = session.get(Document, secret["id"])
    assert document is not None
    for name in ("clerk", "head", "leader", "specialist", "colleague", "other_department", "other_agency"):
        user = session.get(User, getattr(office, name).id)
        assert user is not None
        allowed = may_read(session, user, document)
        assert allowed == bool(principals_for(user) & document_principals(document)), name
        assert allowed == (name in ("clerk", "head", "leader")), name


def test_search_finds_only_what_the_reader_may_read(
    client: TestClient, office: Office, backends: Backends
) -> None:
    clerk = login(client, office.clerk)
    doc = register(client, clerk, title="Kế hoạch phòng chống lụt bão năm 2026 tìm kiếm")
    settle(backends, doc["id"])  # the worker's part: the registration's effect indexes it
    found = client.get(
        "/api/v1/search", params={"q": "phong chong lut bao"}, headers=login(client, office.leader)
    )
    assert found.status_code == 200
    assert doc["id"] in [hit["id"] for hit in found.json()["items"]]
    hit = next(h for h in found.json()["items"] if h["id"] == doc["id"])
    assert "<mark>" in hit["snippet"]
    for outsider in (office.specialist, office.other_agency):
        hidden = client.get(
            "/api/v1/search", params={"q": "phong chong lut bao"}, headers=login(client, outsider)
        )
        assert doc["id"] not in [h["id"] for h in hidden.json()["items"]]
    too_long = client.get("/api/v1/search", params={"q": "a" * 1001}, headers=clerk)
    assert too_long.status_code == 422
