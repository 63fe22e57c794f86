"""Kiểm tra through the API: a real DOCX draft with a wrong margin and a replaced căn cứ shows both findings
where they are; the one-click fix makes a new version without the margin finding; large files are queued;
drafts come from the template library with Vietnamese dates; outsiders are refused everywhere."""

from __future__ import annotations

import io

import docx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.checks import service as checks
from eoffice.checks.legal_lines import docx_paragraphs
from eoffice.checks.models import CheckRun, CheckStatus
from eoffice.documents.service import Actor
from eoffice.orgs.models import User
from eoffice.tasks.outbox import OutboxMessage
from tests.eoffice.api_gaps.conftest import CURRENT_BASIS, OUTDATED_BASIS, Office, create_draft
from tests.eoffice.factories import login


def _codes(run: dict) -> set[str]:  # type: ignore[type-arg]
    return {f["code"] for f in run["findings"]}


def _finding(run: dict, code: str) -> dict:  # type: ignore[type-arg]
    [found] = [f for f in run["findings"] if f["code"] == code]
    return found  # type: ignore[no-any-return]


def test_wrong_margin_and_outdated_basis_then_fix(
    client: TestClient, office: Office, draft_file: bytes
) -> None:
    doc = create_draft(client, office.specialist, draft_file, "du-thao-quyet-dinh.docx")
    author = login(client, office.specialist)

    response = client.post(f"/api/v1/drafts/{doc['id']}/checks", headers=author)
    assert response.status_code == 201, response.text
    run = response.json()
    assert run["status"] == "done" and run["file_version"] == 1
    margin = _finding(run, "format.margin_left")
    assert margin["check"] == "format" and margin["fixable"] is True
    assert margin["where"] == {"kind": "section", "index": 1, "text": ""}
    assert "25" in margin["found"] and "30" in margin["expected"]
    replaced = _finding(run, "legal.replaced")
    assert replaced["check"] == "legal" and replaced["fixable"] is False
    assert "30/2020/NĐ-CP" in replaced["message"]
    assert replaced["where"]["kind"] == "paragraph"
    # the finding points at its paragraph: the run carries that paragraph's text under the same number
    paragraphs = {p["index"]: p["text"] for p in run["paragraphs"]}
    assert paragraphs[replaced["where"]["index"]].startswith(OUTDATED_BASIS)
    # the valid căn cứ (a law cited by name and date) is not reported
    assert not any(
        f["where"]["index"] is not None and paragraphs.get(f["where"]["index"], "").startswith(CURRENT_BASIS)
        for f in run["findings"]
        if f["check"] == "legal"
    )
    assert run["error_count"] >= 2 and run["fixable_count"] >= 1

    fixed = client.post(f"/api/v1/drafts/{doc['id']}/checks/fix", headers=author)
    assert fixed.status_code == 201, fixed.text
    body = fixed.json()
    assert body["file"]["version"] == 2 and body["file"]["immutable"] is True
    assert body["check"]["file_version"] == 2
    assert "format.margin_left" not in _codes(body["check"])
    assert "legal.replaced" in _codes(body["check"])  # a person has to choose the new căn cứ
    assert body["check"]["fixable_count"] == 0

    # the new version really has a 30-35 mm left margin; the old version's bytes are untouched
    new = client.get(body["file"]["download_path"], headers=author).content
    assert 30 <= docx.Document(io.BytesIO(new)).sections[0].left_margin.mm <= 35
    detail = client.get(f"/api/v1/outgoing/{doc['id']}", headers=author).json()
    assert [f["version"] for f in detail["files"]] == [1, 2]
    old = client.get(detail["files"][0]["download_path"], headers=author).content
    assert old == draft_file

    history = client.get(f"/api/v1/drafts/{doc['id']}/checks", headers=author).json()["items"]
    assert [item["file_version"] for item in history] == [2, 1]
    assert "format.margin_left" in _codes(history[1]) and "format.margin_left" not in _codes(history[0])

    again = client.post(f"/api/v1/drafts/{doc['id']}/checks/fix", headers=author)
    assert again.status_code == 409 and again.json()["code"] == "check.nothing_to_fix"


