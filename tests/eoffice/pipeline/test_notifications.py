"""Deadline reminders (nhắc hạn xử lý): one notification per assignee of an open incoming document due within
a day or overdue, never twice, and each user sees and marks only their own."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.documents.files import Upload, file_batch
from eoffice.documents.kinds import AccessReason, DocumentStatus, DocumentType
from eoffice.documents.models import Document, DocumentAccess
from eoffice.documents.service import Actor
from eoffice.incoming.models import Assignment, AssignmentRole
from eoffice.incoming.schemas import IncomingCreate
from eoffice.incoming.service import register_incoming
from eoffice.notifications import Notification, NotificationKind, send_deadline_reminders
from eoffice.orgs.models import Role, User
from tests.eoffice import factories
from tests.eoffice.pipeline import samples

TODAY = date(2026, 12, 10)


@pytest.fixture
def client(pipeline_app: FastAPI) -> TestClient:
    return TestClient(pipeline_app)


def _incoming(backends: Backends, clerk: User, title: str) -> int:
    with backends.sessions() as session:
        actor = Actor(session.get(User, clerk.id))  # type: ignore[arg-type]
        data = IncomingCreate(title=title, doc_type=DocumentType.CONG_VAN, issuer="Sở Xây dựng")
        with file_batch(backends.objects) as batch:
            document = register_incoming(
                session,
                batch,
                actor,
                data,
                [Upload(stream=io.BytesIO(samples.text_pdf(title)), filename="cv.pdf")],
                max_upload_bytes=backends.settings.max_upload_bytes,
                timezone=backends.settings.timezone,
            )
            session.commit()
        return document.id


def _assign(session: Session, document_id: int, by: User, deadline: date, **assignee: int) -> None:
    session.add(
        Assignment(
            document_id=document_id,
            role=AssignmentRole.MAIN,
            deadline=deadline,
            assigned_by_id=by.id,
            **assignee,
        )
    )
    if "user_id" in assignee:  # as `incoming.assign` does: a personal assignee may read the document
        session.add(
            DocumentAccess(document_id=document_id, user_id=assignee["user_id"], reason=AccessReason.ASSIGNEE)
        )
    session.commit()


def _mine(session: Session, user: User) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_reminders_reach_each_assignee_once(
    pipeline_app: FastAPI, backends: Backends, session: Session
) -> None:
    agency = factories.create_agency(session)
    department = factories.create_department(session, agency)
    clerk = factories.create_user(session, roles=[Role.CLERK, Role.LEADER], agency=agency)
    due_tomorrow = factories.create_user(session, agency=agency)
    due_next_week = factories.create_user(session, agency=agency)
    head = factories.create_user(session, roles=[Role.DEPARTMENT_HEAD], department=department)
    member = factories.create_user(session, department=department)
    soon = _incoming(backends, clerk, "Đề nghị góp ý dự thảo quy hoạch")
    late = _incoming(backends, clerk, "Báo cáo tình hình giải ngân vốn đầu tư công")
    later = _incoming(backends, clerk, "Giấy mời hội nghị")
    done = _incoming(backends, clerk, "Thông báo đã xử lý xong")
    _assign(session, soon, clerk, TODAY + timedelta(days=1), user_id=due_tomorrow.id)
    _assign(session, late, clerk, TODAY - timedelta(days=2), department_id=department.id)
    _assign(session, later, clerk, TODAY + timedelta(days=7), user_id=due_next_week.id)
    _assign(session, done, clerk, TODAY - timedelta(days=5), user_id=due_tomorrow.id)
    completed = session.get(Document, done)
    assert completed is not None
    completed.status = DocumentStatus.COMPLETED
    session.commit()

    first = send_deadline_reminders(session, TODAY)
    session.commit()
    again = send_deadline_reminders(session, TODAY)
    session.commit()

    assert (first, again) == (2, 0)
    [reminder] = _mine(session, due_tomorrow)
    assert (reminder.document_id, reminder.kind) == (soon, NotificationKind.DEADLINE_SOON)
    assert "Đề nghị góp ý dự thảo quy hoạch" in reminder.message and "11/12/2026" in reminder.message
    [overdue] = _mine(session, head)
    assert (overdue.document_id, overdue.kind) == (late, NotificationKind.DEADLINE_OVERDUE)
    assert "quá hạn" in overdue.message
    assert _mine(session, member) == []  # the department's head is told, not every member
    assert _mine(session, due_next_week) == []


def test_users_list_and_mark_only_their_own_notifications(
    client: TestClient, backends: Backends, session: Session
) -> None:
    agency = factories.create_agency(session)
    clerk = factories.create_user(session, roles=[Role.CLERK], agency=agency)
    alice = factories.create_user(session, agency=agency)
    bob = factories.create_user(session, agency=agency)
    document_id = _incoming(backends, clerk, "Công văn hỏa tốc về phòng chống bão")
    _assign(session, document_id, clerk, TODAY, user_id=alice.id)
    send_deadline_reminders(session, TODAY)
    session.commit()
    alice_headers, bob_headers = factories.login(client, alice), factories.login(client, bob)

    listed = client.get("/api/v1/notifications", headers=alice_headers).json()
    assert listed["unread"] == 1
    [item] = listed["items"]
    assert (item["document_id"], item["kind"], item["read_at"]) == (document_id, "deadline_soon", None)
    assert client.get("/api/v1/notifications", headers=bob_headers).json() == {"unread": 0, "items": []}
    assert client.post(f"/api/v1/notifications/{item['id']}/read", headers=bob_headers).status_code == 404

    marked = client.post(f"/api/v1/notifications/{item['id']}/read", headers=alice_headers)

    assert marked.status_code == 200 and marked.json()["read_at"] is not None
    after = client.get("/api/v1/notifications?unread=true", headers=alice_headers).json()
    assert after == {"unread": 0, "items": []}
