"""Processing state in the database and through the API, with the stages run in the test process: what the
UI shows while a document is processed, after it, and when a file is poison; the sweeper and the restart
recovery re-queue what was lost; attempts are bounded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.orgs.models import Role, User
from eoffice.processing import (
    MAX_ATTEMPTS,
    RUN_TASK,
    DocumentProcessing,
    DocumentState,
    Stage,
    Status,
    process_now,
    release_worker_rows,
    schedule_processing,
    sweep_stale,
    wait_until_processed,
)
from eoffice.processing.changes import note_change
from eoffice.processing.errors import WaitTimedOut
from eoffice.processing.runner import run_stage
from eoffice.tasks.outbox import OutboxMessage
from tests.eoffice import factories
from tests.eoffice.pipeline import samples


@pytest.fixture
def client(pipeline_app: FastAPI) -> TestClient:
    return TestClient(pipeline_app)


def _register(backends: Backends, clerk: User, filename: str, content: bytes) -> int:
    """Registered, and the worker's first step on the registration's effect taken (the stages exist, none
    has run), so the tests see the state a user sees while the document waits for the worker."""
    document_id = factories.register_file(backends, clerk.id, filename, content)
    note_change(backends, document_id)
    return document_id


def _rows(session: Session, document_id: int) -> list[DocumentProcessing]:
    session.expire_all()
    return list(
        session.scalars(
            select(DocumentProcessing)
            .where(DocumentProcessing.document_id == document_id)
            .order_by(DocumentProcessing.id)
        )
    )


def _run_all(backends: Backends, session: Session, document_id: int) -> None:
    """Run the document's stages in the test process, as `eoffice import` does without a worker."""
    process_now(backends, [document_id])
    session.expire_all()


def _sent(session: Session, processing_id: int) -> int:
    messages = session.scalars(select(OutboxMessage).where(OutboxMessage.task == RUN_TASK))
    return sum(1 for m in messages if m.kwargs.get("processing_id") == processing_id)


def test_processing_state_goes_from_in_progress_to_done(
    client: TestClient, backends: Backends, session: Session
) -> None:
    clerk = factories.create_user(session, roles=[Role.CLERK])
    document_id = _register(
        backends, clerk, "bao-cao.pdf", samples.text_pdf("Báo cáo kết quả cải cách hành chính")
    )
    headers = factories.login(client, clerk)

    before = client.get(f"/api/v1/documents/{document_id}/processing", headers=headers).json()
    assert (before["state"], before["state_label"]) == ("processing", "Đang xử lý")
    assert {(s["stage"], s["status"]) for s in before["stages"]} == {
        ("extract", "pending"),
        ("index", "pending"),
    }

    _run_all(backends, session, document_id)

    after = client.get(f"/api/v1/documents/{document_id}/processing", headers=headers).json()
    assert (after["state"], after["state_label"]) == ("done", "Đã xử lý xong")
    assert all(s["status"] == "done" and s["attempts"] == 1 for s in after["stages"])


def test_poison_file_shows_failed_with_a_vietnamese_reason(
    client: TestClient, backends: Backends, session: Session
) -> None:
    clerk = factories.create_user(session, roles=[Role.CLERK])
    document_id = _register(backends, clerk, "hong.pdf", samples.MALFORMED_PDF)

    _run_all(backends, session, document_id)

    body = client.get(
        f"/api/v1/documents/{document_id}/processing", headers=factories.login(client, clerk)
    ).json()
    assert body["state"] == "failed"
    [extract] = [s for s in body["stages"] if s["stage"] == "extract"]
    assert (extract["status"], extract["error_code"], extract["attempts"]) == (
        "failed",
        "document.malformed",
        1,
    )
    assert "bị hỏng" in extract["error_message"]
    [index] = [s for s in body["stages"] if s["stage"] == "index"]
    assert index["status"] == "done"  # its metadata is still searchable


