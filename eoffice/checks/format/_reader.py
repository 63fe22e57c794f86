"""Đọc văn bản: a DOCX flattened into numbered lines with their effective formatting and their region.

Paragraphs are numbered from 1 in reading order, table cells included, so a finding's place means the same
thing to the checker, the fixer and the person reading the report. The first table before any text is the
header (cơ quan ban hành | quốc hiệu); the first table holding ``Nơi nhận`` is the footer (nơi nhận | chữ ký).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn

from eoffice.checks.format._styles import StyleResolver
from eoffice.checks.text import fold, nfc

_W_P = qn("w:p")
_W_TBL = qn("w:tbl")
_W_R = qn("w:r")
_W_T = qn("w:t")


@dataclass(frozen=True)
class RunInfo:
    text: str
    font: str
    font_h: str
    font_from_defaults: bool
    size_pt: float | None
    bold: bool
    italic: bool
    caps: bool
    color: str | None


@dataclass
class Line:
    """One paragraph: its text, where it sits, and how it is formatted."""

    index: int
    text: str
    region: str  # body | header_left | header_right | footer_left | footer_right | table
    element: Any = field(repr=False)
    runs: list[RunInfo] = field(default_factory=list, repr=False)
    alignment: str = "left"
    first_line_indent_cm: float = 0.0
    space_before_pt: float = 0.0
    space_after_pt: float = 0.0
    line_spacing: float = 1.0  # in lines (1.0 single)
    has_bottom_border: bool = False
    has_drawing: bool = False
    # Horizontal lines drawn in the paragraph (DrawingML or VML shapes): their length in cm, None where the
    # file does not say it in units we read.
    drawn_lines: tuple[float | None, ...] = ()
    kind: str = "other"  # assigned by the layout analysis
    page: int | None = None  # PDF drafts only
    # PDF only: (left, bottom, right, top) in points, origin at the page's lower left corner
    box: tuple[float, float, float, float] | None = None

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    def visible_runs(self) -> list[RunInfo]:
        return [r for r in self.runs if r.text.strip()]


def read_lines(document: Document) -> list[Line]:
    resolver = StyleResolver(document)
    lines: list[Line] = []
    seen_text = False
    children = list(document.element.body.iterchildren())
    tables = [i for i, child in enumerate(children) if child.tag == _W_TBL]
    # The table holding ``Nơi nhận`` is the signature table; without one, the last table with no text after
    # it is. A table after the signature table is an appendix (``Phụ lục … (Kèm theo …)``), never a footer.
    with_recipients = [i for i in tables if "NOI NHAN" in fold(_text(children[i]))]
    closing = with_recipients[0] if with_recipients else None
    if closing is None and tables and not any(_text(c).strip() for c in children[tables[-1] + 1 :]):
        closing = tables[-1]
    for position, child in enumerate(children):
        if child.tag == _W_P:
            line = _line(resolver, child, len(lines) + 1, "body")
            lines.append(line)
            seen_text = seen_text or not line.empty
        elif child.tag == _W_TBL:
            table_text = fold(_text(child))
            if not seen_text:
                role = "header"
            elif position == closing:
                role = "footer"
            else:
                role = "table"
            seen_text = seen_text or bool(table_text.strip())
            _read_table(resolver, child, role, lines)
    return lines


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(_W_T))


def _read_table(resolver: StyleResolver, tbl: Any, role: str, lines: list[Line]) -> None:
    for tr in tbl.findall(qn("w:tr")):
        for col, tc in enumerate(tr.findall(qn("w:tc"))):
            if role == "header":
                region = "header_left" if col == 0 else "header_right"
            elif role == "footer":
                region = "footer_left" if "NOI NHAN" in fold(_text(tc)) or col == 0 else "footer_right"
            else:
                region = "table"
            for p in tc.iter(_W_P):
                lines.append(_line(resolver, p, len(lines) + 1, region))


def _line(resolver: StyleResolver, p: Any, index: int, region: str) -> Line:
    runs = []
    for r in p.iter(_W_R):
        text = "".join(
            (el.text or "") if el.tag == _W_T else ("\t" if el.tag == qn("w:tab") else "\n")
            for el in r
            if el.tag in (_W_T, qn("w:tab"), qn("w:br"))
        )
        if not text:
            continue
        font = resolver.font(r, p, "ascii")
        runs.append(
            RunInfo(
                text=nfc(text),
                font=font.value,
                font_h=resolver.font(r, p, "hAnsi").value,
                font_from_defaults=font.inherited_from_defaults,
                size_pt=resolver.size_pt(r, p),
                bold=resolver.toggle(r, p, "b"),
                italic=resolver.toggle(r, p, "i"),
                caps=resolver.toggle(r, p, "caps"),
                color=resolver.color(r, p),
            )
        )
    line = Line(index=index, text="".join(r.text for r in runs), region=region, element=p, runs=runs)
    line.alignment = resolver.alignment(p)
    indent = resolver.paragraph_attr(p, "ind", ("firstLine", "hanging"))
    if indent is not None:
        twips = _twips(indent[1])
        line.first_line_indent_cm = (twips if indent[0] == "firstLine" else -twips) * 2.54 / 1440
    before = resolver.paragraph_attr(p, "spacing", ("before",))
    after = resolver.paragraph_attr(p, "spacing", ("after",))
    line.space_before_pt = _twips(before[1]) / 20 if before else 0.0
    line.space_after_pt = _twips(after[1]) / 20 if after else 0.0
    line.line_spacing = _line_spacing(resolver, p, runs)
    ppr = p.find(qn("w:pPr"))
    border = ppr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") if ppr is not None else None
    line.has_bottom_border = border is not None and border.get(qn("w:val")) not in (None, "nil", "none")
    line.has_drawing = any(True for _ in p.iter(qn("w:drawing"), qn("w:pict")))
    if line.has_drawing:
        line.drawn_lines = tuple(drawn_lines(p))
    return line


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_V = "urn:schemas-microsoft-com:vml"
_EMU_PER_CM = 360000
_CM_PER_UNIT = {"pt": 2.54 / 72, "in": 2.54, "cm": 1.0, "mm": 0.1, "px": 2.54 / 96, "pc": 2.54 / 6}


def drawn_lines(p: Any) -> list[float | None]:
    """The horizontal lines drawn in a paragraph, as lengths in cm: a DrawingML line or connector (its
    extent), a VML ``line`` (from/to) or connector shape (its style width). Word writes a shape twice, as
    DrawingML and as a VML fallback inside ``mc:AlternateContent``: the fallback is skipped."""
    found: list[float | None] = []
    for drawing in p.iter(qn("w:drawing")):
        if any(a.tag == _MC_FALLBACK for a in drawing.iterancestors()):
            continue
        if not any(g.get("prst") in ("line", "straightConnector1") for g in drawing.iter(f"{_A}prstGeom")):
            continue
        extent = next(drawing.iter(f"{_WP}extent"), None)
        xfrm = next(drawing.iter(f"{_A}xfrm"), None)
        if extent is None:
            found.append(None)
            continue
        cx, cy = _number(extent.get("cx")), _number(extent.get("cy"))
        rotation = _number(xfrm.get("rot")) if xfrm is not None else 0.0
        if cy is not None and cy <= 0.05 * _EMU_PER_CM and rotation in (None, 0.0, 10800000.0):
            found.append(None if cx is None else cx / _EMU_PER_CM)
    for pict in p.iter(qn("w:pict")):
        if any(a.tag == _MC_FALLBACK for a in pict.iterancestors()):
            continue
        for shape in pict.iter(f"{{{_V}}}line", f"{{{_V}}}shape"):
            found += _vml_line(shape)
    return found


def _vml_line(shape: Any) -> list[float | None]:
    if shape.tag.endswith("}line"):
        start = [_length(v) for v in (shape.get("from") or "0,0").split(",")]
        end = [_length(v) for v in (shape.get("to") or "0,0").split(",")]
        if len(start) != 2 or len(end) != 2:
            return [None]
        (x1, y1), (x2, y2) = start, end
        if None in (y1, y2) or abs((y2 or 0) - (y1 or 0)) > 0.05:
            return [] if None not in (y1, y2) else [None]
        return [None if x1 is None or x2 is None else abs(x2 - x1)]
    # A connector shape (``o:connectortype`` or Word's straight arrow connector ``#_x0000_t32``)
    connector = shape.get("type") == "#_x0000_t32" or any("connectortype" in k for k in shape.attrib)
    if not connector:
        return []
    style = dict(part.split(":", 1) for part in (shape.get("style") or "").split(";") if ":" in part)
    width, height = _length(style.get("width", "")), _length(style.get("height", "0"))
    if height is not None and height > 0.05:
        return []
    return [width]


def _length(value: str) -> float | None:
    """A VML length (``114pt``, ``1.5in``) in cm; None without a unit we know."""
    match = re.fullmatch(r"\s*(-?[\d.]+)\s*([a-z]*)\s*", value or "")
    if match is None:
        return None
    number, unit = _number(match[1]), match[2]
    if number is None or (unit not in _CM_PER_UNIT and not (unit == "" and number == 0)):
        return None
    return number * _CM_PER_UNIT.get(unit, 0.0)


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _line_spacing(resolver: StyleResolver, p: Any, runs: list[RunInfo]) -> float:
    found = resolver.paragraph_attr(p, "spacing", ("line",))
    if found is None:
        return 1.0
    rule = resolver.paragraph_attr(p, "spacing", ("lineRule",))
    value = _twips(found[1])
    if rule is None or rule[1] == "auto":
        return value / 240
    # exact / atLeast: points, compared with one line of the paragraph's text (about 1.15 × the size)
    sizes = [r.size_pt for r in runs if r.size_pt]
    size = max(sizes) if sizes else 14.0
    return (value / 20) / (1.15 * size)


def _twips(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0
