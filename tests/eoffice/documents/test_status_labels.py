"""One wording for a document's status: the screens (frontend `STATUS`), the history and the server's
`DocumentStatus.label` name every status alike."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from eoffice.documents.kinds import DocumentStatus
from tests.eoffice.api_gaps.conftest import create_draft
from tests.eoffice.documents.conftest import Office, pdf_bytes
from tests.eoffice.factories import login

FRONTEND_LABELS = Path(__file__).parents[3] / "frontend" / "src" / "lib" / "labels.ts"


def _screen_labels() -> dict[str, str]:
    """The `STATUS` map the web pages show, as written in the frontend's labels module."""
    block = re.search(r"export const STATUS\b[^{]*\{(.*?)\n\};", FRONTEND_LABELS.read_text(), re.S)
    assert block is not None, "frontend STATUS labels not found"
    return dict(re.findall(r"^\s*(\w+): '([^']*)',$", block.group(1), re.M))


def test_every_status_is_named_as_the_screens_name_it() -> None:
    assert {status.value: status.label for status in DocumentStatus} == _screen_labels()


def test_the_history_names_a_status_change_as_the_screens_do(client: TestClient, office: Office) -> None:
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
    doc_id = create_draft(client, office.specialist, pdf_bytes(), "du-thao.pdf")["id"]
    specialist = login(client, office.specialist)
    submitted = client.post(f"/api/v1/outgoing/{doc_id}/submit", headers=specialist)
    assert submitted.status_code == 200, submitted.text

    history = client.get(f"/api/v1/documents/{doc_id}/history", headers=specialist)
    assert history.status_code == 200, history.text
    [submit] = [i for i in history.json()["items"] if i["action"] == "outgoing.submit"]
    screens = _screen_labels()
    assert submit["detail"] == f"{screens['draft']} → {screens['submitted']}" == "Dự thảo → Đang trình duyệt"