def test_processing_state_is_only_shown_to_readers(
    client: TestClient, backends: Backends, session: Session
) -> None:
    clerk = factories.create_user(session, roles=[Role.CLERK])
    stranger = factories.create_user(session, roles=[Role.CLERK])  # another agency
    document_id = _register(backends, clerk, "mat.pdf", samples.text_pdf("Văn bản nội bộ"))

    response = client.get(
        f"/api/v1/documents/{document_id}/processing", headers=factories.login(client, stranger)
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_scheduling_twice_adds_no_rows_and_a_new_file_gets_its_own(
    backends: Backends, session: Session
) -> None:
    clerk = factories.create_user(session, roles=[Role.CLERK])
    document_id = _register(backends, clerk, "du-thao.docx", samples.docx_draft(["Dự thảo tờ trình"]))
    first = [(r.file_id, r.stage) for r in _rows(session, document_id)]

    schedule_processing(session, document_id)
    session.commit()

    assert sorted(first, key=str) == sorted(
        [(r.file_id, r.stage) for r in _rows(session, document_id)], key=str
    )
    assert {stage for _file, stage in first} == {Stage.EXTRACT, Stage.CONVERT, Stage.INDEX}


def test_sweeper_requeues_a_stage_whose_worker_died(backends: Backends, session: Session) -> None:
    clerk = factories.create_user(session, roles=[Role.CLERK])
    document_id = _register(backends, clerk, "quet.pdf", samples.text_pdf("Thông báo lịch tiếp công dân"))
    [extract] = [r for r in _rows(session, document_id) if r.stage == Stage.EXTRACT]
    extract.status, extract.attempts, extract.worker = Status.STARTED, 1, "gone@host"
    extract.started_at = datetime.now(UTC) - timedelta(hours=1)
    session.commit()
    sent_before = _sent(session, extract.id)

    assert sweep_stale(session) >= 1
    session.commit()

    session.refresh(extract)
    assert extract.status == Status.PENDING
    assert _sent(session, extract.id) == sent_before + 1
    _run_all(backends, session, document_id)
    assert {r.status for r in _rows(session, document_id)} == {Status.DONE}


def test_a_restarted_worker_requeues_what_it_left_started(backends: Backends, session: Session) -> None:
    clerk = factories.create_user(session, roles=[Role.CLERK])
    document_id = _register(backends, clerk, "cv.pdf", samples.text_pdf("Công văn đôn đốc"))
    [extract] = [r for r in _rows(session, document_id) if r.stage == Stage.EXTRACT]
    extract.status, extract.attempts, extract.worker = Status.STARTED, 1, "restarted@host"
    extract.started_at = datetime.now(UTC)
    session.commit()

    sweep_stale(session)  # not stale by time yet: the sweeper leaves it alone
    session.commit()
    session.refresh(extract)
    assert extract.status == Status.STARTED

    release_worker_rows(session, "restarted@host")
    session.commit()

    session.refresh(extract)
    assert extract.status == Status.PENDING
    _run_all(backends, session, document_id)
    session.refresh(extract)
    assert (extract.status, extract.attempts) == (Status.DONE, 2)


def test_a_file_that_keeps_killing_its_worker_is_failed_after_the_attempt_limit(
    backends: Backends, session: Session
) -> None:
    clerk = factories.create_user(session, roles=[Role.CLERK])
    document_id = _register(backends, clerk, "nang.pdf", samples.text_pdf("Tài liệu rất nặng"))
    [extract] = [r for r in _rows(session, document_id) if r.stage == Stage.EXTRACT]
    extract.attempts = MAX_ATTEMPTS  # three runs died with their worker
    session.commit()

    assert run_stage(backends, extract.id, worker="test@host") == Status.FAILED

    session.refresh(extract)
    assert extract.error_code == "processing.too_many_attempts"
    assert f"{MAX_ATTEMPTS} lần" in extract.error_message
    _run_all(backends, session, document_id)
    assert {r.stage: r.status for r in _rows(session, document_id)}[Stage.INDEX] == Status.DONE


def test_without_a_worker_waiting_times_out_and_process_now_does_the_work(
    backends: Backends, session: Session
) -> None:
    clerk = factories.create_user(session, roles=[Role.CLERK])
    ids = [
        _register(backends, clerk, "to-trinh.pdf", samples.text_pdf("Tờ trình xin chủ trương")),
        _register(
            backends, clerk, "du-thao.docx", samples.docx_draft(["Dự thảo quyết định thành lập tổ công tác"])
        ),
    ]

    with pytest.raises(WaitTimedOut) as waited:
        wait_until_processed(backends, ids, timeout=0.3, poll_interval=0.1)
    assert "0/2" in waited.value.message

    seen: list[tuple[int, int]] = []
    result = process_now(backends, ids, lambda finished, total: seen.append((finished, total)))

    assert [p.state for p in result] == [DocumentState.DONE, DocumentState.DONE]
    assert seen[-1] == (2, 2)
    assert [p.state for p in wait_until_processed(backends, ids, timeout=1)] == [DocumentState.DONE] * 2
