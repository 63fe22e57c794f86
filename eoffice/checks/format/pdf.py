"""Kiểm tra thể thức bản PDF: the rules that can be read from a PDF's text, fonts and page sizes.

A PDF has no paragraphs or styles, so lines are rebuilt from the characters' positions (a big horizontal
gap starts a new line: the header and footer are two columns), bold and italic are read from the font
names, and the same element rules as for DOCX run on the result. Paragraph layout (alignment, indents,
spacing), margins, the drawn short lines and the căn cứ and Kính gửi punctuation are read from positions
on the page (``_pdf_layout``): the body's paragraphs rebuilt from their lines, wrapped items joined.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from eoffice.checks.errors import UnreadableDraft
from eoffice.checks.findings import Finding, Location
from eoffice.checks.format._element_rules import check_element_styles
from eoffice.checks.format._findings import finding
from eoffice.checks.format._layout import analyse
from eoffice.checks.format._pdf_layout import check_pdf_layout, drawn_rules, read_body
from eoffice.checks.format._reader import Line, RunInfo
from eoffice.checks.format._text_rules import check_texts
from eoffice.checks.format.rules import DEFAULT_RULES, FormatRules
from eoffice.checks.text import fold, nfc
from signing.pdfium_lock import PDFIUM_LOCK

__all__ = ["check_pdf", "read_pdf_lines"]

_POINTS_PER_MM = 72 / 25.4
# Body and căn cứ lines are judged once their paragraphs are rebuilt (``_pdf_layout``); the tiêu ngữ's
# line is judged there from the drawing, not from the DOCX's borders and shapes.
_SKIPPED_KINDS = {"body", "can_cu", "kinh_gui", "other", "header_other", "table", "label"}
_SKIPPED_CODES = {"format.tieu_ngu_line"}


@dataclass
class _Segment:
    page: int
    x0: float
    x1: float
    y: float
    size: float
    chars: list[tuple[str, str, float, bool, bool]] = field(default_factory=list)  # ch, font, size, b, i
    chars_y: float = 0.0  # baseline of the last word joined (reading OCR lines only)
    xs: list[float] = field(default_factory=list)  # left edge of each char in ``chars``
    # Fill colour of each char read from the page (``RRGGBB``); chars joined later have none.
    colours: list[str] = field(default_factory=list)
    base: float | None = None  # baseline of the first char (its box's bottom follows a descender)

    @property
    def text(self) -> str:
        return nfc("".join(c[0] for c in self.chars)).strip()


def check_pdf(data: bytes, rules: FormatRules = DEFAULT_RULES) -> list[Finding]:
    segments, sizes = _read(data)
    findings: list[Finding] = []
    for number, (width, height) in sorted(sizes.items()):
        findings += _page_size(number, width, height, rules)
    if not any(s.text for s in segments):
        raise UnreadableDraft(
            "pdf.no_text", "Tệp PDF không có lớp chữ (bản quét); không kiểm tra được thể thức."
        )
    widths = {number: width for number, (width, _) in sizes.items()}
    findings += _font_family(segments, rules)
    segments, numbers = _page_numbers(segments, sizes)
    findings += _page_number_findings(numbers, sizes)
    baselines: dict[int, float] = {}
    lines = _lines(segments, widths, baselines)
    layout = analyse(lines)
    paragraphs = read_body(layout, baselines)
    body_lines = [x for p in paragraphs for x in p]
    paragraph_findings = [
        f
        for f in [
            *check_element_styles([x for x in lines if x.kind not in _SKIPPED_KINDS], rules),
            *check_element_styles(body_lines, rules),
        ]
        + list(check_texts(layout, rules))
        if f.code not in _SKIPPED_CODES
    ]
    paragraph_findings += check_pdf_layout(layout, paragraphs, drawn_rules(data), sizes, baselines, rules)
    pages = {line.index: line.page for line in lines}
    for f in paragraph_findings:
        if f.where.kind == "paragraph":
            where = Location("page", pages.get(f.where.index or 0), f.where.text)
            f = Finding(f.code, f.severity, where, f.found, f.expected, f.message)
        else:
            f = Finding(f.code, f.severity, f.where, f.found, f.expected, f.message)
        findings.append(f)
    return findings


def read_pdf_lines(data: bytes) -> list[Line]:
    """The PDF's text layer as lines in the DOCX reading order, each with its page and box; empty for a
    scan without text (its OCR'd copy has one)."""
    segments, sizes = _read(data)
    segments, _ = _page_numbers(_words_to_lines(segments), sizes)
    return _lines(segments, {number: width for number, (width, _) in sizes.items()})


def _words_to_lines(segments: list[_Segment]) -> list[_Segment]:
    """Join the words of one visual line: an OCR text layer places every word on its own baseline (a
    skewed scan's words climb or fall along the line), which the segment reader keeps apart. A word joins
    the line whose last word ends just before it at nearly the same height."""
    lines: list[_Segment] = []
    for s in sorted(segments, key=lambda s: (s.page, s.x0)):
        size = max(s.size, 1.0)
        target = next(
            (
                line
                for line in reversed(lines)
                if line.page == s.page
                and abs(line.chars_y - s.y) < 0.5 * size
                and -0.3 * size <= s.x0 - line.x1 < 1.2 * size
            ),
            None,
        )
        if target is None:
            line = _Segment(s.page, s.x0, s.x1, s.y, s.size, list(s.chars), xs=list(s.xs))
            line.chars_y = s.y
            lines.append(line)
            continue
        target.chars.append((" ", s.chars[0][1], s.size, False, False))
        target.chars += s.chars
        target.xs += [target.x1, *s.xs]
        target.x1 = max(target.x1, s.x1)
        target.chars_y = s.y  # follow the slope of a skewed line
        target.y = min(target.y, s.y)
    return lines


def _read(data: bytes) -> tuple[list[_Segment], dict[int, tuple[float, float]]]:
    """Every page's text segments, and each page's size in points."""
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                raise UnreadableDraft(
                    "pdf.encrypted", "Tệp PDF được đặt mật khẩu, không kiểm tra được."
                ) from None
            raise UnreadableDraft("pdf.unreadable", "Tệp PDF bị hỏng, không đọc được.") from None
        segments: list[_Segment] = []
        sizes: dict[int, tuple[float, float]] = {}
        try:
            for number in range(len(pdf)):
                page = pdf[number]
                sizes[number + 1] = page.get_size()
                textpage = page.get_textpage()
                segments += _segments(textpage, number + 1)
                textpage.close()
                page.close()
        finally:
            pdf.close()
    return segments, sizes


# A page number as it prints: ``2``, ``- 2 -``, or in Roman numerals (which the decree does not allow).
_PAGE_NUMBER_RE = re.compile(r"^[-–]?\s*(?:\d{1,3}|[IVXLC]{1,7}|[ivxlc]{1,7})\s*[-–]?$")
# How far from the page's top (bottom) edge a header's (footer's) baseline lies: the decree's margins are at
# least 20 mm, so the body's first baseline is lower than this and a header's, at Word's 12.7 mm, higher.
_HEADER_ZONE_MM = 21.0
_FOOTER_ZONE_MM = 18.0


@dataclass(frozen=True)
class _PageNumber:
    page: int
    text: str
    top: bool  # in the top margin (else the bottom one)
    centre: float  # horizontal centre as a fraction of the page's width


def _page_numbers(
    segments: list[_Segment], sizes: dict[int, tuple[float, float]]
) -> tuple[list[_Segment], list[_PageNumber]]:
    """The printed page numbers (alone on their line, in the top or bottom margin), and the other segments:
    a page number is no part of the header or body the layout reads."""
    numbers: list[_PageNumber] = []
    dropped: set[int] = set()
    for page, (width, height) in sizes.items():
        on_page = [s for s in segments if s.page == page]
        for s in on_page:
            top = (height - s.y) / _POINTS_PER_MM < _HEADER_ZONE_MM
            bottom = s.y / _POINTS_PER_MM < _FOOTER_ZONE_MM
            alone = not any(o is not s and abs(o.y - s.y) < 0.5 * max(s.size, 1.0) for o in on_page)
            if (top or bottom) and alone and _PAGE_NUMBER_RE.match(s.text):
                numbers.append(_PageNumber(page, s.text, top, (s.x0 + s.x1) / 2 / width))
                dropped.add(id(s))
    return [s for s in segments if id(s) not in dropped], numbers


def _page_number_findings(numbers: list[_PageNumber], sizes: dict[int, tuple[float, float]]) -> list[Finding]:
    """Phụ lục I II.7 on the printed pages: none on page 1; from page 2 a number in Arabic numerals, centred
    in the top margin."""
    findings = []

    def add(page: int, found: str, expected: str, message: str) -> None:
        findings.append(finding("format.page_number", Location("page", page), found, expected, message))

    if any(n.page == 1 for n in numbers):
        add(1, "trang 1 có số trang", "trang 1 không đánh số", "Trang đầu không đánh số trang.")
    if len(sizes) < 2:
        return findings
    second = [n for n in numbers if n.page == 2]
    top = next((n for n in second if n.top), None)
    if top is None:
        bottom = bool(second)
        add(
            2,
            "số trang ở lề dưới" if bottom else "không có số trang",
            "số trang ở giữa lề trên, từ trang 2",
            "Số trang đặt canh giữa theo chiều ngang trong phần lề trên của văn bản"
            + (" (đầu trang), không đặt ở lề dưới." if bottom else ", từ trang thứ hai trở đi."),
        )
        return findings
    if not re.search(r"\d", top.text):
        add(2, top.text, "chữ số Ả Rập (2, 3, …)", "Số trang được đánh bằng chữ số Ả Rập.")
    if not 0.35 <= top.centre <= 0.7:
        add(
            2,
            "căn phải" if top.centre > 0.7 else "căn trái",
            "căn giữa",
            "Số trang đặt canh giữa theo chiều ngang trong phần lề trên của văn bản.",
        )
    return findings


def _page_size(number: int, width: float, height: float, rules: FormatRules) -> list[Finding]:
    short, long = sorted((width / _POINTS_PER_MM, height / _POINTS_PER_MM))
    tolerance = rules.page_tolerance_mm + 0.5
    if abs(short - rules.page_width_mm) <= tolerance and abs(long - rules.page_height_mm) <= tolerance:
        if width > height:
            return [
                finding(
                    "format.orientation",
                    Location("page", number),
                    "khổ ngang",
                    "khổ dọc",
                    "Văn bản trình bày theo chiều dài khổ A4 (khổ dọc).",
                )
            ]
        return []
    return [
        finding(
            "format.paper_size",
            Location("page", number),
            f"{width / _POINTS_PER_MM:.0f} × {height / _POINTS_PER_MM:.0f} mm",
            "A4 (210 × 297 mm)",
            "Văn bản phải trình bày trên khổ giấy A4 (210 mm × 297 mm).",
        )
    ]


def _font_name(textpage: pdfium.PdfTextPage, index: int, buffer: ctypes.Array[ctypes.c_char]) -> str:
    flags = ctypes.c_int()
    length = pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), ctypes.byref(flags))
    name = buffer.raw[: max(length - 1, 0)].decode("latin-1", "replace")
    return name.split("+", 1)[-1]


