"""Turning an appearance (``signing.appearance``) into a field box and a pyHanko stamp style.

The content streams are written by hand: an image XObject drawn into a rectangle and lines of text in the
prepared Vietnamese font. Everything heavy (font subset, decoded images) comes from caches, so building an
appearance costs a few dictionary objects per document.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from pyhanko.pdf_utils import content, generic, layout
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.stamp.base import BaseStamp, BaseStampStyle

from signing._font import PreparedFont, prepared_font
from signing._image import PreparedImage, prepared_image
from signing._placement import PageSpace, Rect, find_signer_block, free_spot, page_space
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
    """The image as large as ``box`` allows, centred in it; the field is exactly the image (plus the detail
    lines under it when asked for), so nothing of it lies outside the free room the box was cut from."""
    size = appearance.font_size
    texts = []
    if appearance.details:
        texts = [
            f"{appearance.signer_label}: {appearance.signer_name or identity.common_name}",
            f"{appearance.agency_label}: {appearance.agency or identity.organization or ''}".rstrip(": "),
            f"{appearance.time_label}: {when}",
        ]
    image = prepared_image(appearance.signature_image)
    text_height = _text_block_height(len(texts), size) if texts else 0.0
    scale = min(box.width / image.width, (box.height - text_height) / image.height)
    img_w, img_h = image.width * scale, image.height * scale
    width = img_w
    if texts:  # text shrinks to the image's width, down to a legible minimum
        widest_text = max(font.width(text, size) for text in texts)
        if widest_text > img_w - 2:
            size = max(_MIN_FONT_SIZE, size * (img_w - 2) / widest_text)
            widest_text = max(font.width(text, size) for text in texts)
        width = min(box.width, max(img_w, widest_text + 2))
    height = img_h + text_height
    centre_x, centre_y = (box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2
    bottom = centre_y - height / 2
    field = _snapped(box.page, Rect(centre_x - width / 2, bottom, centre_x + width / 2, bottom + height))
    image_rect = Rect(centre_x - img_w / 2, bottom + text_height, centre_x + img_w / 2, bottom + height)
    lines = _shifted(_lines_bottom_up(texts, centre_x - field.x1, size), bottom - field.y1) if texts else ()
    drawing = Drawing(field.width, field.height, (_Image(image, _relative(image_rect, field)),), lines)
    return Placement(field, DrawingStampStyle(drawing=drawing, font=font))


def _snapped(page: int, *rects: Rect) -> Box:
    """The union of ``rects`` grown to whole points: a field's rectangle is written in whole points, and
    everything inside is drawn relative to that exact corner."""
    return Box(
        page,
        math.floor(min(r.x1 for r in rects) + 1e-6),
        math.floor(min(r.y1 for r in rects) + 1e-6),
        math.ceil(max(r.x2 for r in rects) - 1e-6),
        math.ceil(max(r.y2 for r in rects) - 1e-6),
    )


def _relative(rect: Rect, field: Box) -> tuple[float, float, float, float]:
    return (rect.x1 - field.x1, rect.y1 - field.y1, rect.x2 - field.x1, rect.y2 - field.y1)


def _shifted(lines: tuple[_Line, ...], dy: float) -> tuple[_Line, ...]:
    return tuple(replace(line, y=line.y + dy) for line in lines)


_IMAGE_DRAWN = re.compile(rb"([-\d.]+) 0 0 ([-\d.]+) ([-\d.]+) ([-\d.]+) cm /\w+ Do")


def shown_image(widget: generic.DictionaryObject, field: Box) -> Box:
    """Where a signature field shows its image on the page: the largest image its normal appearance draws
    (``q w 0 0 h x y cm /Im0 Do Q``, as our stamps and most signing tools write it), mapped from the
    appearance's bounding box to the field's rectangle; the whole field when no image is found."""
    try:
        stream = widget["/AP"]["/N"]
        data = stream.data
        bbox = [float(v) for v in stream.get("/BBox", [0, 0, field.width, field.height])]
    except (KeyError, TypeError, AttributeError):
        return field
    bx1, bx2 = sorted(bbox[0::2])
    by1, by2 = sorted(bbox[1::2])
    if bx2 - bx1 <= 0 or by2 - by1 <= 0 or "/Matrix" in stream:
        return field
    sx, sy = field.width / (bx2 - bx1), field.height / (by2 - by1)
    images = [tuple(float(v) for v in match.groups()) for match in _IMAGE_DRAWN.finditer(data)]
    images = [(w, h, x, y) for w, h, x, y in images if w > 0 and h > 0]
    if not images:
        return field
    w, h, x, y = max(images, key=lambda image: image[0] * image[1])
    x1, y1 = field.x1 + (x - bx1) * sx, field.y1 + (y - by1) * sy
    return Box(field.page, x1, y1, x1 + w * sx, y1 + h * sy)


def agency_placement(
    appearance: AgencyAppearance,
    leader_image: Box,
    identity: CertificateIdentity,
    when: str,
    font: PreparedFont,
    space: PageSpace | None = None,
) -> Placement:
    """The seal at its real size, its right edge a third of the way into the leader's image and its centre
    at the image's height; the caption (agency, signing time) in the free spot nearest below the seal."""
    size = appearance.font_size
    diameter = appearance.seal_diameter_mm * MM
    seal_right = leader_image.x1 + leader_image.width / 3
    centre_y = (leader_image.y1 + leader_image.y2) / 2
    seal = Rect(seal_right - diameter, centre_y - diameter / 2, seal_right, centre_y + diameter / 2)
    texts = [appearance.agency or identity.organization or identity.common_name, when]
    text_width = max(font.width(text, size) for text in texts) + 4
    text_height = _text_block_height(len(texts), size)
    wanted = (seal.centre - text_width / 2, seal.y1 - text_height)
    image = Rect(leader_image.x1, leader_image.y1, leader_image.x2, leader_image.y2)
    spot = (
        free_spot(space, text_width, text_height, wanted, avoid=(seal, image), margin=10)
        if space is not None
        else None
    )
    caption = spot or Rect(wanted[0], wanted[1], wanted[0] + text_width, wanted[1] + text_height)
    field = _snapped(leader_image.page, seal, caption)
    lines = _shifted(_lines_bottom_up(texts, caption.centre - field.x1, size), caption.y1 - field.y1)
    seal_image = prepared_image(appearance.seal_image)
    drawing = Drawing(field.width, field.height, (_Image(seal_image, _relative(seal, field)),), lines)
    return Placement(field, DrawingStampStyle(drawing=drawing, font=font))


