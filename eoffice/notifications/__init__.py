"""Thông báo: notifications to users (deadline reminders from beat) and their API."""

from eoffice.notifications.models import Notification, NotificationKind
from eoffice.notifications.reminders import send_deadline_reminders

__all__ = ["Notification", "NotificationKind", "send_deadline_reminders"]
