"""What a person sees: the signature image, the seal and the Vietnamese text, where the decree puts them."""

from __future__ import annotations

import ctypes
import io
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from signing import (
    VIETNAM_TIME,
    AgencyAppearance,
    AttachmentStamp,
    Box,
    LeaderAppearance,
    PadesSigner,
    SignerBlock,
    SignerBlockNotFoundError,
    fallback_box,
)
from signing._layout import format_time
from signing.appearance import MM
from signing.demo_document import DemoDocument, demo_document_pdf
from signing.demo_images import seal_image, signature_image
from signing.validation import validate_pdf
from tests.signing.conftest import TestPKI
from tests.signing.pdfsig import assert_pdfsig_valid
from tests.signing.seen import Rect, SeenPage, inside, overlaps, seen

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


def _seal_and_image(page: SeenPage) -> tuple[Rect, Rect]:
    """The seal (the square image, 36 mm wide) and the leader's image (the other one a field draws)."""
    *_, leader_image, seal = page.images
    assert seal[2] - seal[0] == pytest.approx(36 * MM, abs=0.5) == seal[3] - seal[1]
    return leader_image, seal


def _assert_phu_luc_i(page: SeenPage, agency_field: Rect, position: str | None, name: str | None) -> None:
    """Phụ lục I as a reader sees it, with every box measured by pdfium on the rendered page."""
    leader_image, seal = _seal_and_image(page)
    # the leader's image overlaps no text of the page, between the position line and the name
    assert [c for c, box in page.page_chars if overlaps(box, leader_image)] == []
    if position and name:
        name_box = min(page.boxes_of(name), key=lambda box: box[1])  # the signature line: the lowest
        above = [box for box in page.boxes_of(position) if box[1] >= name_box[3]]
        position_box = min(above, key=lambda box: box[1])
        assert name_box[3] <= leader_image[1] and leader_image[3] <= position_box[1]
    # the seal covers the left third of the image (its box from the image's left edge to a third across, over
    # the image's whole height) and no more
    width = leader_image[2] - leader_image[0]
    assert seal[0] <= leader_image[0] and seal[1] <= leader_image[1] and seal[3] >= leader_image[3]
    assert seal[2] == pytest.approx(leader_image[0] + width / 3, abs=0.5)
    # the caption (agency, time) overlaps no text of the page, nor the leader's image
    caption = [(c, box) for c, box in page.added_chars if inside(box, agency_field) and not inside(box, seal)]
    shown = "".join(c for c, _ in caption)
    assert "UBNDtỉnhDemo" in shown and re.search(r"\d{2}/\d{2}/\d{4}\d{2}:\d{2}:\d{2}\+07:00", shown), shown
    for char, box in caption:
        assert not overlaps(box, leader_image), char
        assert [c for c, other in page.page_chars if overlaps(box, other)] == [], char


def test_leader_image_between_position_and_name_and_seal_overlaps_left_third(issued: bytes) -> None:
    rects = _field_rects(issued)
    _assert_phu_luc_i(seen(issued), rects["UBND tỉnh Demo"], "CHỦ TỊCH", "Nguyễn Văn An")

    document = pdfium.PdfDocument(issued)
    document.init_forms()
    page = document[len(document) - 1]
    height = page.get_height()
    image = page.render(scale=SCALE, may_draw_forms=True).to_pil().convert("RGB")
    leader_image, seal = _seal_and_image(seen(issued))
    assert _count(image, leader_image, height, is_blue) > 200, "the signature is blue"
    assert _count(image, seal, height, is_red) > 500, "the seal is red"
    right_part = (leader_image[0] + (leader_image[2] - leader_image[0]) * 0.5, *leader_image[1:])
    assert _count(image, right_part, height, is_red) < 50  # at most stray anti-aliased edge pixels
    document.close()


