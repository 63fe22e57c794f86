"""Phụ lục I on documents that went through the real outgoing life, measured on what pdfium renders: a draft
from our own template converted by LibreOffice, and a PDF draft whose text names no signer. The leader's
image sits between the position line and the name over no text; the agency's seal covers the left third of
that image; the caption (agency, signing time) overlaps no text; pyHanko and poppler call both signatures
intact."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from fastapi.testclient import TestClient
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from signing import TrustSettings
from signing.appearance import MM
from signing.demo_document import DemoDocument, demo_document_pdf
from signing.validation import validate_pdf
from tests.eoffice.documents.conftest import Office
from tests.eoffice.documents.pki import SIGNING_PIN, provision
from tests.eoffice.documents.test_outgoing_life import _approved, _draft_from_template, _nss_dir, _route
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
