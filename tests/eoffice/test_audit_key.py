"""The audit chain against someone who can write to the database and knows the hashing rule: a record edited
and the chain recomputed after it, MACs stripped, the tail cut — each is named by `eoffice audit verify`,
because the MACs need a key the database does not hold. Records written before the key verify by the old rule
and are reported as such."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from eoffice.audit import record, use_key, verify_chain
from eoffice.audit._canonical import record_content, record_hash
from eoffice.backends import Backends
from eoffice.db.migrate import upgrade
from eoffice.settings import Settings
from tests.eoffice.conftest import TEST_SECRET, _create_postgres_database

COLUMNS = (
    "seq, at, actor_id, action, entity_type, entity_id, before, after, client_address, prev_hash, hash, mac"
)
GENESIS = "0" * 64


def _add(backends: Backends, count: int, tag: str) -> list[int]:
    with backends.sessions() as session:
        entries = [
            record(
                session,
                actor_id=None,
                action="document.update",
                entity_type="document",
                entity_id=f"{tag}-{i}",
                before={"status": "draft"},
                after={"status": "submitted", "title": f"Tờ trình {tag} {i}"},
                client_address="127.0.0.1",
            )
            for i in range(count)
        ]
        session.commit()
    return [entry.seq for entry in entries]


def _rows(backends: Backends) -> list[dict[str, Any]]:
    with backends.engine.connect() as connection:
        rows = connection.execute(text(f"SELECT {COLUMNS} FROM audit_records ORDER BY seq")).mappings().all()
    result = []
    for row in rows:
        item = dict(row)
        for key in ("before", "after"):
            if isinstance(item[key], str):
                item[key] = json.loads(item[key])
        if isinstance(item["at"], str):  # SQLite through plain SQL
            item["at"] = datetime.fromisoformat(item["at"])
        result.append(item)
    return result


def _recompute_from(backends: Backends, rows: list[dict[str, Any]], start: int, *, strip_macs: bool) -> None:
    """What an attacker with database access does: rewrite the rows from `start` with correct hashes (the
    rule is public) and point the head at the new last hash, all in SQL."""
    prev = GENESIS
    with backends.engine.begin() as connection:
        for row in rows:
            if row["seq"] >= start:
                content = record_content(
                    **{
                        k: row[k]
                        for k in (
                            "seq",
                            "at",
                            "actor_id",
                            "action",
                            "entity_type",
                            "entity_id",
                            "before",
                            "after",
                            "client_address",
                        )
                    }
                )
                new_hash = record_hash(prev, content)
                connection.execute(
                    text(
                        "UPDATE audit_records SET after = :after, prev_hash = :prev, hash = :hash"
                        + (", mac = NULL" if strip_macs else "")
                        + " WHERE seq = :seq"
                    ),
                    {"after": json.dumps(row["after"]), "prev": prev, "hash": new_hash, "seq": row["seq"]},
                )
                row["hash"] = new_hash
            prev = row["hash"]
        connection.execute(
            text(
                "UPDATE audit_chain_head SET last_seq = :seq, last_hash = :hash"
                + (", last_mac = NULL" if strip_macs else "")
                + " WHERE id = 1"
            ),
            {"seq": rows[-1]["seq"], "hash": prev},
        )


def _put_back(backends: Backends, rows: list[dict[str, Any]], head: dict[str, Any]) -> None:
    with backends.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_records"))
        for row in rows:
            values = dict(row)
            for key in ("before", "after"):
                values[key] = json.dumps(values[key]) if values[key] is not None else None
            placeholders = ", ".join(f":{c.strip()}" for c in COLUMNS.split(","))
            connection.execute(text(f"INSERT INTO audit_records ({COLUMNS}) VALUES ({placeholders})"), values)
        connection.execute(
            text(
                "UPDATE audit_chain_head SET last_seq = :last_seq, last_hash = :last_hash, last_mac = :last_mac"
            ),
            head,
        )


def _head(backends: Backends) -> dict[str, Any]:
    with backends.engine.connect() as connection:
        return dict(
            connection.execute(
                text("SELECT last_seq, last_hash, last_mac FROM audit_chain_head WHERE id = 1")
            )
            .mappings()
            .one()
        )


def _cli(monkeypatch: pytest.MonkeyPatch, settings: Settings, *args: str) -> Any:
    from eoffice.cli import app
    from eoffice.settings import get_settings

    monkeypatch.setenv("EOFFICE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("EOFFICE_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, ["audit", "verify", *args])
    finally:
        get_settings.cache_clear()


@pytest.fixture
def chain(backends: Backends, session) -> Iterator[list[dict[str, Any]]]:
    """Ten fresh records on the module's database; the original rows are put back afterwards."""
    _add(backends, 10, "chain")
    rows = _rows(backends)
    head = _head(backends)
    yield [dict(r) for r in rows]
    _put_back(backends, rows, head)
    assert verify_chain(session).ok


def test_key_file_is_private_and_not_in_the_database(backends, settings, chain) -> None:
    path = Path(settings.data_dir) / "audit.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    secret = json.loads(path.read_text())["key"]
    with backends.engine.connect() as connection:
        dumped = " ".join(str(r) for r in connection.execute(text("SELECT * FROM audit_records")).all())
        dumped += str(connection.execute(text("SELECT * FROM audit_chain_head")).all())
    assert secret not in dumped


def test_edited_record_with_recomputed_chain_is_named(
    backends, session, settings, chain, monkeypatch
) -> None:
    target = chain[-5]["seq"]
    chain[-5]["after"] = {"status": "approved", "title": "Tờ trình đã bị sửa"}
    _recompute_from(backends, chain, target, strip_macs=False)
    session.expire_all()

    result = verify_chain(session)
    assert not result.ok and result.broken_seq == target
    assert "HMAC" in (result.reason or "")
    outcome = _cli(monkeypatch, settings, "--json")
    assert outcome.exit_code == 1
    report = json.loads(outcome.stdout)
    assert report["broken_seq"] == target and report["ok"] is False


