"""The web application in real Chromium against a real server on the embedded backends.

Builds `frontend/` (scripts/frontend.sh), creates the demo agency in a fresh data directory, starts
`eoffice serve` on a free loopback port, and runs the end-to-end suite `frontend/e2e/run.mjs` (playwright-core
driving the system's Chromium). The suite's own output says which user story failed; screenshots of every main
screen are left in `test-artifacts/screenshots/`.

The server mails its notifications to a real SMTP server on loopback (aiosmtpd). A second agency, reached only
through the exchange (a direct edXML peer at the server's own API, `tests/exchange_partner.py`), is in the
agency directory, so the outgoing journey releases to it for real. The suite writes what its journeys created
to a JSON file; the tests after it read the mailboxes, the sổ, the phiếu xử lý and the issued outgoing
document the way an office would: through the API with a login, the PDFs read back as text, the signatures
checked by `eoffice verify` (pyHanko) and poppler's `pdfsig`.

Two more leaders' keys are away from the server, as in real agencies: the Phó Chủ tịch's on a SoftHSM2 USB token
that the real `eoffice sign-agent --serve` serves to the browser, the Chủ tịch's at the VNPT SmartCA simulator,
whose "approve on the phone" the harness gives once the page says it waits. The văn thư registers a scanned
letter (an image-only PDF) and the form fills itself from it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pypdfium2 as pdfium
import pytest
from asn1crypto import pem

from eoffice import clock
from eoffice.demo import AGENCY_PIN_HOLDER, USERS, demo_password, demo_signing_pin
from eoffice.settings import Settings
from eoffice.vietnamese_dates import format_long_date
from tests.e2e.leader_keys import (
    Token,
    running_agent,
    signing_ca,
    smartca_credential,
    softhsm_token,
)
from tests.e2e.scanned_letter import ScannedLetter, scanned_letter
from tests.exchange_partner import EXCHANGE_ENV, PARTNER, Partner, connect_partner
from tests.mail import SmtpServer, running_smtp_server
from tests.services import services_required
from tests.signing.pdfsig import assert_pdfsig_valid
from tests.simulators import smartca

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SECRET = "e2e-secret-key-only-for-the-browser-suite-0123456789"
EMBEDDED_DEFAULTS = (
    "EOFFICE_DATABASE_URL",
    "EOFFICE_STORAGE_URL",
    "EOFFICE_SEARCH_URL",
    "EOFFICE_BROKER_URL",
)
MAIL_DOMAIN = "demo.eoffice.invalid"  # the demo users' addresses: <username>@demo.eoffice.invalid
# A second sổ văn bản đến the văn thư chooses in the journey (the agency's admin configures it beforehand).
REGISTER_CODE = "buu_chinh"
REGISTER_NAME = "Sổ văn bản đến qua bưu chính"
EXTRA_PASSWORD = "Sông Hồng chảy qua Hà Nội, mùa thu năm 2026"


@dataclass(frozen=True)
class ExtraUser:
    """A user the suite adds beside the demo's, with an address, so the mails can be checked for him."""

    username: str
    full_name: str
    department: str


# Phòng Tài chính has no one in the demo: its specialist is told of the phối hợp assignment. Phòng Tư pháp has no
# part in the journey: its specialist may not read the document and must get no mail about it.
COOPERATOR = ExtraUser("taichinh", "Hoàng Văn Tài", "Phòng Tài chính")
OUTSIDER = ExtraUser("phaply", "Vũ Thị Pháp", "Phòng Tư pháp")
# The Phó Chủ tịch signs with his USB token; he has no address, so the mail checks are the same as before.
TOKEN_LEADER = ExtraUser("phochutich", "Lê Minh Tuấn", "")
# lanhdao's VNPT SmartCA account at the simulator (his CCCD number and SmartCA password)
SMARTCA_CLIENT = ("eoffice-ubnd-demo", "smartca-client-secret-e2e")
SMARTCA_ACCOUNT = ("001085012345", "mat-khau-SmartCA-e2e")
# Bộ Tài chính in the agency directory (danh bạ), so the pre-fill names the scanned letter's issuer as listed
ISSUER_DIRECTORY = {"organ_id": "000.00.00.G12", "name": "Bộ Tài chính"}


