"""What a reader sees on a signed page, measured with pdfium (not with our own layout code): the boxes of the
images the signature fields draw, the characters of the page's own text, and the characters the fields add."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Rect = tuple[float, float, float, float]


def overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(inner: Rect, outer: Rect, slack: float = 0.5) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


@dataclass(frozen=True)
class SeenPage:
    width: float
    height: float
    page_chars: list[tuple[str, Rect]]  # the page's own text layer (fields not drawn)
    shown_chars: list[tuple[str, Rect]]  # after the fields' appearances are drawn into the page
    images: list[Rect]  # every image drawn, in page points, page content and fields alike

    def boxes_of(self, needle: str) -> list[Rect]:
        """The box of each occurrence of ``needle`` (spaces ignored) in the page's own text."""
        text = "".join(c for c, _ in self.page_chars)
        target = unicodedata.normalize("NFC", needle).replace(" ", "")
        found, start = [], text.find(target)
        while start >= 0:
            boxes = [box for _, box in self.page_chars[start : start + len(target)]]
            found.append(
                (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
            )
            start = text.find(target, start + 1)
        return found

    @property
    def added_chars(self) -> list[tuple[str, Rect]]:
        """Characters the signature fields show (in the flattened page, not in the page's own text)."""
        own = {(c, tuple(round(v) for v in box)) for c, box in self.page_chars}
        return [(c, box) for c, box in self.shown_chars if (c, tuple(round(v) for v in box)) not in own]


def _chars(textpage: pdfium.PdfTextPage) -> list[tuple[str, Rect]]:
    chars = []
    for index in range(textpage.count_chars()):
        box = textpage.get_charbox(index)
        char = textpage.get_text_range(index, 1)
        if char.strip() and box[2] > box[0] and box[3] > box[1]:
            chars.append((char, (box[0], box[1], box[2], box[3])))
    return chars


def _images(page: pdfium.PdfPage) -> list[Rect]:
    """Image boxes in page space: each object's bounds are in its container's space, so the matrices of the
    form XObjects around it are applied (pdfium yields a form, then its contents one level deeper)."""
    found: list[Rect] = []
    stack: list[pdfium.PdfMatrix] = [pdfium.PdfMatrix()]
    for obj in page.get_objects(max_depth=8):
        del stack[obj.level + 1 :]
        outer = stack[-1]
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            stack.append(obj.get_matrix().multiply(outer))
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = obj.get_bounds()
            x1, y1, x2, y2 = outer.on_rect(left, bottom, right, top)
            found.append((min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))
    return found


def seen(pdf: bytes, page_index: int = -1) -> SeenPage:
    plain = pdfium.PdfDocument(pdf)
    try:
        index = page_index % len(plain)
        width, height = plain[index].get_size()
        page_chars = _chars(plain[index].get_textpage())
    finally:
        plain.close()
    document = pdfium.PdfDocument(pdf)
    try:
        document.init_forms()
        if document.formenv is not None:  # pdfium sets up no form environment for a PDF without fields
            document[index].flatten()
        buffer = io.BytesIO()
        document.save(buffer)
    finally:
        document.close()
    flat = pdfium.PdfDocument(buffer.getvalue())
    try:
        page = flat[index]
        return SeenPage(width, height, page_chars, _chars(page.get_textpage()), _images(page))
    finally:
        flat.close()
