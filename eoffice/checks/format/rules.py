"""The numeric limits of the layout rules, as one frozen settings object with the decree's defaults.

Nghị định 30/2020/NĐ-CP, Phụ lục I sets ranges rather than single values; an agency with a stricter house
style (or a future amendment) passes its own ``FormatRules`` instead of editing code. Sizes are in points,
lengths in millimetres or centimetres as named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eoffice.archive_limits import ARCHIVE_LIMITS, ArchiveLimits

__all__ = ["DEFAULT_RULES", "FormatRules", "PackageLimits", "SizeRange"]


@dataclass(frozen=True)
class SizeRange:
    """An inclusive range of font sizes in points; ``preferred`` is what a fix writes."""

    low: float
    high: float
    preferred: float

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.low - 0.01 <= value <= self.high + 0.01

    def describe(self) -> str:
        return f"{_pt(self.low)} pt" if self.low == self.high else f"{_pt(self.low)}–{_pt(self.high)} pt"


def _pt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


@dataclass(frozen=True)
class PackageLimits:
    """How large a DOCX draft may be before it is refused (``docx.too_large``): the file itself, and what its
    ZIP directory declares (the zip-bomb limits every archive is held to, `eoffice.archive_limits`)."""

    max_file_bytes: int = 50 * 1024 * 1024
    archive: ArchiveLimits = ARCHIVE_LIMITS


@dataclass(frozen=True)
class FormatRules:
    """Thể thức và kỹ thuật trình bày: the decree's defaults."""

    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    page_tolerance_mm: float = 1.0
    allow_landscape: bool = False  # the decree allows landscape for wide tables: a warning, not an error
    margin_top_mm: tuple[float, float] = (20.0, 25.0)
    margin_bottom_mm: tuple[float, float] = (20.0, 25.0)
    margin_left_mm: tuple[float, float] = (30.0, 35.0)
    margin_right_mm: tuple[float, float] = (15.0, 20.0)
    margin_tolerance_mm: float = 0.3
    font_family: str = "Times New Roman"
    # Names a PDF may embed for Times New Roman: LibreOffice substitutes the metric-compatible Liberation Serif
    # where Times New Roman is not installed, and PDF font names drop the spaces.
    pdf_font_aliases: tuple[str, ...] = ("timesnewroman", "times", "liberationserif", "tinos")
    quoc_hieu: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    tieu_ngu: str = "Độc lập - Tự do - Hạnh phúc"
    size_quoc_hieu: SizeRange = SizeRange(12, 13, 13)
    size_tieu_ngu: SizeRange = SizeRange(13, 14, 14)
    size_issuer: SizeRange = SizeRange(12, 13, 13)
    size_number: SizeRange = SizeRange(13, 13, 13)
    size_vv: SizeRange = SizeRange(12, 13, 12)
    size_date_line: SizeRange = SizeRange(13, 14, 14)
    size_type_name: SizeRange = SizeRange(13, 14, 14)
    size_summary: SizeRange = SizeRange(13, 14, 14)
    size_can_cu: SizeRange = SizeRange(13, 14, 14)
    size_body: SizeRange = SizeRange(13, 14, 14)
    size_kinh_gui: SizeRange = SizeRange(13, 14, 14)
    size_signer: SizeRange = SizeRange(13, 14, 14)
    size_noi_nhan_title: SizeRange = SizeRange(12, 12, 12)
    size_noi_nhan_items: SizeRange = SizeRange(11, 11, 11)
    first_line_indent_cm: tuple[float, float] = (1.0, 1.27)
    indent_tolerance_cm: float = 0.03
    min_paragraph_spacing_pt: float = 6.0
    line_spacing: tuple[float, float] = (1.0, 1.5)
    # Short lines (Phụ lục I III.1.b, III.5.c: 1/3 to 1/2 of the text above; III.2.b: as long as the tiêu
    # ngữ), as the ratios outside which a drawn line's length is reported. The text's width is estimated
    # from Times metrics, so the ranges are wider than the decree's.
    short_line_ratio: tuple[float, float] = (0.25, 0.65)
    tieu_ngu_line_ratio: tuple[float, float] = (0.8, 1.2)
    # Academic titles a signer's name must not carry.
    academic_titles: tuple[str, ...] = ("GS.", "PGS.", "TS.", "ThS.", "KS.", "BS.", "CN.", "TSKH.")
    signer_prefixes: tuple[str, ...] = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
    # Words that make a signer's title one the State does not define (``PHÓ CHỦ TỊCH THƯỜNG TRỰC``).
    undefined_title_words: tuple[str, ...] = ("THƯỜNG TRỰC",)
    # Type abbreviations clerks invent for a công văn, whose symbol has none (``86/CV-UBND``).
    invented_type_abbreviations: tuple[str, ...] = ("CV", "CVa", "CVăn")
    # Blank number and date (``Số:    /QĐ-UBND``, ``ngày   tháng   năm 2024``) are normal in a draft:
    # the văn thư fills them in when issuing.
    allow_blank_number_and_date: bool = True
    limits: PackageLimits = field(default_factory=PackageLimits)


DEFAULT_RULES = FormatRules()