def _need(condition: bool, message: str) -> None:
    if condition:
        return
    if services_required():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(data_dir: Path, port: int, smtp: SmtpServer, remote_signing: RemoteSigning) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in EMBEDDED_DEFAULTS}
    env.update(
        EOFFICE_DATA_DIR=str(data_dir),
        EOFFICE_SECRET_KEY=SECRET,
        EOFFICE_ENVIRONMENT="test",
        EOFFICE_HOST="127.0.0.1",
        EOFFICE_PORT=str(port),
        EOFFICE_MAIL_ENABLED="true",
        EOFFICE_SMTP_HOST=smtp.host,
        EOFFICE_SMTP_PORT=str(smtp.port),
        EOFFICE_SMTP_SECURITY="none",
        EOFFICE_MAIL_FROM=f"eoffice@{MAIL_DOMAIN}",
        EOFFICE_SMARTCA_URL=remote_signing.url,
        EOFFICE_SMARTCA_CLIENT_ID=SMARTCA_CLIENT[0],
        EOFFICE_SMARTCA_CLIENT_SECRET=SMARTCA_CLIENT[1],
        EOFFICE_TRUST_ROOTS=str(
            remote_signing.trust_root
        ),  # the CA of the token's and SmartCA's certificates
        **EXCHANGE_ENV,
    )
    return env


def _password(username: str) -> str:
    return (
        EXTRA_PASSWORD
        if username in (COOPERATOR.username, OUTSIDER.username, TOKEN_LEADER.username)
        else demo_password(SECRET, username)
    )


@contextmanager
def _signed_in(url: str, username: str) -> Iterator[httpx.Client]:
    """An API client signed in as `username` with the browser's session cookie and CSRF header."""
    with httpx.Client(base_url=url, timeout=120) as client:
        response = client.post(
            "/api/v1/auth/login", json={"username": username, "password": _password(username)}
        )
        assert response.status_code == 200, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield client


def _configure_agency(url: str) -> None:
    """What the agency's admin sets up before the journey: a second sổ đến, and one person in each of the two
    units that have nobody in the demo, with an address."""
    with _signed_in(url, "admin") as admin:
        response = admin.post("/api/v1/registers", json={"code": REGISTER_CODE, "name": REGISTER_NAME})
        assert response.status_code == 201, response.text
        departments = {d["name"]: d["id"] for d in admin.get("/api/v1/departments").json()}
        for user in (COOPERATOR, OUTSIDER):
            response = admin.post(
                "/api/v1/users",
                json={
                    "username": user.username,
                    "full_name": user.full_name,
                    "password": EXTRA_PASSWORD,
                    "department_id": departments[user.department],
                    "position": "Chuyên viên",
                    "email": f"{user.username}@{MAIL_DOMAIN}",
                    "roles": ["chuyen_vien"],
                },
            )
            assert response.status_code == 201, response.text
        response = admin.post(
            "/api/v1/users",
            json={
                "username": TOKEN_LEADER.username,
                "full_name": TOKEN_LEADER.full_name,
                "password": EXTRA_PASSWORD,
                "position": "Phó Chủ tịch",
                "roles": ["lanh_dao_don_vi"],
            },
        )
        assert response.status_code == 201, response.text
        response = admin.post("/api/v1/exchange/directory", json=ISSUER_DIRECTORY)
        assert response.status_code in (200, 201), response.text


@dataclass(frozen=True)
class ToSign:
    """An approved outgoing document waiting for one leader's signature in the browser."""

    id: int
    title: str
    signer: str


