"""A quirky package delivered to the real inbox is kept with its warnings, which the văn thư reads in the
received queue and its detail; a package that cannot be read is refused with a Vietnamese reason."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from eoffice.exchange import PeerPolicy
from eoffice.exchange._hmac import sign_headers
from eoffice.exchange.edxml import Organization, build_document_package
from eoffice.exchange.flow import set_peer
from eoffice.exchange.models import TransportKind
from tests.eoffice.documents import conftest as documents
from tests.eoffice.documents.conftest import Office
from tests.eoffice.exchange.samples import SENDER, document_package
from tests.eoffice.factories import login

SECRET = "khoa-dung-chung-kiem-thu-0123456789"
INBOX = "/api/v1/exchange/inbox"
office = documents.office  # the fixture: the documents tests' agency with its people


def _deliver(client: TestClient, office: Office, body: bytes, key: str) -> tuple[int, dict[str, object]]:
    headers = sign_headers(
        SECRET, "POST", INBOX, sender=SENDER.organ_id, recipient=office.agency.code, key=key, body=body
    )
    response = client.post(INBOX, content=body, headers={**headers, "Content-Type": "application/xml"})
    return response.status_code, response.json()


def _peer(session: Session, office: Office) -> None:
    set_peer(
        session,
        None,
        office.agency.id,
        SENDER.organ_id,
        transport=TransportKind.DIRECT,
        endpoint="http://127.0.0.1:9",
        secret=SECRET,
        policy=PeerPolicy.loopback_allowed(),
    )
    session.commit()


def _quirky(office: Office) -> bytes:
    package = document_package(recipients=(Organization(office.agency.code, office.agency.name),))
    body = build_document_package(package)
    # a length prefix before <?xml, DocumentId moved last, the manifest under its other name
    message_end = b"</edXML:MessageHeader>"
    document_id = body[body.index(b"<edXML:DocumentId>") : body.index(b"</edXML:DocumentId>") + 19]
    body = body.replace(document_id, b"", 1).replace(message_end, document_id + message_end, 1)
    body = body.replace(b"edXML:edXMLManifest", b"edXML:Manifest")
    return b"4096" + body


def test_the_clerk_sees_what_deviated_in_a_package_that_was_read(
    client: TestClient, office: Office, session: Session
) -> None:
    _peer(session, office)
    status, answer = _deliver(client, office, _quirky(office), "quirky-1")
    assert status == 200, answer
    headers = login(client, office.clerk)

    listed = client.get("/api/v1/exchange/received", headers=headers).json()["items"]
    item = next(i for i in listed if i["id"] == answer["id"])
    warnings = item["warnings"]
    assert any("byte lạ trước khai báo <?xml" in w for w in warnings)
    assert any("DocumentId đứng sau" in w for w in warnings)
    assert any("Manifest thay cho edXMLManifest" in w for w in warnings)
    detail = client.get(f"/api/v1/exchange/received/{answer['id']}", headers=headers).json()
    assert detail["warnings"] == warnings and detail["summary"]["warnings"] == warnings
    assert detail["number"] == "05" and detail["symbol"] == "QĐ-UBND"


def test_a_package_without_files_is_refused_in_vietnamese(
    client: TestClient, office: Office, session: Session
) -> None:
    _peer(session, office)
    package = document_package(
        recipients=(Organization(office.agency.code, office.agency.name),), attachments=()
    )
    status, answer = _deliver(client, office, build_document_package(package), "no-files-1")
    assert status == 422
    assert answer["code"] == "edxml.invalid" and "không có tệp" in str(answer["message"])
