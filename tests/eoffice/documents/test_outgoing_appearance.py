"""Phụ lục I on documents that went through the real outgoing life, measured on what pdfium renders: a draft
from our own template converted by LibreOffice, and a PDF draft whose text names no signer. The leader's
image sits between the position line and the name over no text; the agency's seal covers the left third of
that image; the caption (agency, signing time) overlaps no text; pyHanko and poppler call both signatures
intact."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.exchange import DocumentPackage, parse_package
from eoffice.exchange.models import OutboundPackage
from signing import TrustSettings
from signing.appearance import MM
from signing.demo_document import DemoDocument, demo_document_pdf
from signing.validation import validate_pdf
from tests.eoffice.documents.conftest import Office
from tests.eoffice.documents.pki import SIGNING_PIN, provision
from tests.eoffice.documents.test_outgoing import _outside_package_queued_once
from tests.eoffice.documents.test_outgoing_life import (
    DOCX,
    _approved,
    _docx,
    _draft_from_template,
    _nss_dir,
    _route,
)
from tests.eoffice.exchange_routes import connect
from tests.eoffice.factories import login, settle
from tests.signing.pdfsig import assert_pdfsig_valid
from tests.signing.seen import Rect, SeenPage, inside, overlaps, seen

TIME = re.compile(r"\d{2}/\d{2}/\d{4}\d{2}:\d{2}:\d{2}\+07:00")  # as pdfium reads it back, spaces dropped


def _agency_field(pdf: bytes, agency_name: str) -> Rect:
    reader = PdfFileReader(io.BytesIO(pdf))
    for embedded in reader.embedded_regular_signatures:
        if embedded.signer_cert.subject.native["common_name"] == agency_name:
            x1, y1, x2, y2 = (float(v) for v in embedded.sig_field["/Rect"])
            return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    raise AssertionError("no agency signature")


def _seal_and_image(page: SeenPage) -> tuple[Rect, Rect]:
    *_, leader_image, seal = page.images
    assert abs(seal[2] - seal[0] - 36 * MM) < 0.5 and abs(seal[3] - seal[1] - 36 * MM) < 0.5, seal
    return leader_image, seal


def _assert_phu_luc_i(pdf: bytes, office: Office, *, signer_block: bool) -> None:
    page = seen(pdf)
    leader_image, seal = _seal_and_image(page)
    assert [c for c, box in page.page_chars if overlaps(box, leader_image)] == [], "the image is over text"
    if signer_block:
        name = min(page.boxes_of(office.leader.full_name), key=lambda box: box[1])
        position = min((b for b in page.boxes_of("CHỦ TỊCH") if b[1] >= name[3]), key=lambda box: box[1])
        assert name[3] <= leader_image[1] and leader_image[3] <= position[1], "between position and name"
    third = leader_image[0] + (leader_image[2] - leader_image[0]) / 3
    assert seal[0] <= leader_image[0] and abs(seal[2] - third) <= 0.5, (seal, leader_image)
    assert seal[1] <= leader_image[1] and leader_image[3] <= seal[3]
    field = _agency_field(pdf, office.agency.name)
    caption = [(c, box) for c, box in page.added_chars if inside(box, field) and not inside(box, seal)]
    shown = "".join(c for c, _ in caption)
    assert office.agency.name.replace(" ", "") in shown and TIME.search(shown), shown
    for char, box in caption:
        assert not overlaps(box, leader_image), char
        assert [c for c, other in page.page_chars if overlaps(box, other)] == [], char


def _sign_and_issue(client: TestClient, office: Office, doc_id: int) -> bytes:
    leader, clerk = login(client, office.leader), login(client, office.clerk)
    signed = client.post(f"/api/v1/outgoing/{doc_id}/sign", json={"pin": SIGNING_PIN}, headers=leader)
    assert signed.status_code == 200, signed.text
    issued = client.post(f"/api/v1/outgoing/{doc_id}/issue", json={"pin": SIGNING_PIN}, headers=clerk)
    assert issued.status_code == 200, issued.text
    return client.get(issued.json()["files"][-1]["download_path"], headers=clerk).content


def _assert_intact(pdf: bytes, root: object, tmp_path: Path) -> None:
    report = validate_pdf(pdf, TrustSettings(roots=(root,), allow_fetching=False))  # type: ignore[arg-type]
    assert [s.intact for s in report.signatures] == [True, True] and report.valid
    path = tmp_path / "issued.pdf"
    path.write_bytes(pdf)
    assert_pdfsig_valid(path, _nss_dir(tmp_path), expect_signatures=2)


def test_a_template_draft_converted_by_libreoffice_gets_the_phu_luc_i_appearances(
    client: TestClient, office: Office, session: Session, backends: Backends, tmp_path: Path
) -> None:
    root = provision(session, backends, office.agency, [office.leader])
    _route(client, office)
    doc_id = _draft_from_template(client, office)["id"]
    _approved(client, office, doc_id)
    settle(backends)  # the worker converts the DOCX with LibreOffice
    issued = _sign_and_issue(client, office, doc_id)
    _assert_phu_luc_i(issued, office, signer_block=True)
    _assert_intact(issued, root, tmp_path)


def test_a_pdf_naming_no_signer_gets_them_in_free_room_on_its_last_page(
    client: TestClient, office: Office, session: Session, backends: Backends, tmp_path: Path
) -> None:
    root = provision(session, backends, office.agency, [office.leader])
    _route(client, office)
    pdf = demo_document_pdf(DemoDocument(signer_name="Trần Thị Bình", position="GIÁM ĐỐC"))
    response = client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps({"title": "Về việc thử vị trí ký", "doc_type": "quyet_dinh"})},
        files={"file": ("Dự thảo.pdf", pdf, "application/pdf")},
        headers=login(client, office.specialist),
    )
    assert response.status_code == 201, response.text
    doc_id = response.json()["id"]
    _approved(client, office, doc_id)
    issued = _sign_and_issue(client, office, doc_id)
    _assert_phu_luc_i(issued, office, signer_block=False)
    _assert_intact(issued, root, tmp_path)


def _attach(client: TestClient, headers: dict[str, str], doc_id: int, *files: tuple[str, bytes, str]) -> Any:
    return client.post(
        f"/api/v1/outgoing/{doc_id}/attachments",
        files=[("files", file) for file in files],
        headers=headers,
    )


def test_separate_attachments_are_signed_by_the_agency_at_issue_and_go_out_with_the_document(
    client: TestClient, office: Office, session: Session, backends: Backends, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = provision(session, backends, office.agency, [office.leader])
    _route(client, office)
    doc_id = _draft_from_template(client, office)["id"]
    specialist = login(client, office.specialist)
    annex = demo_document_pdf(DemoDocument(title="PHỤ LỤC", summary="Danh mục hồ sơ điện tử", pages=1))

    # only the drafter adds them, only PDFs, only while the draft is editable
    refused = _attach(client, login(client, office.leader), doc_id, ("Phụ lục.pdf", annex, "application/pdf"))
    assert refused.status_code == 403, refused.text
    docx_file = ("Phụ lục.docx", _docx(), DOCX)
    not_pdf = _attach(client, specialist, doc_id, docx_file)
    assert not_pdf.status_code in (415, 422) and not_pdf.json()["message"], not_pdf.text
    added = _attach(client, specialist, doc_id, ("Phụ lục I.pdf", annex, "application/pdf"))
    assert added.status_code == 201, added.text
    assert [f["role"] for f in added.json()] == ["attachment"]

    _approved(client, office, doc_id)
    late = _attach(client, specialist, doc_id, ("Phụ lục II.pdf", annex, "application/pdf"))
    assert late.status_code == 409, late.text
    settle(backends)
    _sign_and_issue(client, office, doc_id)
    clerk = login(client, office.clerk)
    issued = client.get(f"/api/v1/outgoing/{doc_id}", headers=clerk).json()
    number_symbol = issued["number_symbol"]
    [signed_annex] = [f for f in issued["files"] if f["role"] == "issued_annex"]
    data = client.get(signed_annex["download_path"], headers=clerk).content

    # signed by the agency, without an image: the main number and the time, top right of the first page
    report = validate_pdf(data, TrustSettings(roots=(root,), allow_fetching=False))
    [signature] = report.signatures
    assert signature.signer and signature.signer.common_name == office.agency.name
    assert signature.intact and report.valid
    page = seen(data, 0)
    assert [box for box in page.images if box not in seen(annex, 0).images] == [], "no image"
    stamp = page.added_chars
    shown = "".join(c for c, _ in stamp)
    assert f"Kèmtheovănbảnsố:{number_symbol}" in shown and TIME.search(shown), shown
    for char, box in stamp:
        assert box[0] > page.width / 2 and box[1] > page.height * 0.85, ("top right", char, box)
        assert [c for c, other in page.page_chars if overlaps(box, other)] == [], char

    # released: the unit's copy and the edXML package carry the issued document and the signed attachment
    outside = {"kind": "external", "organ_id": "000.00.00.G22", "name": "Bộ Nội vụ"}
    connect(session, office.agency.id, outside["organ_id"])  # release refuses an agency it cannot reach
    released = client.post(
        f"/api/v1/outgoing/{doc_id}/release", json={"recipients": [outside]}, headers=clerk
    )
    assert released.status_code == 200, released.text
    [copy_id] = [
        r["incoming_document_id"] for r in released.json()["recipients"] if r["kind"] == "department"
    ]
    copy = client.get(f"/api/v1/incoming/{copy_id}", headers=login(client, office.other_department)).json()
    issued_main = [f for f in issued["files"] if f["role"] == "issued"][-1]
    assert [f["sha256"] for f in copy["files"]] == [issued_main["sha256"], signed_annex["sha256"]]
    _outside_package_queued_once(session, backends, monkeypatch, doc_id)
    [package] = session.scalars(select(OutboundPackage).where(OutboundPackage.document_id == doc_id))
    parsed = parse_package(b"".join(backends.objects.get(package.package_key)))
    assert isinstance(parsed, DocumentPackage)
    assert [hashlib.sha256(a.data).hexdigest() for a in parsed.attachments] == [
        issued_main["sha256"],
        signed_annex["sha256"],
    ]
