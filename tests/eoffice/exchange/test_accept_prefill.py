"""Tiếp nhận a received package with the sổ đến fields filled (issue 24): the package's edXML metadata wins
where present, what it leaves out is read from its main file with the registration form's reader, a file
that cannot be read leaves the metadata alone (never a 5xx), and the văn thư's corrections are counted per
source — on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.exchange._outgoing import store_package
from eoffice.exchange.edxml import (
    Attachment,
    DocumentPackage,
    DocumentTypeInfo,
    Organization,
    PromulgationInfo,
    SignerInfo,
    build_document_package,
)
from eoffice.exchange.models import ReceivedPackage, ReceivedState
from tests.eoffice.documents import conftest as documents
from tests.eoffice.documents.conftest import Office
from tests.eoffice.exchange.samples import document_package
from tests.eoffice.factories import login
from tests.eoffice.incoming.prefill_corpus import Case, cases, docx_bytes, scan_pdf_image_only, text_pdf

office = documents.office
CASE: Case = next(c for c in cases(12) if c.truth["deadline"] and "date" in c.truth["deadline"])


def _waiting(session: Session, backends: Backends, office: Office, package: DocumentPackage) -> int:
    """A package as `receive` leaves one whose signatures checked out: waiting for the văn thư."""
    item = ReceivedPackage(
        agency_id=office.agency.id,
        sender_organ_id=package.sender.organ_id,
        sender_name=package.sender.organ_name,
        idempotency_key=f"prefill-{package.document_id}",
        transport="direct",
        edxml_document_id=package.document_id,
        number=package.code.number,
        symbol=package.code.notation,
        subject=package.subject,
        promulgation_date=package.promulgation.date,
        business_type=package.business.doc_type.value,
        package_key=store_package(backends, office.agency, "in", build_document_package(package)),
        state=ReceivedState.PENDING,
    )
    session.add(item)
    session.commit()
    return int(item.id)


def _docx_with(document_xml: bytes) -> bytes:
    """A DOCX by its parts whose main part is `document_xml` (broken or hostile)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def _package(office: Office, main_file: bytes, **changes: object) -> DocumentPackage:
    return document_package(
        recipients=(Organization(office.agency.code, office.agency.name),),
        attachments=(Attachment("van-ban.pdf", "application/pdf", main_file, description="Văn bản"),),
        **changes,
    )


def _prefill(client: TestClient, headers: dict[str, str], received_id: int) -> dict[str, Any]:
    answer = client.get(f"/api/v1/exchange/received/{received_id}/prefill", headers=headers)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _registered(
    client: TestClient, headers: dict[str, str], received_id: int, **body: object
) -> dict[str, Any]:
    accepted = client.post(f"/api/v1/exchange/received/{received_id}/accept", json=body, headers=headers)
    assert accepted.status_code == 200, accepted.text
    document = client.get(f"/api/v1/incoming/{accepted.json()['incoming_document_id']}", headers=headers)
    assert document.status_code == 200, document.text
    found: dict[str, Any] = document.json()
    return found


def test_full_metadata_wins_over_what_the_file_says(
    client: TestClient, session: Session, backends: Backends, office: Office
) -> None:
    received_id = _waiting(session, backends, office, _package(office, text_pdf(docx_bytes(CASE))))
    clerk = login(client, office.clerk)

    shown = _prefill(client, clerk, received_id)
    assert shown["issuer_code"] == "000.00.00.G22"
    for field, value in {
        "number": "05",
        "symbol": "QĐ-UBND",
        "issuer": "Ủy ban nhân dân tỉnh Hà Tĩnh",
        "issue_date": "2026-03-05",
        "doc_type": "quyet_dinh",
        "title": "Về việc ban hành Quy chế công tác văn thư",
        "urgency": "khan",
        "deadline": "2026-04-01",
        "signer_name": "Nguyễn Văn An",
    }.items():
        assert shown[field] == {"value": value, "source": "package", "text": "", "where": None}, field

    document = _registered(client, clerk, received_id)
    assert (document["number"], document["symbol"]) == ("05", "QĐ-UBND")
    assert document["title"] == "Về việc ban hành Quy chế công tác văn thư"
    assert document["issuer"] == "Ủy ban nhân dân tỉnh Hà Tĩnh" and document["deadline"] == "2026-04-01"
    assert CASE.truth["symbol"] != "QĐ-UBND" and CASE.truth["summary"] != document["title"]


