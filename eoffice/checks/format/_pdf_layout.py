"""Thể thức read from where a PDF puts its text and its drawn lines: the rules a DOCX states in its
paragraph properties, a PDF only shows in the positions of its lines.

A paragraph is rebuilt from its lines: a body paragraph's first line starts one indent right of the text's
left edge, its other lines start at the edge, and a gap wider than the line pitch ends it. From these
follow the first-line indent, the spacing between lines and between paragraphs, the alignment (a
justified paragraph's lines but the last reach the right edge) and the margins (the text block's edges).
The short lines under the issuer's name, the tiêu ngữ and the trích yếu are path objects just below their
text. Every measure is judged with a tolerance wider than what LibreOffice's and Word's rendering varies
by, since a finding on a correct draft costs more than a miss.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from eoffice.checks.findings import Finding, Location
from eoffice.checks.format._findings import at, finding, font_color
from eoffice.checks.format._layout import Layout, is_basis
from eoffice.checks.format._line_rules import misdrawn_line, missing_line
from eoffice.checks.format._reader import Line
from eoffice.checks.format.rules import FormatRules
from eoffice.checks.text import fold
from signing.pdfium_lock import PDFIUM_LOCK

__all__ = ["Rule", "check_pdf_layout", "drawn_rules", "read_body"]

_POINTS_PER_MM = 72 / 25.4
_POINTS_PER_CM = 72 / 2.54
_PROPOSAL = ("THEO DE NGHI", "XET DE NGHI")
_ENDS = ("PHU LUC", "(KEM THEO", "KEM THEO")


@dataclass(frozen=True)
class Rule:
    """A horizontal line drawn on a page (a shape, a VML line or a paragraph border), in points."""

    page: int
    x0: float
    x1: float
    y: float
    border: bool = False  # drawn twice, as LibreOffice draws a paragraph's border

    @property
    def length(self) -> float:
        return self.x1 - self.x0


def drawn_rules(data: bytes) -> list[Rule]:
    """The horizontal path objects of every page: thin (under 3 pt) and at least 5 pt long. A line drawn
    twice at the same place is a paragraph border (LibreOffice draws them so), kept once."""
    rules: list[Rule] = []
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            for number in range(len(pdf)):
                page = pdf[number]
                for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,)):
                    left, bottom, right, top = obj.get_bounds()
                    if top - bottom < 3 and right - left >= 5:
                        rules.append(
                            Rule(number + 1, round(left, 1), round(right, 1), round((top + bottom) / 2, 1))
                        )
                page.close()
        finally:
            pdf.close()
    twice = {r for r in rules if rules.count(r) > 1}
    once = {replace(r, border=r in twice) for r in rules}
    return sorted(once, key=lambda r: (r.page, -r.y, r.x0))


def _box(line: Line) -> tuple[float, float, float, float]:
    assert line.box is not None
    return line.box


def _y(line: Line, baselines: dict[int, float]) -> float:
    """The line's baseline (its box's bottom follows a first letter's descender)."""
    return baselines.get(line.index, _box(line)[1])


def _size(line: Line) -> float:
    sizes = [r.size_pt for r in line.visible_runs() if r.size_pt]
    return max(sizes) if sizes else 13.0


def _mm(points: float) -> str:
    return f"{points / _POINTS_PER_MM:.1f}".replace(".", ",")


def _under(line: Line, rules: list[Rule], floor: float, ceiling: float | None = None) -> list[Rule]:
    """Drawn lines below ``line``'s text (or ``ceiling``) and above ``floor``, centred under its span; with
    a ``ceiling``, any line under the text's span at that height (a shape anchored in another paragraph may
    be drawn off its centre)."""
    x0, y, x1, _ = _box(line)
    centre = (x0 + x1) / 2
    top = y + 2 if ceiling is None else ceiling
    return [
        r
        for r in rules
        if r.page == line.page
        and floor < r.y < top
        and (
            abs((r.x0 + r.x1) / 2 - centre) < max(0.25 * (x1 - x0), 6)
            or (ceiling is not None and min(r.x1, x1) - max(r.x0, x0) > 0.3 * r.length)
        )
    ]