def _segments(textpage: pdfium.PdfTextPage, page: int) -> list[_Segment]:
    buffer = ctypes.create_string_buffer(256)
    segments: list[_Segment] = []
    current: _Segment | None = None
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    fonts: dict[int, str] = {}
    current_object = 0
    for index in range(pdfium_c.FPDFText_CountChars(textpage)):
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        if code in (0x0A, 0x0D, 0xFFFE, 0):
            current = None
            continue
        char = chr(code)
        if pdfium_c.FPDFText_IsGenerated(textpage, index):
            if current is not None and char == " " and not current.chars[-1][0].isspace():
                current.chars.append((" ", current.chars[-1][1], current.size, False, False))
                current.xs.append(current.x1)
            continue
        pdfium_c.FPDFText_GetCharBox(
            textpage, index, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)
        )
        size = round(pdfium_c.FPDFText_GetFontSize(textpage, index) * 2) / 2
        obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        if key not in fonts:
            fonts[key] = _font_name(textpage, index, buffer)
        font = fonts[key]
        lowered = font.lower()
        bold = "bold" in lowered or pdfium_c.FPDFText_GetFontWeight(textpage, index) >= 600
        italic = "italic" in lowered or "oblique" in lowered
        y = bottom.value
        if char.isspace():
            if current is not None:
                current.chars.append((" ", font, size, bold, italic))
                current.xs.append(current.x1)
            continue
        new_object = key != current_object
        current_object = key
        if (
            current is None
            or abs(y - current.y) > max(size, current.size) * 0.6
            or left.value - current.x1 > 2.5 * max(size, 1.0)
            or current.x0 - left.value > 2.5 * max(size, 1.0)  # back to the left: another column (OCR)
            or (new_object and left.value - current.x1 > 0.5 * max(size, 1.0))
        ):
            current = _Segment(page, left.value, right.value, y, size)
            origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
            if pdfium_c.FPDFText_GetCharOrigin(
                textpage, index, ctypes.byref(origin_x), ctypes.byref(origin_y)
            ):
                current.base = origin_y.value
            segments.append(current)
        current.chars.append((char, font, size, bold, italic))
        current.xs.append(left.value)
        current.colours += [""] * (len(current.chars) - 1 - len(current.colours))
        current.colours.append(_fill_colour(textpage, index))
        current.x1 = max(current.x1, right.value)
    return [s for s in segments if s.text]


