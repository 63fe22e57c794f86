"""A real SMTP server on loopback (aiosmtpd) for the tests that check what eOffice mails: the notification
tests and the e2e journey."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Inbox:
    """What the SMTP server accepted: each mail with its envelope recipients."""

    mails: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 — aiosmtpd's name
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.mails.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [mail for recipients, mail in self.mails if address in recipients]


@dataclass
class SmtpServer:
    host: str
    port: int
    inbox: Inbox


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_smtp_server() -> Iterator[SmtpServer]:
    """An `aiosmtpd` server on 127.0.0.1 that keeps every mail it accepts (it answers a message's DATA only
    after the handler stored it, so a mail is in the inbox when `send_message` returns)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", controller.port, inbox)
    finally:
        controller.stop()
