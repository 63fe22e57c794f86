"""Back up a working installation and restore it into an empty one on the other kind of backends — SQLite,
local files and FTS5 into PostgreSQL, S3 and Elasticsearch, and back — then find every document, every file
byte for byte, every signature valid, the audit chain whole and search answering."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eoffice.api import create_app
from eoffice.audit import verify_chain
from eoffice.maintenance import BackupUnreadable, RestoreTargetNotEmpty, backup, restore, run_doctor
from eoffice.settings import Settings
from signing.validation import validate_pdf
from tests.eoffice import factories
from tests.eoffice.maintenance import flows
from tests.eoffice.maintenance.flows import Stack

USERS = ("admin", "vanthu", "chuyenvien", "truongphong", "lanhdao")
WORD = "sao lưu phục hồi"


@pytest.fixture
def make_stack(request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str) -> Any:
    made: list[Stack] = []

    def make(kind: str, name: str) -> Stack:
        data = tmp_path / name
        if kind == "embedded":
            stack = flows.embedded_stack(data)
        else:
            stack = flows.services_stack(
                data,
                postgres_url,
                request.getfixturevalue("s3_url"),
                request.getfixturevalue("elasticsearch_url"),
            )
        made.append(stack)
        return stack

    yield make
    for stack in made:
        stack.cleanup()


def _fill(settings: Settings) -> dict[str, Any]:
    """Demo agency, three incoming documents (one secret, one with two files), one signed outgoing."""
    ids = flows.migrate_and_demo(settings)
    app = create_app(settings)
    users = {name: flows.bearer(settings, ids[name]) for name in USERS}
    with TestClient(app) as client:
        flows.create_route(client, users["admin"], ids["lanhdao"])
        plain = flows.register_incoming(
            client, users["vanthu"], f"Về việc {WORD} số một", [("cong-van.pdf", flows.pdf_bytes("mot"))]
        )
        flows.assign_to_department(client, users["vanthu"], plain["id"], ids["dept:NV"])
        flows.register_incoming(
            client,
            users["vanthu"],
            f"Về việc {WORD} có hai tệp",
            [("to-1.pdf", flows.pdf_bytes("hai-1")), ("phu-luc.pdf", flows.pdf_bytes("hai-2", pages=2))],
        )
        flows.register_incoming(
            client,
            users["vanthu"],
            f"Văn bản mật về {WORD}",
            [("mat.pdf", flows.pdf_bytes("mat"))],
            secrecy="mat",
            named_user_ids=[ids["chuyenvien"]],
        )
        flows.signed_outgoing(client, users, f"Quyết định về {WORD}")
        factories.settle(app.state.backends)  # what the worker does with the changes' effects
        seen = _observe(client, users)
    with flows.closing_backends(settings) as backends, backends.sessions() as session:
        audit = verify_chain(session)
    app.state.backends.close()
    return {"ids": ids, "seen": seen, "audit": audit.checked}


def _observe(client: TestClient, users: dict[str, dict[str, str]]) -> dict[str, Any]:
    """What each user sees: their inbox, every document they can open with its files' bytes, a search."""
    seen: dict[str, Any] = {}
    for name in USERS:
        headers = users[name]
        documents: dict[int, Any] = {}
        for kind in ("incoming", "outgoing"):
            listing = client.get(f"/api/v1/{kind}", params={"page_size": 100}, headers=headers).json()
            for item in listing["items"]:
                detail = client.get(f"/api/v1/{kind}/{item['id']}", headers=headers).json()
                files = {f["id"]: (f["sha256"], flows.download(client, headers, f)) for f in detail["files"]}
                documents[item["id"]] = {
                    "title": detail["title"],
                    "status": detail["status"],
                    "number_symbol": detail["number_symbol"],
                    "secrecy": detail["secrecy"],
                    "files": files,
                }
        hits = flows.search(client, headers, WORD)
        seen[name] = {"documents": documents, "search": sorted(h["id"] for h in hits["items"])}
    return seen