def _fill_colour(textpage: pdfium.PdfTextPage, index: int) -> str:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFText_GetFillColor(
        textpage, index, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)
    ):
        return ""
    return f"{r.value:02X}{g.value:02X}{b.value:02X}"


def _font_family(segments: list[_Segment], rules: FormatRules) -> list[Finding]:
    names = Counter(c[1] for s in segments for c in s.chars if not c[0].isspace())
    wrong = sorted(n for n in names if not _is_wanted_font(n, rules))
    if not wrong:
        return []
    return [
        finding(
            "format.font_family",
            Location("document"),
            ", ".join(wrong[:5]),
            rules.font_family,
            f"Tệp PDF dùng phông {', '.join(wrong[:5])}; văn bản phải dùng phông {rules.font_family}.",
        )
    ]


def _is_wanted_font(name: str, rules: FormatRules) -> bool:
    simple = re.sub(r"[^a-z]", "", name.lower())
    return any(simple.startswith(alias) for alias in rules.pdf_font_aliases)


def _lines(
    segments: list[_Segment], widths: dict[int, float], baselines: dict[int, float] | None = None
) -> list[Line]:
    """Segments as lines in the reading order of the DOCX layout: header left column, header right column,
    body, then the footer's two columns."""
    segments, column = _split_header_columns(segments)
    first_page = sorted((s for s in segments if s.page == 1), key=lambda s: -s.y)
    number = next((s for s in first_page if re.match(r"^SO\s*[:\d/]", fold(s.text))), None)
    date = next(
        (
            s
            for s in first_page
            if re.search(r"NGAY\b.*(THANG\b.*NAM\b|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})", fold(s.text))
        ),
        None,
    )
    bottoms = [s.y for s in (number, date) if s is not None]
    header_bottom = min(bottoms) if bottoms else None
    title = next((s for s in segments if fold(s.text).startswith("NOI NHAN")), None)
    groups: dict[str, list[_Segment]] = {k: [] for k in ("hl", "hr", "b", "fl", "fr")}
    for s in segments:
        half = widths[s.page] * 0.45
        header_half = min(half, column - 2) if column is not None else half
        if s.page == 1 and header_bottom is not None and s.y >= header_bottom - 2 and s.x0 < header_half:
            groups["hl"].append(s)
        elif s.page == 1 and header_bottom is not None and s.y >= header_bottom - 2:
            groups["hr"].append(s)
        elif title is not None and s.page == title.page and s.y <= title.y + 2:
            # Recipients start at the left edge of the nơi nhận column; the signer block is centred in
            # the right one, which on a landscape page may begin left of the page's middle.
            footer_half = min(half, title.x0 + 0.25 * (widths[s.page] - title.x0))
            groups["fl" if s.x0 < footer_half else "fr"].append(s)
        else:
            groups["b"].append(s)
    regions = {
        "hl": "header_left",
        "hr": "header_right",
        "b": "body",
        "fl": "footer_left",
        "fr": "footer_right",
    }
    lines: list[Line] = []
    for key in ("hl", "hr", "b", "fl", "fr"):
        ordered = sorted(groups[key], key=lambda s: (s.page, -s.y, s.x0))
        if key == "fl":
            ordered = _join_wrapped_items(ordered)
        if key == "hr":
            ordered = _join_wrapped_quoc_hieu(ordered)
        for s in ordered:
            runs = [
                RunInfo(
                    text=ch,
                    font=font,
                    font_h=font,
                    font_from_defaults=False,
                    size_pt=size,
                    bold=bold,
                    italic=italic,
                    caps=False,
                    color=s.colours[position] if position < len(s.colours) else None,
                )
                for position, (ch, font, size, bold, italic) in enumerate(s.chars)
            ]
            if baselines is not None and s.base is not None:
                baselines[len(lines) + 1] = s.base
            lines.append(
                Line(
                    index=len(lines) + 1,
                    text=s.text,
                    region=regions[key],
                    element=None,
                    runs=runs,
                    alignment="center",
                    page=s.page,
                    box=(s.x0, s.y, s.x1, s.y + s.size),
                )
            )
    return lines


