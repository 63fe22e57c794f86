"""A register as an XLSX workbook (openpyxl), laid out to print: A4 landscape, Times New Roman, one page wide.

Title block: the parent agency (upper case) and the agency (upper case, bold) top left, then the register's
name, its year and the period centred; the table's heading row repeats on every printed page. Dates are real
date cells shown `dd/mm/yyyy` so they still sort and filter in a spreadsheet.
"""

from __future__ import annotations

import io
import textwrap
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from eoffice.documents.kinds import DocumentKind
from eoffice.reports.layouts import Cell, Column, ColumnKind, RegisterReport

__all__ = ["FONT_NAME", "HEADER_ROW", "XLSX_MEDIA_TYPE", "write_xlsx"]

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT_NAME = "Times New Roman"  # LibreOffice prints it with the metric-compatible Liberation Serif
HEADER_ROW = 8  # the table's heading row; data starts below it
DATE_FORMAT = "dd/mm/yyyy"
_MM_PER_INCH = 25.4
_LINE_POINTS = 13.5  # one line of the 11 pt table font
_CHARS_PER_WIDTH = 1.25  # Times New Roman characters per width unit (a digit of the default font)

_thin = Side(style="thin", color="000000")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_WRAP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_WRAP_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)


def _font(size: float = 11, *, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def _title(sheet: Worksheet, row: int, text: str, columns: tuple[Column, ...], font: Font) -> None:
    """A centred title line over `columns`, wrapped (and its row made taller) when the text is long."""
    cell = sheet.cell(row=row, column=1, value=text or None)
    cell.font = font
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if len(columns) > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
    # title fonts are larger than the table's: fewer characters per line
    per_line = max(8, int(sum(c.width for c in columns) * _CHARS_PER_WIDTH * 11 / (font.sz or 11)))
    lines = len(textwrap.wrap(text, width=per_line)) or 1
    sheet.row_dimensions[row].height = lines * (font.sz or 11) * 1.35


def _left_block(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """The first columns, about two fifths of the width: where the issuer's name stands, top left."""
    total = sum(c.width for c in columns)
    taken = 0.0
    for count, column in enumerate(columns, start=1):
        taken += column.width
        if taken >= total * 0.4:
            return columns[:count]
    return columns


def _page_setup(sheet: Worksheet) -> None:
    """A4 landscape, one page wide, decree-like margins, the heading row on every page, pages numbered."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(
        left=20 / _MM_PER_INCH,
        right=15 / _MM_PER_INCH,
        top=20 / _MM_PER_INCH,
        bottom=20 / _MM_PER_INCH,
        header=8 / _MM_PER_INCH,
        footer=8 / _MM_PER_INCH,
    )
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.oddFooter.center.font = f"{FONT_NAME},Regular"
    sheet.oddFooter.center.size = 10


def _write_cell(sheet: Worksheet, row: int, index: int, column: Column, value: Cell) -> None:
    cell = sheet.cell(row=row, column=index, value=None if value == "" else value)
    if isinstance(value, str) and value:
        # A title such as `=WEBSERVICE("http://…")` is text a sender wrote, never a formula to evaluate in
        # the sheet the register is handed to (openpyxl stores any string starting with "=" as a formula).
        cell.data_type = "s"
    cell.font = _font()
    cell.border = _BORDER
    if column.kind == ColumnKind.TEXT:
        cell.alignment = _WRAP_LEFT
        return
    cell.alignment = _WRAP_CENTRE
    if column.kind == ColumnKind.DATE and isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif column.kind == ColumnKind.REGISTER_NUMBER and isinstance(value, int):
        cell.number_format = "00"


def _row_height(columns: tuple[Column, ...], values: tuple[Cell, ...]) -> float:
    """Points enough for the tallest wrapped cell.

    Neither Excel nor LibreOffice fits row heights when it opens a file, so the writer does, by word-wrapping
    at a slightly pessimistic count of Times New Roman characters per column width unit: a row a little too
    tall is harmless, one too short would hide text.
    """
    lines = 1
    for column, value in zip(columns, values, strict=True):
        if column.kind == ColumnKind.TEXT and isinstance(value, str) and value:
            wrapped = sum(
                len(
                    textwrap.wrap(
                        part, width=max(4, int(column.width * _CHARS_PER_WIDTH)), break_long_words=True
                    )
                )
                or 1
                for part in value.splitlines()
            )
            lines = max(lines, wrapped)
    return lines * _LINE_POINTS + 3


def write_xlsx(report: RegisterReport) -> bytes:
    """The report as the bytes of an .xlsx file."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sổ văn bản đến" if report.kind == DocumentKind.INCOMING else "Sổ văn bản đi"
    workbook.properties.title = f"{report.heading} - {report.agency_name}"
    workbook.properties.creator = "eOffice"
    columns = report.columns
    left = _left_block(columns)
    _title(sheet, 1, report.parent_name.upper(), left, _font(12))
    _title(sheet, 2, report.agency_name.upper(), left, _font(12, bold=True))
    _title(sheet, 4, report.heading, columns, _font(14, bold=True))
    _title(sheet, 5, report.year_line, columns, _font(13, bold=True))
    _title(sheet, 6, report.period_text, columns, _font(13, italic=True))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.header)
        cell.font = _font(11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    sheet.row_dimensions[HEADER_ROW].height = _row_height(
        tuple(Column(c.header, c.width) for c in columns), tuple(c.header for c in columns)
    )
    for offset, values in enumerate(report.rows, start=1):
        sheet.row_dimensions[HEADER_ROW + offset].height = _row_height(columns, values)
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            _write_cell(sheet, HEADER_ROW + offset, index, column, value)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    _page_setup(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
