"""The outgoing life as an agency lives it, through the API: a draft made from a template (DOCX) is signed
as the PDF the pipeline converted it to; an approval binds the approved version; the văn thư's number and date
appear in the issued PDF while the leader's signature stays valid."""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from signing import TrustSettings
from signing.validation import validate_pdf
from tests.eoffice.documents.conftest import Office
from tests.eoffice.documents.pki import SIGNING_PIN, provision
from tests.eoffice.factories import login, settle


def _route(client: TestClient, office: Office) -> None:
    response = client.post(
        "/api/v1/workflow/routes",
        json={
            "name": "Trình ký quyết định",
            "doc_type": "quyet_dinh",
            "steps": [
                {"name": "Trưởng phòng xem xét", "roles": ["lanh_dao_phong"]},
                {"name": "Lãnh đạo duyệt", "user_ids": [office.leader.id]},
            ],
        },
        headers=login(client, office.admin),
    )
    assert response.status_code == 201, response.text


def _draft_from_template(client: TestClient, office: Office) -> dict[str, Any]:
    response = client.post(
        "/api/v1/drafting/drafts",
        json={
            "template": "quyet_dinh",
            "title": "Về việc ban hành Quy chế công tác văn thư điện tử",
            "legal_bases": ["Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ"],
            "authority_title": "Chủ tịch Ủy ban nhân dân",
            "body": ["Ban hành kèm theo Quyết định này Quy chế công tác văn thư điện tử."],
            "signer": {"position": "Chủ tịch", "full_name": office.leader.full_name},
            "recipient_lines": ["Như trên"],
            "recipients": [{"kind": "department", "department_id": office.finance.id}],
        },
        headers=login(client, office.specialist),
    )
    assert response.status_code == 201, response.text
    return response.json()["document"]  # type: ignore[no-any-return]


def _approved(client: TestClient, office: Office, doc_id: int) -> None:
    submitted = client.post(f"/api/v1/outgoing/{doc_id}/submit", headers=login(client, office.specialist))
    assert submitted.status_code == 200, submitted.text
    for user in (office.head, office.leader):
        response = client.post(f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=login(client, user))
        assert response.status_code == 200, response.text
    assert response.json()["status"] == "approved"


def _text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_a_template_draft_is_signed_as_its_converted_pdf(
    client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    root = provision(session, backends, office.agency, [office.leader])
    _route(client, office)
    doc_id = _draft_from_template(client, office)["id"]
    _approved(client, office, doc_id)
    leader = login(client, office.leader)

    # the worker has not converted the DOCX yet: a clear refusal, nothing signed
    early = client.post(f"/api/v1/outgoing/{doc_id}/sign", json={"pin": SIGNING_PIN}, headers=leader)
    assert early.status_code == 409 and early.json()["code"] == "outgoing.pdf_converting", early.text
    assert "chuyển sang PDF" in early.json()["message"]

    settle(backends)  # what the worker does with the upload's effect: extract and convert
    stages = client.get(f"/api/v1/documents/{doc_id}/processing", headers=leader).json()["stages"]
    [convert] = [s for s in stages if s["stage"] == "convert"]
    assert convert["status"] == "done" and convert["has_pdf"]
    preview = client.get(f"/api/v1/documents/{doc_id}/processing/{convert['id']}/pdf", headers=leader)
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")

    signed = client.post(f"/api/v1/outgoing/{doc_id}/sign", json={"pin": SIGNING_PIN}, headers=leader)
    assert signed.status_code == 200, signed.text
    body = signed.json()
    assert body["status"] == "signed"
    draft, signed_file = body["files"]
    assert draft["content_type"].endswith("wordprocessingml.document") and signed_file["role"] == "signed"
    data = client.get(signed_file["download_path"], headers=leader).content
    text = _text(data)
    assert "Quy chế công tác văn thư điện tử" in text and office.leader.full_name in text
    report = validate_pdf(data, TrustSettings(roots=(root,), allow_fetching=False))
    assert [s.signer.common_name for s in report.signatures if s.signer] == [office.leader.full_name]
    assert report.valid, [s.problems for s in report.signatures]
