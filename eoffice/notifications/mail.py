"""Thư điện tử: the e-mail copy of a notification, and each person's daily digest of what is due.

`notify` writes the mail of each notification as an outbox message (`eoffice.effects.mail_notification`); the
worker sends it here over SMTP with the standard library, only where EOFFICE_MAIL_ENABLED is on. Beat sends the
digest each morning of the agency's day. Both pass the read rule again when sending, since access can end after
the message was written, and neither ever names a document its reader may not read.

Once, not at least once: a notification's mail is claimed (its `mailed_at` set and committed) and a digest
recorded (one `mail_digests` row per user and day) *before* the SMTP conversation, so a message delivered twice,
or by two workers at once, sends one mail. A conversation that fails releases the claim and raises, so the task
is retried; a worker killed between the claim and the send loses that one mail (the bell still shows it) rather
than risk sending it twice.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections import defaultdict
from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError

from eoffice import clock
from eoffice.backends import Backends
from eoffice.notifications.events import readers_among
from eoffice.notifications.models import MailDigest, Notification, NotificationKind
from eoffice.notifications.reminders import DueItem, due_for_people
from eoffice.orgs.models import User
from eoffice.settings import Settings

__all__ = ["MailNotSent", "mail_notification", "send_digests"]

log = logging.getLogger(__name__)

_FOOTER = "Thư này do hệ thống eOffice gửi tự động, vui lòng không trả lời."


class MailNotSent(Exception):
    """Some digests of a run could not be handed to the SMTP server; the others went out (retry sends the rest)."""


def mail_notification(backends: Backends, notification_id: int) -> bool:
    """Mail one notification to its user, once; returns whether a mail was sent by this call.

    Nothing is sent when mail is off, the notification was already mailed, its user is inactive or has no
    address, or he may no longer read its document."""
    settings = backends.settings
    if not settings.mail_enabled:
        return False
    with backends.sessions() as session:
        row = session.get(Notification, notification_id)
        if row is None or row.mailed_at is not None:
            return False
        user = session.get(User, row.user_id)
        if user is None or not user.is_active or not user.email:
            return False
        if row.document_id is not None and not readers_among(session, row.document_id, [user.id]):
            return False
        message = _notification_message(settings, user, row)
        if message is None:
            return False
        result = session.execute(
            update(Notification)
            .where(Notification.id == notification_id, Notification.mailed_at.is_(None))
            .values(mailed_at=clock.now())
        )
        assert isinstance(result, CursorResult)  # an UPDATE answers with its row count
        claimed = result.rowcount
        session.commit()
    if claimed != 1:
        return False  # another delivery of the same message got here first
    try:
        _send(settings, message)
    except Exception:
        with backends.sessions() as session:
            session.execute(
                update(Notification).where(Notification.id == notification_id).values(mailed_at=None)
            )
            session.commit()
        raise
    return True


def send_digests(backends: Backends, today: date) -> int:
    """Mail each active user with an address the list of what is due for him on `today` (the reminders' list,
    through the read rule), once per agency day; returns how many digests this call sent."""
    settings = backends.settings
    if not settings.mail_enabled:
        return 0
    with backends.sessions() as session:
        due: dict[int, dict[int, DueItem]] = defaultdict(dict)
        for item in due_for_people(session, today):
            earlier = due[item.user_id].get(item.document_id)
            if earlier is None or item.due < earlier.due:  # two assignments of one document: the nearer one
                due[item.user_id][item.document_id] = item
        people = list(
            session.scalars(
                select(User)
                .where(User.id.in_(due), User.is_active.is_(True), User.email != "")
                .order_by(User.id)
            )
        )
        done = set(session.scalars(select(MailDigest.user_id).where(MailDigest.day == today)))
    sent = 0
    failed: list[tuple[int, Exception]] = []
    for user in people:
        if user.id in done:
            continue
        items = sorted(due[user.id].values(), key=lambda item: (item.due, item.document_id))
        message = _digest_message(settings, user, today, items)
        if message is None:
            continue
        try:
            if _send_digest_once(backends, settings, user.id, today, len(items), message):
                sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("digest for user %s not sent; a retry will", user.id, exc_info=True)
            failed.append((user.id, exc))
    if failed:
        raise MailNotSent(f"{len(failed)} thư tổng hợp chưa gửi được") from failed[0][1]
    return sent


def _send_digest_once(
    backends: Backends, settings: Settings, user_id: int, today: date, count: int, message: EmailMessage
) -> bool:
    with backends.sessions() as session:
        session.add(MailDigest(user_id=user_id, day=today, documents=count))
        try:
            session.commit()
        except IntegrityError:
            return False  # another run sent today's digest meanwhile
    try:
        _send(settings, message)
    except Exception:
        with backends.sessions() as session:
            session.execute(delete(MailDigest).where(MailDigest.user_id == user_id, MailDigest.day == today))
            session.commit()
        raise
    return True


def _send(settings: Settings, message: EmailMessage) -> None:
    """One SMTP conversation; errors (refused, unreachable, authentication) propagate to the task."""
    timeout = settings.smtp_timeout_seconds
    smtp: smtplib.SMTP
    if settings.smtp_security == "ssl":
        smtp = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    with smtp:
        if settings.smtp_security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)


def _envelope(settings: Settings, user: User, subject: str, message_id: str) -> EmailMessage | None:
    """Headers of a mail to `user`; None (logged) when his address cannot be written into a header."""
    message = EmailMessage()
    try:
        message["To"] = Address(display_name=user.full_name, addr_spec=user.email.strip())
    except (ValueError, IndexError):
        log.warning("user %s has an e-mail address that cannot be used; no mail sent", user.id)
        return None
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "eoffice"
    message["From"] = settings.mail_from
    message["Subject"] = subject
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = f"<{message_id}@{domain}>"
    return message


def _link(settings: Settings, document_id: int) -> str:
    return f"{settings.public_url.rstrip('/')}/van-ban/{document_id}"


def _notification_message(settings: Settings, user: User, row: Notification) -> EmailMessage | None:
    message = _envelope(settings, user, row.title, f"eoffice.thongbao.{row.id}.{row.created_at:%Y%m%d%H%M%S}")
    if message is None:
        return None
    lines = [f"Kính gửi {user.full_name},", "", f"{row.title}:", row.message, ""]
    if row.document_id is not None:
        lines += [f"Xem văn bản: {_link(settings, row.document_id)}", ""]
    lines += ["--", _FOOTER]
    message.set_content("\n".join(lines) + "\n", charset="utf-8")
    return message


def _digest_message(settings: Settings, user: User, today: date, items: list[DueItem]) -> EmailMessage | None:
    day = today.strftime("%d/%m/%Y")
    message = _envelope(
        settings, user, f"Văn bản cần xử lý ngày {day}", f"eoffice.tonghop.{user.id}.{today:%Y%m%d}"
    )
    if message is None:
        return None
    lines = [
        f"Kính gửi {user.full_name},",
        "",
        f"Các văn bản đến hạn hoặc quá hạn xử lý của anh/chị ngày {day}:",
        "",
    ]
    for number, item in enumerate(items, start=1):
        label = f"{item.number_symbol} — " if item.number_symbol else ""
        lines += [
            f"{number}. {label}“{item.title}” — {_when(item, today)}",
            f"   {_link(settings, item.document_id)}",
        ]
    lines += ["", "--", _FOOTER]
    message.set_content("\n".join(lines) + "\n", charset="utf-8")
    return message


def _when(item: DueItem, today: date) -> str:
    due = item.due.strftime("%d/%m/%Y")
    if item.kind == NotificationKind.DEADLINE_OVERDUE:
        unit = "ngày làm việc" if item.working_days else "ngày"
        return f"quá hạn {-item.days_left} {unit} (hạn {due})"
    if item.due == today:
        return f"hạn xử lý hôm nay ({due})"
    return f"hạn xử lý ngày {due}"