def _approved_for_signing(url: str) -> tuple[ToSign, ToSign]:
    """Two Tờ trình drafted and approved through the API before the browser runs: one for the Phó Chủ tịch (USB
    token), one for the Chủ tịch (SmartCA). Their route (for Tờ trình only) names the two leaders, so the
    journey's own documents keep the route the admin saves in the browser."""
    from signing.demo_document import DemoDocument, demo_document_pdf

    with _signed_in(url, "admin") as admin:
        users = {u["username"]: u["id"] for u in admin.get("/api/v1/users").json()}
        leaders = [users[TOKEN_LEADER.username], users["lanhdao"]]
        route = {
            "name": "Trình ký tờ trình",
            "doc_type": "to_trinh",
            "steps": [{"name": "Lãnh đạo duyệt", "user_ids": leaders}],
        }
        response = admin.post("/api/v1/workflow/routes", json=route)
        assert response.status_code == 201, response.text
    made = []
    for signer, title, position, name in (
        (
            TOKEN_LEADER.username,
            "Tờ trình về việc mua sắm thiết bị số hóa",
            "PHÓ CHỦ TỊCH",
            TOKEN_LEADER.full_name,
        ),
        ("lanhdao", "Tờ trình về việc tuyển dụng viên chức lưu trữ", "CHỦ TỊCH", "Nguyễn Văn An"),
    ):
        pdf = demo_document_pdf(DemoDocument(signer_name=name, position=position))
        with _signed_in(url, "chuyenvien") as drafter:
            response = drafter.post(
                "/api/v1/outgoing",
                data={"metadata": json.dumps({"title": title, "doc_type": "to_trinh"})},
                files={"file": ("Dự thảo tờ trình.pdf", pdf, "application/pdf")},
            )
            assert response.status_code == 201, response.text
            document_id = response.json()["id"]
            response = drafter.post(f"/api/v1/outgoing/{document_id}/submit")
            assert response.status_code == 200, response.text
        with _signed_in(url, signer) as leader:
            response = leader.post(f"/api/v1/outgoing/{document_id}/approve", json={})
            assert response.json()["status"] == "approved", response.text
        made.append(ToSign(document_id, title, signer))
    return made[0], made[1]


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"eoffice serve exited with code {process.returncode} before answering")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"eoffice serve did not answer at {url} within {timeout:.0f} s")


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        yield server


@dataclass(frozen=True)
class Installation:
    """The running server and the environment its commands (`eoffice verify`) run with."""

    url: str
    env: dict[str, str]


@dataclass(frozen=True)
class RemoteSigning:
    """The SmartCA simulator (with lanhdao's account) and the Phó Chủ tịch's USB token."""

    url: str
    service: smartca.SmartCA
    token: Token
    trust_root: Path  # PEM of the test CA that issued both leaders' certificates


@pytest.fixture(scope="module")
def remote_signing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteSigning]:
    ca = signing_ca()
    folder = tmp_path_factory.mktemp("usb-token")
    token = softhsm_token(folder, ca, TOKEN_LEADER.full_name)
    (folder / "ca.pem").write_bytes(pem.armor("CERTIFICATE", ca.certificate_der))
    account = smartca.Account(SMARTCA_ACCOUNT[1], {"cred-an": smartca_credential(ca, "Nguyễn Văn An")})
    with smartca.running(dict([SMARTCA_CLIENT]), {SMARTCA_ACCOUNT[0]: account}) as (url, service):
        yield RemoteSigning(url, service, token, folder / "ca.pem")


@pytest.fixture(scope="module")
def installation(
    tmp_path_factory: pytest.TempPathFactory, smtp: SmtpServer, remote_signing: RemoteSigning
) -> Iterator[Installation]:
    _need(shutil.which("node") is not None and shutil.which("npm") is not None, "Node.js and npm are needed")
    _need(Path(CHROMIUM).exists(), f"Chromium is needed at {CHROMIUM} (apt-get install chromium)")
    subprocess.run(["bash", str(ROOT / "scripts" / "frontend.sh"), "build"], check=True, cwd=ROOT)

    data_dir = tmp_path_factory.mktemp("e2e-data")
    port = _free_port()
    env = _server_env(data_dir, port, smtp, remote_signing)
    subprocess.run(
        [sys.executable, "-m", "eoffice", "demo"], check=True, cwd=ROOT, env=env, capture_output=True
    )
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "eoffice", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the server and its embedded worker form one group, stopped together
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        _configure_agency(url)
        yield Installation(url, env)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


