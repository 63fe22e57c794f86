"""`eoffice doctor` finds what a crash or a careless hand leaves behind, repairs what can be repaired, and
never deletes a row: orphan objects, missing or altered files, undelivered outbox messages, a search index
that drifted from the database. Runs on SQLite and PostgreSQL (the `settings` fixture)."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from eoffice.backends import Backends
from eoffice.documents.models import Document, DocumentFile
from eoffice.maintenance import run_doctor
from eoffice.orgs.models import Role
from eoffice.settings import Settings
from eoffice.tasks.outbox import OutboxMessage
from tests.eoffice import factories
from tests.eoffice.maintenance import flows

NO_GRACE = timedelta(0)


@pytest.fixture(scope="module")
def clerk_headers(app: Any, backends: Backends) -> dict[str, str]:
    with backends.sessions() as session:
        clerk = factories.create_user(session, roles=(Role.CLERK,))
    with TestClient(app) as client:
        return factories.login(client, clerk)


def _register(client: TestClient, headers: dict[str, str], label: str) -> dict[str, Any]:
    document: dict[str, Any] = flows.register_incoming(
        client, headers, f"Văn bản kiểm tra đối soát {label}", [(f"{label}.pdf", flows.pdf_bytes(label))]
    )
    factories.settle(client.app.state.backends)  # type: ignore[attr-defined]  # the worker's part
    return document


def _codes(report: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in report.findings:
        found.setdefault(finding.code, []).append(finding.subject)
    return found


def test_a_consistent_installation_is_healthy(
    client: TestClient, backends: Backends, clerk_headers: dict
) -> None:
    _register(client, clerk_headers, "lanh")
    report = run_doctor(backends, grace=NO_GRACE)
    assert report.ok, report.as_json()
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors == []
    assert report.checked["documents"] >= 1 and report.checked["index_entries"] == report.checked["documents"]


def test_orphan_objects_are_deleted_after_the_grace_period_but_immutable_ones_are_kept(
    client: TestClient, backends: Backends, clerk_headers: dict
) -> None:
    document = _register(client, clerk_headers, "mocoi")
    store = backends.objects
    orphan = f"documents/{document['id']}/da-chet-giua-chung.pdf"
    sealed = f"documents/{document['id']}/ky-do-dang.pdf"
    store.put(orphan, flows.pdf_bytes("orphan"), content_type=flows.PDF)
    store.put(sealed, flows.pdf_bytes("sealed"), content_type=flows.PDF, immutable=True)

    young = run_doctor(backends, repair=True, grace=timedelta(hours=1))
    assert young.ok and store.exists(orphan), (
        "an object younger than the grace period may be an upload in flight"
    )
    assert orphan in _codes(young)["object.orphan_recent"]

    found = run_doctor(backends, grace=NO_GRACE)
    assert not found.ok and _codes(found)["object.orphan"] == [orphan]
    assert store.exists(orphan), "without --repair nothing is touched"

    repaired = run_doctor(backends, repair=True, grace=NO_GRACE)
    assert repaired.ok, repaired.as_json()
    assert not store.exists(orphan)
    assert store.exists(sealed) and _codes(repaired)["object.orphan_retained"] == [sealed]
    assert store.exists(_file_row(backends, document["id"]).object_key), (
        "the document's own file is untouched"
    )
    assert run_doctor(backends, grace=NO_GRACE).ok


def _file_row(backends: Backends, document_id: int) -> DocumentFile:
    with backends.sessions() as session:
        row = session.scalars(select(DocumentFile).where(DocumentFile.document_id == document_id)).one()
        session.expunge(row)
        return row


def test_a_missing_or_altered_file_is_reported_loudly_and_its_row_is_kept(
    client: TestClient, backends: Backends, clerk_headers: dict
) -> None:
    store = backends.objects
    lost = _file_row(backends, _register(client, clerk_headers, "mat")["id"])
    altered = _file_row(backends, _register(client, clerk_headers, "sua")["id"])
    rotted = _file_row(backends, _register(client, clerk_headers, "muc")["id"])
    originals = {row.object_key: b"".join(store.get(row.object_key)) for row in (lost, altered)}
    store.delete(lost.object_key)
    store.put(altered.object_key, flows.pdf_bytes("thay the"), content_type=flows.PDF)
    # bit rot: the bytes on disk change behind the store's back (its own record still says the old digest)
    path = store.root.joinpath(*rotted.object_key.split("/"))
    rot = bytearray(path.read_bytes())
    rot[len(rot) // 2] ^= 0xFF
    path.write_bytes(bytes(rot))

    report = run_doctor(backends, repair=True, grace=NO_GRACE)
    codes = _codes(report)
    assert not report.ok
    assert any(lost.object_key in s for s in codes["object.missing"])
    assert {s.split(" ")[0] for s in codes["object.checksum_mismatch"]} == {
        altered.object_key,
        rotted.object_key,
    }
    assert not any(
        f.repaired for f in report.findings if f.code.startswith("object.") and f.code != "object.orphan"
    )
    quick = run_doctor(backends, grace=NO_GRACE, verify_content=False)
    assert {s.split(" ")[0] for s in _codes(quick)["object.checksum_mismatch"]} == {altered.object_key}

    with backends.sessions() as session:  # rows are never deleted by the doctor
        assert (
            session.get(DocumentFile, lost.id) is not None
            and session.get(DocumentFile, altered.id) is not None
        )

    # the operator puts the files back (from a backup): healthy again
    for key, data in originals.items():
        store.put(key, data, content_type=flows.PDF)
    rot[len(rot) // 2] ^= 0xFF
    path.write_bytes(bytes(rot))
    assert run_doctor(backends, grace=NO_GRACE).ok


def test_outbox_messages_never_sent_are_sent_again(backends: Backends, settings: Settings) -> None:
    with backends.sessions() as session:
        message = OutboxMessage(
            task="eoffice.outbox.sweep", kwargs={}, created_at=datetime.now(UTC) - timedelta(minutes=30)
        )
        session.add(message)
        session.commit()
        message_id = message.id
    found = run_doctor(backends, grace=NO_GRACE)
    assert f"outbox:{message_id}" in _codes(found)["outbox.undispatched"] and not found.ok

    repaired = run_doctor(backends, repair=True, grace=NO_GRACE)
    assert repaired.ok, repaired.as_json()
    with backends.sessions() as session:
        assert session.get(OutboxMessage, message_id).dispatched_at is not None  # type: ignore[union-attr]


def test_the_search_index_is_brought_back_to_the_database(
    client: TestClient, backends: Backends, clerk_headers: dict
) -> None:
    from search import IndexedDocument

    dropped = _register(client, clerk_headers, "chimuc")
    backends.search.delete(f"doc:{dropped['id']}")
    ghost_owner = _file_row(backends, dropped["id"]).created_by_id
    backends.search.index(
        IndexedDocument(
            id="doc:987654", title="Văn bản đã không còn", principals=frozenset({f"user:{ghost_owner}"})
        )
    )
    backends.search.refresh()
    assert flows.search(client, clerk_headers, "đối soát chimuc")["items"] == []

    found = run_doctor(backends, grace=NO_GRACE)
    codes = _codes(found)
    assert f"document:{dropped['id']}" in codes["search.missing"]
    assert codes["search.orphan"] == ["document:987654"]

    repaired = run_doctor(backends, repair=True, grace=NO_GRACE)
    assert repaired.ok, repaired.as_json()
    hits = flows.search(client, clerk_headers, "đối soát chimuc")["items"]
    assert [h["id"] for h in hits] == [dropped["id"]]
    assert run_doctor(backends, grace=NO_GRACE).of("search.orphan") == []


def test_the_command_line_reports_json_and_exit_codes(backends: Backends, settings: Settings) -> None:
    orphan = "documents/0/bo-quen.pdf"
    backends.objects.put(orphan, flows.pdf_bytes("cli"), content_type=flows.PDF)

    def doctor(*args: str) -> subprocess.CompletedProcess[str]:
        return flows.eoffice(settings, "doctor", "--json", "--grace-minutes", "0", *args)  # type: ignore[no-any-return]

    found = doctor()
    assert found.returncode == 1, found.stderr
    body = json.loads(found.stdout)
    assert body["ok"] is False and body["unrepaired"] >= 1
    [orphan_finding] = [f for f in body["findings"] if f["subject"] == orphan]
    assert orphan_finding["code"] == "object.orphan" and orphan_finding["repaired"] is False
    assert set(body["checked"]) >= {"objects", "object_rows", "documents", "index_entries", "audit_records"}

    repaired = doctor("--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    body = json.loads(repaired.stdout)
    assert body["ok"] is True and any(f["subject"] == orphan and f["repaired"] for f in body["findings"])
    assert not backends.objects.exists(orphan)


def test_a_stage_waiting_behind_a_long_queue_is_a_backlog_not_a_lost_message(
    client: TestClient, backends: Backends, clerk_headers: dict
) -> None:
    """After a big import the worker may be hours behind: that is a warning to add workers, not hundreds of
    "lost message" errors whose repair would queue every stage a second time."""
    from kombu import Connection
    from sqlalchemy import update

    from eoffice.processing.models import DocumentProcessing, Status
    from eoffice.tasks.queues import ALL_QUEUES, DOCUMENTS_QUEUE

    document_id = _register(client, clerk_headers, "hang-doi")["id"]
    with backends.sessions() as session:
        session.execute(
            update(DocumentProcessing)
            .where(DocumentProcessing.document_id == document_id)
            .values(status=Status.PENDING, updated_at=datetime.now(UTC) - timedelta(minutes=30))
        )
        session.commit()
        rows = {
            f"document_processing:{i}"
            for i in session.scalars(
                select(DocumentProcessing.id).where(DocumentProcessing.document_id == document_id)
            )
        }
    assert rows
    with Connection(backends.settings.broker_url) as connection:
        # No worker runs here: what registration sent (the change's message on the index queue) is dropped,
        # as a broker that lost it would, and one task of other work is put ahead of ours.
        queues = [connection.SimpleQueue(name) for name in ALL_QUEUES]
        for queue in queues:
            queue.clear()
        queues[ALL_QUEUES.index(DOCUMENTS_QUEUE)].put({"work": "ahead of ours"})
        try:
            behind = run_doctor(backends, grace=NO_GRACE)
            assert "processing.backlog" in _codes(behind)
            assert not rows & set(_codes(behind).get("processing.stale", []))
        finally:
            for queue in queues:
                queue.clear()
                queue.close()

    lost = run_doctor(backends, grace=NO_GRACE)
    assert rows <= set(_codes(lost)["processing.stale"]) and not lost.ok
    assert "processing.backlog" not in _codes(lost)


def test_stale_readers_and_metadata_in_the_index_are_found_and_repaired(
    client: TestClient, backends: Backends, clerk_headers: dict
) -> None:
    """A re-index lost while the readers changed: the index still lets an outsider read the document, or
    shows an old title. Doctor compares readers and metadata with the database, not only the status."""
    from dataclasses import replace

    from eoffice.processing.indexing import build_indexed_document
    from search import SearchQuery

    leaked = _register(client, clerk_headers, "lotquyen")
    renamed = _register(client, clerk_headers, "doiten")
    with backends.sessions() as session:
        outsider_id = factories.create_user(session, roles=(Role.SPECIALIST,)).id
        for document_id, change in (
            (leaked["id"], {"principals": frozenset({f"user:{outsider_id}"})}),
            (renamed["id"], {"title": "Tên cũ đã sửa"}),
        ):
            document = session.get(Document, document_id)
            entry = build_indexed_document(session, document, {})
            if "principals" in change:
                change["principals"] = entry.principals | change["principals"]
            backends.search.index(replace(entry, **change))
    backends.search.refresh()

    def outsider_sees() -> list[str]:  # the index itself (the API filters hits by the read rule again)
        query = SearchQuery(principals=frozenset({f"user:{outsider_id}"}), text="đối soát lotquyen")
        return [hit.id for hit in backends.search.query(query).hits]

    assert outsider_sees() == [f"doc:{leaked['id']}"]

    codes = _codes(run_doctor(backends, grace=NO_GRACE))
    assert f"document:{leaked['id']}" in codes["search.permissions"]
    assert f"document:{renamed['id']}" in codes["search.stale"]

    repaired = run_doctor(backends, repair=True, grace=NO_GRACE)
    assert repaired.ok, repaired.as_json()
    assert outsider_sees() == []
    assert [h["title"] for h in flows.search(client, clerk_headers, "đối soát doiten")["items"]] == [
        renamed["title"]
    ]
    assert not {"search.permissions", "search.stale"} & set(_codes(run_doctor(backends, grace=NO_GRACE)))
