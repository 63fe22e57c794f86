"""Three eOffice instances and a hub as real processes on loopback, each with its own data directory and
database: A releases a signed document to B directly and to C through the hub; B was down and gets it once it
is back; B accepts, C refuses; A sees both statuses per recipient; a package whose PDF changed after signing
is rejected with the reason, and A sees that too.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pypdfium2 as pdfium
import pytest
from asn1crypto import pem

from eoffice import clock
from eoffice.auth import issue_token
from eoffice.backends import Backends
from eoffice.db.migrate import upgrade
from eoffice.documents.kinds import DocumentKind, DocumentStatus, DocumentType, FileRole
from eoffice.documents.models import Document, DocumentFile
from eoffice.exchange import PeerPolicy
from eoffice.exchange.flow import set_peer
from eoffice.exchange.models import TransportKind
from eoffice.keys import signer_for_agency
from eoffice.orgs.models import Agency, Role
from eoffice.settings import Settings
from signing import PadesSigner
from tests.eoffice import factories
from tests.eoffice.documents.pki import SIGNING_PIN, provision

SECRET_AB = "khoa-dung-chung-A-B-0123456789"
HUB_SECRETS = {"A": "khoa-truc-cua-A-0123456789", "C": "khoa-truc-cua-C-0123456789"}
CODES = {"A": "000.00.00.G22", "B": "000.00.12.H40", "C": "000.00.31.H40"}
NAMES = {"A": "UBND tỉnh Hà Tĩnh", "B": "Sở Nội vụ tỉnh Nghệ An", "C": "Sở Tư pháp tỉnh Quảng Bình"}
WAIT = 90.0  # seconds any single step may take at most (a deadline, not a speed check)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(what: str, check: Callable[[], Any], timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except (httpx.HTTPError, KeyError, IndexError):
            last = None
        if last:
            return last
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}; last answer: {last!r}")


@dataclass
class Instance:
    name: str
    root: Path
    port: int
    env: dict[str, str]
    settings: Settings
    tokens: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = (self.root / "server.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "eoffice", "serve", "--port", str(self.port)],
            cwd=self.root,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_for(
            f"{self.name} to answer",
            lambda: httpx.get(f"{self.url}/api/health", timeout=5).status_code == 200,
        )

    def stop(self) -> None:
        if self.process is not None:
            _stop_group(self.process)
            self.process = None

    def api(self, method: str, path: str, user: str = "vanthu", **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        return httpx.request(method, f"{self.url}/api/v1{path}", headers=headers, timeout=30, **kwargs)


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop a server and every process it started (its embedded worker and that worker's beat)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    except ProcessLookupError:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group, e.g. a worker mid-shutdown
    process.wait()


def _base_env(root: Path, port: int, trust_roots: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EOFFICE_")}
    env.update(
        EOFFICE_ENVIRONMENT="test",
        EOFFICE_DATA_DIR=str(root / "data"),
        EOFFICE_SECRET_KEY=f"secret-of-{root.name}-0123456789",
        EOFFICE_PORT=str(port),
        EOFFICE_TRUST_ROOTS=trust_roots,
        EOFFICE_EXCHANGE_POLL_SECONDS="1",
        EOFFICE_EXCHANGE_SWEEP_SECONDS="1",
        EOFFICE_EXCHANGE_RETRY_BASE_SECONDS="1",
        EOFFICE_EXCHANGE_RETRY_MAX_SECONDS="2",
        EOFFICE_EXCHANGE_REQUEST_TIMEOUT_SECONDS="20",
        EOFFICE_EXCHANGE_PEER_NETWORKS="127.0.0.0/8",  # the peers and the hub run on loopback here
    )
    return env


def _instance(name: str, tmp: Path, trust_roots: str = "") -> Instance:
    root = tmp / name
    root.mkdir()
    port = _free_port()
    env = _base_env(root, port, trust_roots)
    settings = Settings(
        environment="test",
        data_dir=Path(env["EOFFICE_DATA_DIR"]),
        secret_key=env["EOFFICE_SECRET_KEY"],
        port=port,
        trust_roots=trust_roots,
    )
    settings.data_dir.mkdir(parents=True)
    upgrade(settings.database_url)
    instance = Instance(name, root, port, env, settings)
    backends = Backends(settings)
    with backends.sessions() as session:
        agency = factories.create_agency(session, code=CODES[name], name=NAMES[name], abbreviation="UBND")
        for username, role in (("vanthu", Role.CLERK), ("admin", Role.ADMIN), ("lanhdao", Role.LEADER)):
            user = factories.create_user(
                session, roles=(role,), agency=agency, username=f"{username}-{name.lower()}"
            )
            instance.tokens[username] = issue_token(session, user, "bearer")
        session.commit()
    backends.close()
    return instance


def _peer(instance: Instance, organ: str, transport: TransportKind, endpoint: str, secret: str) -> None:
    backends = Backends(instance.settings)
    with backends.sessions() as session:
        agency = session.query(Agency).one()
        set_peer(
            session,
            None,
            agency.id,
            organ,
            transport=transport,
            endpoint=endpoint,
            secret=secret,
            policy=PeerPolicy.loopback_allowed(),
        )
        session.commit()
    backends.close()


def _blank_pdf() -> bytes:
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _issued_document(instance: Instance, number: str, title: str, *, tamper: bool = False) -> int:
    """An outgoing document numbered and signed by A's agency key (optionally changed after signing)."""
    backends = Backends(instance.settings)
    with backends.sessions() as session:
        agency = session.query(Agency).one()
        signed = PadesSigner(signer_for_agency(session, backends, agency, SIGNING_PIN)).sign(_blank_pdf())
        if tamper:
            assert b"/MediaBox[ 0 0 595 842]" in signed
            signed = signed.replace(b"/MediaBox[ 0 0 595 842]", b"/MediaBox[ 0 0 596 842]", 1)
        clerk = session.query(factories.User).filter_by(username="vanthu-a").one()
        document = Document(
            kind=DocumentKind.OUTGOING,
            agency_id=agency.id,
            title=title,
            doc_type=DocumentType.QUYET_DINH,
            status=DocumentStatus.ISSUED,
            number=number,
            symbol="QĐ-UBND",
            issue_date=clock.today(),
            pages=1,
            created_by_id=clerk.id,
        )
        session.add(document)
        session.flush()
        key = f"documents/{document.id}/issued.pdf"
        stored = backends.objects.put(key, signed, content_type="application/pdf", immutable=True)
        session.add(
            DocumentFile(
                document_id=document.id,
                role=FileRole.ISSUED,
                version=1,
                object_key=key,
                filename=f"{number}-QD-UBND.pdf",
                content_type="application/pdf",
                size=stored.size,
                sha256=stored.sha256,
                immutable=True,
                created_by_id=clerk.id,
            )
        )
        session.commit()
        document_id = document.id
    backends.close()
    return document_id


