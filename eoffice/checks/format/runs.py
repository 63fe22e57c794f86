"""Sửa chữ trong đoạn văn: edit a paragraph's text without losing the formatting of its runs.

Word splits text into runs at will (``{{ten``, ``_co_quan}}``), so edits work on the paragraph's
concatenated ``w:t`` text and put new text in the run where the edited span starts. Used by the
template filler and by the checker's fixes.
"""

from __future__ import annotations

import difflib
from typing import Any

from docx.oxml.ns import qn

__all__ = ["paragraph_text", "replace_span", "set_text_keeping_runs"]

_W_T = qn("w:t")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _nodes(p_el: Any) -> list[Any]:
    return list(p_el.iter(_W_T))


def paragraph_text(p_el: Any) -> str:
    return "".join(node.text or "" for node in _nodes(p_el))


def replace_span(p_el: Any, start: int, end: int, new: str) -> None:
    """Replace ``text[start:end]`` of the paragraph with ``new``, in the run where ``start`` lies."""
    nodes = _nodes(p_el)
    if not nodes:
        return
    offset = 0
    placed = False
    total = sum(len(node.text or "") for node in nodes)
    for position, node in enumerate(nodes):
        text = node.text or ""
        n0, n1 = offset, offset + len(text)
        offset = n1
        is_last = position == len(nodes) - 1
        if not placed and (n0 <= start < n1 or (start == total and is_last)):
            keep_after = text[end - n0 :] if end <= n1 else ""
            node.text = text[: start - n0] + new + keep_after
            node.set(_XML_SPACE, "preserve")
            placed = True
        elif placed and n0 < end:
            node.text = text[max(0, end - n0) :] if end < n1 else ""
            node.set(_XML_SPACE, "preserve")
        if placed and n1 >= end:
            break


def set_text_keeping_runs(p_el: Any, new_text: str) -> None:
    """Turn the paragraph's text into ``new_text`` with the smallest edits, so untouched runs keep their
    formatting (a leading zero added to ``ngày 5`` lands in the run that held ``5``)."""
    old = paragraph_text(p_el)
    operations = difflib.SequenceMatcher(None, old, new_text, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(operations):
        if tag != "equal":
            replace_span(p_el, i1, i2, new_text[j1:j2])
