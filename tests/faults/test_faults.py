"""Kill -9 at random points while people upload, register, sign, search and send documents to another agency
— then nothing confirmed is lost.

Each run: a client works through the real API in a thread, recording every document the API confirmed
(a 2xx with the stored files' digests); at a seeded random moment one process or server gets `SIGKILL`; it is
started again and the client does a little more. Then, with everything up again:

- every confirmed document is there, and every confirmed file downloads byte for byte (its SHA-256);
- every confirmed signature still validates;
- `eoffice doctor --repair` leaves no unrepaired problem (no object without its row, no row without its
  object), and no file was ever missing or altered;
- the search index converges to the database (polled with a deadline; the doctor's repair is the backstop
  and the run reports whether it was needed); when Elasticsearch itself was down while documents were
  registered and assigned, every one is found by exactly the users allowed to read it within a minute of its
  return, with no repair at all;
- the audit chain verifies;
- every release the API confirmed to an outside agency reaches it exactly once (the receiver keeps one
  package per idempotency key, byte for byte what was issued), and the sender sees it delivered and arrived
  (status 01) — polled with a deadline, since retries wait out a back-off or a killed attempt's lease.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from eoffice.audit import snapshot, verify_chain
from eoffice.demo import AGENCY_CODE
from eoffice.exchange.edxml import DocumentCode, document_id_for
from eoffice.maintenance import run_doctor
from signing.validation import validate_pdf
from tests.eoffice.maintenance import flows
from tests.faults.conftest import KILL_SERVERS, RUNS, SEED, FaultStack

pytestmark = [pytest.mark.faults, pytest.mark.timeout(600 + RUNS * 240)]

APP_VICTIMS = ("api", "worker")
SERVER_VICTIMS = ("postgres", "s3", "elasticsearch")
CONVERGE_WITHIN = 45.0
# A delivery whose attempt died with the worker waits out its lease (request timeout 5 s + 30 s) before the
# sweep sends it again; then back-off retries until the receiver is back.
DELIVER_WITHIN = 120.0
PACE = 4.0  # at most this long an exchange step waits to see its package delivered (no assertion)
SEARCH_OUTAGE_PACE = 3.0


@dataclass(frozen=True)
class Release:
    """A release to the outside agency the API confirmed: the edXML DocumentId and the released file."""

    edxml_id: str
    sha256: str


@dataclass
class Confirmed:
    """What the API told the client was saved."""

    files: dict[int, dict[int, str]] = field(default_factory=dict)  # document id → file id → sha256
    signed: set[int] = field(default_factory=set)  # outgoing documents confirmed signed (and maybe issued)
    errors: list[str] = field(default_factory=list)  # failures seen while something was down (expected)
    released: dict[int, Release] = field(default_factory=dict)  # outgoing document id → sent to the partner
    tag: str = ""  # a word in the title of every document of this run (the search-outage scenario)

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


def _exchange(
    client: httpx.Client, stack: FaultStack, confirmed: Confirmed, step: int, rng: random.Random
) -> None:
    del rng
    users = stack.users
    assert stack.partner is not None
    draft = flows.draft_outgoing(
        client, users["chuyenvien"], f"Công văn liên thông thử lỗi {step}", flows.signable_pdf()
    )
    confirmed.document(draft)
    flows.submit(client, users["chuyenvien"], draft["id"])
    flows.approve(client, users["lanhdao"], draft["id"])
    confirmed.document(flows.sign(client, users["lanhdao"], draft["id"]))
    confirmed.signed.add(draft["id"])
    confirmed.document(flows.issue(client, users["vanthu"], draft["id"]))
    released = flows.release(client, users["vanthu"], draft["id"], [stack.partner.recipient()])
    confirmed.document(released)
    code = DocumentCode(released["number"], released["symbol"])
    edxml_id = document_id_for(AGENCY_CODE, date.fromisoformat(released["issue_date"]), code)
    issued = [f for f in released["files"] if f["role"] == "issued"][-1]
    confirmed.released[draft["id"]] = Release(edxml_id, issued["sha256"])
    # Like a văn thư glancing at the status column, wait a moment for the package to go out: it keeps the
    # client at a clerk's pace, so the worker's backlog (4 pipeline stages per document) stays small.
    paced_until = time.monotonic() + PACE
    while time.monotonic() < paced_until:
        status = flows.exchange_statuses(client, users["vanthu"], draft["id"]).get(stack.partner.code)
        if status and status["delivery"] == "delivered":
            break
        time.sleep(0.3)


def _search_outage(
    client: httpx.Client, stack: FaultStack, confirmed: Confirmed, step: int, rng: random.Random
) -> None:
    """Register, and every other time assign to a department (new readers), while the index may be down."""
    detail = flows.register_incoming(
        client,
        stack.users["vanthu"],
        f"Công văn {confirmed.tag} số {step}",
        [(f"ngung-{step}.pdf", flows.pdf_bytes(f"o{step}-{rng.random()}"))],
    )
    confirmed.document(detail)
    if step % 2:
        flows.assign_to_department(client, stack.users["vanthu"], detail["id"], stack.ids["dept:NV"])
    # A clerk's pace: the one worker (concurrency 1) keeps up, so what is measured is the healing, not a
    # backlog of hundreds of files the client could register in a minute.
    time.sleep(SEARCH_OUTAGE_PACE)


SCENARIOS: dict[str, tuple[Callable[..., None], tuple[str, ...]]] = {
    # scenario → (one client step, victims in turn; servers join them in the long run)
    # The exchange first: its deliveries share the one worker queue with the pipeline, so after the other
    # scenarios' hundreds of documents it would mostly measure their backlog (see QUIET_FIRST).
    "exchange": (_exchange, ("worker", "api")),
    # Elasticsearch down while documents are registered and assigned: afterwards every one is found, by
    # exactly the people the read rule lets read it, with no `doctor --repair` (the index heals itself).
    # Second, for the same reason: after the others it first waited minutes for their extractions to drain.
    "search_outage": (_search_outage, ("elasticsearch",)),
    "upload": (_upload, ("api", "worker")),
    "registration": (_registration, ("api", "worker")),
    "signing": (_signing, ("api", "worker")),
    "indexing": (_indexing, ("worker", "api")),
}
# How long the victim stays down (default: a moment), so that work is confirmed while it is.
OUTAGE = {"search_outage": 10.0}
# Within this long of Elasticsearch's return, everything changed meanwhile is searchable (issue: a minute).
HEALED_WITHIN = 60.0
# Scenarios that start once the worker has caught up with earlier runs: their deadline (the delivery, the
# index healing within a minute) is about them, not about the extractions the scenarios before them queued
# for the one worker process. Index writes have their own worker besides (as in compose.yaml): before it, a
# clean run saw the outage's documents wait over a minute behind that backlog.
QUIET_FIRST = {"exchange", "search_outage"}
QUIET_WITHIN = 300.0
# When the random kill point starts counting: the exchange's packages go out at the end of each step, so its
# point is counted from the first signature — then issue, release, delivery and the status back follow.
ARMED_WHEN: dict[str, Callable[[Confirmed], bool]] = {"exchange": lambda confirmed: bool(confirmed.signed)}


def _victims(scenario: str) -> tuple[str, ...]:
    own = SCENARIOS[scenario][1]
    return own + SERVER_VICTIMS if KILL_SERVERS and scenario != "search_outage" else own


def _wait_quiet(stack: FaultStack) -> float:
    """Wait (bounded) until no task message waits in the broker; returns how long that took."""
    from kombu import Connection
    from kombu.exceptions import ChannelError

    started = time.monotonic()
    with Connection(stack.settings.broker_url) as connection:
        channel = connection.default_channel
        while time.monotonic() < started + QUIET_WITHIN:
            try:
                waiting = channel.queue_declare(queue="eoffice", passive=True).message_count
            except ChannelError:
                waiting = 0  # Redis drops an empty list
            if not waiting:
                break
            time.sleep(1)
    return time.monotonic() - started


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


def _exchange_rows(stack: FaultStack, edxml_ids: list[str]) -> str:
    """The exchange's rows about these packages on both sides, to explain a failed check."""
    from sqlalchemy import select

    from eoffice.exchange.models import OutboundPackage, ReceivedPackage, StatusEvent

    lines = []
    with flows.closing_backends(stack.settings) as backends, backends.sessions() as session:
        for model in (OutboundPackage, ReceivedPackage):
            for row in session.scalars(select(model).where(model.edxml_document_id.in_(edxml_ids))):
                lines.append(f"{model.__tablename__}: {snapshot(row, exclude=('summary', 'validation'))}")
        for event in session.scalars(select(StatusEvent).order_by(StatusEvent.id.desc()).limit(5)):
            lines.append(f"{StatusEvent.__tablename__}: {snapshot(event)}")
    return "\n".join(lines)


