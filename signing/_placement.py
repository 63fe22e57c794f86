"""Where things may go on a page: the signer block (chức vụ … họ tên) and free space, from pdfium's text layer.

Phụ lục I wants the leader's image between the position line and the name and the agency's caption where a
reader can read it, so both are placed against what is already on the page: every character box of the text
layer (merged into runs, one per word group) and every annotation (the leader's field, the number and date
fields). The seal alone may lie over text, as a real seal does on paper.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from signing.appearance import Box, SignerBlock
from signing.errors import SignerBlockNotFoundError
from signing.pdfium_lock import PDFIUM_LOCK

_MIN_HEIGHT = 18.0  # less room than this between position and name: no signature image fits
_MAX_HEIGHT = 72.0  # a signature image is at most about 25 mm tall, however much room there is
_MAX_WIDTH = 230.0
_PAD = 2.0  # kept clear around text
_RUN_GAP = 3.0  # characters closer than this on one line form one obstacle


@dataclass(frozen=True)
class Rect:
    """A rectangle in page points (bottom-left origin)."""

    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def centre(self) -> float:
        return (self.x1 + self.x2) / 2

    def overlaps(self, other: Rect) -> bool:
        return self.x1 < other.x2 and other.x1 < self.x2 and self.y1 < other.y2 and other.y1 < self.y2


def _char_rects(textpage: pdfium.PdfTextPage) -> list[Rect]:
    rects: list[Rect] = []
    for index in range(textpage.count_chars()):
        left, bottom, right, top = textpage.get_charbox(index)
        if right > left and top > bottom:
            rects.append(Rect(left, bottom, right, top))
    return rects


def _runs(chars: Sequence[Rect]) -> list[Rect]:
    """Character boxes merged along their line, so a search tests a few dozen boxes instead of thousands."""
    runs: list[Rect] = []
    for char in chars:
        last = runs[-1] if runs else None
        if (
            last is not None
            and char.y1 < last.y2
            and last.y1 < char.y2
            and -_RUN_GAP <= char.x1 - last.x2 <= _RUN_GAP
        ):
            runs[-1] = Rect(
                min(last.x1, char.x1), min(last.y1, char.y1), max(last.x2, char.x2), max(last.y2, char.y2)
            )
        else:
            runs.append(char)
    return runs


def _annotation_rects(page: pdfium.PdfPage) -> list[Rect]:
    rects = []
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        try:
            rect = pdfium_c.FS_RECTF()
            if pdfium_c.FPDFAnnot_GetRect(annot, rect):
                x1, x2 = sorted((rect.left, rect.right))
                y1, y2 = sorted((rect.bottom, rect.top))
                if x2 > x1 and y2 > y1:
                    rects.append(Rect(x1, y1, x2, y2))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return rects


@dataclass(frozen=True)
class PageSpace:
    """What is on one page: its size and the boxes a new drawing must keep clear of."""

    page: int
    width: float
    height: float
    obstacles: tuple[Rect, ...]

    def free(self, rect: Rect, extra: Iterable[Rect] = ()) -> bool:
        return not any(rect.overlaps(o) for o in (*self.obstacles, *extra))


def page_space(pdf_bytes: bytes, page_index: int) -> PageSpace:
    """Text runs and annotation rectangles of ``page_index`` (negative counts from the end)."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf_bytes)
        try:
            index = page_index % len(document)
            page = document[index]
            width, height = page.get_size()
            obstacles = (*_runs(_char_rects(page.get_textpage())), *_annotation_rects(page))
        finally:
            document.close()
    return PageSpace(index, width, height, tuple(obstacles))


def free_spot(
    space: PageSpace,
    width: float,
    height: float,
    anchor: tuple[float, float],
    *,
    avoid: Sequence[Rect] = (),
    margin: float = 20.0,
) -> Rect | None:
    """The ``width`` × ``height`` rectangle nearest to ``anchor`` (its wanted bottom-left corner) that
    overlaps no obstacle and nothing in ``avoid``, inside the page less ``margin``; None when none exists.

    Row by row (one point apart, nearest rows first), the allowed left edges are the page's width minus each
    obstacle's forbidden interval; the best candidate of a row is the allowed left edge nearest the anchor."""
    obstacles = [Rect(o.x1 - _PAD, o.y1 - _PAD, o.x2 + _PAD, o.y2 + _PAD) for o in (*space.obstacles, *avoid)]
    ax, ay = anchor
    low_x, high_x = margin, space.width - margin - width
    low_y, high_y = margin, space.height - margin - height
    if high_x < low_x or high_y < low_y:
        return None
    best: tuple[float, Rect] | None = None
    offsets = sorted(range(-int(space.height), int(space.height) + 1), key=abs)
    for dy in offsets:
        if best is not None and abs(dy) >= best[0]:
            break
        y1 = ay + dy
        if not low_y <= y1 <= high_y:
            continue
        blocked = sorted((o.x1 - width, o.x2) for o in obstacles if o.y1 < y1 + height and y1 < o.y2)
        intervals, start = [], low_x
        for left, right in blocked:
            if left > start:
                intervals.append((start, min(left, high_x)))
            start = max(start, right)
        if start <= high_x:
            intervals.append((start, high_x))
        for left, right in intervals:
            if right < left:
                continue
            x1 = min(max(ax, left), right)
            distance = (abs(x1 - ax) ** 2 + dy**2) ** 0.5
            if best is None or distance < best[0]:
                best = (distance, Rect(x1, y1, x1 + width, y1 + height))
    return best[1] if best is not None else None