@pytest.fixture(scope="module")
def server(installation: Installation) -> str:
    return installation.url


@pytest.fixture(scope="module")
def to_sign(server: str) -> tuple[ToSign, ToSign]:
    return _approved_for_signing(server)


@pytest.fixture(scope="module")
def letter() -> ScannedLetter:
    return scanned_letter()


@pytest.fixture(scope="module")
def partner(server: str) -> Partner:
    """The second agency, connected both ways and listed in the demo agency's directory before the browser runs."""
    with _signed_in(server, "admin") as admin:
        return connect_partner(admin, server)


def test_deep_links_load_the_application(server: str) -> None:
    """A link pasted from a chat (/van-ban-den/12) opens the app, not a 404; unknown API paths stay JSON 404s."""
    with urllib.request.urlopen(f"{server}/van-ban-den/12", timeout=10) as response:
        assert response.status == 200
        assert '<div id="root">' in response.read().decode()
    with pytest.raises(urllib.error.HTTPError) as not_found:
        urllib.request.urlopen(f"{server}/api/v1/khong-co", timeout=10)
    assert not_found.value.code == 404
    assert json.loads(not_found.value.read())["code"]


@dataclass(frozen=True)
class SuiteRun:
    report: str
    passed: bool
    journey: dict[str, Any]  # what the incoming journey created (empty if it did not get that far)


class Phone:
    """lanhdao's phone: once the page has said it waits for him (the suite writes `signal`), he approves every
    signature SmartCA is waiting for on his account."""

    def __init__(self, service: smartca.SmartCA, signal: Path) -> None:
        self.service, self.signal = service, signal
        self.approved: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(0.2):
            if self.signal.exists():
                for transaction in self.service.waiting(SMARTCA_ACCOUNT[0]):
                    self.service.approve(transaction.tran_id)
                    self.approved.append(transaction.tran_id)

    def __enter__(self) -> Phone:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


@pytest.fixture(scope="module")
def agent(server: str, remote_signing: RemoteSigning) -> Iterator[str]:
    """The Phó Chủ tịch's signing software on his PC, answering only the eOffice site."""
    with running_agent(remote_signing.token, server) as address:
        yield address


