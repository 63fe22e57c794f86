"""Khổ giấy, lề và trình bày đoạn: the section properties and the body paragraphs' layout."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.shared import Emu

from eoffice.checks.findings import Finding, Location, Severity
from eoffice.checks.format._findings import at, finding
from eoffice.checks.format._reader import Line
from eoffice.checks.format._styles import StyleResolver
from eoffice.checks.format.rules import FormatRules
from eoffice.checks.text import fold

_MARGINS = (
    ("top", "trên", "top_margin"),
    ("bottom", "dưới", "bottom_margin"),
    ("left", "trái", "left_margin"),
    ("right", "phải", "right_margin"),
)


def _mm(value: Emu | int | None) -> float | None:
    return None if value is None else int(value) / 36000


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def check_sections(document: Document, rules: FormatRules) -> Iterator[Finding]:
    for number, section in enumerate(document.sections, 1):
        where = Location("section", number)
        width, height = _mm(section.page_width), _mm(section.page_height)
        if width is not None and height is not None:
            short, long = sorted((width, height))
            a4 = (
                abs(short - rules.page_width_mm) <= rules.page_tolerance_mm
                and abs(long - rules.page_height_mm) <= rules.page_tolerance_mm
            )
            if not a4:
                yield finding(
                    "format.paper_size",
                    where,
                    f"{_fmt(width)} × {_fmt(height)} mm",
                    "A4 (210 × 297 mm)",
                    "Văn bản phải trình bày trên khổ giấy A4 (210 mm × 297 mm).",
                    fix="A4",
                )
            elif width > height:
                yield finding(
                    "format.orientation",
                    where,
                    "khổ ngang",
                    "khổ dọc",
                    "Văn bản trình bày theo chiều dài khổ A4 (khổ dọc); khổ ngang chỉ dùng cho bảng biểu.",
                    severity=Severity.WARNING if rules.allow_landscape else Severity.ERROR,
                    fix="portrait",
                )
        for side, side_vi, attr in _MARGINS:
            value = _mm(getattr(section, attr))
            low, high = getattr(rules, f"margin_{side}_mm")
            tolerance = rules.margin_tolerance_mm
            if value is None or low - tolerance <= value <= high + tolerance:
                continue
            target = low if value < low else high
            yield finding(
                f"format.margin_{side}",
                where,
                f"{_fmt(value)} mm",
                f"{_fmt(low)}–{_fmt(high)} mm",
                f"Lề {side_vi} {_fmt(value)} mm; quy định từ {_fmt(low)} đến {_fmt(high)} mm.",
                fix=_fmt(target).replace(",", "."),
            )


def _is_heading(line: Line) -> bool:
    """Short all-bold lines (``I. MỤC ĐÍCH, YÊU CẦU``, ``Điều 1.``) are headings: their alignment is free."""
    runs = line.visible_runs()
    return bool(runs) and all(r.bold for r in runs) and len(line.text.strip()) < 100


def check_body(body: list[Line], rules: FormatRules) -> Iterator[Finding]:
    low_indent, high_indent = rules.first_line_indent_cm
    low_spacing, high_spacing = rules.line_spacing
    for line in body:
        if _is_heading(line) or fold(line.text).startswith("NOI NHAN"):
            continue
        if line.alignment not in ("both", "distribute"):
            yield finding(
                "format.body_alignment",
                at(line),
                {"left": "căn trái", "start": "căn trái", "center": "căn giữa", "right": "căn phải"}.get(
                    line.alignment, line.alignment
                ),
                "căn đều hai lề",
                "Đoạn nội dung phải căn đều hai lề (justify).",
                fix="both",
            )
        indent = line.first_line_indent_cm
        tolerance = rules.indent_tolerance_cm
        if not (low_indent - tolerance <= indent <= high_indent + tolerance):
            yield finding(
                "format.first_line_indent",
                at(line),
                f"{_fmt(indent)} cm",
                f"{_fmt(low_indent)}–{_fmt(high_indent)} cm",
                f"Dòng đầu đoạn phải lùi vào từ {_fmt(low_indent)} đến {_fmt(high_indent)} cm.",
                fix=f"{high_indent}",
            )
        if line.space_before_pt + line.space_after_pt < rules.min_paragraph_spacing_pt - 0.01:
            yield finding(
                "format.paragraph_spacing",
                at(line),
                f"{_fmt(line.space_before_pt + line.space_after_pt)} pt",
                f"≥ {_fmt(rules.min_paragraph_spacing_pt)} pt",
                f"Khoảng cách giữa các đoạn văn tối thiểu {_fmt(rules.min_paragraph_spacing_pt)} pt.",
                fix=f"{rules.min_paragraph_spacing_pt}",
            )
        if not (low_spacing - 0.02 <= line.line_spacing <= high_spacing + 0.02):
            yield finding(
                "format.line_spacing",
                at(line),
                f"{_fmt(line.line_spacing)} dòng",
                f"{_fmt(low_spacing)}–{_fmt(high_spacing)} dòng",
                "Khoảng cách giữa các dòng từ đơn (single) đến 1,5 dòng.",
                fix=f"{low_spacing}",
            )


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_FALSE = ("0", "false", "off")
# ``PAGE \* ROMAN``, ``\* alphabetic``: a page number not in Arabic numerals.
_NOT_ARABIC_RE = re.compile(r"\\\*\s*(roman|alphabetic)\b", re.IGNORECASE)
_ARABIC_FORMATS = (None, "decimal", "numberInDash", "decimalZero", "decimalFullWidth")


@dataclass(frozen=True)
class _PageField:
    """A PAGE field in a header or footer: its paragraph and its instruction."""

    paragraph: Any
    instruction: str
    in_text_box: bool


def check_page_numbers(document: Document, resolver: StyleResolver) -> Iterator[Finding]:
    """Phụ lục I II.7: page numbers in Arabic numerals, centred in the top margin, from page 2 on; page 1
    shows none (``Different first page`` in Word). Whether a number is missing is judged only when the
    draft is known to run over one page: a page break or Word's record of one before text, or a second
    section starting on a new page."""
    sections = list(document.sections)
    if not sections:
        return
    where = Location("section", 1)
    even_odd = _on(document.settings.element.find(f"{_W}evenAndOddHeaders"))
    first = _fields(document, sections, 0, "first" if _title_page(sections[0]) else "default")
    if first.header or first.footer:
        yield finding(
            "format.page_number",
            where,
            "trang 1 có số trang",
            "trang 1 không đánh số",
            "Trang đầu không đánh số trang: bật «Trang đầu khác» (Different First Page) và để trống đầu "
            "trang của trang 1.",
        )
    second = _second_page_section(document, sections)
    if second is None:
        return
    kind = "even" if even_odd else "default"
    if second > 0 and _title_page(sections[second]):
        kind = "first"
    page2 = _fields(document, sections, second, kind)
    if not page2.header:
        yield finding(
            "format.page_number",
            where,
            "số trang ở lề dưới" if page2.footer else "không có số trang",
            "số trang ở giữa lề trên, từ trang 2",
            "Số trang đặt canh giữa theo chiều ngang trong phần lề trên của văn bản"
            + (" (đầu trang), không đặt ở lề dưới." if page2.footer else ", từ trang thứ hai trở đi."),
        )
        return
    field = page2.header[0]
    number_format = sections[second]._sectPr.find(f"{_W}pgNumType")
    fmt = number_format.get(f"{_W}fmt") if number_format is not None else None
    if _NOT_ARABIC_RE.search(field.instruction) or fmt not in _ARABIC_FORMATS:
        yield finding(
            "format.page_number",
            where,
            "số trang không phải chữ số Ả Rập",
            "chữ số Ả Rập (2, 3, …)",
            "Số trang được đánh bằng chữ số Ả Rập.",
        )
    alignment = resolver.alignment(field.paragraph)
    if not field.in_text_box and alignment in ("left", "start", "right", "end") and not _tab_before(field):
        yield finding(
            "format.page_number",
            where,
            {"right": "căn phải", "end": "căn phải"}.get(alignment, "căn trái"),
            "căn giữa",
            "Số trang đặt canh giữa theo chiều ngang trong phần lề trên của văn bản.",
        )


@dataclass(frozen=True)
class _Fields:
    header: list[_PageField]
    footer: list[_PageField]


def _on(element: Any) -> bool:
    return element is not None and element.get(f"{_W}val") not in _FALSE


def _title_page(section: Any) -> bool:
    return _on(section._sectPr.find(f"{_W}titlePg"))


def _fields(document: Document, sections: list[Any], index: int, kind: str) -> _Fields:
    """The PAGE fields a page of section ``index`` shows in its header and footer of ``kind`` (default,
    first or even); a section without its own part shows the previous section's, the first shows none."""
    found: dict[str, list[_PageField]] = {}
    for part_kind in ("header", "footer"):
        found[part_kind] = []
        for position in range(index, -1, -1):
            references = sections[position]._sectPr.findall(f"{_W}{part_kind}Reference")
            reference = next((r for r in references if r.get(f"{_W}type", "default") == kind), None)
            if reference is None:
                if kind == "first" and position == index:
                    break  # a "different first page" without its own part: an empty header
                continue
            part = document.part.related_parts.get(reference.get(_R_ID))
            if part is not None:
                found[part_kind] = _page_fields(part.element)
            break
    return _Fields(found["header"], found["footer"])


