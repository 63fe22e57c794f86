"""Turning an appearance (``signing.appearance``) into a field box and a pyHanko stamp style.

The content streams are written by hand: an image XObject drawn into a rectangle and lines of text in the
prepared Vietnamese font. Everything heavy (font subset, decoded images) comes from caches, so building an
appearance costs a few dictionary objects per document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.stamp.base import BaseStamp, BaseStampStyle

from signing._font import PreparedFont, prepared_font
from signing._image import PreparedImage, prepared_image
from signing._placement import find_signer_block
from signing.appearance import (
    MM,
    AgencyAppearance,
    Appearance,
    AttachmentStamp,
    Box,
    LeaderAppearance,
    SignerBlock,
)
from signing.errors import SignerBlockNotFoundError
from signing.identity import CertificateIdentity

LINE_SPACING = 1.2
_MIN_FONT_SIZE = 5.0


@dataclass(frozen=True)
class _Image:
    image: PreparedImage
    rect: tuple[float, float, float, float]  # inside the field, x1 y1 x2 y2


@dataclass(frozen=True)
class _Line:
    text: str
    x: float  # centre of the line inside the field
    y: float  # baseline
    size: float
    align: str = "centre"


@dataclass(frozen=True)
class Drawing:
    """What goes inside one signature field: images, then text lines on top."""

    width: float
    height: float
    images: tuple[_Image, ...] = ()
    lines: tuple[_Line, ...] = ()


class _DrawingStamp(BaseStamp):
    def __init__(self, writer: BasePdfFileWriter, style: DrawingStampStyle, box: layout.BoxConstraints):
        super().__init__(writer=writer, style=style, box=box)
        self._drawing = style.drawing
        assert style.font is not None or not style.drawing.lines
        self._font = style.font

    def _render_inner_content(self) -> list[bytes]:
        ops: list[bytes] = []
        assert self.writer is not None
        for index, image in enumerate(self._drawing.images):
            name = f"/Im{index}"
            self.set_resource(content.ResourceType.XOBJECT, pdf_name(name), image.image.add_to(self.writer))
            x1, y1, x2, y2 = image.rect
            ops.append(b"q %g 0 0 %g %g %g cm %s Do Q" % (x2 - x1, y2 - y1, x1, y1, name.encode()))
        if self._drawing.lines and self._font is not None:
            self.set_resource(
                content.ResourceType.FONT,
                pdf_name("/F1"),
                self._font.add_to(self.writer, tuple(line.text for line in self._drawing.lines)),
            )
            ops.append(b"0 g BT")
            for line in self._drawing.lines:
                glyphs, width = self._font.encode(line.text)
                x = line.x - width * line.size / 1000 * (0.5 if line.align == "centre" else 1.0)
                ops.append(b"/F1 %g Tf 1 0 0 1 %g %g Tm %s Tj" % (line.size, x, line.y, glyphs))
            ops.append(b"ET")
        return ops


@dataclass(frozen=True)
class DrawingStampStyle(BaseStampStyle):
    """pyHanko stamp style that paints a prepared :class:`Drawing` (no border, no default text)."""

    border_width: int = 0
    drawing: Drawing = field(default_factory=lambda: Drawing(0, 0))
    font: PreparedFont | None = None

    def create_stamp(
        self, writer: BasePdfFileWriter, box: layout.BoxConstraints, text_params: dict[str, object]
    ) -> BaseStamp:
        return _DrawingStamp(writer, self, box)


@dataclass(frozen=True)
class Placement:
    box: Box
    style: DrawingStampStyle


def _text_block_height(lines: int, size: float) -> float:
    return lines * size * LINE_SPACING + 2


def _lines_bottom_up(texts: list[str], centre: float, size: float) -> tuple[_Line, ...]:
    lines = []
    for order, text in enumerate(reversed(texts)):
        lines.append(_Line(text, centre, 2 + size * 0.25 + order * size * LINE_SPACING, size))
    return tuple(lines)


def leader_placement(
    appearance: LeaderAppearance,
    box: Box,
    identity: CertificateIdentity,
    when: str,
    font: PreparedFont,
) -> Placement:
    size = appearance.font_size
    texts = [
        f"{appearance.signer_label}: {appearance.signer_name or identity.common_name}",
        f"{appearance.agency_label}: {appearance.agency or identity.organization or ''}".rstrip(": "),
        f"{appearance.time_label}: {when}",
    ]
    image = prepared_image(appearance.signature_image)
    text_height = _text_block_height(len(texts), size)
    scale = min(box.width / image.width, (box.height - text_height) / image.height)
    img_w, img_h = image.width * scale, image.height * scale
    # The field is exactly as wide as the image (text shrinks to fit, down to a legible minimum), so the
    # agency seal can find the image again from the field's rectangle alone.
    widest_text = max(font.width(text, size) for text in texts)
    if widest_text > img_w - 2:
        size = max(_MIN_FONT_SIZE, size * (img_w - 2) / widest_text)
        widest_text = max(font.width(text, size) for text in texts)
    width = max(img_w, widest_text + 2)
    centre_x = (box.x1 + box.x2) / 2
    field = Box(box.page, centre_x - width / 2, box.y1, centre_x + width / 2, box.y2)
    rect = ((width - img_w) / 2, text_height, (width + img_w) / 2, text_height + img_h)
    drawing = Drawing(width, field.height, (_Image(image, rect),), _lines_bottom_up(texts, width / 2, size))
    return Placement(field, DrawingStampStyle(drawing=drawing, font=font))


def leader_image_area(field: Box, font_size: float = 7.0) -> Box:
    """Where a leader field made by :func:`leader_placement` shows its image (approximately)."""
    return Box(field.page, field.x1, field.y1 + _text_block_height(3, font_size), field.x2, field.y2)


def agency_placement(
    appearance: AgencyAppearance,
    leader_field: Box,
    identity: CertificateIdentity,
    when: str,
    font: PreparedFont,
) -> Placement:
    size = appearance.font_size
    diameter = appearance.seal_diameter_mm * MM
    area = leader_image_area(leader_field)
    seal_right = area.x1 + area.width / 3
    centre_y = (area.y1 + area.y2) / 2
    texts = [appearance.agency or identity.organization or identity.common_name, when]
    text_width = max(font.width(text, size) for text in texts) + 4
    text_height = _text_block_height(len(texts), size)
    width = max(diameter, text_width)
    centre_x = seal_right - diameter / 2
    field = Box(
        leader_field.page,
        centre_x - width / 2,
        centre_y - diameter / 2 - text_height,
        centre_x + width / 2,
        centre_y + diameter / 2,
    )
    image = prepared_image(appearance.seal_image)
    seal_rect = ((width - diameter) / 2, text_height, (width + diameter) / 2, text_height + diameter)
    drawing = Drawing(
        width, field.height, (_Image(image, seal_rect),), _lines_bottom_up(texts, width / 2, size)
    )
    return Placement(field, DrawingStampStyle(drawing=drawing, font=font))


def attachment_placement(
    stamp: AttachmentStamp, page_box: tuple[float, float, float, float], when: str, font: PreparedFont
) -> Placement:
    size = stamp.font_size
    texts = [f"{stamp.number_label}: {stamp.main_document_number}", f"{stamp.time_label}: {when}"]
    width = max(font.width(text, size) for text in texts) + 2
    height = _text_block_height(len(texts), size)
    _, _, page_right, page_top = page_box
    x2 = page_right - stamp.margin_right_mm * MM
    y2 = page_top - stamp.margin_top_mm * MM
    field = Box(0, x2 - width, y2 - height, x2, y2)
    lines = tuple(
        _Line(line.text, width - 1, line.y, size, align="right") for line in _lines_bottom_up(texts, 0, size)
    )
    return Placement(field, DrawingStampStyle(drawing=Drawing(width, height, (), lines), font=font))


def _page_refs(reader: PdfFileReader) -> list[int]:
    count = int(reader.root["/Pages"]["/Count"])
    return [reader.find_page_for_modification(index)[0].idnum for index in range(count)]


def last_visible_signature(reader: PdfFileReader) -> Box:
    """The rectangle of the most recently signed visible signature field (the leader's)."""
    page_ids = _page_refs(reader)
    for embedded in reversed(reader.embedded_regular_signatures):
        widget = embedded.sig_field
        rect = [float(v) for v in widget.get("/Rect", [0, 0, 0, 0])]
        if rect[2] - rect[0] <= 0 or rect[3] - rect[1] <= 0:
            continue
        page_ref = widget.get_value_as_reference("/P") if "/P" in widget else None
        page = page_ids.index(page_ref.idnum) if page_ref is not None and page_ref.idnum in page_ids else 0
        return Box(
            page, min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])
        )
    raise SignerBlockNotFoundError("Chưa có chữ ký hiển thị của người có thẩm quyền để đóng dấu lên.")