def _line_findings(layout: Layout, rules: list[Rule], limits: FormatRules) -> Iterator[Finding]:
    """III.1.b, III.2.b, III.5.c on the drawn page: a line under the issuer's name, the tiêu ngữ and the
    trích yếu, 1/3–1/2 of the text (the tiêu ngữ's as long as the text)."""
    if layout.issuer is not None and layout.issuer.region == "header_left" and layout.issuer_lines:
        last = layout.issuer_lines[-1]
        # Down to the top of ``Số:`` (its capitals are about half its size high).
        floor = (
            _box(layout.number)[1] + 0.5 * _size(layout.number)
            if layout.number is not None
            else _box(last)[1] - 40
        )
        width = max(_box(x)[2] - _box(x)[0] for x in layout.issuer_lines)
        found = _under(last, rules, floor)
        yield from _judge("format.issuer_line", layout.issuer, found, width, limits)
    if layout.tieu_ngu is not None and layout.tieu_ngu.box is not None:
        line = layout.tieu_ngu
        floor = _box(line)[1] - 1.6 * _size(line)
        width = _box(line)[2] - _box(line)[0]
        # A line anchored in a paragraph that holds the quốc hiệu too may be drawn between the two.
        ceiling = _box(layout.quoc_hieu)[1] if layout.quoc_hieu is not None and layout.quoc_hieu.box else None
        found = _under(line, rules, floor, ceiling)
        yield from _judge("format.tieu_ngu_line", line, found, width, limits)
    if layout.type_name is not None and layout.summary and layout.type_name.region == "body":
        last = layout.summary[-1]
        below = [
            x for x in layout.lines if x.index > last.index and x.page == last.page and x.box is not None
        ]
        floor = max((_box(x)[1] + _size(x) for x in below[:1]), default=_box(last)[1] - 40)
        width = max(_box(x)[2] - _box(x)[0] for x in layout.summary)
        found = _under(last, rules, floor)
        yield from _judge("format.summary_line", last, found, width, limits)


def _judge(code: str, line: Line, found: list[Rule], width: float, limits: FormatRules) -> Iterator[Finding]:
    """The drawn lines ``found`` under a text ``width`` points wide, judged and worded as a DOCX's are (in
    cm, by ``_line_rules``), so a draft gets the same finding whichever format it was sent in."""
    if not found:
        yield missing_line(code, line)
        return
    if len(found) != 1 or found[0].border:
        return  # a border is as long as its paragraph, which the clerk does not draw (as for DOCX)
    misdrawn = misdrawn_line(code, line, found[0].length / _POINTS_PER_CM, width / _POINTS_PER_CM, limits)
    if misdrawn is not None:
        yield misdrawn


def read_body(layout: Layout, baselines: dict[int, float]) -> list[list[Line]]:
    """The body's paragraphs; on the way, the wrapped lines of a công văn's ``V/v`` are added to it and the
    căn cứ and Kính gửi items are joined across their wraps."""
    _vv_tail(layout)
    paragraphs = body_paragraphs(layout, baselines)
    join_wrapped_items(layout, paragraphs)
    return paragraphs


def _vv_tail(layout: Layout) -> None:
    """``V/v triển khai kiểm tra công tác`` / ``văn thư, lưu trữ năm 2024``: the V/v wraps under itself,
    in its size, below the header's number."""
    if not layout.vv or layout.vv[-1].box is None:
        return
    last = layout.vv[-1]
    x0, _, x1, _ = _box(last)
    for x in layout.lines:
        if x.index <= last.index or x.box is None:
            continue
        left, _, right, _ = _box(x)
        if (
            x.kind != "body"
            or x.page != last.page
            or _size(x) != _size(last)
            or left < x0 - 2
            or right > x1 + 2
        ):
            break
        x.kind = "vv"
        layout.vv.append(x)
        last = x


