"""Sửa tự động: apply the mechanical fixes a check offered and return a new DOCX.

Only findings marked ``fixable`` are applied (margins, paper size and orientation, font family, font
sizes, bold/italic, colour, the body paragraphs' layout, and the leading zeros of the number and the
date). The original bytes are never changed: the result is a new version of the draft.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from eoffice.checks.findings import Finding
from eoffice.checks.format._reader import read_lines
from eoffice.checks.format.checker import open_docx
from eoffice.checks.format.rules import DEFAULT_RULES, FormatRules
from eoffice.checks.format.runs import set_text_keeping_runs

__all__ = ["apply_fixes"]

_MARGIN_ATTRS = {
    "format.margin_top": "top_margin",
    "format.margin_bottom": "bottom_margin",
    "format.margin_left": "left_margin",
    "format.margin_right": "right_margin",
}


def apply_fixes(data: bytes, findings: Iterable[Finding], rules: FormatRules = DEFAULT_RULES) -> bytes:
    """A new DOCX with every fixable finding corrected; other findings are left for a person."""
    opened = open_docx(data, rules)
    document = opened.document
    lines = {line.index: line for line in read_lines(document)}
    sections = list(document.sections)
    for f in findings:
        if not f.fixable or f.fix is None:
            continue
        kind, index = f.where.kind, f.where.index
        if kind == "section" and index is not None and 1 <= index <= len(sections):
            _fix_section(sections[index - 1], f, rules)
        elif kind == "styles" and f.code == "format.font_family":
            _fix_style_fonts(document, f.fix)
        elif kind == "paragraph" and index in lines:
            _fix_paragraph(lines[index].element, f)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _fix_section(section: Any, f: Finding, rules: FormatRules) -> None:
    assert f.fix is not None
    if f.code in _MARGIN_ATTRS:
        setattr(section, _MARGIN_ATTRS[f.code], Mm(float(f.fix)))
    elif f.code == "format.paper_size":
        landscape = section.orientation == WD_ORIENT.LANDSCAPE
        width, height = Mm(rules.page_width_mm), Mm(rules.page_height_mm)
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
    elif f.code == "format.orientation":
        width, height = section.page_width, section.page_height
        section.orientation = WD_ORIENT.PORTRAIT
        if width is not None and height is not None and width > height:
            section.page_width, section.page_height = height, width


def _set_fonts(rpr: Any, font: str) -> None:
    fonts = rpr.get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{slot}"), font)
        theme = qn(f"w:{slot}Theme")
        if theme in fonts.attrib:
            del fonts.attrib[theme]


def _fix_style_fonts(document: Any, font: str) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_fonts(rpr, font)
    for style in styles.findall(qn("w:style")):
        style_rpr = style.find(qn("w:rPr"))
        if style_rpr is not None and style_rpr.find(qn("w:rFonts")) is not None:
            _set_fonts(style_rpr, font)


def _runs(p_el: Any) -> list[Any]:
    return [r for r in p_el.iter(qn("w:r")) if r.find(qn("w:t")) is not None]


def _fix_paragraph(p_el: Any, f: Finding) -> None:
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    assert f.fix is not None
    paragraph = Paragraph(p_el, None)  # type: ignore[arg-type]  # detached: only formatting is edited
    code = f.code
    if code in (
        "format.number_leading_zero",
        "format.date_leading_zero",
        "format.number_year",
        "format.vv_text",
        "format.luu_vt_format",
        "format.tieu_ngu_text",
    ):
        set_text_keeping_runs(p_el, f.fix.replace("\t", "").replace("\n", ""))
        return
    if code == "format.body_alignment":
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    elif code == "format.first_line_indent":
        paragraph.paragraph_format.first_line_indent = Cm(float(f.fix))
    elif code == "format.paragraph_spacing":
        paragraph.paragraph_format.space_after = Pt(float(f.fix))
    elif code == "format.line_spacing":
        paragraph.paragraph_format.line_spacing = float(f.fix)
    for r_el in _runs(p_el):
        run = Run(r_el, paragraph)
        if code == "format.font_family":
            _set_fonts(r_el.get_or_add_rPr(), f.fix)
        elif code == "format.font_size":
            run.font.size = Pt(float(f.fix))
        elif code == "format.bold":
            run.font.bold = f.fix == "1"
        elif code == "format.italic":
            run.font.italic = f.fix == "1"
        elif code == "format.font_color":
            run.font.color.rgb = RGBColor.from_string(f.fix)