@dataclass(frozen=True)
class _Hit:
    left: float
    bottom: float
    right: float
    top: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def _hits(textpage: pdfium.PdfTextPage, needle: str) -> list[_Hit]:
    found: list[_Hit] = []
    searcher = textpage.search(unicodedata.normalize("NFC", needle), match_case=False, match_whole_word=False)
    while (occurrence := searcher.get_next()) is not None:
        start, count = occurrence
        boxes = [textpage.get_charbox(index) for index in range(start, start + count)]
        boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]]
        if boxes:
            found.append(
                _Hit(
                    left=min(b[0] for b in boxes),
                    bottom=min(b[1] for b in boxes),
                    right=max(b[2] for b in boxes),
                    top=max(b[3] for b in boxes),
                )
            )
    return found


def _signer_box(page_index: int, textpage: pdfium.PdfTextPage, name: _Hit, block: SignerBlock) -> Box:
    """The free room above the name, up to the position line (or the nearest text above the name's column),
    as wide as the text beside it allows."""
    runs = _runs(_char_rects(textpage))
    column = Rect(name.centre - 60, name.top, name.centre + 60, name.top + 400)
    above = [
        hit for hit in (_hits(textpage, block.position) if block.position else []) if hit.bottom >= name.top
    ]
    above = [hit for hit in above if abs(hit.centre - name.centre) < 120]
    if above:
        position = min(above, key=lambda hit: hit.bottom - name.top)
        ceiling, centre = position.bottom, (position.centre + name.centre) / 2
    else:
        over = [r.y1 for r in runs if r.y1 >= name.top - 0.5 and r.x1 < column.x2 and column.x1 < r.x2]
        ceiling, centre = min(over, default=name.top + _MAX_HEIGHT + 2 * _PAD), name.centre
    y1, y2 = name.top + _PAD, ceiling - _PAD
    if y2 - y1 < _MIN_HEIGHT:
        raise SignerBlockNotFoundError(
            "Không đủ chỗ giữa chức vụ và họ tên người ký để đặt chữ ký.", detail=block.name
        )
    if y2 - y1 > _MAX_HEIGHT:
        middle = (y1 + y2) / 2
        y1, y2 = middle - _MAX_HEIGHT / 2, middle + _MAX_HEIGHT / 2
    # as wide as the band between the two lines is free of text on both sides (the "Nơi nhận" column)
    half = _MAX_WIDTH / 2
    for run in runs:
        if run.y1 < y2 and y1 < run.y2:
            if run.x2 <= centre:
                half = min(half, centre - run.x2 - _PAD)
            elif run.x1 >= centre:
                half = min(half, run.x1 - centre - _PAD)
    if half < _MIN_HEIGHT:
        raise SignerBlockNotFoundError("Không đủ chỗ để đặt chữ ký.", detail=block.name)
    return Box(page_index, centre - half, y1, centre + half, y2)


def find_signer_block(pdf_bytes: bytes, block: SignerBlock) -> Box:
    """The free box between the last position line and the signer's name, searched from the last page."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf_bytes)
        try:
            for page_index in reversed(range(len(document))):
                textpage = document[page_index].get_textpage()
                names = _hits(textpage, block.name)
                if names:
                    name = min(names, key=lambda hit: hit.bottom)  # the lowest one: the signature line
                    return _signer_box(page_index, textpage, name, block)
        finally:
            document.close()
    raise SignerBlockNotFoundError(detail=block.name)


def fallback_box(pdf_bytes: bytes, width: float = 170.0, height: float = 64.0) -> Box:
    """Room for a signature on the last page when the text names no signer: the free spot nearest the
    lower right, just under the last line of text (where a signer block would be)."""
    space = page_space(pdf_bytes, -1)
    lowest = min((o.y1 for o in space.obstacles), default=space.height / 2)
    anchor = (space.width - 60 - width, lowest - 30 - height)
    spot = free_spot(space, width, height, anchor)
    if spot is None:
        spot = free_spot(space, width / 2, height / 2, anchor)
    if spot is None:
        raise SignerBlockNotFoundError("Trang cuối không còn chỗ trống để đặt chữ ký.")
    return Box(space.page, spot.x1, spot.y1, spot.x2, spot.y2)
