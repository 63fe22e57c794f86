"""The audit chain: written with the change, verifiable, and tamper-evident — also under concurrency."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from eoffice.audit import AuditRecord, record, verify_chain
from eoffice.backends import Backends
from eoffice.db import make_engine, make_session_factory
from eoffice.orgs.models import Role
from tests.eoffice.factories import login


def _add(backends: Backends, count: int, *, actor_id: int | None = None) -> list[int]:
    with backends.sessions() as session:
        entries = [
            record(
                session,
                actor_id=actor_id,
                action="document.update",
                entity_type="document",
                entity_id=f"doc-{i}",
                before={"status": "draft", "title": "Tờ trình số 01"},
                after={"status": "submitted", "title": "Tờ trình số 01", "pages": i},
                client_address="127.0.0.1",
            )
            for i in range(count)
        ]
        session.commit()
    return [entry.seq for entry in entries]


def _cli_verify(monkeypatch: pytest.MonkeyPatch, settings) -> tuple[int, str, str]:
    from eoffice.cli import app
    from eoffice.settings import get_settings

    monkeypatch.setenv("EOFFICE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("EOFFICE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["audit", "verify"])
    finally:
        get_settings.cache_clear()
    return result.exit_code, result.stdout, result.stderr


def test_changes_through_the_api_are_recorded_with_actor_and_address(client, session, make_user) -> None:
    admin = make_user(roles=[Role.ADMIN])
    response = client.post(
        "/api/v1/departments",
        json={"name": "Phòng Tư pháp", "abbreviation": "TP"},
        headers=login(client, admin),
    )
    assert response.status_code == 201

    entry = session.scalars(
        select(AuditRecord).where(AuditRecord.entity_type == "department", AuditRecord.actor_id == admin.id)
    ).one()
    assert entry.action == "department.create"
    assert entry.entity_id == str(response.json()["id"])
    assert entry.before is None and entry.after["name"] == "Phòng Tư pháp"
    assert entry.client_address == "testclient"
    assert verify_chain(session).ok


def test_a_rolled_back_change_leaves_no_record(backends, session) -> None:
    before = verify_chain(session)
    with backends.sessions() as other:
        record(other, actor_id=None, action="x.create", entity_type="x", entity_id=1, after={"a": 1})
        other.rollback()
    after = verify_chain(session)
    assert after.ok and after.checked == before.checked


def test_verify_reports_ok_with_the_count(backends, session, settings, monkeypatch) -> None:
    _add(backends, 3)
    result = verify_chain(session)
    assert result.ok and result.broken_seq is None

    code, out, _err = _cli_verify(monkeypatch, settings)

    assert code == 0
    assert "OK" in out and str(result.checked) in out


def test_edited_record_is_detected_on_the_database_itself(backends, session, settings, monkeypatch) -> None:
    target = _add(backends, 5)[2]
    original = session.execute(
        text("SELECT after FROM audit_records WHERE seq = :s"), {"s": target}
    ).scalar_one()
    forged = (
        json.dumps({"status": "approved", "title": "Tờ trình số 01", "pages": 2})
        if isinstance(original, str)
        else {"status": "approved"}
    )
    with backends.engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_records SET after = :v WHERE seq = :s"),
            {"v": forged if isinstance(forged, str) else json.dumps(forged), "s": target},
        )
    try:
        result = verify_chain(session)
        assert not result.ok
        assert result.broken_seq == target and result.checked == target - 1
        assert "sửa" in (result.reason or "")

        code, _out, err = _cli_verify(monkeypatch, settings)
        assert code == 1
        assert f"số {target}" in err
    finally:
        restored = original if isinstance(original, str) else json.dumps(original)
        with backends.engine.begin() as connection:
            connection.execute(
                text("UPDATE audit_records SET after = :v WHERE seq = :s"), {"v": restored, "s": target}
            )
    assert verify_chain(session).ok


def test_deleted_records_are_detected_in_the_middle_and_at_the_end(backends, session) -> None:
    seqs = _add(backends, 3)
    columns = "seq, at, actor_id, action, entity_type, entity_id, before, after, client_address, prev_hash, hash, mac"
    saved = {
        seq: dict(
            session.execute(text(f"SELECT {columns} FROM audit_records WHERE seq = :s"), {"s": seq})
            .mappings()
            .one()
        )
        for seq in (seqs[1], seqs[-1])
    }

    def delete(seq: int) -> None:
        with backends.engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_records WHERE seq = :s"), {"s": seq})

    def put_back(seq: int) -> None:
        row = dict(saved[seq])
        for key in ("before", "after"):
            if row[key] is not None and not isinstance(row[key], str):
                row[key] = json.dumps(row[key])
        placeholders = ", ".join(f":{c.strip()}" for c in columns.split(","))
        with backends.engine.begin() as connection:
            connection.execute(text(f"INSERT INTO audit_records ({columns}) VALUES ({placeholders})"), row)

    delete(seqs[-1])
    try:
        tail = verify_chain(session)
        assert not tail.ok and tail.broken_seq == seqs[-1] and "xóa" in (tail.reason or "")
    finally:
        put_back(seqs[-1])
    delete(seqs[1])
    try:
        middle = verify_chain(session)
        assert not middle.ok and middle.broken_seq == seqs[1]
    finally:
        put_back(seqs[1])
    assert verify_chain(session).ok


def test_concurrent_writers_produce_one_valid_chain(settings, session) -> None:
    """20 transactions at once: none may chain onto the same previous record, none may be lost."""
    record(session, actor_id=None, action="x.create", entity_type="x", entity_id=0)  # the chain has a head
    session.commit()
    engine = make_engine(settings.database_url, pool_size=20, max_overflow=0)
    sessions = make_session_factory(engine)
    start = session.scalar(select(func.count()).select_from(AuditRecord)) or 0
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            with sessions() as own:
                own.execute(text("SELECT 1"))
                barrier.wait(timeout=30)
                record(own, actor_id=None, action="document.sign", entity_type="document", entity_id=n)
                record(own, actor_id=None, action="document.release", entity_type="document", entity_id=n)
                own.commit()
        except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    engine.dispose()

    assert errors == []
    session.expire_all()
    result = verify_chain(session)
    assert result.ok, result
    assert result.checked == start + 40
    pairs = session.execute(
        select(AuditRecord.entity_id, func.count())
        .where(AuditRecord.action == "document.release")
        .group_by(AuditRecord.entity_id)
    ).all()
    assert {entity for entity, _ in pairs} >= {str(n) for n in range(20)}