def _join_wrapped_items(ordered: list[_Segment]) -> list[_Segment]:
    """A recipient that wraps continues on a line without ``-``: glue it back to its item."""
    joined: list[_Segment] = []
    for s in ordered:
        if joined and not fold(joined[-1].text).startswith("NOI NHAN") and not s.text.startswith(("-", "–")):
            joined[-1].chars += [(" ", "", joined[-1].size, False, False), *s.chars]
            joined[-1].xs += [joined[-1].x1, *s.xs]
            continue
        joined.append(s)
    return joined


def _split_header_columns(segments: list[_Segment]) -> tuple[list[_Segment], float | None]:
    """Cut the header's text lines at the right column, where the quốc hiệu starts: a long parent agency
    (``ỦY BAN NHÂN DÂN TỈNH …``) or the ``Số: …`` line can run so close to the quốc hiệu, tiêu ngữ or date
    that the PDF holds both columns as one text line. Returns the segments and where the right column
    starts, if a quốc hiệu was found."""
    quoc_hieu = next((s for s in segments if s.page == 1 and "CONG HOA" in fold(s.text)), None)
    if quoc_hieu is None or len(quoc_hieu.xs) != len(quoc_hieu.chars):
        return segments, None
    boundary = next(
        (
            quoc_hieu.xs[i]
            for i in range(len(quoc_hieu.chars))
            if fold("".join(c[0] for c in quoc_hieu.chars[i : i + 12])).startswith("CONG HOA")
        ),
        None,
    )
    if boundary is None:
        return segments, None
    top, bottom = quoc_hieu.y + quoc_hieu.size, quoc_hieu.y - 5.5 * quoc_hieu.size
    result: list[_Segment] = []
    for s in segments:
        cut = None
        if s.page == 1 and bottom <= s.y <= top and len(s.xs) == len(s.chars) and s.x0 < boundary - 2:
            cut = next(
                (
                    i
                    for i in range(1, len(s.chars))
                    if s.xs[i] >= boundary - 1
                    and not s.chars[i][0].isspace()
                    and s.chars[i - 1][0].isspace()
                    and _gap_before(s, i) > 1.3 * s.size
                ),
                None,
            )
        if cut is None:
            result.append(s)
            continue
        left = _Segment(s.page, s.x0, s.xs[cut - 1] + s.size * 0.6, s.y, s.size, s.chars[:cut], xs=s.xs[:cut])
        right = _Segment(s.page, s.xs[cut], s.x1, s.y, s.size, s.chars[cut:], xs=s.xs[cut:])
        for part in (left, right):
            part.size = max((c[2] for c in part.chars if not c[0].isspace()), default=s.size)
            result.append(part)
    return [s for s in result if s.text], boundary


def _join_wrapped_quoc_hieu(ordered: list[_Segment]) -> list[_Segment]:
    """A quốc hiệu too wide for its column wraps (``… CHỦ NGHĨA VIỆT`` / ``NAM``): glue the tail back."""
    for position, s in enumerate(ordered[:-1]):
        folded = fold(s.text)
        tail = fold(ordered[position + 1].text)
        if folded.startswith("CONG HOA") and not folded.endswith("VIET NAM") and "VIET NAM".endswith(tail):
            s.chars += [(" ", "", s.size, False, False), *ordered[position + 1].chars]
            s.xs += [s.x1, *ordered[position + 1].xs]
            return ordered[: position + 1] + ordered[position + 2 :]
    return ordered


def _gap_before(s: _Segment, i: int) -> float:
    """From the last visible char before ``i`` to char ``i``: about one char and a space inside a line of
    text (a long date line centred over the column's edge), much more between two columns."""
    previous = next((j for j in range(i - 1, -1, -1) if not s.chars[j][0].isspace()), None)
    return s.xs[i] - s.xs[previous] if previous is not None else 0.0