def _release(a: Instance, document_id: int, to: list[str]) -> None:
    recipients = [{"kind": "external", "organ_id": CODES[n], "name": NAMES[n]} for n in to]
    released = a.api("POST", f"/outgoing/{document_id}/release", json={"recipients": recipients})
    assert released.status_code == 200, released.text
    # Core B's release queues the external deliveries; this sends them (a no-op once release calls it itself).
    sent = a.api("POST", f"/exchange/documents/{document_id}/deliveries")
    assert sent.status_code == 200, sent.text


def _statuses(a: Instance, document_id: int) -> dict[str, dict[str, Any]]:
    response = a.api("GET", f"/exchange/documents/{document_id}/statuses")
    assert response.status_code == 200, response.text
    return {r["organ_id"]: r for r in response.json()["recipients"]}


def _pending(instance: Instance, edxml_document_id: str) -> dict[str, Any] | None:
    items = instance.api("GET", "/exchange/received").json()["items"]
    return next((i for i in items if i["edxml_document_id"] == edxml_document_id), None)


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Instance]]:
    tmp = tmp_path_factory.mktemp("exchange-network")
    a = _instance("A", tmp)
    backends = Backends(a.settings)
    with backends.sessions() as session:
        agency = session.query(Agency).one()
        leader = session.query(factories.User).filter_by(username="lanhdao-a").one()
        ca = provision(session, backends, agency, [leader])
    backends.close()
    ca_file = tmp / "ca-A.pem"
    ca_file.write_bytes(pem.armor("CERTIFICATE", ca.dump()))
    b = _instance("B", tmp, str(ca_file))
    c = _instance("C", tmp, str(ca_file))

    hub_root = tmp / "hub"
    hub_root.mkdir()
    hub_port = _free_port()
    agencies = hub_root / "agencies.json"
    agencies.write_text(
        json.dumps([{"organ_id": CODES[n], "name": NAMES[n], "secret": s} for n, s in HUB_SECRETS.items()])
    )
    hub_url = f"http://127.0.0.1:{hub_port}"
    hub = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "eoffice",
            "hub",
            "--port",
            str(hub_port),
            "--data-dir",
            str(hub_root / "data"),
            "--agencies",
            str(agencies),
        ],
        cwd=hub_root,
        env=_base_env(hub_root, hub_port, ""),
        stdout=(hub_root / "hub.log").open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _peer(a, CODES["B"], TransportKind.DIRECT, b.url, SECRET_AB)
    _peer(b, CODES["A"], TransportKind.DIRECT, a.url, SECRET_AB)
    _peer(a, CODES["C"], TransportKind.HUB, hub_url, HUB_SECRETS["A"])
    _peer(c, "*", TransportKind.HUB, hub_url, HUB_SECRETS["C"])
    instances = {"A": a, "B": b, "C": c}
    try:
        _wait_for(
            "the hub to answer", lambda: httpx.get(f"{hub_url}/hub/health", timeout=5).status_code == 200
        )
        a.start()
        c.start()  # B stays down for now: it must get its package once it is back
        yield instances
    finally:
        for instance in instances.values():
            instance.stop()
        _stop_group(hub)