def _check_exchange(stack: FaultStack, confirmed: Confirmed) -> dict[str, int]:
    """Every confirmed release arrives once at the partner, unaltered, and the sender sees it delivered and
    arrived; returns counts for the run's report."""
    assert stack.partner is not None
    partner, sender = stack.partner, stack.users["vanthu"]
    statuses: dict[int, dict[str, Any] | None] = {}
    same = Counter(release.edxml_id for release in confirmed.released.values())
    assert not [k for k, n in same.items() if n > 1], f"two releases share số, ký hiệu and date: {same}"
    deadline = time.monotonic() + DELIVER_WITHIN
    with httpx.Client(base_url=stack.base_url, timeout=60) as client:
        waiting = set(confirmed.released)
        while waiting and time.monotonic() < deadline:
            for document_id in sorted(waiting):
                status = flows.exchange_statuses(client, sender, document_id).get(partner.code)
                statuses[document_id] = status
                if status and status["delivery"] == "delivered" and status["status_code"]:
                    waiting.discard(document_id)
            if waiting:
                time.sleep(1)
        assert not waiting, (
            f"not delivered within {DELIVER_WITHIN}s: {[(confirmed.released[d], statuses[d]) for d in waiting]}"
            f"\n{_exchange_rows(stack, [confirmed.released[d].edxml_id for d in waiting])}"
        )
        received = flows.exchange_received(client, partner.clerk)
        copies = Counter(item["edxml_document_id"] for item in received)
        assert not [k for k, n in copies.items() if n > 1], f"received twice: {copies.most_common(3)}"
        by_id = {item["edxml_document_id"]: item for item in received}
        for document_id, release in confirmed.released.items():
            item = by_id.get(release.edxml_id)
            assert item is not None, f"{release.edxml_id} was confirmed released but never arrived"
            assert (item["state"], item["sender_organ_id"]) == ("pending", AGENCY_CODE), item
            response = client.get(f"/api/v1/exchange/received/{item['id']}/files/0", headers=partner.clerk)
            assert response.status_code == 200, response.text
            assert hashlib.sha256(response.content).hexdigest() == release.sha256, (
                f"{release.edxml_id} altered"
            )
            status = statuses[document_id]
            assert status is not None
            arrived = [h for h in status["history"] if h["status_code"] == "01"]
            assert len(arrived) == 1, (release.edxml_id, status["history"])
    retried = sum(1 for s in statuses.values() if s and s["attempts"] > 1)
    return {"delivered": len(confirmed.released), "retried": retried, "received_in_all": len(received)}


