"""The column layout of the sổ đăng ký văn bản đến / đi (Nghị định 30/2020/NĐ-CP, Phụ lục IV).

A report is a title block and a table: what the XLSX writer lays out and LibreOffice prints to PDF. The
columns, their order and their headings are the decree's; the widths (in characters of the 11 pt table font)
are chosen so that each register fits the width of an A4 landscape page.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from eoffice.documents.kinds import DocumentKind
from eoffice.reports.period import Period

__all__ = [
    "INCOMING_COLUMNS",
    "OUTGOING_COLUMNS",
    "Cell",
    "Column",
    "ColumnKind",
    "RegisterReport",
    "columns_for",
]

Cell = str | int | date | None


class ColumnKind(enum.Enum):
    TEXT = "text"  # wrapped, left aligned
    DATE = "date"  # a real date cell shown dd/mm/yyyy
    NUMBER = "number"  # a count, centred
    REGISTER_NUMBER = "register_number"  # số đến: numbers below 10 with a leading 0, centred
    SIGNATURE = "signature"  # ký nhận: left blank for a handwritten signature


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: ColumnKind = ColumnKind.TEXT


INCOMING_COLUMNS: tuple[Column, ...] = (
    Column("Ngày đến", 11, ColumnKind.DATE),
    Column("Số đến", 7, ColumnKind.REGISTER_NUMBER),
    Column("Tác giả", 22),
    Column("Số, ký hiệu", 14),
    Column("Ngày tháng", 11, ColumnKind.DATE),
    Column("Tên loại và trích yếu nội dung", 44),
    Column("Đơn vị hoặc người nhận", 22),
    Column("Ký nhận", 10, ColumnKind.SIGNATURE),
    Column("Ghi chú", 14),
)

OUTGOING_COLUMNS: tuple[Column, ...] = (
    Column("Số, ký hiệu văn bản", 14),
    Column("Ngày tháng văn bản", 11, ColumnKind.DATE),
    Column("Tên loại và trích yếu nội dung", 38),
    Column("Người ký", 17),
    Column("Nơi nhận văn bản", 26),
    Column("Đơn vị, người nhận bản lưu", 17),
    Column("Số lượng bản", 8, ColumnKind.NUMBER),
    Column("Ngày chuyển", 11, ColumnKind.DATE),
    Column("Ký nhận", 10, ColumnKind.SIGNATURE),
    Column("Ghi chú", 12),
)

_PATH_CHARACTERS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')

_HEADINGS = {
    DocumentKind.INCOMING: "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
    DocumentKind.OUTGOING: "SỔ ĐĂNG KÝ VĂN BẢN ĐI",
}


def columns_for(kind: DocumentKind) -> tuple[Column, ...]:
    return INCOMING_COLUMNS if kind == DocumentKind.INCOMING else OUTGOING_COLUMNS


@dataclass(frozen=True)
class RegisterReport:
    """One register for one period, ready to be written: the title block and the rows in register order."""

    kind: DocumentKind
    agency_name: str
    parent_name: str
    year: int
    period: Period
    period_text: str  # "Từ ngày 01 tháng 01 năm 2026 đến ngày 31 tháng 3 năm 2026"
    rows: tuple[tuple[Cell, ...], ...]
    # The sổ's own name when the agency keeps several (empty for its sổ chung): two sổ of one year must not
    # print, or download, alike.
    register_name: str = ""

    @property
    def year_line(self) -> str:
        """`Năm 2026`, or `Sổ văn bản đến qua bưu chính - Năm 2026` for a sổ other than the sổ chung."""
        return f"{self.register_name} - Năm {self.year}" if self.register_name else f"Năm {self.year}"

    @property
    def heading(self) -> str:
        return _HEADINGS[self.kind]

    @property
    def columns(self) -> tuple[Column, ...]:
        return columns_for(self.kind)

    @property
    def filename_stem(self) -> str:
        """`Sổ đăng ký văn bản đến 01.01.2026-31.03.2026`: a Vietnamese name without path characters."""
        word = "đến" if self.kind == DocumentKind.INCOMING else "đi"
        span = f"{self.period.start:%d.%m.%Y}-{self.period.end:%d.%m.%Y}"
        name = _PATH_CHARACTERS.sub(" ", self.register_name).strip() if self.register_name else ""
        return f"{name or f'Sổ đăng ký văn bản {word}'} {span}"