def body_paragraphs(layout: Layout, baselines: dict[int, float]) -> list[list[Line]]:
    """The body's lines grouped in paragraphs, from the first body line to the footer (an appendix after it
    is no part of the body). Only lines starting at the text's left edge or one indent right of it belong to
    paragraphs; a centred line, a heading or a list set further right ends the paragraph before it."""
    lines = [x for x in layout.lines if x.region == "body" and x.box is not None and x.page is not None]
    footer = next((x for x in layout.lines if x.region.startswith("footer") and x.box is not None), None)
    if footer is not None:
        lines = [
            x
            for x in lines
            if (x.page or 0) < (footer.page or 0) or (x.page == footer.page and _box(x)[1] > _box(footer)[1])
        ]
    end = next((i for i, x in enumerate(lines) if fold(x.text).startswith(_ENDS)), None)
    lines = lines[:end]
    edge = _left_edge(lines)
    if edge is None:
        return []
    paragraphs: list[list[Line]] = []
    current: list[Line] = []
    pitch = _pitch(lines, edge, baselines)
    ends = [_box(x)[2] for x in lines if _size(x) >= 13]
    shared = [a for a in ends if sum(abs(a - b) <= 1.5 for b in ends) >= 2]
    right = max(shared) if shared else None
    previous: Line | None = None
    # A line sharing its height with another is a table's row or a tabbed layout, not running text.
    rows = {
        x.index
        for x in lines
        for o in lines
        if o is not x and o.page == x.page and abs(_box(o)[1] - _box(x)[1]) < 1
    }
    for x in lines:
        x0, y = _box(x)[0], _y(x, baselines)
        offset = x0 - edge
        inside = x.kind in ("body", "can_cu") and -3 <= offset <= 1.6 * _POINTS_PER_CM and x.index not in rows
        if not inside:
            if current:
                paragraphs.append(current)
            current, previous = [], None
            continue
        # A line at the left edge after a full line goes on its paragraph, however far below (double
        # spacing); otherwise a gap wider than the pitch starts a paragraph.
        wrapped = (
            previous is not None
            and right is not None
            and _box(previous)[2] >= right - 0.5 * _size(previous)
            and (previous.page != x.page or _y(previous, baselines) - y < 3 * _size(previous))
        )
        starts = (
            previous is None
            or (previous.page != x.page and not wrapped)
            or offset > 0.5 * _POINTS_PER_CM
            or (not wrapped and pitch is not None and _y(previous, baselines) - y > pitch + 2.5)
        )
        if starts and current:
            paragraphs.append(current)
            current = []
        current.append(x)
        previous = x
    if current:
        paragraphs.append(current)
    return paragraphs


def _left_edge(lines: list[Line]) -> float | None:
    """Where the body's wrapped lines start: the leftmost edge that at least two body-sized lines share
    (the paragraphs' first lines start one indent right of it)."""
    starts = [_box(x)[0] for x in lines if x.kind in ("body", "can_cu") and _size(x) >= 13]
    shared = [a for a in starts if sum(abs(a - b) <= 2 for b in starts) >= 2]
    return min(shared) if shared else None


def _pitch(lines: list[Line], edge: float, baselines: dict[int, float]) -> float | None:
    """The distance between two lines of one paragraph: the smallest common step down the body."""
    steps = [
        round(_y(a, baselines) - _y(b, baselines), 1)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page
        and abs(_box(b)[0] - edge) <= 2
        and 0 < _y(a, baselines) - _y(b, baselines) < 3 * _size(a)
    ]
    if not steps:
        return None
    smallest = min(steps)
    return statistics.median([s for s in steps if s <= smallest + 1.5])


def _heading(paragraph: list[Line]) -> bool:
    runs = [r for x in paragraph for r in x.visible_runs()]
    return bool(runs) and all(r.bold for r in runs)


