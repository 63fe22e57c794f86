"""Finding the signer block (chức vụ … họ tên) in a PDF's text with pdfium's text layer."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pypdfium2 as pdfium

from signing.appearance import Box, SignerBlock
from signing.errors import SignerBlockNotFoundError
from signing.pdfium_lock import PDFIUM_LOCK

_MIN_HEIGHT = 42.0
_DEFAULT_HEIGHT = 64.0
_MAX_WIDTH = 230.0


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


def find_signer_block(pdf_bytes: bytes, block: SignerBlock) -> Box:
    """Box between the last occurrence of the position line and the signer's name, searched from the end."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf_bytes)
        try:
            for page_index in reversed(range(len(document))):
                page = document[page_index]
                textpage = page.get_textpage()
                names = _hits(textpage, block.name)
                if not names:
                    continue
                name = min(names, key=lambda hit: hit.bottom)  # the lowest one: the signature line
                above = _hits(textpage, block.position) if block.position else []
                above = [
                    hit for hit in above if hit.bottom >= name.top and abs(hit.centre - name.centre) < 120
                ]
                centre = name.centre
                if above:
                    position = min(above, key=lambda hit: hit.bottom - name.top)
                    y1, y2 = name.top + 2, position.bottom - 2
                    widest = max(position.right - position.left, name.right - name.left)
                    centre = (position.centre + name.centre) / 2
                else:
                    y1, y2 = name.top + 2, name.top + 2 + _DEFAULT_HEIGHT
                    widest = name.right - name.left
                if y2 - y1 < _MIN_HEIGHT:
                    y2 = y1 + _MIN_HEIGHT
                width = min(_MAX_WIDTH, max(widest + 40, 1.8 * (y2 - y1)))
                return Box(page_index, centre - width / 2, y1, centre + width / 2, y2)
        finally:
            document.close()
    raise SignerBlockNotFoundError(detail=block.name)