def _found_by(client: httpx.Client, headers: dict[str, str], word: str) -> set[int]:
    found: set[int] = set()
    for page in range(1, 100):
        response = client.get(
            "/api/v1/search", params={"q": word, "page": page, "page_size": 100}, headers=headers
        )
        response.raise_for_status()
        items = response.json()["items"]
        found |= {item["id"] for item in items}
        if len(items) < 100:
            return found
    return found


def _check_searchable(stack: FaultStack, confirmed: Confirmed, back_at: float) -> float:
    """Every confirmed document is found by exactly the users who may open it (the read rule, asked through
    the API), within `HEALED_WITHIN` of the index's return — polled, never repaired. Returns how long after
    the return the last one became right."""
    ids = set(confirmed.files)
    with httpx.Client(base_url=stack.base_url, timeout=60) as client:
        readable = {
            name: {d for d in ids if client.get(f"/api/v1/incoming/{d}", headers=headers).status_code == 200}
            for name, headers in stack.users.items()
        }
        assert readable["vanthu"] == ids, "the clerk who registered them cannot open them all"
        deadline = back_at + HEALED_WITHIN
        while True:
            found = {
                name: _found_by(client, headers, confirmed.tag) & ids for name, headers in stack.users.items()
            }
            if found == readable:
                return time.monotonic() - back_at
            if time.monotonic() > deadline:
                wrong = {
                    name: {
                        "missing": sorted(readable[name] - found[name]),
                        "extra": sorted(found[name] - readable[name]),
                    }
                    for name in found
                    if found[name] != readable[name]
                }
                raise AssertionError(
                    f"not searchable with the right readers {HEALED_WITHIN}s after the index returned: {wrong}"
                )
            time.sleep(1)


def _converge(stack: FaultStack) -> list[str]:
    """Poll until the index matches the database by itself; what the doctor still finds when the deadline
    passed first (empty: converged)."""
    deadline = time.monotonic() + CONVERGE_WITHIN
    with flows.closing_backends(stack.settings) as backends:
        while True:
            report = run_doctor(backends, verify_content=False)
            behind = [
                f"{f.code} {f.subject}: {f.message}" for f in report.findings if f.code.startswith("search.")
            ]
            if not behind or time.monotonic() > deadline:
                return behind
            time.sleep(2)


