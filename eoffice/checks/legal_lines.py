"""Where the căn cứ check reads: the draft's paragraphs, its `Căn cứ` lines and its own date.

Paragraphs are numbered 1-based in reading order with table cells included, the numbering the format checker
uses, so both checks point at the same ``đoạn``. Plain text is read one line per paragraph.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eoffice.checks.text import fold
from eoffice.legal.citations import continues_line, page_break

__all__ = [
    "DraftDate",
    "Paragraph",
    "docx_paragraphs",
    "find_draft_date",
    "is_basis_line",
    "text_paragraphs",
    "wrapped_paragraphs",
]

_BULLET = re.compile(r"^[\s\-–•+*]+")
_DATE_LINE = re.compile(
    r"^[^\n,;:]{2,60},\s*ngày\s*(?P<d>\d{1,2})?[\s.…_]*tháng\s*(?P<m>\d{1,2})?[\s.…_]*năm\s*(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_OWN_NUMBER = re.compile(r"^Số\s*:\s*\S*\s+(?=\S)", re.IGNORECASE)
_HEADER_PARAGRAPHS = 30


@dataclass(frozen=True)
class Paragraph:
    index: int
    text: str


@dataclass(frozen=True)
class DraftDate:
    """The draft's own date line (``Hà Nội, ngày 05 tháng 3 năm 2024``); a blank day/month leaves the year."""

    date: dt.date | None
    year: int | None
    paragraph: int | None = None


def text_paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(i, line) for i, line in enumerate(unicodedata.normalize("NFC", text).splitlines(), 1)]


def wrapped_paragraphs(lines: list[Paragraph]) -> list[Paragraph]:
    """Lines of a PDF's text joined into the paragraphs the layout wrapped (``eoffice.legal.continues_line``),
    also across a page break (``eoffice.legal.page_break``).

    A paragraph keeps the index of its first line, so a finding points at the line where its citation starts;
    its lines stay separated by ``\\n`` for ``eoffice.legal.unwrap`` to join.
    """
    texts = [line.text for line in lines]
    joined: list[Paragraph] = []
    number = 0
    while number < len(lines):
        if joined:
            last = joined[-1]
            resumed = page_break(texts, number)
            if resumed is not None and last.text.rsplit("\n", 1)[-1] == texts[number - 1]:
                text = "\n".join([last.text, *texts[number : resumed + 1]])
                joined[-1], number = Paragraph(last.index, text), resumed + 1
                continue
            if continues_line(last.text.rsplit("\n", 1)[-1], texts[number]):
                joined[-1] = Paragraph(last.index, last.text + "\n" + texts[number])
                number += 1
                continue
        joined.append(lines[number])
        number += 1
    return joined


def docx_paragraphs(docx: Any) -> list[Paragraph]:
    """The paragraphs of a DOCX given as a python-docx ``Document``, bytes or a path.

    Bytes and paths go through the format checker's package inspection first (zip bombs, encrypted files),
    which raises ``UnreadableDraft`` / ``UnsafeDraft``.
    """
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as DocxParagraph

    document = docx if hasattr(docx, "element") else _open(docx)
    body = document.element.body
    return [
        Paragraph(i, unicodedata.normalize("NFC", DocxParagraph(p, document).text))
        for i, p in enumerate(body.iter(qn("w:p")), 1)
    ]


def _open(source: bytes | str | Path) -> Any:
    import docx as python_docx

    from eoffice.checks.errors import UnreadableDraft
    from eoffice.checks.format.package import inspect_package

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    inspect_package(data)
    try:
        return python_docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 — python-docx raises many types for a malformed package
        raise UnreadableDraft("docx.not_a_docx", f"Tệp Word bị hỏng ({type(exc).__name__}).") from None


def is_basis_line(line: str) -> bool:
    """A ``Căn cứ ...`` line (also with a leading dash or bullet, in any case or tone placement)."""
    return fold(_BULLET.sub("", line)).startswith("CAN CU ")


def find_draft_date(paragraphs: list[Paragraph]) -> DraftDate:
    """The date line in the header (before the first ``Căn cứ`` line), or no date."""
    for paragraph in paragraphs[:_HEADER_PARAGRAPHS]:
        if is_basis_line(paragraph.text):
            break
        for line in paragraph.text.splitlines():
            # in a PDF, «Số: 12/QĐ-UBND» and the place and date share one text line
            m = _DATE_LINE.match(_OWN_NUMBER.sub("", line.strip()))
            if not m:
                continue
            year = int(m.group("y"))
            if m.group("d") and m.group("m"):
                try:
                    return DraftDate(
                        dt.date(year, int(m.group("m")), int(m.group("d"))), year, paragraph.index
                    )
                except ValueError:
                    pass
            return DraftDate(None, year, paragraph.index)
    return DraftDate(None, None)
