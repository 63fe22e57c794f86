"""A document's life driven through the HTTP API, for any `httpx.Client` — FastAPI's TestClient in-process, or
a real client against an `eoffice serve` subprocess (the fault suite) — plus the stack builders the backup,
fault and permission tests share.

Everyone acts as a demo user (`eoffice.demo.create_demo`): `vanthu` registers and issues, `chuyenvien` drafts,
`lanhdao` approves and signs. Bearer tokens are issued straight from the database (no password round trip,
so the login throttle never interferes).
"""

from __future__ import annotations

import atexit
import io
import json
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pypdfium2 as pdfium
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from eoffice.backends import Backends
from eoffice.demo import AGENCY_PIN_HOLDER, demo_signing_pin
from eoffice.settings import Settings

PDF = "application/pdf"
TEST_SECRET = "eoffice-maintenance-test-secret"
# the demo keys' PINs under that secret (`eoffice demo` prints them): the leader's and the agency's
LEADER_PIN = demo_signing_pin(TEST_SECRET, "lanhdao")
AGENCY_PIN = demo_signing_pin(TEST_SECRET, AGENCY_PIN_HOLDER)
# One installation moved to another by backup and restore takes its audit key along (eoffice/audit/_key.py).
TEST_AUDIT_KEY = "5e" * 32


# --- stacks ---------------------------------------------------------------------------------------------


@dataclass
class Stack:
    """One installation's settings and how to throw it away."""

    settings: Settings
    cleanup: Callable[[], None]
    kind: str


def _postgres_database(server_url: str, durable: bool = False) -> tuple[str, Callable[[], None]]:
    """A new database; `durable` turns synchronous commit back on for it (the test server runs with it off,
    which loses the last commits when the server is killed — exactly what the fault suite must not see)."""
    name = f"eoffice_m_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        if durable:
            connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit TO on'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def _delete_es_indices(es_url: str, prefix: str) -> None:
    from elasticsearch import Elasticsearch

    client = Elasticsearch([es_url])
    try:
        client.indices.delete(index=f"{prefix}*", ignore_unavailable=True, allow_no_indices=True)
        client.options(ignore_status=404).indices.delete_index_template(name=f"{prefix}*")
    except Exception:  # noqa: BLE001 — best-effort cleanup of a test prefix
        pass
    finally:
        client.close()


def embedded_stack(data: Path) -> Stack:
    """SQLite, local files, SQLite FTS5: what a commune office runs (`make run`)."""
    settings = Settings(environment="test", data_dir=data, secret_key=TEST_SECRET, audit_key=TEST_AUDIT_KEY)
    return Stack(settings, lambda: None, "embedded")


def services_stack(
    data: Path, postgres_url: str, s3_url: str, es_url: str, broker_url: str = "", *, durable: bool = False
) -> Stack:
    """PostgreSQL (a new database), S3 (a new bucket) and Elasticsearch (a new index prefix)."""
    database_url, drop = _postgres_database(postgres_url, durable)
    suffix = uuid.uuid4().hex[:10]
    parts = s3_url.rsplit("/", 1)
    storage_url = f"{parts[0]}/eoffice-m-{suffix}?retention_days=1"
    prefix = f"eoffice-m-{suffix}"
    settings = Settings(
        environment="test",
        data_dir=data,
        secret_key=TEST_SECRET,
        audit_key=TEST_AUDIT_KEY,
        database_url=database_url,
        storage_url=storage_url,
        search_url=f"{es_url}?index={prefix}",
        broker_url=broker_url,
    )

    def cleanup() -> None:
        drop()
        _delete_es_indices(es_url, prefix)

    return Stack(settings, cleanup, "services")


_DEMO_TEMPLATES: dict[str, tuple[Path, dict[str, int]]] = {}
"""Embedded demo installations already made in this test process, by what they were made with: the demo's
documents go through the pipeline (LibreOffice, OCR) for about 30 s, and a dozen modules start from the same
demo, so the second one copies the first one's data folder instead."""

_REQUEST_LIMITS = {"max_upload_bytes", "max_json_bytes", "login_attempts_per_minute"}
"""Settings the demo's creation never reads: installations differing only in them share a template."""


def _embedded_template_key(settings: Settings) -> str | None:
    """What an embedded installation's demo depends on, or None when some backend lives outside its folder."""
    from eoffice import clock

    data = str(settings.data_dir.resolve())
    urls = (settings.database_url, settings.storage_url, settings.search_url)
    if not all(data in url for url in urls) or not settings.database_url.startswith("sqlite"):
        return None
    fields = settings.model_dump(mode="json", exclude=_REQUEST_LIMITS | {"data_dir"})
    made = json.dumps(fields, sort_keys=True, default=str).replace(data, "<data>")
    return f"{clock.now():%Y-%m-%dT%H}|{made}"