@pytest.fixture(scope="module")
def suite(
    server: str,
    partner: Partner,
    agent: str,
    remote_signing: RemoteSigning,
    to_sign: tuple[ToSign, ToSign],
    letter: ScannedLetter,
    tmp_path_factory: pytest.TempPathFactory,
) -> SuiteRun:
    """One run of `frontend/e2e/run.mjs` against the server, shared by the tests that look at its results."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    folder = tmp_path_factory.mktemp("e2e-state")
    state = folder / "journey.json"
    scan = folder / "cv-btc-kinh-phi.pdf"
    scan.write_bytes(letter.pdf)
    by_token, by_smartca = to_sign
    env = dict(
        os.environ,
        EOFFICE_E2E_BASE_URL=server,
        EOFFICE_E2E_PASSWORDS=json.dumps({u.username: demo_password(SECRET, u.username) for u in USERS}),
        EOFFICE_E2E_PINS=json.dumps(
            {holder: demo_signing_pin(SECRET, holder) for holder in ("lanhdao", AGENCY_PIN_HOLDER)}
        ),
        EOFFICE_E2E_SCREENSHOTS=str(SCREENSHOTS),
        EOFFICE_E2E_REGISTER=REGISTER_NAME,
        EOFFICE_E2E_STATE=str(state),
        EOFFICE_E2E_PARTNER=json.dumps(
            {
                "code": partner.code,
                "name": partner.name,
                "clerk": PARTNER.clerk_username,
                "password": PARTNER.password,
            }
        ),
        EOFFICE_E2E_SIGNING=json.dumps(
            {
                "token": {
                    "username": TOKEN_LEADER.username,
                    "password": EXTRA_PASSWORD,
                    "agent": agent,
                    "id": by_token.id,
                    "title": by_token.title,
                },
                "smartca": {
                    "account": SMARTCA_ACCOUNT[0],
                    "password": SMARTCA_ACCOUNT[1],
                    "id": by_smartca.id,
                    "title": by_smartca.title,
                    "phone": str(folder / "dien-thoai-cho-xac-nhan"),
                },
            }
        ),
        EOFFICE_E2E_SCAN=json.dumps(
            {
                "path": str(scan),
                "issuer": letter.issuer,
                "number": letter.number,
                "symbol": letter.symbol,
                "issueDate": letter.issue_date,
                "docType": letter.doc_type,
            }
        ),
        CHROMIUM_PATH=CHROMIUM,
    )
    with Phone(remote_signing.service, folder / "dien-thoai-cho-xac-nhan"):
        result = subprocess.run(
            ["node", "e2e/run.mjs"], cwd=FRONTEND, env=env, capture_output=True, text=True, timeout=480
        )
    journey = json.loads(state.read_text()) if state.exists() else {}
    return SuiteRun(result.stdout + result.stderr, result.returncode == 0, journey)


@pytest.mark.timeout(600)
def test_user_stories_in_chromium(suite: SuiteRun) -> None:
    """Clerk, specialist, head of department and leader take documents through their whole path."""
    print(suite.report)
    assert suite.passed, f"the end-to-end suite failed:\n{suite.report}"


def _journey(suite: SuiteRun) -> dict[str, Any]:
    assert suite.passed and suite.journey, "the end-to-end suite did not finish the incoming journey"
    return suite.journey


def _text(mail: EmailMessage) -> str:
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def _vn_date(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def _flat(text: str) -> str:
    """Text with every run of whitespace (line ends, table cells) as one space, as a reader reads it."""
    return " ".join(text.split())


def _pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return _flat(" ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
    finally:
        pdf.close()


def test_journey_mails_reach_their_people_and_no_one_else(
    server: str, smtp: SmtpServer, suite: SuiteRun
) -> None:
    """Each step of the journey mails the people it concerns, in Vietnamese, naming the document; no mail of
    the whole run names a document its recipient may not read."""
    journey = _journey(suite)
    link = re.compile(r"/van-ban/(\d+)\b")
    expected = {
        "lanhdao": {"Văn bản trình chờ bạn cho ý kiến chỉ đạo", "Văn bản đã hoàn thành xử lý"},
        "truongphong": {"Văn bản được giao xử lý", "Đề nghị gia hạn xử lý chờ bạn quyết định"},
        "chuyenvien": {"Văn bản được chuyển đến bạn", "Đề nghị gia hạn đã được chấp nhận"},
        "vanthu": {"Lãnh đạo đã cho ý kiến chỉ đạo", "Văn bản đã hoàn thành xử lý"},
        COOPERATOR.username: {"Văn bản được giao xử lý"},
    }

    def about_journey(username: str) -> dict[str, str]:
        """Subject → body of the mails `username` got about the journey's document (the link names it)."""
        return {
            str(mail["Subject"]): _text(mail)
            for mail in smtp.inbox.to(f"{username}@{MAIL_DOMAIN}")
            if journey["id"] in {int(found) for found in link.findall(_text(mail))}
        }

    # the worker sends each mail after the step's transaction: wait until every expected one has arrived
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(
        not subjects <= about_journey(user).keys() for user, subjects in expected.items()
    ):
        time.sleep(0.2)
    for user, subjects in expected.items():
        assert subjects <= about_journey(user).keys(), (user, sorted(about_journey(user)))

    title, number = journey["title"], journey["numberSymbol"]
    for user, subjects in expected.items():
        for subject in subjects:
            body = about_journey(user)[subject]
            assert f"{number} — “{title}”" in body, (user, subject, body)
    lanhdao, chuyenvien = about_journey("lanhdao"), about_journey("chuyenvien")
    assert "Kính gửi Nguyễn Văn An," in lanhdao["Văn bản trình chờ bạn cho ý kiến chỉ đạo"]
    assert journey["presentNote"] in lanhdao["Văn bản trình chờ bạn cho ý kiến chỉ đạo"]
    assert journey["result"] in lanhdao["Văn bản đã hoàn thành xử lý"]
    assert "Kính gửi Trần Văn Bình," in chuyenvien["Văn bản được chuyển đến bạn"]
    assert journey["forwardNote"] in chuyenvien["Văn bản được chuyển đến bạn"]
    granted = f"Đồng ý gia hạn đến {_vn_date(journey['extendedTo'])}"
    assert granted in chuyenvien["Đề nghị gia hạn đã được chấp nhận"]
    assert journey["direction"] in about_journey("truongphong")["Văn bản được giao xử lý"]
    assert "Phối hợp" in about_journey(COOPERATOR.username)["Văn bản được giao xử lý"]

    # Phòng Tư pháp had no part: its specialist may not read the document and got no mail naming it
    with _signed_in(server, OUTSIDER.username) as outsider:
        assert outsider.get(f"/api/v1/incoming/{journey['id']}").status_code == 404
    assert not [m for m in smtp.inbox.to(f"{OUTSIDER.username}@{MAIL_DOMAIN}") if title in _text(m)]

    # every mail of the run, to a known user, names only documents that user may read
    known = {u.username for u in USERS} | {COOPERATOR.username, OUTSIDER.username}
    readable: dict[tuple[str, int], bool] = {}
    with ExitStack() as stack:
        clients: dict[str, httpx.Client] = {}
        for recipients, mail in smtp.inbox.mails:
            for address in recipients:
                username, _, domain = address.partition("@")
                assert domain == MAIL_DOMAIN and username in known, address
                if username not in clients:
                    clients[username] = stack.enter_context(_signed_in(server, username))
                for document_id in {int(found) for found in link.findall(_text(mail))}:
                    if (username, document_id) not in readable:
                        readable[(username, document_id)] = any(
                            clients[username].get(f"/api/v1/{kind}/{document_id}").status_code == 200
                            for kind in ("incoming", "outgoing")
                        )
                    assert readable[(username, document_id)], (address, mail["Subject"], document_id)
    assert readable, "no mail of the run named a document"