def attachment_placement(
    stamp: AttachmentStamp,
    page_box: tuple[float, float, float, float],
    when: str,
    font: PreparedFont,
    space: PageSpace | None = None,
) -> Placement:
    """Top right of the first page, at the stamp's margins, or the free spot nearest to it."""
    size = stamp.font_size
    texts = [f"{stamp.number_label}: {stamp.main_document_number}", f"{stamp.time_label}: {when}"]
    width = max(font.width(text, size) for text in texts) + 2
    height = _text_block_height(len(texts), size)
    _, _, page_right, page_top = page_box
    x2 = page_right - stamp.margin_right_mm * MM
    y2 = page_top - stamp.margin_top_mm * MM
    spot = free_spot(space, width, height, (x2 - width, y2 - height), margin=5) if space is not None else None
    text = spot or Rect(x2 - width, y2 - height, x2, y2)
    field = _snapped(0, text)
    lines = tuple(
        _Line(line.text, text.x2 - 1 - field.x1, line.y + text.y1 - field.y1, size, align="right")
        for line in _lines_bottom_up(texts, 0, size)
    )
    return Placement(
        field, DrawingStampStyle(drawing=Drawing(field.width, field.height, (), lines), font=font)
    )


def _page_refs(reader: PdfFileReader) -> list[int]:
    count = int(reader.root["/Pages"]["/Count"])
    return [reader.find_page_for_modification(index)[0].idnum for index in range(count)]


def last_visible_signature(reader: PdfFileReader) -> Box:
    """Where the most recently signed visible signature field (the leader's) shows its image."""
    page_ids = _page_refs(reader)
    for embedded in reversed(reader.embedded_regular_signatures):
        widget = embedded.sig_field
        rect = [float(v) for v in widget.get("/Rect", [0, 0, 0, 0])]
        if rect[2] - rect[0] <= 0 or rect[3] - rect[1] <= 0:
            continue
        page_ref = widget.get_value_as_reference("/P") if "/P" in widget else None
        page = page_ids.index(page_ref.idnum) if page_ref is not None and page_ref.idnum in page_ids else 0
        field = Box(
            page, min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3])
        )
        return shown_image(widget, field)
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
        space = page_space(pdf_bytes, leader.page)
        return agency_placement(appearance, leader, identity, when, font, space)
    return attachment_placement(appearance, page_box(reader, 0), when, font, page_space(pdf_bytes, 0))


def format_time(moment: datetime) -> str:
    """The signing time as Nghị định 30 shows it: date; hour, minute, second; Vietnam's zone as an ISO 8601
    offset — ``04/12/2026 10:34:07 +07:00`` (``moment`` is already in the agency's zone)."""
    moment = moment.replace(microsecond=0)
    offset = moment.isoformat()[19:] or "+00:00"
    return f"{moment:%d/%m/%Y %H:%M:%S} {offset}"
