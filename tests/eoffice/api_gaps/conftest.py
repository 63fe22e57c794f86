"""The office of the document tests (văn thư, lãnh đạo, trưởng phòng, chuyên viên, outsiders), and drafts
with known faults: rendered from a shipped template, then given a wrong margin and an outdated căn cứ."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eoffice.drafting import render_draft
from eoffice.drafting.samples import sample_fields
from eoffice.orgs.models import User
from tests.eoffice.checks.injections import INJECTIONS, inject
from tests.eoffice.documents.conftest import Office, office  # noqa: F401  (fixture)
from tests.eoffice.factories import login

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
# Nghị định 110/2004/NĐ-CP về công tác văn thư was replaced by Nghị định 30/2020/NĐ-CP.
OUTDATED_BASIS = (
    "Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư"
)
CURRENT_BASIS = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của "
    "Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019"
)


def faulty_draft() -> bytes:
    """A quyết định from the shipped template with a 25 mm left margin and a replaced decree as căn cứ."""
    fields = sample_fields("quyet_dinh", legal_bases=(CURRENT_BASIS, OUTDATED_BASIS))
    margin = next(i for i in INJECTIONS if i.code == "format.margin_left" and "25" in i.name)
    data, where = inject(render_draft("quyet_dinh", fields), margin)
    assert where == ("section", 1)
    return data


def create_draft(
    client: TestClient, user: User, content: bytes, name: str, **metadata: Any
) -> dict[str, Any]:
    """An outgoing draft with its first version, through the API (asserts 201)."""
    body = {"title": "Về việc ban hành Quy chế công tác văn thư", "doc_type": "quyet_dinh", **metadata}
    content_type = PDF if content.startswith(b"%PDF-") else DOCX
    response = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps(body)},
        files={"file": (name, content, content_type)},
        headers=login(client, user),
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


@pytest.fixture
def draft_file() -> bytes:
    return faulty_draft()


__all__ = ["CURRENT_BASIS", "DOCX", "OUTDATED_BASIS", "PDF", "Office", "create_draft", "faulty_draft"]