def test_journey_register_and_processing_slip(server: str, letter: ScannedLetter, suite: SuiteRun) -> None:
    """The chosen sổ lists the entry, and the phiếu xử lý (downloaded with a login) shows the number, the
    direction, the three assignments, the forward, the extension and the result."""
    journey = _journey(suite)
    number = f"{journey['registerNumber']:02d}"

    # the sổ the văn thư chose, as she downloaded it: its entry number is this document's row
    register = _pdf_text(Path(journey["registerPdf"]).read_bytes())
    arrived = _vn_date(journey["arrivedAt"][:10])
    dated = _vn_date(letter.issue_date)  # read from the scan
    row = f"{arrived} {number} Bộ Tài chính {journey['numberSymbol']} {dated} Công văn: {journey['title']}"
    assert row in register, register

    with _signed_in(server, "vanthu") as vanthu:
        response = vanthu.get(f"/api/v1/incoming/{journey['id']}/slip.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    slip = _pdf_text(response.content)
    for expected in (
        "PHIẾU XỬ LÝ VĂN BẢN ĐẾN",
        f"Sổ văn bản: {REGISTER_NAME}",
        f"Số đến: {number}",
        f"Số, ký hiệu: {journey['numberSymbol']}",
        f"Trích yếu: {journey['title']}",
        "Trình lãnh đạo: Nguyễn Văn An (Chủ tịch)",
        journey["direction"],
        "Xử lý chính Phòng Nội vụ",
        "Phối hợp Phòng Tài chính",
        "Nhận để biết Văn phòng",
        "Chuyển xử lý: Phòng Nội vụ → Trần Văn Bình (Chuyên viên)",
        journey["forwardNote"],
        f"Xin gia hạn đến {_vn_date(journey['extendedTo'])}. Lý do: {journey['extensionReason']}",
        f"Đồng ý gia hạn đến {_vn_date(journey['extendedTo'])}",
        "Tình trạng: Đã hoàn thành",
        f"Kết quả: {journey['result']}",
    ):
        assert expected in slip, (expected, slip)


def _shown_text(data: bytes) -> str:
    """The text as a reader sees and prints it: the number and date are form fields filled at issue, so they
    are flattened into the page first (in memory only)."""
    pdf = pdfium.PdfDocument(data)
    pdf.init_forms()
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            page.flatten()
            page.close()
            texts.append(pdf[index].get_textpage().get_text_range())
        return _flat(" ".join(texts))
    finally:
        pdf.close()


def _empty_nss_dir(path: Path) -> Path:
    """An empty NSS database for pdfsig: its "Signature Validation" line is the cryptographic check."""
    certutil = shutil.which("certutil")
    _need(certutil is not None, "certutil (Debian libnss3-tools) is needed for pdfsig")
    path.mkdir()
    subprocess.run([str(certutil), "-N", "-d", f"sql:{path}", "--empty-password"], check=True)
    return path


def test_outgoing_journey_issued_document_signatures_and_history(
    installation: Installation, partner: Partner, suite: SuiteRun, tmp_path: Path
) -> None:
    """The document drafted from a template, approved twice, signed, numbered and released in the browser: its
    issued PDF reads "Số: <the number the page showed>" and the agency's date in words; pyHanko and poppler both
    call the leader's and the agency's signatures intact; the history lists every step by the right people;
    the second agency received it over the exchange and accepted it into its own sổ."""
    outgoing = _journey(suite)["outgoing"]
    with _signed_in(installation.url, "vanthu") as vanthu:
        detail = vanthu.get(f"/api/v1/outgoing/{outgoing['id']}").json()
        [issued] = [f for f in detail["files"] if f["role"] == "issued"]
        response = vanthu.get(issued["download_path"])
        history = vanthu.get(f"/api/v1/documents/{outgoing['id']}/history").json()["items"]
    with _signed_in(installation.url, "admin") as admin:
        users = {u["username"]: u["id"] for u in admin.get("/api/v1/users").json()}
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    data = response.content

    # the number the page showed, on the document; the agency's day (Vietnam's, not UTC's) in words
    today = clock.today(Settings().timezone)
    assert detail["number_symbol"] == outgoing["numberSymbol"]
    assert detail["issue_date"] == today.isoformat()
    assert outgoing["issued"].startswith(today.strftime("%d/%m/%Y")), outgoing
    shown = _shown_text(data)
    assert re.fullmatch(r"\d{2,}/\S+", outgoing["numberSymbol"]), outgoing
    assert f"Số: {outgoing['numberSymbol']}" in shown, shown[:600]
    assert format_long_date(today) in shown, (format_long_date(today), shown[:600])

    # pyHanko (`eoffice verify`, trust from the installation) and poppler: both signatures intact and valid
    path = tmp_path / "van-ban-da-ban-hanh.pdf"
    path.write_bytes(data)
    verify = subprocess.run(
        [sys.executable, "-m", "eoffice", "verify", str(path), "--json"],
        cwd=ROOT,
        env=installation.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    signatures = json.loads(verify.stdout)
    assert [s["signer"] for s in signatures] == ["Nguyễn Văn An", "UBND tỉnh Demo"], signatures
    assert all(s["intact"] and s["valid"] for s in signatures), signatures
    assert_pdfsig_valid(path, _empty_nss_dir(tmp_path / "nssdb"), expect_signatures=2)

    # the history: every step, in order, by the people who took it
    steps = [
        ("outgoing.draft_create", "chuyenvien"),
        ("check.run", "chuyenvien"),
        ("outgoing.submit", "chuyenvien"),
        ("workflow.approve", "truongphong"),
        ("workflow.approve", "lanhdao"),
        ("outgoing.sign", "lanhdao"),
        ("outgoing.issue", "vanthu"),
        ("outgoing.release", "vanthu"),
    ]
    events = iter((e["action"], e["actor_id"]) for e in history)
    missing = [(a, u) for a, u in steps if (a, users[u]) not in events]  # consumes: order matters
    assert not missing, (missing, [(e["action"], e["actor_name"]) for e in history])

    # the second agency's own record: received over the exchange, accepted into its sổ đến
    with httpx.Client(base_url=installation.url, headers=partner.clerk, timeout=60) as client:
        received = client.get("/api/v1/exchange/received", params={"limit": 100}).json()["items"]
    [copy] = [r for r in received if r["subject"] == detail["title"]]
    assert copy["state"] == "accepted" and copy["incoming_document_id"], copy
    assert f"{copy['number']}/{copy['symbol']}" == outgoing["numberSymbol"], copy


def _verify(installation: Installation, path: Path) -> list[dict[str, Any]]:
    verify = subprocess.run(
        [sys.executable, "-m", "eoffice", "verify", str(path), "--json"],
        cwd=ROOT,
        env=installation.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    report: list[dict[str, Any]] = json.loads(verify.stdout)
    return report


def test_leaders_signed_with_the_usb_token_and_with_smartca(
    installation: Installation,
    remote_signing: RemoteSigning,
    to_sign: tuple[ToSign, ToSign],
    suite: SuiteRun,
    tmp_path: Path,
) -> None:
    """The Tờ trình the Phó Chủ tịch signed in the browser through his signing software carries the signature
    of the key on his token (its certificate, not a key of the server's); the one the Chủ tịch approved on his
    phone carries the SmartCA credential's. pyHanko (`eoffice verify`) and poppler both call them intact."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    _journey(suite)
    by_token, by_smartca = to_sign
    credential = remote_signing.service.accounts[SMARTCA_ACCOUNT[0]].credentials["cred-an"]
    nss = _empty_nss_dir(tmp_path / "nssdb")
    for document, signer, certificate in (
        (by_token, TOKEN_LEADER.full_name, remote_signing.token.certificate_der),
        (by_smartca, "Nguyễn Văn An", credential.chain[0]),
    ):
        with _signed_in(installation.url, "vanthu") as vanthu:
            detail = vanthu.get(f"/api/v1/outgoing/{document.id}").json()
            assert detail["status"] == "signed", detail["status"]
            [signed] = [f for f in detail["files"] if f["role"] == "signed"]
            response = vanthu.get(signed["download_path"])
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        path = tmp_path / f"to-trinh-{document.id}.pdf"
        path.write_bytes(response.content)

        [signature] = _verify(installation, path)
        assert signature["signer"] == signer, signature
        assert signature["intact"] and signature["trusted"] and signature["valid"], signature
        with path.open("rb") as stream:
            [embedded] = PdfFileReader(stream).embedded_signatures
            assert embedded.signer_cert.dump() == certificate, document
        assert_pdfsig_valid(path, nss, expect_signatures=1)


def test_scanned_letter_registered_with_the_fields_read_from_it(
    server: str, letter: ScannedLetter, suite: SuiteRun
) -> None:
    """The letter the văn thư registered from its scan keeps what the form read (issuer as the danh bạ names
    it, number, symbol, date, type) and the trích yếu she corrected; the pre-fill's accuracy counts the scan's
    fields, the corrected trích yếu as not kept."""
    journey = _journey(suite)
    with _signed_in(server, "vanthu") as vanthu:
        document = vanthu.get(f"/api/v1/incoming/{journey['id']}").json()
        response = vanthu.get("/api/v1/incoming/prefill/accuracy")
    assert response.status_code == 200, response.text
    read = {
        "issuer": letter.issuer,
        "number": letter.number,
        "symbol": letter.symbol,
        "issue_date": letter.issue_date,
        "doc_type": letter.doc_type,
    }
    assert {field: document[field] for field in read} == read
    assert document["title"] == journey["title"] != journey["readTitle"]
    scans = {row["field"]: row for row in response.json() if row["input_kind"] == "scan"}
    assert scans["title"]["filled"] == 1 and scans["title"]["kept"] == 0, scans
    for field in read:
        assert (scans[field]["filled"], scans[field]["kept"]) == (1, 1), (field, scans)


def test_unit_and_component_tests() -> None:
    """The Vitest suite (dates, deadlines, API error display, snippets, badges) through the same install."""
    _need(shutil.which("npm") is not None, "Node.js and npm are needed")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "frontend.sh"), "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"Vitest failed:\n{result.stdout}{result.stderr}"
