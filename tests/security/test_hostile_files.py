"""Hostile and malformed files through the API: the corpus of `scripts/hostile_corpus.py` (truncated and
byte-fuzzed PDFs, PDFs with JavaScript and launch actions, encrypted PDFs, DOCX zip bombs, external
references, macros, XXE and entity expansion, decompression-bomb images, wrong extensions, hostile file names,
empty files) uploaded as an incoming registration and as an outgoing draft (DOCX drafts are then checked),
and the XML cases delivered, correctly authenticated, to the exchange inbox.

Every answer is a 4xx with a Vietnamese message, or — for a file that is legitimate in form — a safe
acceptance: stored under a sanitised display name and served only as an attachment. Never a 5xx, and nothing
is written outside the data folder.
"""

from __future__ import annotations

import json
import os
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eoffice.demo import AGENCY_CODE
from eoffice.exchange import PeerPolicy
from eoffice.exchange._hmac import sign_headers
from eoffice.exchange.flow import set_peer
from eoffice.exchange.models import TransportKind
from eoffice.orgs.models import Agency
from tests.security.corpus import build_corpus
from tests.security.webstack import DemoWeb, demo_web, is_vietnamese

PEER = "000.00.00.H98"
PEER_SECRET = "hostile-corpus-peer-secret-0123456789"
ESCAPES = (Path("/tmp/eoffice-zip-slip.txt"), Path("/etc/eoffice-abs.txt"), Path("/etc/cron.d/eoffice.pdf"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    folder = tmp_path_factory.mktemp("hostile-corpus")
    entries = build_corpus(folder)
    assert len(entries) >= 200
    return folder, entries


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoWeb]:
    base = tmp_path_factory.mktemp("hostile")
    with demo_web(base / "data", max_upload_bytes=20 * 1024 * 1024) as installation:
        with installation.backends.sessions() as session:
            agency = session.query(Agency).filter_by(code=AGENCY_CODE).one()
            set_peer(
                session,
                None,
                agency.id,
                PEER,
                transport=TransportKind.DIRECT,
                endpoint="http://127.0.0.1:9/",
                secret=PEER_SECRET,
                policy=PeerPolicy.loopback_allowed(),
            )
            session.commit()
        yield installation


def _tree(root: Path, skip: Path) -> set[str]:
    found = set()
    for folder, dirs, files in os.walk(root):
        if Path(folder) == skip:
            dirs[:] = []
            continue
        found.update(str(Path(folder, name).relative_to(root)) for name in files)
    return found


class _Outside:
    """Files anywhere near the installation but outside its data folder (the temp base and the repository's
    working folders), compared before and after."""

    def __init__(self, web: DemoWeb) -> None:
        self.data = Path(web.settings.data_dir).resolve()
        self.roots = [self.data.parent, Path.cwd() / "var"]
        self.before = self._snapshot()

    def _snapshot(self) -> dict[str, set[str]]:
        return {str(root): _tree(root, self.data) if root.exists() else set() for root in self.roots}

    def assert_unchanged(self) -> None:
        assert self._snapshot() == self.before
        for escape in ESCAPES:
            assert not escape.exists(), escape
        objects = self.data / "objects"
        for path in objects.rglob("*"):  # stored under generated keys, never under a name a client chose
            assert path.resolve().is_relative_to(objects.resolve())
            assert "passwd" not in path.name and "\u202e" not in path.name


def _safe_display_name(name: str) -> bool:
    return (
        0 < len(name) <= 200
        and "/" not in name
        and "\\" not in name
        and not name.startswith(".")
        and all(unicodedata.category(ch) not in ("Cc", "Cf") for ch in name)
    )


def _judge(response: Any, entry: Any, where: str, failures: list[str]) -> bool:
    """True when accepted; records a failure when the answer is not a safe acceptance or a proper refusal."""
    label = f"{where} {entry.file} [{entry.category}] {entry.upload_name[:40]!r}"
    if response.status_code >= 500:
        failures.append(f"{label}: {response.status_code} {response.text[:200]}")
        return False
    if response.status_code >= 400:
        body = response.json()
        if set(body) != {"code", "message", "detail"} or not is_vietnamese(body["message"]):
            failures.append(f"{label}: error not in the one shape / not Vietnamese: {body}")
        return False
    if not entry.legitimate:
        failures.append(f"{label}: hostile file accepted ({response.status_code})")
    return True


def _check_stored(
    web: DemoWeb, headers: dict[str, str], files: list[dict[str, Any]], label: str, failures: list[str]
) -> None:
    for file in files:
        if not _safe_display_name(file["filename"]):
            failures.append(f"{label}: unsafe stored name {file['filename']!r}")
        download = web.client.get(file["download_path"], headers=headers)
        disposition = download.headers.get("content-disposition", "")
        if download.status_code != 200 or not disposition.startswith("attachment"):
            failures.append(f"{label}: download {download.status_code} {disposition!r}")
        elif download.headers.get("x-content-type-options") != "nosniff":
            failures.append(f"{label}: download can be sniffed")


def test_hostile_files_as_incoming_documents(web: DemoWeb, corpus: tuple[Path, list[Any]]) -> None:
    folder, entries = corpus
    outside = _Outside(web)
    headers = web.headers["vanthu"]
    failures: list[str] = []
    uploaded = 0
    for entry in entries:
        if "incoming" not in entry.targets:
            continue
        metadata = {"title": f"Văn bản thử {entry.file}", "doc_type": "cong_van", "issuer": "Sở Nội vụ"}
        response = web.client.post(
            "/api/v1/incoming",
            data={"metadata": json.dumps(metadata)},
            files=[("files", (entry.upload_name, (folder / entry.file).read_bytes(), "application/pdf"))],
            headers=headers,
        )
        uploaded += 1
        if _judge(response, entry, "incoming", failures):
            _check_stored(web, headers, response.json()["files"], f"incoming {entry.file}", failures)
    assert uploaded >= 200
    assert not failures, "\n".join(failures)
    outside.assert_unchanged()


def test_hostile_files_as_drafts_and_their_checks(web: DemoWeb, corpus: tuple[Path, list[Any]]) -> None:
    folder, entries = corpus
    outside = _Outside(web)
    headers = web.headers["chuyenvien"]
    failures: list[str] = []
    checked = 0
    for entry in entries:
        if "draft" not in entry.targets:
            continue
        response = web.client.post(
            "/api/v1/outgoing",
            data={"metadata": json.dumps({"title": f"Dự thảo {entry.file}", "doc_type": "cong_van"})},
            files={
                "file": (entry.upload_name, (folder / entry.file).read_bytes(), "application/octet-stream")
            },
            headers=headers,
        )
        if not _judge(response, entry, "draft", failures):
            continue
        detail = response.json()
        _check_stored(web, headers, detail["files"], f"draft {entry.file}", failures)
        if entry.category.startswith("docx") or entry.category == "hostile-name":
            check = web.client.post(f"/api/v1/drafts/{detail['id']}/checks", headers=headers)
            checked += 1
            if check.status_code >= 500:
                failures.append(
                    f"check {entry.file} [{entry.category}]: {check.status_code} {check.text[:200]}"
                )
            elif check.status_code >= 400 and not is_vietnamese(check.json().get("message", "")):
                failures.append(f"check {entry.file}: {check.json()}")
    assert checked > 10
    assert not failures, "\n".join(failures)
    outside.assert_unchanged()


def test_hostile_xml_at_the_exchange_inbox(web: DemoWeb, corpus: tuple[Path, list[Any]]) -> None:
    folder, entries = corpus
    outside = _Outside(web)
    failures: list[str] = []
    path = "/api/v1/exchange/inbox"
    xml_entries = [e for e in entries if "exchange" in e.targets]
    assert len(xml_entries) >= 10
    for entry in xml_entries:
        body = (folder / entry.file).read_bytes()
        key = uuid.uuid4().hex
        headers = sign_headers(
            PEER_SECRET, "POST", path, sender=PEER, recipient=AGENCY_CODE, key=key, body=body
        )
        response = web.client.post(path, content=body, headers={**headers, "Content-Type": "application/xml"})
        _judge(response, entry, "exchange", failures)
        if "root:" in response.text or "localhost" in response.text:
            failures.append(f"exchange {entry.file}: a local file's content came back")
    assert not failures, "\n".join(failures)
    outside.assert_unchanged()
