"""Đường kẻ ngang: the short lines under the issuer's name (Phụ lục I III.1.b), under the tiêu ngữ (III.2.b)
and under the trích yếu (III.5.c) — whether they are there, and how long they are.

A line is found where Word puts it: a paragraph's bottom border, or a shape (DrawingML, VML) anchored in a
nearby paragraph. A shape's length is in the file; a border is as long as its paragraph, which depends on
the cell it sits in, so its length is not judged. The text's width is estimated from the Times metrics
(Adobe's core-font tables, as pdfminer ships them; Times New Roman has the same widths), after dropping
the Vietnamese marks, which do not widen a letter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from pdfminer.fontmetrics import FONT_METRICS

from eoffice.checks.findings import Finding, Severity
from eoffice.checks.format._findings import at, finding
from eoffice.checks.format._layout import Layout
from eoffice.checks.format._reader import Line
from eoffice.checks.format._text_rules import tieu_ngu_near
from eoffice.checks.format.rules import FormatRules

_FONTS = {
    (False, False): "Times-Roman",
    (True, False): "Times-Bold",
    (False, True): "Times-Italic",
    (True, True): "Times-BoldItalic",
}


def check_drawn_lines(layout: Layout, rules: FormatRules, text_width_cm: float) -> Iterator[Finding]:
    """``text_width_cm``: the page's width between the margins, where a long trích yếu wraps."""
    yield from _issuer_line(layout, rules)
    if layout.tieu_ngu is not None:
        yield from _tieu_ngu_length(layout, layout.tieu_ngu, rules)
    yield from _summary_line(layout, rules, text_width_cm)


def text_width_cm(line: Line) -> float:
    """The printed width of a line's text."""
    total = 0.0
    for run in line.runs:
        widths = FONT_METRICS[_FONTS[(run.bold, run.italic)]][1]
        text = run.text.upper() if run.caps else run.text
        plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        units = sum(widths.get(ch, 500) for ch in plain if not unicodedata.combining(ch))
        total += units / 1000 * (run.size_pt or 13.0) * 2.54 / 72
    return total


