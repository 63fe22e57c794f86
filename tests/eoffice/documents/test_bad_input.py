"""Bad input gets a clear answer, and a failure half-way leaves neither an orphan object nor a dangling row."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.documents.models import Document
from tests.eoffice.documents.conftest import Office, pdf_bytes, png_bytes
from tests.eoffice.factories import login

METADATA = {"title": "Công văn", "doc_type": "cong_van", "issuer": "Sở Tài chính"}


def _post(client: TestClient, headers: dict[str, str], metadata: dict, files: list | None = None):  # type: ignore[no-untyped-def, type-arg]
    return client.post(
        "/api/v1/incoming", data={"metadata": json.dumps(metadata)}, files=files or None, headers=headers
    )


def test_missing_fields_are_named(client: TestClient, office: Office) -> None:
    response = _post(client, login(client, office.clerk), {"pages": 0})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert {f["field"] for f in body["detail"]} == {"title", "doc_type", "issuer", "pages"}
    assert "title" in body["message"] and "issuer" in body["message"]
    missing = client.post("/api/v1/incoming", headers=login(client, office.clerk))
    assert missing.status_code == 422 and "metadata" in missing.json()["message"]


@pytest.mark.parametrize(
    ("name", "content", "status", "code"),
    [
        ("rong.pdf", b"", 422, "file.empty"),
        ("gia-mao.pdf", b"MZ\x90\x00 not a pdf at all", 415, "file.unsupported_type"),
        ("archive.docx", b"PK\x03\x04 broken zip", 415, "file.unsupported_type"),
    ],
)
def test_uploads_are_checked_by_content(
    client: TestClient, office: Office, name: str, content: bytes, status: int, code: str
) -> None:
    response = _post(
        client, login(client, office.clerk), METADATA, [("files", (name, content, "application/pdf"))]
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert name in response.json()["message"]


def test_oversized_upload_is_refused(
    client: TestClient, office: Office, backends: Backends, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backends.settings, "max_upload_bytes", 100)
    response = _post(
        client,
        login(client, office.clerk),
        METADATA,
        [("files", ("scan.png", png_bytes() * 10, "image/png"))],
    )
    assert response.status_code == 413
    assert response.json()["code"] == "file.too_large"


def test_hostile_filename_is_only_a_display_name(
    client: TestClient, office: Office, session: Session
) -> None:
    response = _post(
        client,
        login(client, office.clerk),
        METADATA,
        [("files", ("../../etc/passwd\u202e.pdf", pdf_bytes(), "text/html"))],
    )
    assert response.status_code == 201, response.text
    [stored] = response.json()["files"]
    assert stored["filename"] == "passwd.pdf"
    assert stored["content_type"] == "application/pdf"  # sniffed, not what the client claimed


def test_a_failed_database_write_leaves_no_orphan_object(
    client: TestClient, office: Office, session: Session, backends: Backends, monkeypatch: pytest.MonkeyPatch
) -> None:
    import eoffice.incoming.service as incoming

    def database_fails(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("database write failed")

    objects_before = set(backends.objects.list("documents/"))
    rows_before = session.scalar(select(func.count(Document.id)))
    monkeypatch.setattr(incoming, "documents_changed", database_fails)  # after the files are stored
    response = _post(
        client,
        login(client, office.clerk),
        METADATA,
        [("files", ("scan.pdf", pdf_bytes(), "application/pdf"))],
    )
    # The user gets the error shape with a request id to quote, not a traceback...
    assert response.status_code == 500
    assert set(response.json()) == {"code", "message", "detail"}
    # ...and nothing half-done is left behind.
    assert set(backends.objects.list("documents/")) == objects_before
    session.expire_all()
    assert session.scalar(select(func.count(Document.id))) == rows_before


def test_only_clerks_register_and_unknown_people_are_refused(client: TestClient, office: Office) -> None:
    assert _post(client, login(client, office.specialist), METADATA).status_code == 403
    stranger = _post(
        client, login(client, office.clerk), {**METADATA, "named_user_ids": [office.other_agency.id]}
    )
    assert stranger.status_code == 422 and stranger.json()["detail"][0]["field"] == "named_user_ids"
