"""Notifications by e-mail, through a real SMTP server (aiosmtpd on loopback): each notification `notify`
writes is mailed once to its reader, only when mail is on, never to someone who may not read the document;
and the morning digest lists what is due for each person, once a day.

The worker's task is run in-process, pointed at a worker's backends with mail on (`mail_backends`) or at the
app's own, where mail is off as in the embedded install.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.backends import Backends
from eoffice.effects import MAIL_NOTIFICATION
from eoffice.notifications import tasks
from eoffice.notifications.mail import send_digests
from eoffice.notifications.models import MailDigest, Notification
from eoffice.orgs.models import User
from eoffice.tasks.outbox import OutboxMessage
from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.factories import login
from tests.mail import SmtpServer

PDF = "application/pdf"


def give_addresses(session: Session, *users: User) -> None:
    for user in users:
        user.email = f"{user.username}@ubnd.example.gov.vn"
    session.commit()


def assign(client: TestClient, office: Office, document_id: int, assignments: list[dict]) -> None:  # type: ignore[type-arg]
    """Văn thư distributes the document (a secret one is not the leader's to read here)."""
    response = client.post(
        f"/api/v1/incoming/{document_id}/assignments",
        json={"assignments": assignments},
        headers=login(client, office.clerk),
    )
    assert response.status_code == 201, response.text


def mail_messages(session: Session, document_id: int) -> dict[int, dict]:  # type: ignore[type-arg]
    """user id → the arguments of the mail effect `notify` wrote for that user's notification of the document."""
    notifications = dict(
        session.execute(
            select(Notification.id, Notification.user_id).where(Notification.document_id == document_id)
        )
        .tuples()
        .all()
    )
    found: dict[int, dict] = {}  # type: ignore[type-arg]
    for message in session.scalars(select(OutboxMessage).where(OutboxMessage.task == MAIL_NOTIFICATION)):
        user_id = notifications.get(message.kwargs["notification_id"])
        if user_id is not None:
            assert user_id not in found, "one mail message per notification"
            found[user_id] = dict(message.kwargs)
    return found


def worker(monkeypatch: pytest.MonkeyPatch, backends: Backends) -> None:
    monkeypatch.setattr(tasks, "backends", lambda: backends)


def test_an_assignment_is_mailed_in_vietnamese_to_each_person_told(
    client: TestClient,
    office: Office,
    session: Session,
    smtp_server: SmtpServer,
    mail_backends: Backends,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    give_addresses(session, office.head, office.other_department)  # office.colleague has no address
    title = "Về việc rà soát thủ tục hành chính năm 2026"
    doc = register(client, login(client, office.clerk), title=title)
    assign(
        client,
        office,
        doc["id"],
        [
            {
                "role": "xu_ly_chinh",
                "department_id": office.home_affairs.id,
                "instruction": "Chủ trì tham mưu",
            },
            {"role": "phoi_hop", "user_id": office.other_department.id},
            {"role": "de_biet", "user_id": office.colleague.id},
        ],
    )

    messages = mail_messages(session, doc["id"])
    assert set(messages) == {office.head.id, office.other_department.id}
    worker(monkeypatch, mail_backends)
    for kwargs in messages.values():
        assert tasks.mail_notification_task(**kwargs) is True

    [mail] = smtp_server.inbox.to(office.head.email)
    assert mail["Subject"] == "Văn bản được giao xử lý"
    [recipient] = mail["To"].addresses
    assert (recipient.addr_spec, recipient.display_name) == (office.head.email, office.head.full_name)
    assert mail["From"] == "eOffice UBND <eoffice@ubnd.example.gov.vn>"
    assert mail.get_content_charset() == "utf-8"
    body = mail.get_content()
    assert f"Kính gửi {office.head.full_name}" in body
    assert title in body and "Chủ trì tham mưu" in body
    assert f"https://eoffice.example.gov.vn/van-ban/{doc['id']}" in body
    assert len(smtp_server.inbox.to(office.other_department.email)) == 1
    assert len(smtp_server.inbox.mails) == 2


def test_no_mail_while_mail_is_off(
    client: TestClient,
    office: Office,
    session: Session,
    backends: Backends,
    smtp_server: SmtpServer,
    mail_backends: Backends,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert backends.settings.mail_enabled is False  # the default, as `make run` installs it
    give_addresses(session, office.head)
    doc = register(client, login(client, office.clerk), title="Về việc tổng hợp báo cáo quý")
    assign(client, office, doc["id"], [{"role": "xu_ly_chinh", "department_id": office.home_affairs.id}])
    [kwargs] = mail_messages(session, doc["id"]).values()

    worker(monkeypatch, backends)
    assert tasks.mail_notification_task(**kwargs) is False
    assert smtp_server.inbox.mails == []
    notification = session.get(Notification, kwargs["notification_id"])
    assert notification is not None
    session.refresh(notification)
    assert notification.mailed_at is None

    # the same message, where mail is on, does go out: nothing was used up while it was off
    worker(monkeypatch, mail_backends)
    assert tasks.mail_notification_task(**kwargs) is True
    assert len(smtp_server.inbox.to(office.head.email)) == 1


def test_a_mail_message_delivered_twice_sends_one_mail(
    client: TestClient,
    office: Office,
    session: Session,
    smtp_server: SmtpServer,
    mail_backends: Backends,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    give_addresses(session, office.other_department)
    doc = register(client, login(client, office.clerk), title="Về việc phối hợp kiểm tra")
    assign(client, office, doc["id"], [{"role": "xu_ly_chinh", "user_id": office.other_department.id}])
    [kwargs] = mail_messages(session, doc["id"]).values()

    worker(monkeypatch, mail_backends)
    assert tasks.mail_notification_task(**kwargs) is True
    assert tasks.mail_notification_task(**kwargs) is False
    assert len(smtp_server.inbox.to(office.other_department.email)) == 1
    notification = session.get(Notification, kwargs["notification_id"])
    assert notification is not None
    session.refresh(notification)
    assert notification.mailed_at is not None


def test_nobody_is_mailed_a_document_they_may_not_read(
    client: TestClient,
    office: Office,
    session: Session,
    smtp_server: SmtpServer,
    mail_backends: Backends,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    give_addresses(session, office.head)
    clerk = login(client, office.clerk)
    secret_title = "Kế hoạch bảo vệ bí mật nhà nước năm 2026"
    secret = register(client, clerk, title=secret_title, secrecy="mat", files=[("mat.pdf", pdf_bytes(), PDF)])
    assign(client, office, secret["id"], [{"role": "xu_ly_chinh", "department_id": office.home_affairs.id}])
    # the head may not read a secret document through his unit: no notification, so no mail is even queued
    assert (
        client.get(f"/api/v1/incoming/{secret['id']}", headers=login(client, office.head)).status_code == 404
    )
    assert office.head.id not in mail_messages(session, secret["id"])

    # access that ends before the worker sends (the assignment is taken back) ends the mail too
    plain = register(client, clerk, title="Về việc kiểm tra công vụ")
    assign(client, office, plain["id"], [{"role": "xu_ly_chinh", "department_id": office.home_affairs.id}])
    kwargs = mail_messages(session, plain["id"])[office.head.id]
    recalled = client.post(
        f"/api/v1/incoming/{plain['id']}/recall", json={"reason": "Giao nhầm"}, headers=clerk
    )
    assert recalled.status_code == 200, recalled.text
    worker(monkeypatch, mail_backends)
    assert tasks.mail_notification_task(**kwargs) is False
    assert smtp_server.inbox.to(office.head.email) == []
    assert not [mail for _, mail in smtp_server.inbox.mails if secret_title in mail.get_content()]


def test_the_daily_digest_lists_what_is_due_and_readable_once_a_day(
    client: TestClient,
    office: Office,
    session: Session,
    smtp_server: SmtpServer,
    mail_backends: Backends,
) -> None:
    give_addresses(session, office.head, office.specialist)
    clerk = login(client, office.clerk)
    today = clock.today()
    unit = office.home_affairs.id
    overdue = register(client, clerk, title="Về việc báo cáo quá hạn")
    assign(
        client,
        office,
        overdue["id"],
        [{"role": "xu_ly_chinh", "department_id": unit, "deadline": str(today - timedelta(days=2))}],
    )
    due_today = register(client, clerk, title="Về việc báo cáo hôm nay")
    assign(
        client,
        office,
        due_today["id"],
        [{"role": "xu_ly_chinh", "user_id": office.head.id, "deadline": str(today)}],
    )
    later = register(client, clerk, title="Về việc báo cáo tháng sau")
    assign(
        client,
        office,
        later["id"],
        [{"role": "xu_ly_chinh", "department_id": unit, "deadline": str(today + timedelta(days=30))}],
    )
    secret_title = "Về việc bí mật đã quá hạn"
    secret = register(client, clerk, title=secret_title, secrecy="mat", files=[("mat.pdf", pdf_bytes(), PDF)])
    assign(
        client,
        office,
        secret["id"],
        [{"role": "xu_ly_chinh", "department_id": unit, "deadline": str(today - timedelta(days=1))}],
    )

    send_digests(mail_backends, today)

    [digest] = smtp_server.inbox.to(office.head.email)
    assert digest["Subject"] == f"Văn bản cần xử lý ngày {today:%d/%m/%Y}"
    body = digest.get_content()
    lines = body.splitlines()
    [overdue_line] = [line for line in lines if "Về việc báo cáo quá hạn" in line]
    assert f"quá hạn 2 ngày (hạn {today - timedelta(days=2):%d/%m/%Y})" in overdue_line
    [today_line] = [line for line in lines if "Về việc báo cáo hôm nay" in line]
    assert "hạn xử lý hôm nay" in today_line
    assert f"https://eoffice.example.gov.vn/van-ban/{overdue['id']}" in body
    assert "Về việc báo cáo tháng sau" not in body
    assert secret_title not in body and f"/van-ban/{secret['id']}" not in body
    assert smtp_server.inbox.to(office.specialist.email) == []  # nothing due for him

    send_digests(mail_backends, today)  # beat again, or a retry: no second mail today
    assert len(smtp_server.inbox.to(office.head.email)) == 1
    assert session.scalar(select(MailDigest.documents).where(MailDigest.user_id == office.head.id)) == 2

    send_digests(mail_backends, today + timedelta(days=1))  # the next morning it comes again
    assert len(smtp_server.inbox.to(office.head.email)) == 2


def test_mail_switched_on_without_a_server_or_sender_is_refused_at_start_up() -> None:
    from pydantic import ValidationError

    from eoffice.settings import Settings

    assert Settings(environment="test").mail_enabled is False
    with pytest.raises(ValidationError, match="EOFFICE_SMTP_HOST và EOFFICE_MAIL_FROM"):
        Settings(environment="test", mail_enabled=True, smtp_host="smtp.example.gov.vn")
