"""GET /api/v1/search: one hit per document saying what it is, ranked by adjacency (issue 22)."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.documents.models import Document
from eoffice.orgs.models import User
from eoffice.permissions import principals_for
from eoffice.processing.indexing import build_indexed_document
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


def test_an_entry_the_read_rule_now_refuses_is_neither_shown_nor_counted(
    client: TestClient, office: Office, backends: Backends, session: Session
) -> None:
    """A stale entry (the index still lists the specialist among the readers, the database does not): the
    specialist's search leaves it out of the hits and of the total."""
    clerk = login(client, office.clerk)
    hidden = register(client, clerk, title="Kế hoạch kiểm kê tài sản công zqvx năm 2026")
    shown = register(client, clerk, title="Báo cáo kiểm kê tài sản công zqvx quý một")
    granted = client.post(
        f"/api/v1/documents/{shown['id']}/access", json={"user_ids": [office.specialist.id]}, headers=clerk
    )
    assert granted.status_code == 204, granted.text
    settle(backends)
    specialist = session.get(User, office.specialist.id)
    document = session.get(Document, hidden["id"])
    assert specialist is not None and document is not None
    entry = build_indexed_document(session, document, {})
    backends.search.index(replace(entry, principals=entry.principals | principals_for(specialist)))
    backends.search.refresh()

    answer = client.get(
        "/api/v1/search", params={"q": "kiem ke tai san cong zqvx"}, headers=login(client, office.specialist)
    )

    assert answer.status_code == 200, answer.text
    assert [hit["id"] for hit in answer.json()["items"]] == [shown["id"]]
    assert answer.json()["total"] == 1
