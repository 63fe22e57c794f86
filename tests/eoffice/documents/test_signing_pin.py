"""Sole control of signing keys: a key opens only with its holder's PIN, which the server never keeps.

The attack of issue 19: the admin resets the leader's login password, signs in as the leader and asks for a
signature. It is refused without the leader's PIN, a guessed PIN is counted and soon refused outright, the
PIN cannot be changed without the current one, and the leader, with his PIN, still signs. Afterwards the
PIN is found in no database row, no log record and no backup file — on both database backends.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.db.base import Base
from eoffice.demo import AGENCY_PIN_HOLDER, demo_signing_pin
from eoffice.keys import PIN_ATTEMPTS
from eoffice.maintenance import backup
from eoffice.orgs.models import User
from eoffice.settings import DEVELOPMENT_SECRET
from signing.demo_document import DemoDocument, demo_document_pdf
from tests.eoffice.documents.conftest import Office
from tests.eoffice.documents.pki import SIGNING_PIN, provision
from tests.eoffice.factories import login, login_with_password

HIS_PIN = "hoa sen 7392#"  # the leader's own, set by himself
NEW_PASSWORD = "Quan-tri-dat-lai-Mat-khau-2026!"


def _approved(client: TestClient, office: Office) -> int:
    """An outgoing draft approved by the leader, waiting for his signature."""
    admin = login(client, office.admin)
    route = {
        "name": "Trình ký",
        "doc_type": "quyet_dinh",
        "steps": [{"name": "Lãnh đạo duyệt", "user_ids": [office.leader.id]}],
    }
    assert client.post("/api/v1/workflow/routes", json=route, headers=admin).status_code == 201
    specialist = login(client, office.specialist)
    pdf = demo_document_pdf(DemoDocument(signer_name=office.leader.full_name, position="CHỦ TỊCH"))
    draft = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps({"title": "Về việc khóa ký số", "doc_type": "quyet_dinh"})},
        files={"file": ("du-thao.pdf", pdf, "application/pdf")},
        headers=specialist,
    )
    assert draft.status_code == 201, draft.text
    doc_id = int(draft.json()["id"])
    assert client.post(f"/api/v1/outgoing/{doc_id}/submit", headers=specialist).status_code == 200
    approved = client.post(
        f"/api/v1/outgoing/{doc_id}/approve", json={}, headers=login(client, office.leader)
    )
    assert approved.json()["status"] == "approved", approved.text
    return doc_id


def _sign(client: TestClient, doc_id: int, headers: dict[str, str], pin: str | None) -> dict:  # type: ignore[type-arg]
    body = {"level": "B-B"} if pin is None else {"level": "B-B", "pin": pin}
    response = client.post(f"/api/v1/outgoing/{doc_id}/sign", json=body, headers=headers)
    return {**response.json(), "http": response.status_code}


def _database_text(session: Session) -> str:
    session.expire_all()
    rows = []
    for table in Base.metadata.sorted_tables:
        rows.extend(repr(tuple(row)) for row in session.execute(select(table)))
    return "\n".join(rows)


def _files_contain(folder: Path, needle: bytes) -> list[str]:
    return [str(p) for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_admin_resetting_the_password_cannot_sign_as_the_leader(
    client: TestClient,
    office: Office,
    session: Session,
    backends: Backends,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    provision(session, backends, office.agency, [office.leader])
    # the leader sets his own PIN, proving the one his key was handed over with
    changed = client.post(
        "/api/v1/me/signing-pin",
        json={"current_pin": SIGNING_PIN, "new_pin": HIS_PIN},
        headers=login(client, office.leader),
    )
    assert changed.status_code == 200, changed.text
    doc_id = _approved(client, office)

    # the admin resets lanhdao's password and signs in as him
    reset = client.patch(
        f"/api/v1/users/{office.leader.id}",
        json={"password": NEW_PASSWORD},
        headers=login(client, office.admin),
    )
    assert reset.status_code == 200, reset.text
    as_leader = login_with_password(client, office.leader.username, NEW_PASSWORD)
    assert client.get("/api/v1/auth/me", headers=as_leader).json()["username"] == office.leader.username

    no_pin = _sign(client, doc_id, as_leader, None)
    assert no_pin["http"] == 422 and no_pin["code"] == "keys.pin_required"
    handed_over = _sign(
        client, doc_id, as_leader, SIGNING_PIN
    )  # the PIN the key came with no longer opens it
    assert handed_over["http"] == 403 and handed_over["code"] == "keys.pin_wrong"
    # nor can he set a PIN of his own without the current one
    takeover = client.post(
        "/api/v1/me/signing-pin",
        json={"current_pin": "000000x", "new_pin": "quan tri 1234"},
        headers=as_leader,
    )
    assert takeover.status_code == 403 and takeover.json()["code"] == "keys.pin_wrong"
    state = client.get(f"/api/v1/outgoing/{doc_id}", headers=as_leader).json()
    assert state["status"] == "approved" and all(f["role"] != "signed" for f in state["files"])
    client.cookies.clear()

    # lanhdao, with his PIN, signs
    signed = _sign(client, doc_id, login(client, office.leader), HIS_PIN)
    assert signed["http"] == 200, signed
    assert signed["status"] == "signed" and signed["files"][-1]["role"] == "signed"

    # the PIN is in no database row, no log record, no backup file
    assert HIS_PIN not in _database_text(session)
    assert HIS_PIN not in caplog.text
    folder = tmp_path / "backup"
    backup(backends, folder)
    assert _files_contain(folder, HIS_PIN.encode()) == []


def test_guessing_the_pin_is_stopped(
    client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    provision(session, backends, office.agency, [office.leader])
    doc_id = _approved(client, office)
    leader = login(client, office.leader)
    answers = [_sign(client, doc_id, leader, f"doan-{n:04d}") for n in range(PIN_ATTEMPTS)]
    assert [a["code"] for a in answers] == ["keys.pin_wrong"] * PIN_ATTEMPTS
    # the next try is refused before the PIN is even tried: the right one too, for the window
    locked = _sign(client, doc_id, leader, SIGNING_PIN)
    assert locked["http"] == 429 and locked["code"] == "keys.pin_locked"
    assert locked["message"].startswith("Đã nhập sai mã PIN ký số")


def test_pin_policy_and_the_agency_pin(
    client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    provision(session, backends, office.agency, [office.leader])
    leader = login(client, office.leader)
    for weak in ("12345", "123456", "654321", "777777"):
        answer = client.post(
            "/api/v1/me/signing-pin", json={"current_pin": SIGNING_PIN, "new_pin": weak}, headers=leader
        )
        assert answer.status_code == 422 and answer.json()["code"] == "keys.pin_weak", weak
    # the agency key's PIN is the văn thư's to change; an admin of the agency is told there is no such thing
    body = {"current_pin": SIGNING_PIN, "new_pin": "con dau 2026"}
    url = f"/api/v1/agencies/{office.agency.id}/signing-pin"
    assert client.post(url, json=body, headers=login(client, office.admin)).status_code == 404
    assert client.post(url, json=body, headers=login(client, office.clerk)).status_code == 200


def test_a_server_held_key_is_refused(
    client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    """A key of the old kind, whose password the server derived from its own secret, cannot sign."""
    provision(session, backends, office.agency, [office.leader])
    doc_id = _approved(client, office)
    leader = session.get(User, office.leader.id)
    assert leader is not None
    leader.signing_key_ref = leader.signing_key_ref.replace("pkcs12-pin:", "pkcs12:", 1)
    session.commit()
    refused = _sign(client, doc_id, login(client, office.leader), SIGNING_PIN)
    assert refused["http"] == 409 and refused["code"] == "keys.server_held"


def test_readme_lists_the_demo_pins() -> None:
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    for holder in ("lanhdao", AGENCY_PIN_HOLDER):
        assert f"`{demo_signing_pin(DEVELOPMENT_SECRET, holder)}`" in readme, holder


def test_cli_signs_with_the_pin_and_verifies_without_the_database(tmp_path: Path) -> None:
    """`eoffice demo`, then `eoffice sign` with the demo PIN (the default) and with a wrong one, then
    `eoffice verify --json` trusting the demo CA read from the object store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EOFFICE_")}
    env["EOFFICE_DATA_DIR"] = str(tmp_path / "data")

    def eoffice(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "eoffice", *args], env=env, capture_output=True, text=True, timeout=600
        )

    demo = eoffice("demo")
    assert demo.returncode == 0, demo.stderr
    assert demo_signing_pin(DEVELOPMENT_SECRET, "lanhdao") in demo.stdout
    source = tmp_path / "qd.pdf"
    source.write_bytes(demo_document_pdf())
    wrong = eoffice(
        "sign", str(source), str(tmp_path / "x.pdf"), "--as-user", "lanhdao", "--pin", "sai ma pin 1"
    )
    assert wrong.returncode == 2 and "keys.pin_wrong" in wrong.stderr and "Traceback" not in wrong.stderr
    assert not (tmp_path / "x.pdf").exists()
    signed = eoffice("sign", str(source), str(tmp_path / "ky.pdf"), "--as-user", "lanhdao")
    assert signed.returncode == 0, signed.stderr
    verified = eoffice("verify", str(tmp_path / "ky.pdf"), "--json")
    assert verified.returncode == 0, verified.stderr
    [row] = json.loads(verified.stdout)
    assert row["signer"] == "Nguyễn Văn An" and row["trusted"] and row["valid"]
