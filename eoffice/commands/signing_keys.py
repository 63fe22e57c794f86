"""Wires `eoffice sign` / `eoffice verify` to the application's keys and settings.

`eoffice.commands.signing` stays a thin shell over the `signing` library; this module tells it where a
user's key lives (`eoffice.keys`) and whom to trust: every agency's CA in this installation plus the
operator's `EOFFICE_TRUST_ROOTS` and the Vietnamese trust profiles (`EOFFICE_TRUST_PROFILES`). Trust is read from the object store, never the database, so `eoffice verify`
works on a fresh or empty data folder (and on a machine holding only a copy of the objects).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import typer
from asn1crypto import pem, x509
from sqlalchemy import select

from eoffice.backends import Backends
from eoffice.commands import signing as signing_commands
from eoffice.errors import NotFound
from eoffice.keys import KEYS_PREFIX, ca_certificate_key, configured_trust, signer_for_user
from eoffice.orgs.models import User
from eoffice.settings import get_settings
from signing import PadesLevel, Signer, TrustSettings


def _certificates(data: bytes) -> list[x509.Certificate]:
    if pem.detect(data):
        return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
    return [x509.Certificate.load(data)]


def _agency_roots(backends: Backends) -> list[x509.Certificate]:
    """The agencies' CA certificates (`keys/<agency code>/ca.pem`) found in the object store; none when the
    embedded store's folder does not exist yet (opening it would create it)."""
    url = backends.settings.storage_url
    if url.startswith("file:") and not Path(unquote(urlparse(url).path)).is_dir():
        return []
    roots: list[x509.Certificate] = []
    for key in backends.objects.list(KEYS_PREFIX):
        parts = key.split("/")
        if len(parts) == 3 and key == ca_certificate_key(parts[1]):
            roots += _certificates(b"".join(backends.objects.get(key)))
    return roots


def _trust(backends: Backends) -> TrustSettings:
    """The agencies' CAs, the enabled Vietnamese trust profiles and the operator's roots."""
    agencies = TrustSettings(roots=tuple(_agency_roots(backends)))
    return configured_trust(backends.settings).combined(agencies)


def _signer_for_username(username: str, pin: str | None) -> Signer:
    """The user's key opened with `pin`; without one, the demo PIN of that user (which opens only a demo key
    whose holder has not yet set a PIN of their own), so `eoffice sign IN OUT --as-user lanhdao` keeps
    working on a demo installation."""
    from eoffice.demo import demo_signing_pin

    settings = get_settings()
    backends = Backends(settings)
    with backends.sessions() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFound(f"Không có người dùng {username}.")
        signer = signer_for_user(
            session, backends, user, pin or demo_signing_pin(settings.secret_key, username)
        )
        session.commit()  # a right PIN gives its counted try back
        return signer


def _signing_settings() -> signing_commands.SigningSettings:
    settings = get_settings()
    return signing_commands.SigningSettings(
        trust=_trust(Backends(settings)),
        tsa_url=settings.tsa_url or None,
        default_level=PadesLevel(settings.signature_level),
        font_path=settings.signer_font_path or None,
    )


def register(app: typer.Typer) -> None:
    signing_commands.register(app, signer_for_user=_signer_for_username, signing_settings=_signing_settings)