def test_stripping_the_macs_does_not_downgrade_the_chain(
    backends, session, settings, chain, monkeypatch
) -> None:
    target = chain[-3]["seq"]
    chain[-3]["after"] = {"status": "approved"}
    _recompute_from(backends, chain, target, strip_macs=True)

    result = verify_chain(session)
    assert not result.ok and result.broken_seq == target

    outcome = _cli(monkeypatch, settings)
    assert outcome.exit_code == 1 and f"số {target}" in outcome.stderr


def test_stripping_every_mac_and_recomputing_everything_is_named(backends, session, chain) -> None:
    chain[0]["after"] = {"status": "approved"}
    _recompute_from(backends, chain, 1, strip_macs=True)
    with backends.engine.begin() as connection:
        connection.execute(text("UPDATE audit_records SET mac = NULL"))

    result = verify_chain(session)
    assert not result.ok
    assert result.broken_seq is not None and result.broken_seq <= chain[0]["seq"] + 1


def test_cutting_the_tail_and_moving_the_head_is_named(backends, session, chain) -> None:
    kept = chain[:-2]
    with backends.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_records WHERE seq > :s"), {"s": kept[-1]["seq"]})
        connection.execute(
            text("UPDATE audit_chain_head SET last_seq = :s, last_hash = :h WHERE id = 1"),
            {"s": kept[-1]["seq"], "h": kept[-1]["hash"]},
        )

    result = verify_chain(session)
    assert not result.ok and result.broken_seq == kept[-1]["seq"] + 1


# --- an installation upgraded from before the key ----------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def old_installation(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
        drop = None
    else:
        url, drop = _create_postgres_database(request.getfixturevalue("postgres_url"))
    upgrade(url)
    settings = Settings(
        environment="test",
        data_dir=tmp_path / "data",
        secret_key=TEST_SECRET,
        database_url=url,
        storage_url=f"file://{tmp_path / 'data' / 'objects'}",
        search_url=f"sqlite:///{tmp_path / 'data' / 'search.db'}",
    )
    try:
        yield settings
    finally:
        if drop is not None:
            drop()


def _write_old_records(settings: Settings, count: int) -> None:
    """Records as the code before the key wrote them: hash-chained, no MAC."""
    from eoffice.audit._canonical import utc_iso

    prev = GENESIS
    backends = Backends(settings)
    try:
        with backends.engine.begin() as connection:
            for seq in range(1, count + 1):
                at = datetime.now(UTC)
                content = record_content(
                    seq=seq,
                    at=at,
                    actor_id=None,
                    action="x.old",
                    entity_type="x",
                    entity_id=str(seq),
                    before=None,
                    after={"n": seq},
                    client_address=None,
                )
                digest = record_hash(prev, content)
                connection.execute(
                    text(
                        "INSERT INTO audit_records (seq, at, actor_id, action, entity_type, entity_id, before, "
                        "after, client_address, prev_hash, hash) VALUES (:seq, :at, NULL, 'x.old', 'x', :eid, "
                        "NULL, :after, NULL, :prev, :hash)"
                    ),
                    {
                        "seq": seq,
                        "at": datetime.fromisoformat(utc_iso(at)),
                        "eid": str(seq),
                        "after": json.dumps({"n": seq}),
                        "prev": prev,
                        "hash": digest,
                    },
                )
                prev = digest
            connection.execute(
                text("INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, :s, :h)"),
                {"s": count, "h": prev},
            )
    finally:
        backends.close()


def test_old_records_verify_by_the_old_rule_and_are_reported(old_installation, monkeypatch) -> None:
    settings = old_installation
    _write_old_records(settings, 4)
    backends = Backends(settings)
    try:
        _add(backends, 3, "new")
        with backends.sessions() as session:
            result = verify_chain(session)
        assert result.ok, result
        assert (result.legacy, result.keyed, result.key_source) == (4, 3, "file")

        outcome = _cli(monkeypatch, settings)
        assert outcome.exit_code == 0, outcome.stderr
        assert "1–4" in outcome.stdout and "quy tắc cũ" in outcome.stdout and "5–7" in outcome.stdout

        # An old record edited and the whole keyless part recomputed still verifies by the old rule — which
        # is why it is reported — but the first keyed record chains onto the old head and breaks.
        rows = _rows(backends)
        rows[1]["after"] = {"n": 99}
        _recompute_from(backends, rows, 2, strip_macs=False)
        with backends.sessions() as session:
            forged = verify_chain(session)
        assert not forged.ok and forged.broken_seq == 5
    finally:
        use_key(settings.database_url, settings.audit_key, settings.data_dir)
        backends.close()


def test_a_key_from_the_settings_is_used_and_no_file_is_made(old_installation) -> None:
    settings = old_installation.model_copy(update={"audit_key": "ab" * 32})
    backends = Backends(settings)
    try:
        _add(backends, 2, "setting")
        with backends.sessions() as session:
            result = verify_chain(session)
        assert result.ok and result.key_source == "setting"
        assert not (Path(settings.data_dir) / "audit.key").exists()

        other = Backends(settings.model_copy(update={"audit_key": "cd" * 32}))
        try:
            with other.sessions() as session:
                wrong = verify_chain(session)
            assert not wrong.ok and wrong.broken_seq == 1 and "khóa" in (wrong.reason or "")
        finally:
            other.close()
    finally:
        backends.close()
