"""The outgoing life as an agency lives it, through the API: a draft made from a template (DOCX) is signed
as the PDF the pipeline converted it to; an approval binds the approved version; the văn thư's number and date
appear in the issued PDF while the leader's signature stays valid."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pypdfium2 as pdfium
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.backends import Backends
from eoffice.orgs.models import User
from eoffice.vietnamese_dates import format_long_date
from signing import TrustSettings
from signing.demo_document import DemoDocument, demo_document_pdf
from signing.validation import validate_pdf
from tests.eoffice.documents.conftest import Office
from tests.eoffice.documents.pki import SIGNING_PIN, provision
from tests.eoffice.factories import login, settle
from tests.signing.pdfsig import assert_pdfsig_valid

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("QUYẾT ĐỊNH Về việc sửa đổi Quy chế công tác văn thư")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


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


def _pdf_draft(client: TestClient, office: Office, body_line: str) -> dict[str, Any]:
    pdf = demo_document_pdf(DemoDocument(signer_name=office.leader.full_name, position="CHỦ TỊCH"))
    response = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps({"title": body_line, "doc_type": "quyet_dinh"})},
        files={"file": ("Dự thảo.pdf", pdf, "application/pdf")},
        headers=login(client, office.specialist),
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def _notified(client: TestClient, user: User, doc_id: int, kind: str) -> bool:
    items = client.get("/api/v1/notifications", headers=login(client, user)).json()["items"]
    return any(n["document_id"] == doc_id and n["kind"] == kind for n in items)


def test_a_new_version_after_approval_resets_the_route_and_only_the_approved_version_is_signed(
    client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    provision(session, backends, office.agency, [office.leader])
    _route(client, office)
    specialist, head, leader = (login(client, u) for u in (office.specialist, office.head, office.leader))
    doc = _pdf_draft(client, office, "Về việc ban hành Quy chế")
    doc_id, v1 = doc["id"], doc["files"][0]
    _approved(client, office, doc_id)
    run = client.get(f"/api/v1/outgoing/{doc_id}", headers=leader).json()["run"]
    assert (run["file_id"], run["sha256"]) == (v1["id"], v1["sha256"])
    assert {(d["file_id"], d["sha256"]) for d in run["decisions"]} == {(v1["id"], v1["sha256"])}

    # after both approvals the drafter uploads another PDF: the route is reset, nobody may sign it
    other = demo_document_pdf(DemoDocument(signer_name=office.leader.full_name, title="QUYẾT ĐỊNH KHÁC"))
    v2 = client.post(
        f"/api/v1/outgoing/{doc_id}/versions",
        files={"file": ("Dự thảo v2.pdf", other, "application/pdf")},
        headers=specialist,
    )
    assert v2.status_code == 201, v2.text
    v2_file = v2.json()
    after = client.get(f"/api/v1/outgoing/{doc_id}", headers=leader).json()
    assert after["status"] == "draft" and after["run"]["status"] == "reset"
    for name in ("specialist", "head", "leader"):
        user = getattr(office, name)
        assert _notified(client, user, doc_id, "route_reset") is (name != "specialist")
    history = client.get(f"/api/v1/documents/{doc_id}/history", headers=leader).json()["items"]
    assert "outgoing.route_reset" in [e["action"] for e in history]
    refused = client.post(
        f"/api/v1/outgoing/{doc_id}/sign", json={"pin": SIGNING_PIN, "file_id": v2_file["id"]}, headers=leader
    )
    assert refused.status_code == 409, refused.text

    # submitted again: an approver who looked at the old version is refused, then both approve v2
    client.post(f"/api/v1/outgoing/{doc_id}/submit", headers=specialist)
    stale = client.post(f"/api/v1/outgoing/{doc_id}/approve", json={"sha256": v1["sha256"]}, headers=head)
    assert stale.status_code == 409 and stale.json()["code"] == "workflow.version_changed"
    assert client.post(f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=head).status_code == 200
    approved = client.post(
        f"/api/v1/outgoing/{doc_id}/approve", json={"sha256": v2_file["sha256"]}, headers=leader
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved", approved.text

    # signing names the version: the old one is refused, the approved one is signed
    for named in ({"file_id": v1["id"]}, {"sha256": v1["sha256"]}):
        wrong = client.post(
            f"/api/v1/outgoing/{doc_id}/sign", json={"pin": SIGNING_PIN, **named}, headers=leader
        )
        assert wrong.status_code == 409 and wrong.json()["code"] == "outgoing.not_approved_version", (
            wrong.text
        )
        assert wrong.json()["detail"]["approved"]["sha256"] == v2_file["sha256"]
    signed = client.post(
        f"/api/v1/outgoing/{doc_id}/sign",
        json={"pin": SIGNING_PIN, "sha256": v2_file["sha256"]},
        headers=leader,
    )
    assert signed.status_code == 200, signed.text
    data = client.get(signed.json()["files"][-1]["download_path"], headers=leader).content
    assert "QUYẾT ĐỊNH KHÁC" in _text(data)


def test_a_version_after_a_partial_approval_resets_the_route_too(
    client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    _route(client, office)
    specialist, head = login(client, office.specialist), login(client, office.head)
    doc_id = _pdf_draft(client, office, "Về việc sửa đổi Quy chế")["id"]
    client.post(f"/api/v1/outgoing/{doc_id}/submit", headers=specialist)
    assert client.post(f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=head).status_code == 200
    returned = client.post(
        f"/api/v1/outgoing/{doc_id}/return",
        json={"reason": "Sửa căn cứ"},
        headers=login(client, office.leader),
    )
    assert returned.json()["status"] == "returned"
    version = client.post(
        f"/api/v1/outgoing/{doc_id}/versions",
        files={"file": ("v2.docx", _docx(), DOCX)},
        headers=specialist,
    )
    assert version.status_code == 201
    after = client.get(f"/api/v1/outgoing/{doc_id}", headers=specialist).json()
    assert after["status"] == "returned" and after["run"]["status"] == "reset"
    assert _notified(client, office.head, doc_id, "route_reset")
    resubmitted = client.post(f"/api/v1/outgoing/{doc_id}/submit", headers=specialist).json()
    assert resubmitted["run"]["waiting_for"] == [office.head.id]
    assert resubmitted["run"]["file_id"] == version.json()["id"]


def _shown_text(pdf: bytes) -> str:
    """The text as a reader sees and prints it: form fields flattened into the page (in memory only)."""
    document = pdfium.PdfDocument(pdf)
    document.init_forms()
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            page.flatten()
            page.close()
            texts.append(document[index].get_textpage().get_text_range())
        return "\n".join(texts)
    finally:
        document.close()


def _nss_dir(tmp_path: Path) -> Path:
    """An empty NSS database for pdfsig: its "Signature Validation" line is the cryptographic check."""
    directory = tmp_path / "nssdb"
    directory.mkdir()
    certutil = shutil.which("certutil")
    assert certutil is not None, "certutil (Debian libnss3-tools) is not installed"
    subprocess.run([certutil, "-N", "-d", f"sql:{directory}", "--empty-password"], check=True)
    return directory


def test_the_number_and_date_appear_on_the_issued_document_and_both_signatures_stay_valid(
    client: TestClient, office: Office, session: Session, backends: Backends, tmp_path: Path
) -> None:
    root = provision(session, backends, office.agency, [office.leader])
    _route(client, office)
    doc_id = _draft_from_template(client, office)["id"]
    _approved(client, office, doc_id)
    settle(backends)
    leader, clerk = login(client, office.leader), login(client, office.clerk)
    signed = client.post(f"/api/v1/outgoing/{doc_id}/sign", json={"pin": SIGNING_PIN}, headers=leader)
    assert signed.status_code == 200, signed.text
    issued = client.post(f"/api/v1/outgoing/{doc_id}/issue", json={"pin": SIGNING_PIN}, headers=clerk)
    assert issued.status_code == 200, issued.text
    body = issued.json()
    number_symbol, issue_date = body["number_symbol"], date.fromisoformat(body["issue_date"])
    assert issue_date == clock.today(backends.settings.timezone)
    assert re.fullmatch(r"\d{2,}/QĐ-UBND", number_symbol), number_symbol
    data = client.get(body["files"][-1]["download_path"], headers=clerk).content

    # the number and the agency's date are on the document, where the draft left them blank
    shown = _shown_text(data)
    assert f"Số: {number_symbol}" in shown, shown[:400]
    assert f"{office.agency.place}, {format_long_date(issue_date)}" in shown, shown[:400]
    assert re.search(r"ngày \d{2} tháng \d{1,2} năm \d{4}", shown)

    # pyHanko: both signatures intact and valid, the change after the leader's is form filling
    report = validate_pdf(data, TrustSettings(roots=(root,), allow_fetching=False))
    leader_sig, agency_sig = report.signatures
    assert leader_sig.signer and leader_sig.signer.common_name == office.leader.full_name
    assert agency_sig.signer and agency_sig.signer.common_name == office.agency.name
    assert leader_sig.intact and agency_sig.intact
    assert leader_sig.modification_level == "form_filling", leader_sig
    assert report.valid, [s.problems for s in report.signatures]

    # poppler: an independent implementation calls both signatures valid
    path = tmp_path / "issued.pdf"
    path.write_bytes(data)
    assert_pdfsig_valid(path, _nss_dir(tmp_path), expect_signatures=2)
