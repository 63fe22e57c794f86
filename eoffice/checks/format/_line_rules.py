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


def _issuer_line(layout: Layout, rules: FormatRules) -> Iterator[Finding]:
    """III.1.b. Judged where the issuer's name is in the header table's left column: its paragraphs down to
    the number hold the line, unless the header has more shapes than the tiêu ngữ's (one may be this one,
    anchored elsewhere)."""
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
    if not any(x.has_bottom_border or x.has_drawing for x in column):
        last_header = max(x.index for x in layout.lines if x.region.startswith("header"))
        elsewhere = [x for x in layout.lines if x.region == "header_right" or x.index == last_header + 1]
        borders = len({x.index for x in elsewhere if x.has_bottom_border})
        if len(_lengths(elsewhere)) + borders < 2:
            yield finding(
                "format.issuer_line",
                at(layout.issuer),
                "không có đường kẻ",
                "đường kẻ ngang dài 1/3–1/2 dòng chữ",
                "Dưới tên cơ quan ban hành phải có đường kẻ ngang, nét liền, dài từ 1/3 đến 1/2 độ dài dòng "
                "chữ, đặt cân đối so với dòng chữ.",
                severity=Severity.WARNING,
            )
        return
    lengths = _lengths(column)
    if len(lengths) != 1 or lengths[0] is None:
        return
    widths = [text_width_cm(x) for x in layout.issuer_lines]
    low, high = rules.short_line_ratio
    length = lengths[0]
    if low * min(widths) <= length <= high * max(widths):
        return
    yield finding(
        "format.issuer_line",
        at(layout.issuer),
        f"đường kẻ dài {_cm(length)} cm",
        f"1/3–1/2 dòng chữ (khoảng {_cm(max(widths) / 3)}–{_cm(max(widths) / 2)} cm)",
        f"Đường kẻ dưới tên cơ quan ban hành dài từ 1/3 đến 1/2 độ dài dòng chữ (dòng chữ khoảng "
        f"{_cm(max(widths))} cm); đường kẻ đang dài {_cm(length)} cm.",
        severity=Severity.WARNING,
    )


def _tieu_ngu_length(layout: Layout, line: Line, rules: FormatRules) -> Iterator[Finding]:
    """III.2.b: the line is as long as the tiêu ngữ. Judged when exactly one shape is near it."""
    lengths = _lengths(tieu_ngu_near(layout, line))
    if len(lengths) != 1 or lengths[0] is None:
        return
    width, length = text_width_cm(line), lengths[0]
    low, high = rules.tieu_ngu_line_ratio
    if low * width <= length <= high * width:
        return
    yield finding(
        "format.tieu_ngu_line",
        at(line),
        f"đường kẻ dài {_cm(length)} cm",
        f"bằng dòng chữ (khoảng {_cm(width)} cm)",
        f"Đường kẻ dưới tiêu ngữ có độ dài bằng độ dài dòng chữ (khoảng {_cm(width)} cm); đường kẻ đang dài "
        f"{_cm(length)} cm.",
        severity=Severity.WARNING,
    )


def _summary_line(layout: Layout, rules: FormatRules, text_width_cm_: float) -> Iterator[Finding]:
    """III.5.c: under the trích yếu (after the type name), in its paragraph or in the empty paragraphs
    right after it."""
    if layout.type_name is None or not layout.summary or layout.type_name.region != "body":
        return
    last = layout.summary[-1]
    near = [layout.type_name, *layout.summary]
    for x in layout.lines:
        if x.index <= last.index:
            continue
        if not x.empty:
            break
        near.append(x)
    if not any(x.has_bottom_border or x.has_drawing for x in near):
        yield finding(
            "format.summary_line",
            at(last),
            "không có đường kẻ",
            "đường kẻ ngang dài 1/3–1/2 dòng chữ",
            "Dưới trích yếu nội dung phải có đường kẻ ngang, nét liền, dài từ 1/3 đến 1/2 độ dài dòng chữ, "
            "đặt cân đối so với dòng chữ.",
            severity=Severity.WARNING,
        )
        return
    lengths = _lengths(near)
    if len(lengths) != 1 or lengths[0] is None:
        return
    width = max(min(text_width_cm(x), text_width_cm_) for x in layout.summary)
    low, high = rules.short_line_ratio
    length = lengths[0]
    if low * width <= length <= high * width:
        return
    yield finding(
        "format.summary_line",
        at(last),
        f"đường kẻ dài {_cm(length)} cm",
        f"1/3–1/2 dòng chữ (khoảng {_cm(width / 3)}–{_cm(width / 2)} cm)",
        f"Đường kẻ dưới trích yếu dài từ 1/3 đến 1/2 độ dài dòng chữ (dòng chữ khoảng {_cm(width)} cm); "
        f"đường kẻ đang dài {_cm(length)} cm.",
        severity=Severity.WARNING,
    )