def _paragraph_findings(
    layout: Layout,
    paragraphs: list[list[Line]],
    page_sizes: dict[int, tuple[float, float]],
    baselines: dict[int, float],
    limits: FormatRules,
) -> Iterator[Finding]:
    lines = [x for p in paragraphs for x in p]
    if not lines:
        return
    edge = min(_box(x)[0] for p in paragraphs for x in p[1:]) if any(len(p) > 1 for p in paragraphs) else None
    pitch = _pitch(lines, edge, baselines) if edge is not None else None
    full = [x for p in paragraphs for x in p[:-1]]
    right = statistics.median([_box(x)[2] for x in full]) if full else None
    low_indent, high_indent = limits.first_line_indent_cm
    reported: set[str] = set()

    def once(code: str, item: Finding) -> Iterator[Finding]:
        if code not in reported:
            reported.add(code)
            yield item

    for number, paragraph in enumerate(paragraphs):
        first = paragraph[0]
        if _heading(paragraph) or edge is None:
            continue
        size = _size(first)
        # Judged against the paragraph's own wrapped lines, which start at the left edge.
        indent = (_box(first)[0] - min(_box(x)[0] for x in paragraph[1:] or [first])) / _POINTS_PER_CM
        if indent < low_indent - 0.25 and len(paragraph) > 1:
            yield from once(
                "format.first_line_indent",
                finding(
                    "format.first_line_indent",
                    at(first),
                    f"{indent:.1f} cm".replace(".", ","),
                    f"{low_indent:.1f}–{high_indent:.2f} cm".replace(".", ","),
                    f"Dòng đầu đoạn phải lùi vào từ {low_indent:.1f} đến {high_indent:.2f} cm.".replace(
                        ".", ","
                    ),
                ),
            )
        if right is not None and len(paragraph) > 1:
            short = [right - _box(x)[2] for x in paragraph[:-1]]
            if statistics.median(short) > 0.2 * size:
                yield from once(
                    "format.body_alignment",
                    finding(
                        "format.body_alignment",
                        at(first),
                        "không căn đều hai lề",
                        "căn đều hai lề",
                        "Đoạn nội dung phải căn đều hai lề (justify).",
                    ),
                )
        if pitch is not None and len(paragraph) > 1:
            steps = [
                _y(a, baselines) - _y(b, baselines)
                for a, b in zip(paragraph, paragraph[1:], strict=False)
                if a.page == b.page
            ]
            if steps and statistics.median(steps) / size > 1.15 * limits.line_spacing[1] + 0.12:
                yield from once(
                    "format.line_spacing",
                    finding(
                        "format.line_spacing",
                        at(first),
                        f"{statistics.median(steps) / size / 1.15:.1f} dòng".replace(".", ","),
                        f"{limits.line_spacing[0]:.0f}–{limits.line_spacing[1]:.1f} dòng".replace(".", ","),
                        "Khoảng cách giữa các dòng từ đơn (single) đến 1,5 dòng.",
                    ),
                )
        if pitch is not None and number + 1 < len(paragraphs):
            following = paragraphs[number + 1][0]
            last = paragraph[-1]
            gap = _y(last, baselines) - _y(following, baselines)
            if (
                following.page == last.page
                and gap < 3 * size
                and gap - pitch < limits.min_paragraph_spacing_pt - 3
            ):
                yield from once(
                    "format.paragraph_spacing",
                    finding(
                        "format.paragraph_spacing",
                        at(following),
                        f"{max(gap - pitch, 0):.0f} pt",
                        f"≥ {limits.min_paragraph_spacing_pt:.0f} pt",
                        f"Khoảng cách giữa các đoạn văn tối thiểu {limits.min_paragraph_spacing_pt:.0f} pt.",
                    ),
                )
    yield from _margins(layout, edge, right, page_sizes, limits)


