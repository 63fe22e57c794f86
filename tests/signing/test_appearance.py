"""What a person sees: the signature image, the seal and the Vietnamese text, where the decree puts them."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from signing import AgencyAppearance, AttachmentStamp, Box, LeaderAppearance, PadesSigner, SignerBlock
from signing.demo_document import demo_document_pdf
from signing.demo_images import seal_image, signature_image
from signing.validation import validate_pdf
from tests.signing.conftest import TestPKI

SCALE = 2.0


@pytest.fixture(scope="module")
def issued(pki: TestPKI) -> bytes:
    document = demo_document_pdf()
    leader = PadesSigner(pki.signer("leader")).sign(
        document,
        appearance=LeaderAppearance(
            signature_image("Nguyễn Văn An"), SignerBlock("Nguyễn Văn An", "CHỦ TỊCH")
        ),
    )
    return PadesSigner(pki.signer("agency")).sign(
        leader, appearance=AgencyAppearance(seal_image("UBND tỉnh Demo"))
    )


def _field_rects(data: bytes) -> dict[str, tuple[float, float, float, float]]:
    reader = PdfFileReader(io.BytesIO(data))
    rects = {}
    for embedded in reader.embedded_regular_signatures:
        x1, y1, x2, y2 = (float(v) for v in embedded.sig_field["/Rect"])
        rects[embedded.signer_cert.subject.native["common_name"]] = (x1, y1, x2, y2)
    return rects


def _count(image, rect, height: float, predicate) -> int:
    x1, y1, x2, y2 = rect
    box = (int(x1 * SCALE), int((height - y2) * SCALE), int(x2 * SCALE), int((height - y1) * SCALE))
    return sum(1 for pixel in image.crop(box).getdata() if predicate(pixel))


def is_blue(pixel) -> bool:
    r, g, b = pixel[:3]
    return b > 150 and r < 110 and g < 130


def is_red(pixel) -> bool:
    r, g, b = pixel[:3]
    return r > 170 and g < 100 and b < 100


def test_leader_image_between_position_and_name_and_seal_overlaps_left_third(issued: bytes) -> None:
    rects = _field_rects(issued)
    leader, agency = rects["Nguyễn Văn An"], rects["UBND tỉnh Demo"]
    document = pdfium.PdfDocument(issued)
    document.init_forms()
    page = document[len(document) - 1]
    height = page.get_height()
    textpage = page.get_textpage()
    position = textpage.search("CHỦ TỊCH").get_next()
    name = textpage.search("Nguyễn Văn An").get_next()
    assert position is not None and name is not None
    position_bottom = textpage.get_charbox(position[0])[1]
    name_top = textpage.get_charbox(name[0])[3]
    assert name_top <= leader[1] and leader[3] <= position_bottom, (
        "the signature sits between position and name"
    )

    image = page.render(scale=SCALE).to_pil().convert("RGB")
    assert _count(image, leader, height, is_blue) > 200
    assert _count(image, agency, height, is_red) > 500
    # The seal covers the left part of the leader's image and ends about a third of the way in.
    assert agency[0] < leader[0] < agency[2] < leader[0] + (leader[2] - leader[0]) / 2
    right_part = (leader[0] + (leader[2] - leader[0]) * 0.5, leader[1], leader[2], leader[3])
    assert _count(image, right_part, height, is_red) < 50  # at most stray anti-aliased edge pixels
    document.close()


def test_appearance_text_extracts_back_in_vietnamese(issued: bytes) -> None:
    document = pdfium.PdfDocument(issued)
    document.init_forms()
    page = document[len(document) - 1]
    page.flatten()  # draws the widget appearances into the page content, where the text layer sees them
    document_bytes = io.BytesIO()
    document.save(document_bytes)
    document.close()
    flat = pdfium.PdfDocument(document_bytes.getvalue())
    text = flat[len(flat) - 1].get_textpage().get_text_range()
    assert "Người ký: Nguyễn Văn An" in text
    assert "Cơ quan: UBND tỉnh Demo" in text
    assert "+07:00" in text
    assert text.count("UBND tỉnh Demo") >= 2  # the leader's agency line and the agency seal's own text
    flat.close()


def test_attachment_stamp_top_right_of_first_page(pki: TestPKI) -> None:
    attached = demo_document_pdf()
    signed = PadesSigner(pki.signer("agency")).sign(attached, appearance=AttachmentStamp("05/QĐ-UBND"))
    assert validate_pdf(signed, pki.trust()).valid
    (rect,) = _field_rects(signed).values()
    document = pdfium.PdfDocument(signed)
    document.init_forms()
    page = document[0]
    width, height = page.get_width(), page.get_height()
    assert rect[0] > width / 2 and rect[1] > height * 0.85, "top right of the first page"
    page.flatten()
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    flat = pdfium.PdfDocument(buffer.getvalue())
    text = flat[0].get_textpage().get_text_range()
    assert "Kèm theo văn bản số: 05/QĐ-UBND" in text
    assert "Thời gian ký: " in text and "+07:00" in text
    flat.close()


def test_explicit_box(pki: TestPKI) -> None:
    document = demo_document_pdf()
    box = Box(page=0, x1=350, y1=100, x2=550, y2=200)
    signed = PadesSigner(pki.signer("leader")).sign(
        document, appearance=LeaderAppearance(signature_image("An"), box)
    )
    (rect,) = _field_rects(signed).values()
    assert 350 <= rect[0] < rect[2] <= 550 and rect[1] == pytest.approx(100, abs=1)