def test_sparse_metadata_is_filled_from_the_file_with_where_it_was_read(
    client: TestClient, session: Session, backends: Backends, office: Office
) -> None:
    package = _package(
        office,
        text_pdf(docx_bytes(CASE)),
        subject="",
        signer=SignerInfo(),
        due_date=None,
        document_type=DocumentTypeInfo("1", "", ""),
    )
    received_id = _waiting(session, backends, office, package)
    clerk = login(client, office.clerk)

    shown = _prefill(client, clerk, received_id)
    assert shown["input_kind"] == "pdf" and shown["file_index"] == 0 and shown["problem"] == ""
    assert shown["title"]["value"] == CASE.truth["summary"] and shown["title"]["source"] == "document"
    assert shown["signer_name"]["value"] == CASE.truth["signer_name"]
    assert shown["signer_name"]["source"] == "document"
    assert shown["deadline"]["value"] == CASE.truth["deadline"]["date"].isoformat()
    where = shown["title"]["where"]
    assert where["page"] == 1 and len(where["box"]) == 4 and where["box"][0] < where["box"][2]
    # What the package says stays the package's even though the file says otherwise.
    assert shown["number"] == {"value": "05", "source": "package", "text": "", "where": None}
    assert shown["doc_type"]["source"] == "package"  # the ký hiệu QĐ-UBND names a quyết định

    document = _registered(client, clerk, received_id)
    assert document["title"] == CASE.truth["summary"]
    assert document["deadline"] == CASE.truth["deadline"]["date"].isoformat()
    assert (document["number"], document["symbol"]) == ("05", "QĐ-UBND")


def test_a_scanned_main_file_is_read_through_the_pipelines_ocr(
    client: TestClient, session: Session, backends: Backends, office: Office
) -> None:
    case = cases(7)[1]
    scan = scan_pdf_image_only(text_pdf(docx_bytes(case)), case.seed)
    package = _package(office, scan, promulgation=PromulgationInfo("Hà Tĩnh", None))
    received_id = _waiting(session, backends, office, package)
    clerk = login(client, office.clerk)

    shown = _prefill(client, clerk, received_id)
    assert shown["input_kind"] == "scan" and shown["problem"] == ""
    assert shown["issue_date"]["value"] == case.truth["issue_date"].isoformat()
    assert shown["issue_date"]["source"] == "document" and shown["issue_date"]["where"]["page"] == 1
    assert shown["symbol"]["source"] == "package"

    document = _registered(client, clerk, received_id, title="Về việc thử tiếp nhận bản quét")
    assert document["issue_date"] == case.truth["issue_date"].isoformat()


@pytest.mark.parametrize(
    "main_file",
    [
        b"%PDF-1.7\n" + b"\0" * 64,
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + b"A" * 5000,
        _docx_with(b"<w:document><w:body><w:p>Quy\xe1\xba"),
        _docx_with(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'),
    ],
    ids=["empty-pdf", "truncated-pdf", "broken-docx", "external-entity-docx"],
)
def test_a_broken_main_file_leaves_the_metadata_alone(
    client: TestClient, session: Session, backends: Backends, office: Office, main_file: bytes
) -> None:
    package = _package(office, main_file, subject="", signer=SignerInfo())
    received_id = _waiting(session, backends, office, package)
    clerk = login(client, office.clerk)

    shown = _prefill(client, clerk, received_id)
    assert shown["title"] is None and shown["signer_name"] is None
    assert shown["input_kind"] is None and shown["problem"].startswith("Không đọc được tệp “van-ban.pdf”")
    assert shown["number"]["value"] == "05" and shown["issue_date"]["value"] == "2026-03-05"

    document = _registered(client, clerk, received_id)
    assert document["title"] == "Văn bản 05/QĐ-UBND" and document["number"] == "05"


def test_what_the_clerk_corrects_in_the_dialog_is_counted_per_source(
    client: TestClient, session: Session, backends: Backends, office: Office
) -> None:
    package = _package(office, text_pdf(docx_bytes(CASE)), subject="", due_date=None)
    received_id = _waiting(session, backends, office, package)
    clerk = login(client, office.clerk)
    shown = _prefill(client, clerk, received_id)
    fields = ("title", "doc_type", "issuer", "number", "symbol", "issue_date", "urgency", "deadline")
    by_source: dict[str, dict[str, str]] = {"package": {}, "document": {}}
    for field in fields:
        by_source[shown[field]["source"]][field] = shown[field]["value"]
    assert set(by_source["document"]) == {"title", "deadline"}

    document = _registered(
        client,
        clerk,
        received_id,
        # She corrects the trích yếu read from the file and keeps the rest.
        **{
            **by_source["package"],
            **by_source["document"],
            "title": "Về việc kiểm tra công tác văn thư năm 2026",
        },
        prefilled=[
            {"input_kind": "edxml", "values": by_source["package"]},
            {"input_kind": "pdf", "values": by_source["document"]},
        ],
    )
    assert document["title"] == "Về việc kiểm tra công tác văn thư năm 2026"
    rows = {
        (r["field"], r["input_kind"]): (r["filled"], r["kept"])
        for r in client.get("/api/v1/incoming/prefill/accuracy", headers=clerk).json()
    }
    assert rows[("title", "pdf")] == (1, 0) and rows[("deadline", "pdf")] == (1, 1)
    assert rows[("number", "edxml")] == (1, 1) and rows[("issuer", "edxml")] == (1, 1)


def test_only_the_clerk_sees_the_prefill(
    client: TestClient, session: Session, backends: Backends, office: Office
) -> None:
    received_id = _waiting(session, backends, office, _package(office, text_pdf(docx_bytes(CASE))))
    for user in (office.specialist, office.other_agency):
        answer = client.get(f"/api/v1/exchange/received/{received_id}/prefill", headers=login(client, user))
        assert answer.status_code == 404, answer.text
    assert date.fromisoformat(
        _prefill(client, login(client, office.clerk), received_id)["issue_date"]["value"]
    )
