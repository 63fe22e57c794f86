"""Building blocks of a Nghị định 30 page in python-docx: page setup, styles, the header and footer tables."""

from __future__ import annotations

from typing import Any

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
TEXT_WIDTH_CM = 16.5  # A4 210 mm − left 30 mm − right 15 mm
BODY_INDENT = Cm(1.27)
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def setup_page(document: Document) -> None:
    """A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm."""
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.header_distance = section.footer_distance = Mm(10)


def setup_styles(document: Document) -> None:
    """Times New Roman 14 pt everywhere by default, theme fonts removed, no spacing unless asked for."""
    styles = document.styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{slot}"), FONT)
        if qn(f"w:{slot}Theme") in fonts.attrib:
            del fonts.attrib[qn(f"w:{slot}Theme")]
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def styled(
    paragraph: Paragraph,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: Any = CENTER,
) -> Paragraph:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    paragraph.alignment = align
    return paragraph


def rule_below(paragraph: Paragraph, width_cm: float, column_cm: float) -> None:
    """Turn an empty paragraph into a centred solid line ``width_cm`` long (the line under the issuer's name
    and under the motto)."""
    side = max((column_cm - width_cm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(side)
    fmt.space_after = Pt(6)
    run = paragraph.add_run()
    run.font.size = Pt(2)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )


def table(document: Document, rows: int, widths_cm: tuple[float, ...]) -> list[list[_Cell]]:
    """A borderless table with fixed column widths, slightly wider than the text so the header fits."""
    grid = document.add_table(rows=rows, cols=len(widths_cm))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths_cm, strict=True):
        column.width = Cm(width)
    cells = [[grid.cell(r, c) for c in range(len(widths_cm))] for r in range(rows)]
    for row in cells:
        for cell, width in zip(row, widths_cm, strict=True):
            cell.width = Cm(width)
    return cells


def first(cell: _Cell) -> Paragraph:
    return cell.paragraphs[0]


def body_format(paragraph: Paragraph) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = BODY_INDENT
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    paragraph.alignment = JUSTIFY
    return paragraph