def _cm(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _lengths(lines: list[Line]) -> list[float | None]:
    """The drawn lines' lengths, once per paragraph (a paragraph split at its line breaks is several
    ``Line``s sharing its shapes)."""
    paragraphs = {x.index: x for x in lines}
    return [length for x in paragraphs.values() for length in x.drawn_lines]


# code → what the line is under, as the messages name it
_WHAT = {
    "format.issuer_line": "tên cơ quan ban hành",
    "format.summary_line": "trích yếu nội dung",
    "format.tieu_ngu_line": "tiêu ngữ",
}


def missing_line(code: str, line: Line) -> Finding:
    """No line under the element ``line``."""
    if code == "format.tieu_ngu_line":
        return finding(
            code,
            at(line),
            "không có đường kẻ",
            "đường kẻ ngang nét liền dưới tiêu ngữ",
            "Dưới tiêu ngữ phải có đường kẻ ngang, nét liền, dài bằng dòng chữ.",
            severity=Severity.WARNING,
        )
    return finding(
        code,
        at(line),
        "không có đường kẻ",
        "đường kẻ ngang dài 1/3–1/2 dòng chữ",
        f"Dưới {_WHAT[code]} phải có đường kẻ ngang, nét liền, dài từ 1/3 đến 1/2 độ dài dòng chữ, đặt cân "
        "đối so với dòng chữ.",
        severity=Severity.WARNING,
    )


def misdrawn_line(code: str, line: Line, length: float, width: float, rules: FormatRules) -> Finding | None:
    """A line ``length`` cm long under text ``width`` cm wide, when that is not the decree's length."""
    low, high = rules.tieu_ngu_line_ratio if code == "format.tieu_ngu_line" else rules.short_line_ratio
    if low * width <= length <= high * width:
        return None
    if code == "format.tieu_ngu_line":
        expected = f"bằng dòng chữ (khoảng {_cm(width)} cm)"
        wanted = "có độ dài bằng độ dài dòng chữ"
    else:
        expected = f"1/3–1/2 dòng chữ (khoảng {_cm(width / 3)}–{_cm(width / 2)} cm)"
        wanted = "dài từ 1/3 đến 1/2 độ dài dòng chữ"
    return finding(
        code,
        at(line),
        f"đường kẻ dài {_cm(length)} cm",
        expected,
        f"Đường kẻ dưới {_WHAT[code]} {wanted} (dòng chữ khoảng {_cm(width)} cm); đường kẻ đang dài "
        f"{_cm(length)} cm.",
        severity=Severity.WARNING,
    )


def _issuer_line(layout: Layout, rules: FormatRules) -> Iterator[Finding]:
    """III.1.b. Judged where the issuer's name is in the header table's left column: its paragraphs down to
    the number hold the line, unless the header has more shapes than the tiêu ngữ's (one may be this one,
    anchored elsewhere). Against a two-line name, the line may be 1/3 of the shorter line and 1/2 of the
    longer one."""
    names = layout.parents + layout.issuer_lines
    if layout.issuer is None or layout.issuer.region != "header_left":
        return
    start = min(x.index for x in names)
    stop = layout.number.index if layout.number is not None else None
    column = [
        x
        for x in layout.lines
        if x.region == "header_left" and x.index >= start and (stop is None or x.index < stop)
    ]
    # A shape may be anchored lower in the column (in «Số: …») and placed up by its offset.
    if not any(x.has_bottom_border or x.has_drawing for x in layout.lines if x.region == "header_left"):
        last_header = max(x.index for x in layout.lines if x.region.startswith("header"))
        elsewhere = [x for x in layout.lines if x.region == "header_right" or x.index == last_header + 1]
        borders = len({x.index for x in elsewhere if x.has_bottom_border})
        if len(_lengths(elsewhere)) + borders < 2:
            yield missing_line("format.issuer_line", layout.issuer)
        return
    lengths = _lengths(column)
    if len(lengths) != 1 or lengths[0] is None:
        return
    yield from _judged("format.issuer_line", layout.issuer, lengths[0], layout.issuer_lines, rules)


def _judged(code: str, line: Line, length: float, texts: list[Line], rules: FormatRules) -> Iterator[Finding]:
    widths = [text_width_cm(x) for x in texts]
    low, high = rules.short_line_ratio
    if low * min(widths) <= length <= high * max(widths):
        return
    found = misdrawn_line(code, line, length, max(widths), rules)
    if found is not None:
        yield found


def _tieu_ngu_length(layout: Layout, line: Line, rules: FormatRules) -> Iterator[Finding]:
    """III.2.b: the line is as long as the tiêu ngữ. Judged when exactly one shape is near it."""
    lengths = _lengths(tieu_ngu_near(layout, line))
    if len(lengths) != 1 or lengths[0] is None:
        return
    found = misdrawn_line("format.tieu_ngu_line", line, lengths[0], text_width_cm(line), rules)
    if found is not None:
        yield found


def _summary_line(layout: Layout, rules: FormatRules, text_width_cm_: float) -> Iterator[Finding]:
    """III.5.c: under the trích yếu (after the type name), in its paragraph, in the empty paragraphs right
    after it or, placed up by its offset, in the next paragraph with text."""
    if layout.type_name is None or not layout.summary or layout.type_name.region != "body":
        return
    last = layout.summary[-1]
    near = [layout.type_name, *layout.summary]
    for x in layout.lines:
        if x.index <= last.index:
            continue
        near.append(x)
        if not x.empty:
            break
    if not any(x.has_bottom_border or x.has_drawing for x in near):
        yield missing_line("format.summary_line", last)
        return
    lengths = _lengths(near)
    if len(lengths) != 1 or lengths[0] is None:
        return
    width = max(min(text_width_cm(x), text_width_cm_) for x in layout.summary)
    found = misdrawn_line("format.summary_line", last, lengths[0], width, rules)
    if found is not None:
        yield found
