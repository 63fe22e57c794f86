"""Trích dẫn trong văn bản thật: citations read from text as PDFs and Word give it, wraps and hyphens undone.

``search.find_citations`` reads a citation written on one line. Text extracted from a PDF breaks lines where the
layout wrapped them ("của Chính \\nphủ", "Luật Tổ chức chính quyền\\nđịa phương"), and PDFium returns a hyphen at
the end of a line as U+FFFE with the line break removed ("30/2020/NĐ\\ufffeCP"); a DOCX may hold a soft hyphen
(U+00AD) or a manual line break (Shift+Enter) inside a citation. ``read_citations`` undoes these first, then
reads, so the issuer, the date and the whole symbol survive the wrap. It also keeps the year written after a
law's or code's name without ``năm`` (``Bộ luật Lao động 2019``), which the parser leaves out.

Offsets (``start``/``end``) index the text given (NFC); ``text`` is the citation as read, wraps undone.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence

from eoffice.legal.citation_keys import NAMED_TYPES
from search.citations import Citation, find_citations

__all__ = ["continues_line", "page_break", "read_citations", "unwrap"]

_PDF_HYPHEN = "\ufffe"  # PDFium: a hyphen the layout put at the end of a line
_SOFT_HYPHEN = "\u00ad"
_TERMINAL = tuple(".;:!?")
_NEW_ITEM = re.compile(
    r"(?:[-–•+*]\s|\d{1,2}[.)]\s|[a-zđ]\)\s|(?:Điều|Chương|Mục|Phần)\s+\w|(?:Căn cứ|Theo|Xét)\s)"
)
_PAGE_NUMBER = re.compile(r"(?:[-–]\s*)?\d{1,3}(?:\s*[-–])?")
_MOTTO = re.compile(r"Hạnh\s+phúc$", re.IGNORECASE)  # the tiêu ngữ ends its line, whatever follows
_BARE_YEAR = re.compile(r"[ \t\u00a0]+((?:19|20)\d\d)(?![\w/.,\-]\w)")


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def continues_line(previous: str, following: str) -> bool:
    """Whether ``following`` is the same paragraph as ``previous``, wrapped by the layout.

    A line that ends a sentence or a căn cứ (``.``, ``;``, ``:``…) ends its paragraph; a line that starts a new
    item (``Căn cứ``, ``Theo đề nghị``, ``Xét``, a bullet, ``Điều 1``…) or a heading in capitals starts one; so
    does the line after the tiêu ngữ, and after a blank line (``page_break`` decides whether a paragraph went on
    to the next page). Any other line break is a wrap.
    """
    before, after = previous.rstrip(), following.strip()
    if not before or not after or before.endswith(_TERMINAL) or _MOTTO.search(before):
        return False
    if _NEW_ITEM.match(after):
        return False
    for line in (before, after):
        letters = _letters(line)
        if len(letters) >= 6 and all(ch.isupper() for ch in letters):
            return False  # a heading (QUYẾT ĐỊNH, ỦY BAN NHÂN DÂN…), never half a citation
    return True


def page_break(lines: Sequence[str], index: int) -> int | None:
    """Where the paragraph broken by a page break at ``lines[index]`` goes on, or ``None``.

    A PDF's pages are joined by a blank line, and the next page may start with its number (``2``, ``- 2 -``);
    when the line before the break does not end its paragraph and the line after continues it, the paragraph
    simply went on to the next page (``của ⏎⏎2⏎Thủ tướng Chính phủ``).
    """
    if index == 0 or index >= len(lines) or lines[index].strip():
        return None
    after = index + 1
    if after < len(lines) and _PAGE_NUMBER.fullmatch(lines[after].strip()):
        after += 1
    if after < len(lines) and continues_line(lines[index - 1], lines[after]):
        return after
    return None


def unwrap(text: str) -> tuple[str, list[int]]:
    """``text`` with wraps and hyphenation undone, and for each character of the result its offset in ``text``.

    A wrap becomes one space; a hyphen or slash at the end of a line inside a symbol (``NĐ-⏎CP``,
    ``30/2020/⏎NĐ-CP``) joins without one; PDFium's U+FFFE is the hyphen it stands for (before a capital or a
    digit: a symbol, ``Rịa-Vũng Tàu``) or nothing (a word hyphenated by the layout); a soft hyphen is dropped;
    a page break inside a paragraph (``page_break``) is a wrap, the page number left out.
    """
    if not any(ch in text for ch in ("\n", _PDF_HYPHEN, _SOFT_HYPHEN)):
        return text, list(range(len(text)))
    out: list[str] = []
    where: list[int] = []
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    number = 0
    while number < len(lines):
        line, offset = lines[number], starts[number]
        if number:
            previous = lines[number - 1]
            resumed = page_break(lines, number)
            if resumed is not None:
                previous, number = lines[number - 1], resumed
                line, offset = lines[number], starts[number]
            joins = _joins_without_space(out, line)
            if joins or continues_line(previous, line):
                while out and out[-1] in " \t":
                    out.pop()
                    where.pop()
                if not joins:
                    out.append(" ")
                    where.append(offset - 1)
                line_start = len(line) - len(line.lstrip(" \t"))
                _append(out, where, line[line_start:], offset + line_start)
                number += 1
                continue
            out.append("\n")
            where.append(offset - 1)
        _append(out, where, line, offset)
        number += 1
    return "".join(out), where


def _joins_without_space(out: list[str], line: str) -> bool:
    """A line break right after a hyphen or slash inside a symbol, or before the slash of a number."""
    tail = "".join(out[-3:]).rstrip(" \t")
    head = line.lstrip(" \t")
    if not tail or not head:
        return False
    if tail.endswith(("-", "/")) and len(tail) >= 2 and tail[-2].isalnum() and head[0].isalnum():
        return True
    return tail[-1].isdigit() and head.startswith("/")


def _append(out: list[str], where: list[int], line: str, offset: int) -> None:
    for i, ch in enumerate(line):
        if ch == _SOFT_HYPHEN:
            continue
        if ch == _PDF_HYPHEN:
            after = line[i + 1 : i + 2]
            if not after.strip() or after.isupper() or after.isdigit():  # at a line's end: joined as a hyphen
                out.append("-")
                where.append(offset + i)
            continue
        out.append(ch)
        where.append(offset + i)


def read_citations(text: str) -> list[Citation]:
    """Every citation in ``text``, in reading order, read across wraps and hyphens (see the module)."""
    original = unicodedata.normalize("NFC", text)
    clean, where = unwrap(original)
    found: list[Citation] = []
    for c in find_citations(clean):
        end = c.end
        year = c.year
        if c.type in NAMED_TYPES and c.name and c.number is None and c.year is None:
            bare = _BARE_YEAR.match(clean, end)
            if bare:
                end, year = bare.end(), int(bare.group(1))
        start_at = where[c.start] if c.start < len(where) else len(original)
        end_at = where[end - 1] + 1 if end > 0 else 0
        found.append(dataclasses.replace(c, start=start_at, end=end_at, text=clean[c.start : end], year=year))
    return found
