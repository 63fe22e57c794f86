"""Celery tasks of the notifications' e-mail: one notification's mail (the `mail_notification` effect) and the
daily digest (beat, at EOFFICE_MAIL_DIGEST_HOUR of the agency's day).

Both are safe to run again (eoffice.notifications.mail says how), so a failed SMTP conversation is retried
with back-off; what was already sent is not sent again.
"""

from __future__ import annotations

from eoffice import clock
from eoffice.effects import MAIL_NOTIFICATION
from eoffice.notifications.mail import MailNotSent, mail_notification, send_digests
from eoffice.tasks.app import celery_app
from eoffice.tasks.runtime import backends

DIGEST = "eoffice.notifications.digest"

_RETRY = {
    "autoretry_for": (OSError, MailNotSent),
    "retry_backoff": 60,
    "retry_jitter": True,
    "max_retries": 8,
}


@celery_app.task(name=MAIL_NOTIFICATION, **_RETRY)
def mail_notification_task(notification_id: int) -> bool:
    """The `mail_notification` effect: mail it if mail is on and it was not mailed yet."""
    return mail_notification(backends(), notification_id)


@celery_app.task(name=DIGEST, **_RETRY)
def mail_digest_task() -> int:
    """Today's digest of what is due, to everyone who has not had it today (beat, daily; also on demand:
    `celery call eoffice.notifications.digest`)."""
    current = backends()
    return send_digests(current, clock.today(current.settings.timezone))
