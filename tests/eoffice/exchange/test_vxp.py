"""The VXP connector against the local VXP simulator (tests/simulators/vxp.py, real HTTP on loopback): the
adapter's calls and their HMAC, and two eOffice installations exchanging a document over the simulated axis
with the whole status life coming back to the sender (01 → 03 → 04 → 05 → 06), then a recall (13) agreed (15).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from asn1crypto import pem
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.backends import Backends
from eoffice.documents.kinds import DocumentKind, DocumentStatus, DocumentType, FileRole
from eoffice.documents.models import Document, DocumentFile
from eoffice.errors import InvalidInput
from eoffice.exchange import PeerPolicy
from eoffice.exchange._outgoing import attempt_delivery, queue_package
from eoffice.exchange._vxp import request_headers
from eoffice.exchange.edxml import Organization, build_document_package
from eoffice.exchange.errors import TransportFailed
from eoffice.exchange.flow import set_peer
from eoffice.exchange.models import OutboundKind, OutboundPackage, OutboundState, TransportKind
from eoffice.exchange.settings import ExchangeSettings
from eoffice.exchange.transport import Envelope, VxpTransport
from eoffice.keys import signer_for_agency
from eoffice.orgs.models import Agency, User
from signing import PadesSigner
from tests.eoffice.documents import conftest as documents
from tests.eoffice.documents.conftest import Office
from tests.eoffice.documents.pki import SIGNING_PIN, provision
from tests.eoffice.exchange.samples import SENDER, document_package
from tests.eoffice.exchange.test_two_instances import (
    CODES,
    NAMES,
    Instance,
    _blank_pdf,
    _instance,
    _pending,
    _release,
    _statuses,
    _wait_for,
)
from tests.simulators.vxp import System, running

SYSTEMS = {
    "A": System("vxp.A.01", "bi-mat-cua-A-tai-truc-0123456789", CODES["A"], NAMES["A"]),
    "B": System("vxp.B.01", "bi-mat-cua-B-tai-truc-0123456789", CODES["B"], NAMES["B"]),
}
LOOPBACK = PeerPolicy.loopback_allowed()
office = documents.office  # the fixture: the documents tests' agency with its people


def _adapter(url: str, who: str, secret: str | None = None) -> VxpTransport:
    system = SYSTEMS[who]
    return VxpTransport(url, system.systemid, secret or system.secret, system.organ_id, policy=LOOPBACK)


def test_the_adapter_sends_lists_fetches_marks_and_reads_the_directory() -> None:
    a_system = System("vxp.G22", "bi-mat-cua-G22-0123456789", SENDER.organ_id, SENDER.organ_name)
    with running([a_system, SYSTEMS["B"]]) as (url, axis):
        a = VxpTransport(url, a_system.systemid, a_system.secret, SENDER.organ_id, policy=LOOPBACK)
        b = _adapter(url, "B")
        body = build_document_package(document_package(recipients=(Organization(CODES["B"], NAMES["B"]),)))
        receipt = a.send(Envelope(SENDER.organ_id, CODES["B"], "k-1", body))
        assert receipt.transport == "vxp" and receipt.detail["docId"]

        [message] = b.fetch("edoc")
        assert (message.sender, message.body, message.handle) == (
            SENDER.organ_id,
            body,
            receipt.detail["docId"],
        )
        assert b.fetch("status") == []
        b.ack(message.handle)
        assert b.fetch("edoc") == []
        assert a.sent() == [
            {"docId": message.handle, "to": CODES["B"], "messagetype": "edoc", "status": "done"}
        ]
        assert {agency["code"] for agency in b.agencies()} == {SENDER.organ_id, CODES["B"]}
        assert axis.refused == []


def test_the_simulator_checks_the_hmac_and_the_adapter_reports_a_refusal() -> None:
    with running(list(SYSTEMS.values())) as (url, axis):
        with pytest.raises(TransportFailed) as caught:
            _adapter(url, "B", secret="khoa-sai-hoan-toan-0123456789").fetch("edoc")
        assert "401" in caught.value.message
        assert axis.refused == ["signature does not match"]

        # A valid signature over one body does not carry another body.
        system = SYSTEMS["A"]
        fields = {"from": system.organ_id, "servicetype": "eDoc", "messagetype": "edoc"}
        headers = request_headers(system.systemid, system.secret, fields, now=datetime.now(UTC), body=b"<a/>")
        swapped = httpx.post(f"{url}/sendEdoc", content=b"<b/>", headers=headers, timeout=10)
        assert swapped.status_code == 401 and swapped.json()["status"] == "FAIL"
        assert axis.refused[-1] == "body is not the one signed (sha256)"
        assert axis.edocs == []


def _vxp_peer(instance: Instance, url: str, system: System) -> None:
    backends = Backends(instance.settings)
    with backends.sessions() as session:
        agency = session.query(Agency).one()
        set_peer(
            session,
            None,
            agency.id,
            "*",
            transport=TransportKind.VXP,
            endpoint=url,
            secret=system.secret,
            account=system.systemid,
            policy=LOOPBACK,
        )
        session.commit()
    backends.close()


def _issued_document(instance: Instance, number: str, title: str) -> int:
    """An outgoing document numbered and signed with A's agency key (the văn thư types the agency's PIN)."""
    backends = Backends(instance.settings)
    with backends.sessions() as session:
        agency = session.query(Agency).one()
        signer = signer_for_agency(session, backends, agency, SIGNING_PIN)
        signed = PadesSigner(signer).sign(_blank_pdf())
        clerk = session.query(User).filter_by(username="vanthu-a").one()
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
        object_key = f"documents/{document.id}/issued.pdf"
        stored = backends.objects.put(object_key, signed, content_type="application/pdf", immutable=True)
        session.add(
            DocumentFile(
                document_id=document.id,
                role=FileRole.ISSUED,
                version=1,
                object_key=object_key,
                filename=f"{number}-QD-UBND.pdf",
                content_type="application/pdf",
                size=stored.size,
                sha256=stored.sha256,
                immutable=True,
                created_by_id=clerk.id,
            )
        )
        session.commit()
        document_id = int(document.id)
    backends.close()
    return document_id


def _user_id(instance: Instance, username: str) -> int:
    backends = Backends(instance.settings)
    with backends.sessions() as session:
        user_id = session.query(User).filter_by(username=username).one().id
    backends.close()
    return int(user_id)


@pytest.fixture(scope="module")
def over_vxp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("vxp-network")
    a = _instance("A", tmp)
    backends = Backends(a.settings)
    with backends.sessions() as session:
        agency = session.query(Agency).one()
        leader = session.query(User).filter_by(username="lanhdao-a").one()
        ca = provision(session, backends, agency, [leader])
    backends.close()
    ca_file = tmp / "ca-A.pem"
    ca_file.write_bytes(pem.armor("CERTIFICATE", ca.dump()))
    b = _instance("B", tmp, str(ca_file))
    with running(list(SYSTEMS.values())) as (url, axis):
        _vxp_peer(a, url, SYSTEMS["A"])
        _vxp_peer(b, url, SYSTEMS["B"])
        try:
            a.start()
            b.start()
            yield {"A": a, "B": b, "axis": axis}
        finally:
            a.stop()
            b.stop()


def test_two_installations_exchange_a_document_and_its_whole_status_life_over_vxp_then_recall_it(
    over_vxp: dict[str, Any],
) -> None:
    a, b, axis = over_vxp["A"], over_vxp["B"], over_vxp["axis"]
    document_id = _issued_document(a, "07", "Về việc triển khai kết nối trục liên thông")
    _release(a, document_id, ["B"])
    edxml_id = f"{CODES['A']},{clock.today():%Y/%m/%d},07/QĐ-UBND"

    at_b = _wait_for("the package at B through the axis", lambda: _pending(b, edxml_id))
    assert (at_b["state"], at_b["transport"], at_b["warnings"]) == ("pending", "vxp", [])
    _wait_for("A to see 01", lambda: _statuses(a, document_id)[CODES["B"]]["status_code"] == "01")

    accepted = b.api("POST", f"/exchange/received/{at_b['id']}/accept", json={})
    assert accepted.status_code == 200, accepted.text
    incoming_id = accepted.json()["incoming_document_id"]
    _wait_for("A to see 03", lambda: _statuses(a, document_id)[CODES["B"]]["status_code"] == "03")

    leader = _user_id(b, "lanhdao-b")
    assigned = b.api(
        "POST",
        f"/incoming/{incoming_id}/assignments",
        json={"assignments": [{"role": "xu_ly_chinh", "user_id": leader}]},
    )
    assert assigned.status_code == 201, assigned.text
    _wait_for("A to see 04", lambda: _statuses(a, document_id)[CODES["B"]]["status_code"] == "04")

    noted = b.api("POST", f"/incoming/{incoming_id}/notes", user="lanhdao", json={"text": "Đang triển khai"})
    assert noted.status_code == 201, noted.text
    _wait_for("A to see 05", lambda: _statuses(a, document_id)[CODES["B"]]["status_code"] == "05")

    done = b.api("POST", f"/incoming/{incoming_id}/complete", user="lanhdao", json={"result": "Đã kết nối"})
    assert done.status_code == 200, done.text
    to_b = _wait_for(
        "A to see 06",
        lambda: (s := _statuses(a, document_id)[CODES["B"]])["status_code"] == "06" and s,
    )
    assert (to_b["delivery"], to_b["transport"]) == ("delivered", "vxp")
    assert [h["status_code"] for h in to_b["history"]] == ["01", "03", "04", "05", "06"]

    # Everything went through the axis, was fetched and marked done, and no call was refused.
    assert axis.refused == []
    assert {(e.sender, e.recipient, e.messagetype, e.status) for e in axis.edocs} == {
        (CODES["A"], CODES["B"], "edoc", "done"),
        (CODES["B"], CODES["A"], "status", "done"),
    }
    assert len([e for e in axis.edocs if e.messagetype == "status"]) == 5

    # A recalls it (13, the recall package through the axis); B's văn thư agrees (15): B's copy is recalled.
    recalled = a.api("POST", f"/outgoing/{document_id}/recall", json={"reason": "Ban hành sai thẩm quyền"})
    assert recalled.status_code == 200, recalled.text
    recall = _wait_for(
        "the recall at B",
        lambda: next(
            (
                i
                for i in b.api("GET", "/exchange/received?state=pending").json()["items"]
                if i["business_type"] == "revocation"
            ),
            None,
        ),
    )
    assert (recall["edxml_document_id"], recall["incoming_document_id"]) == (edxml_id, incoming_id)
    agreed = b.api("POST", f"/exchange/received/{recall['id']}/recall/agree")
    assert agreed.status_code == 200, agreed.text
    assert b.api("GET", f"/incoming/{incoming_id}").json()["status"] == "recalled"
    to_b = _wait_for(
        "A to see 15",
        lambda: (s := _statuses(a, document_id)[CODES["B"]])["status_code"] == "15" and s,
    )
    assert [h["status_code"] for h in to_b["history"]][-2:] == ["13", "15"]
    assert axis.refused == []


def test_a_delivery_nobody_can_route_fails_at_once_and_an_unanswered_one_after_the_give_up_time(
    session: Session, backends: Backends, office: Office
) -> None:
    agency = session.get(Agency, office.agency.id)
    assert agency is not None

    def queued(organ_id: str) -> int:
        row = queue_package(
            session,
            backends,
            ExchangeSettings(),
            agency=agency,
            kind=OutboundKind.STATUS,
            organ_id=organ_id,
            organ_name="Cơ quan thử gửi",
            edxml_document_id=f"{organ_id},2026/01/01,1/X",
            body=b"<edXML/>",
            idempotency_key=f"give-up-{agency.code}-{organ_id}",
        )
        session.commit()
        return row.id

    # no connection at all: retrying cannot help, so the first attempt ends it, with the reason
    unrouted = queued("000.00.77.H99")
    assert attempt_delivery(backends, ExchangeSettings(), unrouted) == OutboundState.FAILED
    row = session.get(OutboundPackage, unrouted)
    assert row is not None
    session.refresh(row)
    assert row.attempts == 1 and "Chưa khai báo kết nối" in row.last_error

    # a connection that does not answer: retried, and failed once the give-up time has passed
    set_peer(
        session,
        None,
        agency.id,
        "000.00.78.H99",
        transport=TransportKind.DIRECT,
        endpoint="http://127.0.0.1:9",
        secret="bi-mat-du-dai-0123456789",
        policy=LOOPBACK,
    )
    unanswered = queued("000.00.78.H99")
    loopback = ExchangeSettings(peer_networks="127.0.0.0/8")
    assert attempt_delivery(backends, loopback, unanswered) == OutboundState.PENDING
    given_up = ExchangeSettings(peer_networks="127.0.0.0/8", give_up_seconds=0.001)
    assert attempt_delivery(backends, given_up, unanswered) == OutboundState.FAILED
    row = session.get(OutboundPackage, unanswered)
    assert row is not None
    session.refresh(row)
    assert row.last_error.startswith("Đã ngừng gửi sau 2 lần thử")


def test_a_vxp_connection_needs_the_systemid(session: Session, office: Office) -> None:
    with pytest.raises(InvalidInput) as caught:
        set_peer(
            session,
            None,
            office.agency.id,
            "*",
            transport=TransportKind.VXP,
            endpoint="http://127.0.0.1:9",
            secret="bi-mat-du-dai-0123456789",
            policy=LOOPBACK,
        )
    assert caught.value.code == "exchange.account_missing"
