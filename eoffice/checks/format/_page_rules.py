"""Khổ giấy, lề và trình bày đoạn: the section properties and the body paragraphs' layout."""

from __future__ import annotations

from collections.abc import Iterator

from docx.document import Document
from docx.shared import Emu

from eoffice.checks.findings import Finding, Location, Severity
from eoffice.checks.format._findings import at, finding
from eoffice.checks.format._reader import Line
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