def page_box(reader: PdfFileReader, page: int) -> tuple[float, float, float, float]:
    page_obj = reader.find_page_for_modification(page)[0].get_object()
    media = page_obj.get("/CropBox") or page_obj.get("/MediaBox") or [0, 0, 595, 842]
    x1, y1, x2, y2 = (float(v) for v in media)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def place(
    appearance: Appearance,
    pdf_bytes: bytes,
    reader: PdfFileReader,
    identity: CertificateIdentity,
    when: str,
    font_path: Path,
) -> Placement:
    """Compute the field box and the stamp style for ``appearance`` on this document."""
    font = prepared_font(font_path)
    if isinstance(appearance, LeaderAppearance):
        box = appearance.place
        if isinstance(box, SignerBlock):
            box = find_signer_block(pdf_bytes, box)
        return leader_placement(appearance, box, identity, when, font)
    if isinstance(appearance, AgencyAppearance):
        leader = appearance.place or last_visible_signature(reader)
        return agency_placement(appearance, leader, identity, when, font)
    return attachment_placement(appearance, page_box(reader, 0), when, font)


def format_time(moment: datetime) -> str:
    """ISO 8601 with seconds and the +07:00 offset, as Nghị định 30 asks."""
    return moment.replace(microsecond=0).isoformat()