def test_who_may_check_and_fix(client: TestClient, office: Office, draft_file: bytes) -> None:
    doc = create_draft(client, office.specialist, draft_file, "du-thao.docx")
    url = f"/api/v1/drafts/{doc['id']}/checks"
    # outsiders (another agency, another department, a colleague not named on it) learn nothing
    for outsider in (office.other_agency, office.other_department, office.colleague):
        headers = login(client, outsider)
        assert client.post(url, headers=headers).status_code == 404
        assert client.get(url, headers=headers).status_code == 404
        assert client.post(f"{url}/fix", headers=headers).status_code == 404
    # the văn thư reads every document of the agency: may check, may not rewrite someone's draft
    clerk = login(client, office.clerk)
    assert client.post(url, headers=clerk).status_code == 201
    refused = client.post(f"{url}/fix", headers=clerk)
    assert refused.status_code == 403 and refused.json()["message"]
    assert client.post(url).status_code == 401


def test_pdf_draft_is_checked_but_not_fixed(client: TestClient, office: Office) -> None:
    from signing.demo_document import DemoDocument, demo_document_pdf

    pdf = demo_document_pdf(DemoDocument(signer_name=office.leader.full_name, position="CHỦ TỊCH"))
    doc = create_draft(client, office.specialist, pdf, "du-thao.pdf")
    author = login(client, office.specialist)
    run = client.post(f"/api/v1/drafts/{doc['id']}/checks", headers=author).json()
    assert run["status"] == "done" and run["paragraphs"]
    refused = client.post(f"/api/v1/drafts/{doc['id']}/checks/fix", headers=author)
    assert refused.status_code == 409 and refused.json()["code"] == "check.fix_needs_docx"


