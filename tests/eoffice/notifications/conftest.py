"""Fixtures of the notification tests: the documents tests' agency, and a real SMTP server on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eoffice.backends import Backends
from eoffice.settings import Settings
from tests.eoffice.documents.conftest import office  # noqa: F401 — the same agency and roles
from tests.mail import SmtpServer, running_smtp_server

MAIL_FROM = "eOffice UBND <eoffice@ubnd.example.gov.vn>"


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        yield server


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