def test_direct_and_hub_delivery_with_accept_refuse_and_a_receiver_that_was_down(
    network: dict[str, Instance],
) -> None:
    a, b, c = network["A"], network["B"], network["C"]
    document_id = _issued_document(a, "05", "Về việc ban hành Quy chế công tác văn thư")
    _release(a, document_id, ["B", "C"])
    edxml_id = f"{CODES['A']},{clock.today():%Y/%m/%d},05/QĐ-UBND"

    # C gets it through the hub; A is told it arrived (01).
    at_c = _wait_for("the package at C", lambda: _pending(c, edxml_id))
    assert at_c["state"] == "pending" and at_c["transport"] == "hub"
    assert (at_c["number"], at_c["symbol"], at_c["sender_organ_id"]) == ("05", "QĐ-UBND", CODES["A"])
    detail = c.api("GET", f"/exchange/received/{at_c['id']}").json()
    assert detail["validation"][0]["valid"] is True
    assert detail["summary"]["attachments"][0]["content_type"] == "application/pdf"

    # B is down: A keeps the delivery pending and retries.
    retrying = _wait_for(
        "A to record failed attempts to B",
        lambda: (s := _statuses(a, document_id)[CODES["B"]])["attempts"] >= 1 and s,
    )
    assert retrying["delivery"] == "pending" and "Không kết nối được" in retrying["last_error"]

    b.start()
    at_b = _wait_for("the package at B after it came back", lambda: _pending(b, edxml_id))
    assert at_b["state"] == "pending" and at_b["transport"] == "direct"

    accepted = b.api("POST", f"/exchange/received/{at_b['id']}/accept", json={})
    assert accepted.status_code == 200, accepted.text
    incoming_id = accepted.json()["incoming_document_id"]
    incoming = b.api("GET", f"/incoming/{incoming_id}").json()
    assert (incoming["number"], incoming["symbol"], incoming["doc_type"]) == ("05", "QĐ-UBND", "quyet_dinh")
    assert incoming["register_number"] >= 1

    refused = c.api("POST", f"/exchange/received/{at_c['id']}/refuse", json={"reason": "Gửi nhầm cơ quan"})
    assert refused.status_code == 200, refused.text
    assert c.api("POST", f"/exchange/received/{at_c['id']}/accept", json={}).status_code == 409

    def both_answered() -> dict[str, dict[str, Any]] | None:
        statuses = _statuses(a, document_id)
        done = statuses[CODES["B"]]["status_code"] == "03" and statuses[CODES["C"]]["status_code"] == "02"
        return statuses if done else None

    statuses = _wait_for("A to see B's and C's answers", both_answered)
    to_b, to_c = statuses[CODES["B"]], statuses[CODES["C"]]
    assert (to_b["delivery"], to_b["transport"]) == ("delivered", "direct")
    assert (to_c["delivery"], to_c["transport"]) == ("delivered", "hub")
    assert [h["status_code"] for h in to_b["history"]] == ["01", "03"]
    assert [h["status_code"] for h in to_c["history"]] == ["01", "02"]
    assert to_c["description"] == "Gửi nhầm cơ quan" and to_c["status_label"] == "Từ chối tiếp nhận"
    assert "vào sổ văn bản đến" in to_b["description"]

    # Sending again changes nothing: one delivery per recipient, one item at B.
    assert a.api("POST", f"/exchange/documents/{document_id}/deliveries").status_code == 200
    assert len(_statuses(a, document_id)) == 2
    received_b = [
        i for i in b.api("GET", "/exchange/received").json()["items"] if i["edxml_document_id"] == edxml_id
    ]
    assert len(received_b) == 1


def test_a_pdf_changed_after_signing_is_rejected_with_the_reason(network: dict[str, Instance]) -> None:
    a, b = network["A"], network["B"]
    if b.process is None:
        b.start()
    document_id = _issued_document(a, "06", "Về việc điều chỉnh kế hoạch", tamper=True)
    _release(a, document_id, ["B"])
    edxml_id = f"{CODES['A']},{clock.today():%Y/%m/%d},06/QĐ-UBND"

    at_b = _wait_for("the tampered package at B", lambda: _pending(b, edxml_id))
    assert at_b["state"] == "rejected"
    assert "không còn nguyên vẹn" in at_b["reason"]
    assert b.api("POST", f"/exchange/received/{at_b['id']}/accept", json={}).status_code == 409

    to_b = _wait_for(
        "A to see the rejection",
        lambda: (s := _statuses(a, document_id)[CODES["B"]])["status_code"] == "02" and s,
    )
    assert "không còn nguyên vẹn" in to_b["description"]