def test_large_draft_is_checked_by_the_worker(
    client: TestClient,
    office: Office,
    session: Session,
    backends: Backends,
    draft_file: bytes,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from eoffice.settings import get_settings
    from eoffice.tasks.app import configure

    doc = create_draft(client, office.specialist, draft_file, "du-thao-lon.docx")
    # the outbox sends after commit: point it at a broker of this test, not the developer's
    configure(
        backends.settings.model_copy(
            update={"broker_url": f"sqla+sqlite:///{tmp_path_factory.mktemp('broker') / 'b.db'}"}
        )
    )
    try:
        user = session.get(User, office.specialist.id)
        assert user is not None
        run = checks.start_check(session, backends, Actor(user), doc["id"], async_above=1)
        session.commit()
    finally:
        configure(get_settings())
    assert run.status == CheckStatus.PENDING
    queued = session.scalar(
        select(OutboxMessage).where(OutboxMessage.task == checks.CHECK_TASK).order_by(OutboxMessage.id.desc())
    )
    assert queued is not None and queued.kwargs == {"run_id": run.id}

    author = login(client, office.specialist)
    pending = client.get(f"/api/v1/drafts/{doc['id']}/checks", headers=author).json()["items"][0]
    assert pending["status"] == "pending" and pending["findings"] == []

    # what the task does in the worker
    with backends.sessions() as worker_session:
        row = worker_session.get(CheckRun, run.id)
        assert row is not None
        checks.complete_run(worker_session, backends, row)
        worker_session.commit()
    done = client.get(f"/api/v1/drafts/{doc['id']}/checks", headers=author).json()["items"][0]
    assert done["status"] == "done" and {"format.margin_left", "legal.replaced"} <= _codes(done)


def test_draft_from_template(client: TestClient, office: Office) -> None:
    author = login(client, office.specialist)
    templates = client.get("/api/v1/drafting/templates", headers=author)
    assert templates.status_code == 200
    names = {t["key"]: t["name"] for t in templates.json()["items"]}
    assert names["quyet_dinh"] == "Quyết định" and names["cong_van"] == "Công văn" and len(names) >= 7
    assert client.get("/api/v1/drafting/templates").status_code == 401

    response = client.post(
        "/api/v1/drafting/drafts",
        json={
            "template": "quyet_dinh",
            "title": "Về việc ban hành Quy chế công tác văn thư",
            "place": "Hà Tĩnh",
            "date": "2024-02-05",
            "legal_bases": [CURRENT_BASIS, OUTDATED_BASIS],
            "proposal": "Theo đề nghị của Chánh Văn phòng",
            "authority_title": "Chủ tịch Ủy ban nhân dân tỉnh",
            "body": ["Ban hành kèm theo Quyết định này Quy chế công tác văn thư.", "Quyết định có hiệu lực."],
            "signer": {
                "position": "Phó Chủ tịch",
                "full_name": "Nguyễn Văn An",
                "authority": ["KT. Chủ tịch"],
            },
            "recipient_lines": ["Như Điều 3", "Các sở, ban, ngành"],
            "archive": "VT, VP",
        },
        headers=author,
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["date_line"] == "Hà Tĩnh, ngày 05 tháng 02 năm 2024"
    assert created["document"]["status"] == "draft" and created["document"]["doc_type"] == "quyet_dinh"
    assert created["file"]["version"] == 1 and created["file"]["filename"].endswith(".docx")

    rendered = client.get(created["file"]["download_path"], headers=author).content
    text = "\n".join(p.text for p in docx_paragraphs(rendered))  # tables (header, nơi nhận) included
    assert f"{OUTDATED_BASIS};" in text and "Theo đề nghị của Chánh Văn phòng." in text
    assert "- Lưu: VT, VP." in text

    run = client.post(f"/api/v1/drafts/{created['document']['id']}/checks", headers=author).json()
    assert "legal.replaced" in _codes(run)
    assert not any(f["code"].startswith("format.margin") for f in run["findings"])

    unknown = client.post(
        "/api/v1/drafting/drafts",
        json={
            "template": "khong_co",
            "title": "x",
            "body": ["y"],
            "signer": {"position": "a", "full_name": "b"},
        },
        headers=author,
    )
    assert unknown.status_code == 422 and unknown.json()["message"]


def test_a_font_repeated_over_many_paragraphs_is_one_finding_with_its_places(
    client: TestClient, office: Office, draft_file: bytes
) -> None:
    """A draft whose body was typed in Arial: the clerk sees one "Phông chữ" finding listing every paragraph,
    not one per paragraph, every finding named in Vietnamese; one click fixes them all in a new version."""
    document = docx.Document(io.BytesIO(draft_file))
    body = [p for p in document.paragraphs if len(p.text) > 40 and not p.text.startswith("Căn cứ")]
    for paragraph in body:
        for run in paragraph.runs:
            run.font.name = "Arial"
    out = io.BytesIO()
    document.save(out)
    doc = create_draft(client, office.specialist, out.getvalue(), "du-thao-arial.docx")
    author = login(client, office.specialist)

    run = client.post(f"/api/v1/drafts/{doc['id']}/checks", headers=author).json()
    fonts = [f for f in run["findings"] if f["code"] == "format.font_family"]
    assert len(body) >= 3 and len(fonts) == 1, [f["message"] for f in fonts]
    [font] = fonts
    assert font["rule"] == "Phông chữ" and font["fixable"] is True
    assert font["message"].startswith(f"{len(font['places'])} đoạn") and "Arial" in font["message"]
    paragraphs = {p["index"]: p["text"] for p in run["paragraphs"]}
    shown = {paragraphs[place["index"]] for place in font["places"]}
    assert {p.text for p in body} <= shown
    assert all(f["rule"] and not f["rule"].startswith(("format.", "legal.")) for f in run["findings"])

    fixed = client.post(f"/api/v1/drafts/{doc['id']}/checks/fix", headers=author).json()
    assert "format.font_family" not in _codes(fixed["check"])