def migrate_and_demo(settings: Settings) -> dict[str, int]:
    """Migrate, create the demo agency (users, keys, legal corpus); returns user ids by demo username.

    An embedded installation is a copy of the first one this process made with the same settings (same ids,
    keys, documents and index; nothing in the folder names its own path)."""
    key = _embedded_template_key(settings)
    if key is not None and key in _DEMO_TEMPLATES:
        template, ids = _DEMO_TEMPLATES[key]
        shutil.copytree(template, settings.data_dir, dirs_exist_ok=True)
        return dict(ids)
    ids = _migrate_and_demo(settings)
    if key is not None:
        template = Path(tempfile.mkdtemp(prefix="eoffice-demo-template-"))
        atexit.register(shutil.rmtree, template, True)
        shutil.copytree(settings.data_dir, template, dirs_exist_ok=True)
        _DEMO_TEMPLATES[key] = (template, dict(ids))
    return ids


def _migrate_and_demo(settings: Settings) -> dict[str, int]:
    from eoffice.db.migrate import upgrade
    from eoffice.demo import create_demo
    from eoffice.documents.demo import demo_documents
    from eoffice.processing import apply_changes_now

    upgrade(settings.database_url)
    backends = Backends(settings)
    try:
        with backends.sessions() as session:
            result = create_demo(session, backends)
            ids = {name: user.id for name, user in result.org.users.items()}
            ids["agency"] = result.org.agency.id
            ids.update({f"dept:{abbr}": d.id for abbr, d in result.org.departments.items()})
            documents = demo_documents(session, result.org)
        apply_changes_now(backends, documents)  # as `eoffice demo` does: indexed before any worker runs
        return ids
    finally:
        if "search" in backends.__dict__:
            backends.search.close()
        backends.close()


def bearer(settings: Settings, user_id: int) -> dict[str, str]:
    """Bearer headers for a user, issued in the database."""
    from eoffice.auth import issue_token
    from eoffice.orgs.models import User

    backends = Backends(settings)
    try:
        with backends.sessions() as session:
            token = issue_token(session, session.get(User, user_id), kind="bearer")
            session.commit()
    finally:
        backends.close()
    return {"Authorization": f"Bearer {token}"}


@contextmanager
def closing_backends(settings: Settings) -> Iterator[Backends]:
    backends = Backends(settings)
    try:
        yield backends
    finally:
        if "search" in backends.__dict__:
            backends.search.close()
        backends.close()


# --- files ----------------------------------------------------------------------------------------------


def pdf_bytes(label: str = "", pages: int = 1) -> bytes:
    """A small real PDF; `label` goes into its metadata so every test file has its own bytes and digest."""
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue() + f"\n%{label}\n".encode()


def signable_pdf(signer: str = "Nguyễn Văn An") -> bytes:
    from signing.demo_document import DemoDocument, demo_document_pdf

    return demo_document_pdf(DemoDocument(signer_name=signer, position="CHỦ TỊCH"))


# --- the document's life over HTTP ----------------------------------------------------------------------


class ApiError(AssertionError):
    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        super().__init__(
            f"{response.request.method} {response.request.url.path} → {response.status_code}: {response.text[:500]}"
        )


def _ok(response: httpx.Response, *statuses: int) -> Any:
    if response.status_code not in (statuses or (200, 201)):
        raise ApiError(response)
    return response.json() if response.content else None


def register_incoming(
    client: httpx.Client, headers: dict[str, str], title: str, files: list[tuple[str, bytes]], **metadata: Any
) -> dict[str, Any]:
    body = {"title": title, "doc_type": "cong_van", "issuer": "Sở Nội vụ tỉnh Demo", **metadata}
    parts = [("files", (name, content, PDF)) for name, content in files]
    response = client.post(
        "/api/v1/incoming",
        data={"metadata": json.dumps(body, default=str)},
        files=parts or None,
        headers=headers,
    )
    return _ok(response, 201)  # type: ignore[no-any-return]


def assign_to_department(
    client: httpx.Client, headers: dict[str, str], document_id: int, department_id: int
) -> Any:
    body = {"assignments": [{"role": "xu_ly_chinh", "department_id": department_id}]}
    return _ok(client.post(f"/api/v1/incoming/{document_id}/assignments", json=body, headers=headers), 201)


def create_route(client: httpx.Client, admin: dict[str, str], leader_id: int) -> Any:
    body = {
        "name": "Lãnh đạo duyệt",
        "doc_type": None,
        "steps": [{"name": "Lãnh đạo duyệt", "user_ids": [leader_id]}],
    }
    return _ok(client.post("/api/v1/workflow/routes", json=body, headers=admin), 201)


def draft_outgoing(client: httpx.Client, headers: dict[str, str], title: str, pdf: bytes) -> dict[str, Any]:
    body = {"title": title, "doc_type": "cong_van"}
    response = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps(body)},
        files={"file": ("du-thao.pdf", pdf, PDF)},
        headers=headers,
    )
    return _ok(response, 201)  # type: ignore[no-any-return]


def submit(client: httpx.Client, headers: dict[str, str], document_id: int) -> Any:
    return _ok(client.post(f"/api/v1/outgoing/{document_id}/submit", headers=headers))