def _page_fields(root: Any) -> list[_PageField]:
    fields = []
    for element in root.iter(f"{_W}fldSimple", f"{_W}instrText"):
        instruction = (
            element.get(f"{_W}instr", "") if element.tag == f"{_W}fldSimple" else (element.text or "")
        )
        if instruction.split()[:1] != ["PAGE"]:
            continue
        paragraph = next((a for a in element.iterancestors(f"{_W}p")), None)
        if paragraph is None:
            continue
        in_box = next(element.iterancestors(f"{_W}txbxContent"), None) is not None
        fields.append(_PageField(paragraph, instruction, in_box))
    return fields


def _tab_before(field: _PageField) -> bool:
    """Text placed by a tab stop (``→ 2``) is positioned by the stop, not by the paragraph's alignment."""
    return any(True for _ in field.paragraph.iter(f"{_W}tab", f"{_W}ptab"))


def _second_page_section(document: Document, sections: list[Any]) -> int | None:
    """The section the draft's page 2 belongs to, when the draft is known to have one."""
    seen_break = False
    body = document.element.body
    for element in body.iter():
        tag = element.tag
        if tag == f"{_W}sectPr":
            break
        if (
            (tag == f"{_W}br" and element.get(f"{_W}type") == "page")
            or tag == f"{_W}lastRenderedPageBreak"
            or (tag == f"{_W}pageBreakBefore" and _on(element))
        ):
            seen_break = True
        elif tag == f"{_W}t" and seen_break and (element.text or "").strip():
            return 0
    if len(sections) > 1:
        start = sections[1]._sectPr.find(f"{_W}type")
        if start is None or start.get(f"{_W}val") != "continuous":
            return 1
    return None
