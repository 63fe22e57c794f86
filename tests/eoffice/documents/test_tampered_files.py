"""A stored file altered behind the application's back is never served, and doctor and `audit verify` name it —
also when the store's sidecar and the `document_files.sha256` row were edited to match, because the audit
record that stored the file (MACed with the audit key) still holds the original digest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select, text
from typer.testing import CliRunner

from eoffice.audit import check_file_rows
from eoffice.documents.models import DocumentFile
from eoffice.maintenance import run_doctor
from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.factories import login


def _paths(settings, key: str) -> tuple[Path, Path]:
    root = Path(settings.storage_url.removeprefix("file://"))
    return root / key, root / ".eoffice" / "meta" / f"{key}.json"


def _flip(path: Path) -> bytes:
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    return bytes(data)


def _codes(backends) -> dict[str, list[str]]:
    report = run_doctor(backends, verify_content=True)
    found: dict[str, list[str]] = {}
    for finding in report.findings:
        found.setdefault(finding.code, []).append(finding.subject)
    return found


def _audit_verify(monkeypatch, settings) -> tuple[int, dict]:
    from eoffice.cli import app
    from eoffice.settings import get_settings

    monkeypatch.setenv("EOFFICE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("EOFFICE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("EOFFICE_STORAGE_URL", settings.storage_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["audit", "verify", "--json"])
    finally:
        get_settings.cache_clear()
    return result.exit_code, json.loads(result.stdout)


def test_tampered_file_is_refused_and_reported(
    client: TestClient, office: Office, backends, session, settings, monkeypatch
) -> None:
    clerk = login(client, office.clerk)
    original = pdf_bytes(3)
    doc = register(client, clerk, files=[("quyet-dinh.pdf", original, "application/pdf")])
    file = session.scalars(select(DocumentFile).where(DocumentFile.document_id == doc["id"])).one()
    url = f"/api/v1/documents/{doc['id']}/files/{file.id}/content"
    ok = client.get(url, headers=clerk)
    assert ok.status_code == 200 and ok.content == original
    data_path, side_path = _paths(settings, file.object_key)
    subject = f"{file.object_key} (document_files:{file.id})"

    # 1. Bytes flipped on disk, same size.
    forged = _flip(data_path)
    refused = client.get(url, headers=clerk)
    assert refused.status_code == 500
    assert refused.json()["code"] == "storage.corrupt" and "bị thay đổi" in refused.json()["message"]
    assert forged[len(forged) // 2 - 8 : len(forged) // 2 + 8] not in refused.content
    assert subject in _codes(backends).get("object.checksum_mismatch", [])

    # 2. ...and the sidecar's digest edited to match: the store alone would serve the forgery.
    forged_sha = hashlib.sha256(forged).hexdigest()
    side_path.chmod(0o644)
    fields = json.loads(side_path.read_bytes())
    fields["sha256"] = forged_sha
    side_path.write_text(json.dumps(fields))
    refused = client.get(url, headers=clerk)
    assert refused.status_code == 500 and refused.json()["code"] == "storage.corrupt"
    assert subject in _codes(backends).get("object.checksum_mismatch", [])

    # 3. ...and document_files.sha256 too: only the audit record that stored the file still knows.
    with backends.engine.begin() as connection:
        connection.execute(
            text("UPDATE document_files SET sha256 = :s WHERE id = :i"), {"s": forged_sha, "i": file.id}
        )
    codes = _codes(backends)
    assert "object.checksum_mismatch" not in codes
    assert subject in codes.get("object.attestation_mismatch", [])
    session.expire_all()
    check = check_file_rows(session)
    assert [p.file_id for p in check.problems] == [file.id]
    exit_code, report = _audit_verify(monkeypatch, settings)
    assert exit_code == 1 and report["chain_ok"] is True and report["ok"] is False
    assert [p["file_id"] for p in report["files"]["problems"]] == [file.id]

    # Put everything back: doctor and audit verify agree again.
    with backends.engine.begin() as connection:
        connection.execute(
            text("UPDATE document_files SET sha256 = :s WHERE id = :i"),
            {"s": hashlib.sha256(original).hexdigest(), "i": file.id},
        )
    data_path.write_bytes(original)
    fields["sha256"] = hashlib.sha256(original).hexdigest()
    side_path.write_text(json.dumps(fields))
    assert client.get(url, headers=clerk).content == original
    codes = _codes(backends)
    assert not {"object.checksum_mismatch", "object.attestation_mismatch"} & set(codes)
    assert _audit_verify(monkeypatch, settings)[0] == 0