def _margins(
    layout: Layout,
    edge: float | None,
    right: float | None,
    page_sizes: dict[int, tuple[float, float]],
    limits: FormatRules,
) -> Iterator[Finding]:
    """The text block's edges against the margins (II.5), each judged only where the text reaches it: the
    left edge of the wrapped body lines, the right end of the justified ones, the top of the header."""
    width = page_sizes[1][0] if 1 in page_sizes else None
    tolerance = 2.0 * _POINTS_PER_MM
    if edge is not None:
        low, high = (v * _POINTS_PER_MM for v in limits.margin_left_mm)
        if not low - tolerance <= edge <= high + tolerance:
            yield _margin("format.margin_left", "Lề trái", edge, limits.margin_left_mm)
    if right is not None and width is not None:
        low, high = (v * _POINTS_PER_MM for v in limits.margin_right_mm)
        if not low - tolerance <= width - right <= high + tolerance:
            yield _margin("format.margin_right", "Lề phải", width - right, limits.margin_right_mm)
    tops = [x for x in layout.lines if x.page == 1 and x.box is not None and not x.empty]
    if tops and 1 in page_sizes:
        top = max(_box(x)[1] + _size(x) for x in tops)
        margin = page_sizes[1][1] - top
        low, high = (v * _POINTS_PER_MM for v in limits.margin_top_mm)
        # The first line's top sits at the margin, a little lower with a table cell's padding or spacing.
        if not low - tolerance <= margin <= high + 1.75 * tolerance:
            yield _margin("format.margin_top", "Lề trên", margin, limits.margin_top_mm)


def _colours(lines: list[Line]) -> Iterator[Finding]:
    """Text not black (II.4 asks for black ink), read from each character's fill colour."""
    for line in lines:
        colours = sorted({r.color for r in line.visible_runs() if r.color and r.color != "000000"})
        if colours:
            yield font_color(line, colours, "Dòng")


def _margin(code: str, name: str, points: float, wanted: tuple[float, float]) -> Finding:
    return finding(
        code,
        Location("page", 1),
        f"{_mm(points)} mm",
        f"{wanted[0]:.0f}–{wanted[1]:.0f} mm",
        f"{name} phải từ {wanted[0]:.0f} đến {wanted[1]:.0f} mm (đo theo vị trí dòng chữ trên trang).",
    )


def join_wrapped_items(layout: Layout, paragraphs: list[list[Line]]) -> None:
    """The căn cứ lines and the Kính gửi list with their wrapped lines joined, so that a line's end is the
    item's end: ``… của Chính`` / ``phủ về công tác văn thư;`` is one căn cứ ending with ``;``."""
    by_first = {p[0].index: p for p in paragraphs}
    if layout.can_cu:
        first = layout.can_cu[0].index
        joined: list[Line] = []
        for paragraph in paragraphs:
            head = paragraph[0]
            folded = fold(head.text)
            if head.index < first:
                continue
            if not (folded.startswith("CAN CU") or (joined and folded.startswith(_PROPOSAL))):
                if joined:
                    break
                continue
            item = _joined(paragraph)
            if folded.startswith("CAN CU") and not is_basis(layout, item):
                # «Căn cứ Kế hoạch số …, Ủy ban nhân dân xã đã …»: a body sentence, seen once joined.
                for x in paragraph:
                    x.kind = "body"
                continue
            joined.append(item)
        layout.can_cu = joined
    start = next(
        (x for x in layout.lines if x.region == "body" and fold(x.text).startswith("KINH GUI")), None
    )
    if start is None or fold(start.text).rstrip(": ") != "KINH GUI" or start.index in by_first:
        return
    items: list[list[Line]] = []
    for x in layout.lines:
        if x.index <= start.index or x.region != "body":
            continue
        if x.index in by_first or x.kind != "body":
            break
        if x.text.lstrip().startswith(("-", "–")) or not items:
            items.append([x])
        else:
            items[-1].append(x)
    if len(items) >= 2:
        layout.kinh_gui = [start, *(_joined(item) for item in items)]


def _joined(lines: list[Line]) -> Line:
    text = " ".join(x.text.strip() for x in lines)
    return replace(lines[0], text=text, runs=[r for x in lines for r in x.runs])


def check_pdf_layout(
    layout: Layout,
    paragraphs: list[list[Line]],
    rules: list[Rule],
    page_sizes: dict[int, tuple[float, float]],
    baselines: dict[int, float],
    limits: FormatRules,
) -> Iterator[Finding]:
    """Paragraph layout, margins and the short drawn lines, read from the positions on the page."""
    yield from _line_findings(layout, rules, limits)
    yield from _colours(layout.lines)
    yield from _paragraph_findings(layout, paragraphs, page_sizes, baselines, limits)