def approve(client: httpx.Client, headers: dict[str, str], document_id: int) -> Any:
    return _ok(client.post(f"/api/v1/outgoing/{document_id}/approve", json={}, headers=headers))


def sign(client: httpx.Client, headers: dict[str, str], document_id: int) -> dict[str, Any]:
    return _ok(
        client.post(
            f"/api/v1/outgoing/{document_id}/sign", json={"level": "B-B", "pin": LEADER_PIN}, headers=headers
        )
    )  # type: ignore[no-any-return]


def issue(client: httpx.Client, headers: dict[str, str], document_id: int) -> dict[str, Any]:
    return _ok(
        client.post(
            f"/api/v1/outgoing/{document_id}/issue", json={"level": "B-B", "pin": AGENCY_PIN}, headers=headers
        )
    )  # type: ignore[no-any-return]


def signed_outgoing(client: httpx.Client, users: dict[str, dict[str, str]], title: str) -> dict[str, Any]:
    """Draft (chuyenvien) → submit → approve and sign (lanhdao) → issue (vanthu); returns the issued detail."""
    draft = draft_outgoing(client, users["chuyenvien"], title, signable_pdf())
    submit(client, users["chuyenvien"], draft["id"])
    approve(client, users["lanhdao"], draft["id"])
    sign(client, users["lanhdao"], draft["id"])
    return issue(client, users["vanthu"], draft["id"])


def release(
    client: httpx.Client, headers: dict[str, str], document_id: int, recipients: list[dict[str, Any]]
) -> dict[str, Any]:
    """Phát hành (vanthu): internal recipients at once, external ones queued for the exchange."""
    body = {"recipients": recipients}
    return _ok(client.post(f"/api/v1/outgoing/{document_id}/release", json=body, headers=headers))  # type: ignore[no-any-return]


def download(client: httpx.Client, headers: dict[str, str], file: dict[str, Any]) -> bytes:
    response = client.get(file["download_path"], headers=headers)
    if response.status_code != 200:
        raise ApiError(response)
    return response.content


def search(client: httpx.Client, headers: dict[str, str], query: str) -> dict[str, Any]:
    return _ok(client.get("/api/v1/search", params={"q": query}, headers=headers))  # type: ignore[no-any-return]


def demo_trust(backends: Backends) -> Any:
    """Trust anchored at the demo CA, no network: what a demo signature validates against."""
    from asn1crypto import pem, x509

    from eoffice.demo import AGENCY_CODE
    from eoffice.keys import ca_certificate_key
    from signing import TrustSettings

    data = b"".join(backends.objects.get(ca_certificate_key(AGENCY_CODE)))
    roots = tuple(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True))
    return TrustSettings(roots=roots, allow_fetching=False)


# --- the exchange (liên thông) ---------------------------------------------------------------------------


def exchange_statuses(client: httpx.Client, headers: dict[str, str], document_id: int) -> dict[str, Any]:
    """A sent document's delivery and reported statuses, by recipient mã định danh."""
    body = _ok(client.get(f"/api/v1/exchange/documents/{document_id}/statuses", headers=headers))
    return {r["organ_id"]: r for r in body["recipients"]}


def exchange_received(client: httpx.Client, headers: dict[str, str]) -> list[dict[str, Any]]:
    """Every package the văn thư's agency received (all states, every page)."""
    items: list[dict[str, Any]] = []
    while True:
        params = {"limit": 200, "offset": len(items)}
        page = _ok(client.get("/api/v1/exchange/received", params=params, headers=headers))
        items += page["items"]
        if not page["items"] or len(items) >= page["total"]:
            return items


# `eoffice` with the maintenance commands, whether or not the lead has wired them into eoffice.cli yet.
_CLI = (
    "from eoffice.cli import COMMAND_MODULES, app\n"
    "import eoffice.commands.maintenance as maintenance\n"
    "if 'eoffice.commands.maintenance' not in COMMAND_MODULES:\n"
    "    maintenance.register(app)\n"
    "app(prog_name='eoffice')\n"
)


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment that makes `eoffice` use exactly these settings."""
    import os

    return {
        **os.environ,
        "EOFFICE_ENVIRONMENT": settings.environment,
        "EOFFICE_DATA_DIR": str(settings.data_dir),
        "EOFFICE_SECRET_KEY": settings.secret_key,
        "EOFFICE_AUDIT_KEY": settings.audit_key,
        "EOFFICE_DATABASE_URL": settings.database_url,
        "EOFFICE_STORAGE_URL": settings.storage_url,
        "EOFFICE_SEARCH_URL": settings.search_url,
        "EOFFICE_BROKER_URL": settings.broker_url,
    }


def eoffice(settings: Settings, *args: str, timeout: float = 300) -> Any:
    """Run `eoffice ARGS...` in a subprocess for these settings; returns the CompletedProcess."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-c", _CLI, *args],
        env=cli_env(settings),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
