"""Kill -9 at random points while people upload, register, sign and search — then nothing confirmed is lost.

Each run: a client works through the real API in a thread, recording every document the API confirmed
(a 2xx with the stored files' digests); at a seeded random moment one process or server gets `SIGKILL`; it is
started again and the client does a little more. Then, with everything up again:

- every confirmed document is there, and every confirmed file downloads byte for byte (its SHA-256);
- every confirmed signature still validates;
- `eoffice doctor --repair` leaves no unrepaired problem (no object without its row, no row without its
  object), and no file was ever missing or altered;
- the search index converges to the database (polled with a deadline; the doctor's repair is the backstop
  and the run reports whether it was needed);
- the audit chain verifies.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest

from eoffice.audit import verify_chain
from eoffice.maintenance import run_doctor
from signing.validation import validate_pdf
from tests.eoffice.maintenance import flows
from tests.faults.conftest import KILL_SERVERS, RUNS, SEED, FaultStack

pytestmark = [pytest.mark.faults, pytest.mark.timeout(600 + RUNS * 240)]

APP_VICTIMS = ("api", "worker")
SERVER_VICTIMS = ("postgres", "s3", "elasticsearch")
CONVERGE_WITHIN = 45.0


@dataclass
class Confirmed:
    """What the API told the client was saved."""

    files: dict[int, dict[int, str]] = field(default_factory=dict)  # document id → file id → sha256
    signed: set[int] = field(default_factory=set)  # outgoing documents confirmed signed (and maybe issued)
    errors: list[str] = field(default_factory=list)  # failures seen while something was down (expected)

    def document(self, detail: dict[str, Any]) -> None:
        self.files[detail["id"]] = {f["id"]: f["sha256"] for f in detail["files"]}


def _upload(
    client: httpx.Client, stack: FaultStack, confirmed: Confirmed, step: int, rng: random.Random
) -> None:
    files = [
        (f"van-ban-{step}-{n}.pdf", flows.pdf_bytes(f"{SEED}-{step}-{n}-{rng.random()}"))
        for n in range(rng.randint(1, 2))
    ]
    detail = flows.register_incoming(client, stack.users["vanthu"], f"Công văn thử lỗi {step}", files)
    confirmed.document(detail)


def _registration(
    client: httpx.Client, stack: FaultStack, confirmed: Confirmed, step: int, rng: random.Random
) -> None:
    detail = flows.register_incoming(
        client,
        stack.users["vanthu"],
        f"Văn bản đến phân công {step}",
        [(f"den-{step}.pdf", flows.pdf_bytes(f"r{step}-{rng.random()}"))],
    )
    confirmed.document(detail)
    flows.assign_to_department(client, stack.users["vanthu"], detail["id"], stack.ids["dept:NV"])


def _signing(
    client: httpx.Client, stack: FaultStack, confirmed: Confirmed, step: int, rng: random.Random
) -> None:
    del rng
    users = stack.users
    draft = flows.draft_outgoing(
        client, users["chuyenvien"], f"Quyết định thử lỗi {step}", flows.signable_pdf()
    )
    confirmed.document(draft)
    flows.submit(client, users["chuyenvien"], draft["id"])
    flows.approve(client, users["lanhdao"], draft["id"])
    signed = flows.sign(client, users["lanhdao"], draft["id"])
    confirmed.document(signed)
    confirmed.signed.add(signed["id"])
    confirmed.document(flows.issue(client, users["vanthu"], draft["id"]))


def _indexing(
    client: httpx.Client, stack: FaultStack, confirmed: Confirmed, step: int, rng: random.Random
) -> None:
    word = f"chimuc{SEED % 1000}x{step}"
    detail = flows.register_incoming(
        client,
        stack.users["vanthu"],
        f"Thông báo {word}",
        [(f"tb-{step}.pdf", flows.pdf_bytes(f"i{step}-{rng.random()}"))],
    )
    confirmed.document(detail)
    flows.search(client, stack.users["vanthu"], word)


SCENARIOS: dict[str, tuple[Callable[..., None], tuple[str, ...]]] = {
    # scenario → (one client step, victims in turn; servers join them in the long run)
    "upload": (_upload, ("api", "worker")),
    "registration": (_registration, ("api", "worker")),
    "signing": (_signing, ("api", "worker")),
    "indexing": (_indexing, ("worker", "api")),
}


def _victims(scenario: str) -> tuple[str, ...]:
    own = SCENARIOS[scenario][1]
    return own + SERVER_VICTIMS if KILL_SERVERS else own


def _client_loop(
    stack: FaultStack,
    work: Callable[..., None],
    confirmed: Confirmed,
    stop: threading.Event,
    rng: random.Random,
) -> None:
    step = 0
    with httpx.Client(base_url=stack.base_url, timeout=60) as client:
        while not stop.is_set():
            step += 1
            try:
                work(client, stack, confirmed, step, rng)
            except (
                httpx.HTTPError,
                flows.ApiError,
            ) as exc:  # the outage: refused, cut off, 5xx, 409 after a retry
                confirmed.errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
                time.sleep(0.3)


def _check_confirmed(stack: FaultStack, confirmed: Confirmed) -> None:
    headers = {
        "vanthu": stack.users["vanthu"],
        "lanhdao": stack.users["lanhdao"],
        "chuyenvien": stack.users["chuyenvien"],
    }
    with (
        httpx.Client(base_url=stack.base_url, timeout=60) as client,
        flows.closing_backends(stack.settings) as backends,
    ):
        trust = flows.demo_trust(backends)
        for document_id, files in confirmed.files.items():
            detail = None
            for reader in headers.values():
                for kind in ("incoming", "outgoing"):
                    response = client.get(f"/api/v1/{kind}/{document_id}", headers=reader)
                    if response.status_code == 200:
                        detail, who = response.json(), reader
                        break
                if detail is not None:
                    break
            assert detail is not None, f"document {document_id} was confirmed saved but is gone"
            stored = {f["id"]: f for f in detail["files"]}
            for file_id, sha256 in files.items():
                assert file_id in stored and stored[file_id]["sha256"] == sha256, (
                    f"file {file_id} of {document_id}"
                )
                data = flows.download(client, who, stored[file_id])
                assert hashlib.sha256(data).hexdigest() == sha256, f"file {file_id} of {document_id} altered"
            if document_id in confirmed.signed:
                signed = [f for f in detail["files"] if f["role"] in ("signed", "issued")]
                assert signed, f"document {document_id} was confirmed signed but has no signed file"
                for file in signed:
                    report = validate_pdf(flows.download(client, who, file), trust)
                    assert report.valid, (document_id, file["role"], [s.problems for s in report.signatures])


def _converge(stack: FaultStack) -> bool:
    """Poll until the index matches the database by itself; False when the deadline passed first."""
    deadline = time.monotonic() + CONVERGE_WITHIN
    with flows.closing_backends(stack.settings) as backends:
        while time.monotonic() < deadline:
            report = run_doctor(backends, verify_content=False)
            if not [f for f in report.findings if f.code.startswith("search.")]:
                return True
            time.sleep(2)
    return False


def _doctor_and_audit(stack: FaultStack) -> dict[str, Any]:
    repaired = flows.eoffice(stack.settings, "doctor", "--repair", "--json", "--grace-minutes", "0")
    assert repaired.stdout, repaired.stderr
    body = json.loads(repaired.stdout)
    never = {"object.missing", "object.checksum_mismatch", "object.unreadable", "audit.broken"}
    assert not [f for f in body["findings"] if f["code"] in never], body["findings"]
    assert repaired.returncode == 0 and body["ok"], body
    with flows.closing_backends(stack.settings) as backends:
        after = run_doctor(backends, grace=timedelta(0))
        assert after.ok and not [f for f in after.findings if f.code in ("object.orphan", *never)], (
            after.as_json()
        )
        assert not [f for f in after.findings if f.code.startswith("search.")], "the index did not converge"
        with backends.sessions() as session:
            assert verify_chain(session).ok
    return body


@pytest.mark.parametrize("run", range(RUNS), ids=lambda r: f"run{r + 1}")
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_kill_9_loses_nothing(fault_stack: FaultStack, scenario: str, run: int, record_property: Any) -> None:
    rng = random.Random(f"{SEED}-{scenario}-{run}")
    victims = _victims(scenario)
    victim_name = victims[run % len(victims)]
    fault_stack.ensure_running()
    work, _ = SCENARIOS[scenario]
    confirmed = Confirmed()
    stop = threading.Event()
    client = threading.Thread(
        target=_client_loop, args=(fault_stack, work, confirmed, stop, rng), daemon=True
    )
    client.start()
    time.sleep(rng.uniform(0.3, 4.0))  # the random point in the client's work
    fault_stack.victim(victim_name).kill9()
    time.sleep(rng.uniform(0.2, 2.0))
    fault_stack.ensure_running()
    before = len(confirmed.files)
    deadline = time.monotonic() + 90
    while len(confirmed.files) < before + 2 and time.monotonic() < deadline:
        time.sleep(0.2)  # the client goes on after the restart
    stop.set()
    client.join(timeout=120)
    assert not client.is_alive(), "the client hung"
    assert confirmed.files, f"nothing was confirmed at all ({confirmed.errors[:3]})"
    assert len(confirmed.files) >= before + 2, f"the system did not recover after {victim_name} was killed"

    _check_confirmed(fault_stack, confirmed)
    converged = _converge(fault_stack)
    body = _doctor_and_audit(fault_stack)
    record_property("victim", victim_name)
    record_property("index_converged_by_itself", converged)
    record_property("doctor_repaired", body["repaired"])
    print(  # noqa: T201 — shown with -s / in the long run's log: what each run did
        f"{scenario} run {run + 1}: killed {victim_name}; confirmed {len(confirmed.files)} documents, "
        f"{len(confirmed.errors)} failed calls during the outage; index converged by itself: {converged}; "
        f"doctor repaired {body['repaired']}"
    )