def test_both_signatures_stay_intact_for_pyhanko_and_pdfsig(
    issued: bytes, pki: TestPKI, tmp_path: Path
) -> None:
    report = validate_pdf(issued, pki.trust())
    assert [s.intact for s in report.signatures] == [True, True] and report.valid
    path = tmp_path / "issued.pdf"
    path.write_bytes(issued)
    assert_pdfsig_valid(path, pki.nss_dir, expect_signatures=2)


def test_without_a_signer_block_the_signature_goes_to_free_room_on_the_last_page(pki: TestPKI) -> None:
    document = demo_document_pdf(DemoDocument(signer_name="Trần Thị Bình"))
    appearance = LeaderAppearance(signature_image("Nguyễn Văn An"), SignerBlock("Nguyễn Văn An", "CHỦ TỊCH"))
    with pytest.raises(SignerBlockNotFoundError):
        PadesSigner(pki.signer("leader")).sign(document, appearance=appearance)
    box = fallback_box(document)
    assert box.page == 1
    leader = PadesSigner(pki.signer("leader")).sign(document, appearance=replace(appearance, place=box))
    issued = PadesSigner(pki.signer("agency")).sign(
        leader, appearance=AgencyAppearance(seal_image("UBND tỉnh Demo"))
    )
    _assert_phu_luc_i(seen(issued), _field_rects(issued)["UBND tỉnh Demo"], None, None)
    assert validate_pdf(issued, pki.trust()).valid


def test_the_signing_time_reads_date_hour_minute_second_and_zone() -> None:
    moment = datetime(2026, 12, 4, 10, 34, 7, 512000, tzinfo=VIETNAM_TIME)
    assert format_time(moment) == "04/12/2026 10:34:07 +07:00"


def test_leader_details_are_drawn_only_when_asked(pki: TestPKI, issued: bytes) -> None:
    assert "Người ký" not in "".join(c for c, _ in seen(issued).added_chars)
    signed = PadesSigner(pki.signer("leader")).sign(
        demo_document_pdf(),
        appearance=LeaderAppearance(
            signature_image("Nguyễn Văn An"), SignerBlock("Nguyễn Văn An", "CHỦ TỊCH"), details=True
        ),
    )
    page = seen(signed)
    shown = "".join(c for c, _ in page.added_chars)
    assert "Ngườiký:NguyễnVănAn" in shown and "Cơquan:UBNDtỉnhDemo" in shown and "+07:00" in shown
    for char, box in page.added_chars:
        assert [c for c, other in page.page_chars if overlaps(box, other)] == [], char


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
    assert re.search(r"Thời gian ký: \d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2} \+07:00", text), text
    textpage = flat[0].get_textpage()
    stamp = [
        i
        for i in range(textpage.count_chars())
        if textpage.get_text_range(i, 1).strip() and inside(textpage.get_charbox(i), rect)
    ]
    assert stamp
    for index in stamp:  # Times New Roman (metric-compatible Liberation Serif), 10 pt, black
        assert pdfium_c.FPDFText_GetFontSize(textpage.raw, index) == pytest.approx(10, abs=0.05)
        r, g, b, a = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
        assert pdfium_c.FPDFText_GetFillColor(textpage.raw, index, r, g, b, a)
        assert (r.value, g.value, b.value) == (0, 0, 0)
    page_chars = seen(attached, 0).page_chars
    assert [c for c, box in page_chars if overlaps(box, rect)] == [], "over no text of the page"
    flat.close()


def test_explicit_box(pki: TestPKI) -> None:
    document = demo_document_pdf()
    box = Box(page=0, x1=350, y1=100, x2=550, y2=200)
    signed = PadesSigner(pki.signer("leader")).sign(
        document, appearance=LeaderAppearance(signature_image("An"), box)
    )
    (rect,) = _field_rects(signed).values()
    assert 350 <= rect[0] < rect[2] <= 550 and 100 <= rect[1] < rect[3] <= 200
    assert (rect[1] + rect[3]) / 2 == pytest.approx(150, abs=1), "centred in the box given"