def _doctor_and_audit(stack: FaultStack) -> dict[str, Any]:
    repaired = flows.eoffice(stack.settings, "doctor", "--repair", "--json", "--grace-minutes", "0")
    assert repaired.stdout, repaired.stderr
    body = json.loads(repaired.stdout)
    never = {"object.missing", "object.checksum_mismatch", "object.unreadable", "audit.broken"}
    assert not [f for f in body["findings"] if f["code"] in never], body["findings"]
    assert repaired.returncode == 0 and body["ok"], body
    with flows.closing_backends(stack.settings) as backends:
        after = run_doctor(backends, grace=timedelta(0))
        assert after.ok and not [f for f in after.findings if f.code in ("object.orphan", *never)], [
            (f.code, f.subject, f.severity, f.message)
            for f in after.findings
            if f.code != "object.orphan_retained"
        ]
        assert not [f for f in after.findings if f.code.startswith("search.")], "the index did not converge"
        with backends.sessions() as session:
            assert verify_chain(session).ok
    return body


# The short run in `make test` kills the API (registration, signing), the worker (exchange) and takes the
# index away (search_outage). Upload and indexing hit the same two victims under the heaviest pipeline load
# (a hundred documents each to extract before the index converges): about a third of the short run's nine
# minutes, so they run in `make test-faults` only.
LONG_RUN_ONLY = frozenset({"upload", "indexing"})
LONG_RUN = "EOFFICE_FAULT_RUNS" in os.environ


@pytest.mark.parametrize("run", range(RUNS), ids=lambda r: f"run{r + 1}")
@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if LONG_RUN or s not in LONG_RUN_ONLY])
def test_kill_9_loses_nothing(fault_stack: FaultStack, scenario: str, run: int, record_property: Any) -> None:
    rng = random.Random(f"{SEED}-{scenario}-{run}")
    victims = _victims(scenario)
    victim_name = victims[run % len(victims)]
    fault_stack.ensure_running()
    quiet_after = _wait_quiet(fault_stack) if scenario in QUIET_FIRST else 0.0
    work, _ = SCENARIOS[scenario]
    confirmed = Confirmed(tag=f"ngungchimuc{SEED % 1000}x{run}")
    stop = threading.Event()
    client = threading.Thread(
        target=_client_loop, args=(fault_stack, work, confirmed, stop, rng), daemon=True
    )
    client.start()
    armed = ARMED_WHEN.get(scenario)
    armed_by = time.monotonic() + 120
    while armed is not None and not armed(confirmed) and time.monotonic() < armed_by:
        time.sleep(0.1)
    time.sleep(rng.uniform(0.3, 4.0))  # the random point in the client's work
    down_from = len(confirmed.files)
    fault_stack.victim(victim_name).kill9()
    time.sleep(OUTAGE.get(scenario) or rng.uniform(0.2, 2.0))
    confirmed_while_down = len(confirmed.files) - down_from
    fault_stack.ensure_running()
    back_at = time.monotonic()
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
    exchange = None
    if scenario == "exchange":
        assert confirmed.released, f"no release was confirmed at all ({confirmed.errors[:3]})"
        exchange = _check_exchange(fault_stack, confirmed)
    healed_after = None
    if scenario == "search_outage":
        assert confirmed_while_down > 0, (
            f"nothing was registered while the index was down ({confirmed.errors[:3]})"
        )
        healed_after = _check_searchable(fault_stack, confirmed, back_at)
    behind = _converge(fault_stack)
    converged = not behind
    if scenario == "search_outage":
        assert converged, f"the doctor still finds the index behind the database: {behind[:5]}"
    body = _doctor_and_audit(fault_stack)
    record_property("victim", victim_name)
    record_property("index_converged_by_itself", converged)
    record_property("doctor_repaired", body["repaired"])
    if exchange is not None:
        record_property("exchange", exchange)
    if healed_after is not None:
        record_property("searchable_after_index_returned_s", round(healed_after, 1))
    print(  # noqa: T201 — shown with -s / in the long run's log: what each run did
        f"{scenario} run {run + 1}: killed {victim_name}; confirmed {len(confirmed.files)} documents, "
        f"{len(confirmed.errors)} failed calls during the outage; index converged by itself: {converged}; "
        f"doctor repaired {body['repaired']}"
        + (f"; exchange {exchange} after waiting {quiet_after:.0f}s for a quiet worker" if exchange else "")
        + (
            f"; {confirmed_while_down} registered while the index was down, all searchable with the right "
            f"readers {healed_after:.0f}s after it returned"
            if healed_after is not None
            else ""
        )
    )
