"""GET /api/v1/search: one hit per document saying what it is, ranked by adjacency (issue 22)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from eoffice.backends import Backends
from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.factories import login, settle


def test_a_hit_is_one_document_with_its_kind_date_issuer_and_status(
    client: TestClient, office: Office, backends: Backends
) -> None:
    clerk = login(client, office.clerk)
    files = [
        ("cong-van.pdf", pdf_bytes(), "application/pdf"),
        ("phu-luc.pdf", pdf_bytes(), "application/pdf"),
    ]
    about = register(
        client,
        clerk,
        files=files,
        title="Kế hoạch phát triển du lịch thành phố Cần Thơ",
        issuer="UBND thành phố Cần Thơ",
    )
    decoy = register(client, clerk, title="Thông báo cuộc thi thơ dành cho cán bộ, giáo viên")
    settle(backends)

    answer = client.get("/api/v1/search", params={"q": "can tho"}, headers=clerk)

    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    ids = [hit["id"] for hit in items]
    assert ids[0] == about["id"] and ids.count(about["id"]) == 1
    assert decoy["id"] in ids  # every term is still required, and the decoy has them all
    first = items[0]
    assert first["kind"] == "incoming"
    assert first["issuer"] == "UBND thành phố Cần Thơ"
    assert first["status"]
    assert first["date"] is not None
