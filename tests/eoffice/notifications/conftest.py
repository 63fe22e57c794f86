"""Fixtures of the notification tests: the documents tests' agency, and a real SMTP server on loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from eoffice.backends import Backends
from eoffice.settings import Settings
from tests.eoffice.documents.conftest import office  # noqa: F401 — the same agency and roles

MAIL_FROM = "eOffice UBND <eoffice@ubnd.example.gov.vn>"


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


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An `aiosmtpd` server on 127.0.0.1 that keeps every mail it accepts (it answers a message's DATA only
    after the handler stored it, so a mail is in the inbox when `send_message` returns)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", controller.port, inbox)
    finally:
        controller.stop()


@pytest.fixture
def mail_backends(settings: Settings, smtp_server: SmtpServer) -> Iterator[Backends]:
    """A worker's backends on the module's database with mail on, sending to the test SMTP server."""
    mail_settings = Settings(
        **{
            **settings.model_dump(),
            "mail_enabled": True,
            "smtp_host": smtp_server.host,
            "smtp_port": smtp_server.port,
            "smtp_security": "none",
            "mail_from": MAIL_FROM,
            "public_url": "https://eoffice.example.gov.vn",
        }
    )
    current = Backends(mail_settings)
    try:
        yield current
    finally:
        current.close()
