"""Snippets for the embedded adapter: a window of the original text with ``<mark>`` around the matches.

Matches are found in the folded text (so ``cai cach`` marks ``cải cách``), which has one character per
character of the original, so the same offsets mark the original. Everything outside the
marks is HTML-escaped: a document's text can contain anything, the snippet is shown as HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

SNIPPET_LENGTH = 200
_LEAD = 40
_ELLIPSIS = "…"


def find_spans(folded_text: str, phrases: Sequence[Sequence[str]]) -> list[tuple[int, int]]:
    """Where the folded ``phrases`` occur in ``folded_text`` as whole words (words of a phrase in order,
    separated by anything that is not a letter or digit, as the FTS5 tokenizer separates them)."""
    alternatives = [
        r"[\W_]+".join(re.escape(word) for word in phrase)
        for phrase in sorted(phrases, key=len, reverse=True)
    ]
    if not alternatives:
        return []
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")
    return [m.span() for m in pattern.finditer(folded_text)]


def _best_window(spans: list[tuple[int, int]], length: int) -> int:
    """The window start that shows the most matches, preferring the earliest."""
    best_start, best_count = 0, -1
    for span_start, _ in spans:
        start = max(0, span_start - _LEAD)
        count = sum(1 for s, e in spans if s >= start and e <= start + length)
        if count > best_count:
            best_start, best_count = start, count
    return best_start


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Move the window edges to whitespace so no word is cut in half."""
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, min(end, start + 20))
        if space != -1:
            start = space + 1
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", max(start, end - 20), end)
        if space != -1:
            end = space
    return start, end


def make_snippet(text: str, spans: list[tuple[int, int]], length: int = SNIPPET_LENGTH) -> str:
    """An HTML snippet of about ``length`` characters of ``text`` around the densest group of ``spans``."""
    if not text:
        return ""
    spans = sorted(spans)
    start = _best_window(spans, length) if spans else 0
    end = min(len(text), start + length)
    start, end = _snap(text, start, end)
    parts: list[str] = [_ELLIPSIS] if start > 0 else []
    cursor = start
    for span_start, span_end in spans:
        s, e = max(span_start, cursor), min(span_end, end)
        if s >= e:
            continue
        parts.append(html.escape(text[cursor:s], quote=False))
        parts.append(f"<mark>{html.escape(text[s:e], quote=False)}</mark>")
        cursor = e
    parts.append(html.escape(text[cursor:end], quote=False))
    if end < len(text):
        parts.append(_ELLIPSIS)
    return "".join(parts).strip()