def _restored_stack_matches(settings: Settings, source: dict[str, Any]) -> None:
    app = create_app(settings)
    ids = source["ids"]
    users = {name: flows.bearer(settings, ids[name]) for name in USERS}
    with TestClient(app) as client:
        seen = _observe(client, users)
    backends = app.state.backends
    try:
        for name in USERS:
            assert seen[name]["documents"].keys() == source["seen"][name]["documents"].keys(), name
            for document_id, before in source["seen"][name]["documents"].items():
                after = seen[name]["documents"][document_id]
                assert after == before, f"{name}: document {document_id} differs after restore"
            assert seen[name]["search"] == source["seen"][name]["search"], name
        lanhdao = {i: d for i, d in seen["lanhdao"]["documents"].items() if WORD in d["title"]}
        assert len(seen["vanthu"]["search"]) == 4 and len(lanhdao) == 3
        assert any(d["secrecy"] == "mat" for d in seen["chuyenvien"]["documents"].values())
        assert not any(d["secrecy"] == "mat" for d in lanhdao.values()), "a secret document leaked on restore"

        trust = flows.demo_trust(backends)
        [issued] = [d for d in lanhdao.values() if d["status"] == "issued"]
        signed = [data for _sha, data in issued["files"].values() if data.startswith(b"%PDF")][-2:]
        for data in signed:
            report = validate_pdf(data, trust)
            assert report.valid, [s.problems for s in report.signatures]
        assert len(validate_pdf(signed[-1], trust).signatures) == 2

        with backends.sessions() as session:
            audit = verify_chain(session)
            from sqlalchemy import func, select

            from eoffice.legal import LegalDocument

            legal = session.scalar(select(func.count()).select_from(LegalDocument))
        assert audit.ok and audit.checked == source["audit"]
        assert legal and legal >= 200, "the legal corpus comes back with the database"
        doctor = run_doctor(backends)
        assert doctor.ok and doctor.findings == [], doctor.as_json()
    finally:
        if "search" in backends.__dict__:
            backends.search.close()
        backends.close()


@pytest.mark.parametrize(
    ("source_kind", "target_kind", "archive"),
    [("embedded", "services", True), ("services", "embedded", False)],
    ids=["sqlite-to-postgresql", "postgresql-to-sqlite"],
)
def test_restore_into_an_empty_stack_of_the_other_kind(
    make_stack: Any, tmp_path: Path, source_kind: str, target_kind: str, archive: bool
) -> None:
    source = make_stack(source_kind, "source")
    filled = _fill(source.settings)
    destination = tmp_path / ("backup.tar" if archive else "backup")
    with flows.closing_backends(source.settings) as backends:
        made = backup(backends, destination)
    assert made.tables["documents"] >= 4 and made.tables["legal_documents"] >= 200
    target = make_stack(target_kind, "target")
    result = flows.eoffice(target.settings, "restore", str(destination), "--json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["ok"] and body["audit"]["ok"] and body["objects"] == made.objects
    _restored_stack_matches(target.settings, filled)

    again = flows.eoffice(target.settings, "restore", str(destination))
    assert again.returncode == 1 and "--force" in again.stderr


def test_a_damaged_backup_or_a_used_target_is_refused(make_stack: Any, tmp_path: Path) -> None:
    source = make_stack("embedded", "source")
    flows.migrate_and_demo(source.settings)
    folder = tmp_path / "backup"
    with flows.closing_backends(source.settings) as backends:
        backup(backends, folder)
        with pytest.raises(RestoreTargetNotEmpty):
            restore(backends, folder)

    damaged = tmp_path / "damaged"
    shutil.copytree(folder, damaged)
    manifest = json.loads((damaged / "objects.jsonl").read_text().splitlines()[0])
    blob = damaged / "objects" / manifest["sha256"][:2] / manifest["sha256"]
    blob.write_bytes(blob.read_bytes() + b"x")
    target = make_stack("embedded", "target")
    with flows.closing_backends(target.settings) as backends, pytest.raises(BackupUnreadable):
        restore(backends, damaged)
    assert not any(Path(target.settings.data_dir / "objects").rglob("*.p12")), (
        "nothing stored from a bad backup"
    )

    with tarfile.open(tmp_path / "evil.tar", "w") as tar:
        info = tarfile.TarInfo("../../thoat-ra-ngoai.txt")
        data = b"x"
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with flows.closing_backends(target.settings) as backends, pytest.raises(BackupUnreadable):
        restore(backends, tmp_path / "evil.tar")
    assert not (tmp_path.parent / "thoat-ra-ngoai.txt").exists()
