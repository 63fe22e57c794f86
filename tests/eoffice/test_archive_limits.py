"""One set of zip-bomb limits (`eoffice.archive_limits`) for every place that opens an archive: an uploaded
DOCX and the workbook embedded in it, a draft being checked, and the pipeline before it extracts or converts.

Each test is an archive the old, separately grown limits let through somewhere: a workbook embedded in a
DOCX was only held to an aggregate ratio above 10 MB, and the pipeline allowed twice the entries the upload
did.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

import docx
import pytest
from fastapi.testclient import TestClient

from eoffice.archive_limits import ARCHIVE_LIMITS
from eoffice.backends import Backends
from eoffice.orgs.models import Role, User
from eoffice.processing import DocumentState, apply_changes_now
from tests.eoffice import factories

METADATA = {"title": "Công văn", "doc_type": "cong_van", "issuer": "Sở Tài chính"}


@pytest.fixture
def clerk(make_user: Callable[..., User]) -> User:
    return make_user(roles=[Role.CLERK])


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    """A real DOCX (python-docx) with `extra` entries added to its package."""
    document = docx.Document()
    document.add_paragraph("Về việc tổng kết công tác văn thư, lưu trữ năm 2026")
    out = io.BytesIO()
    document.save(out)
    if not extra:
        return out.getvalue()
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, data in extra.items():
            archive.writestr(name, data)
    return out.getvalue()


def _workbook_bomb(inflated_mib: int) -> bytes:
    """An .xlsx-shaped archive whose one sheet inflates to `inflated_mib` MiB of blanks (about 1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (inflated_mib * 1024 * 1024))
    return out.getvalue()


def _upload(client: TestClient, clerk: User, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/incoming",
        data={"metadata": json.dumps(METADATA)},
        files=[("files", (name, content, "application/octet-stream"))],
        headers=factories.login(client, clerk),
    )


def test_a_workbook_bomb_embedded_in_an_uploaded_docx_is_refused(client: TestClient, clerk: User) -> None:
    embedded = _workbook_bomb(8)  # below the old 10 MB floor of the embedded check, 1000:1 above 1 MiB
    assert len(embedded) < 64 * 1024
    bomb = _docx({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": embedded})

    response = _upload(client, clerk, "cong-van-kem-bang-tinh.docx", bomb)

    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "file.unsafe"
    assert "cong-van-kem-bang-tinh.docx" in body["message"] and "bom nén" in body["message"]
    # the same document with an ordinary workbook is accepted: the limit is about inflation, not embedding
    ordinary = _docx({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": _workbook_bomb(0)})
    assert _upload(client, clerk, "cong-van.docx", ordinary).status_code == 201


def test_the_pipeline_refuses_the_archive_the_upload_refuses(
    client: TestClient, clerk: User, backends: Backends
) -> None:
    """Files that arrive without a person at the API (an import, an inter-agency package) are kept as they are
    and only meet the pipeline's check: it holds them to the same number of entries as an upload."""
    many = _docx({f"customXml/item{i}.bin": b"x" for i in range(ARCHIVE_LIMITS.max_entries)})
    assert len(zipfile.ZipFile(io.BytesIO(many)).infolist()) > ARCHIVE_LIMITS.max_entries

    uploaded = _upload(client, clerk, "nhieu-thanh-phan.docx", many)
    assert uploaded.status_code == 422, uploaded.text
    assert uploaded.json()["code"] == "file.unsafe"

    document_id = factories.register_file(backends, clerk.id, "nhieu-thanh-phan.docx", many)
    [progress] = apply_changes_now(backends, [document_id])  # what a worker does with the effect

    assert progress.state == DocumentState.FAILED, progress
    assert progress.failures and {f.code for f in progress.failures} == {"processing.archive_bomb"}
    assert all(f"vượt giới hạn {ARCHIVE_LIMITS.max_entries}" in f.message for f in progress.failures)
