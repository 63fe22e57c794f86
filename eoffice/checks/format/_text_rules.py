"""Nội dung các thành phần: the wording of quốc hiệu and tiêu ngữ, the number and symbol, the date line,
the signer block, the recipients and the legal-basis lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from eoffice.checks.doc_types import type_by_abbreviation
from eoffice.checks.findings import Finding, Location, Severity
from eoffice.checks.format._findings import at, finding
from eoffice.checks.format._layout import Layout
from eoffice.checks.format._reader import Line
from eoffice.checks.format.rules import FormatRules
from eoffice.checks.text import fold, is_upper, squash, tone_key
from eoffice.vietnamese_dates import LONG_DATE_RE, format_day, format_month

NUMBER_RE = re.compile(
    r"^Số:\s*(?P<number>\d+)?\s*/\s*(?:(?P<year>\d{4})\s*/\s*)?(?P<symbol>[^\s/]+-[^\s/]+(?:/[^\s/]+)?)$"
)
# ``Phường 12, ngày …``: the place is anything up to the comma, digits included (Phụ lục I III.4.a: a
# numbered ward or district is named in full).
_DATE_LINE_RE = re.compile(r"^(?P<place>[^,]+?),\s*" + LONG_DATE_RE.pattern + r"\s*$")
STRICT_PREFIX_RE = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s\S")
_DASHES = ("-", "–")


def check_texts(layout: Layout, rules: FormatRules) -> Iterator[Finding]:
    yield from _missing(layout)
    if layout.quoc_hieu is not None:
        yield from _quoc_hieu(layout.quoc_hieu, rules)
    if layout.tieu_ngu is not None:
        yield from _tieu_ngu(layout, layout.tieu_ngu, rules)
    if layout.number is not None:
        yield from _number(layout, layout.number, rules)
    if layout.date_line is not None:
        yield from _date_line(layout.date_line, rules)
    yield from _signer(layout, rules)
    yield from _noi_nhan(layout)
    yield from _kinh_gui(layout)
    yield from _can_cu(layout)


def _missing(layout: Layout) -> Iterator[Finding]:
    wanted = [
        (layout.quoc_hieu, "Quốc hiệu"),
        (layout.tieu_ngu, "Tiêu ngữ"),
        (layout.issuer, "Tên cơ quan ban hành"),
        (layout.number, "Số, ký hiệu"),
        (layout.date_line, "Địa danh, ngày tháng năm"),
        (layout.signer_name, "Chữ ký: chức vụ và họ tên người ký"),
        (layout.noi_nhan_title, "Nơi nhận"),
    ]
    if layout.vv == [] and layout.type_name is None:
        wanted.append((None, "Tên loại và trích yếu (hoặc V/v của công văn)"))
    for element, label in wanted:
        if element is None:
            yield finding(
                "format.missing_element",
                Location("document"),
                "không có",
                label,
                f"Văn bản thiếu thành phần thể thức: {label}.",
            )


def _quoc_hieu(line: Line, rules: FormatRules) -> Iterator[Finding]:
    if tone_key(line.text.upper()) != tone_key(rules.quoc_hieu.upper()):
        yield finding(
            "format.quoc_hieu_text",
            at(line),
            squash(line.text),
            rules.quoc_hieu,
            f"Quốc hiệu phải ghi đúng «{rules.quoc_hieu}».",
        )


def _tieu_ngu(layout: Layout, line: Line, rules: FormatRules) -> Iterator[Finding]:
    if tone_key(line.text) != tone_key(rules.tieu_ngu):
        yield finding(
            "format.tieu_ngu_text",
            at(line),
            squash(line.text),
            rules.tieu_ngu,
            f"Tiêu ngữ phải ghi đúng «{rules.tieu_ngu}»: viết hoa chữ cái đầu các cụm từ, giữa các cụm từ "
            "có gạch nối (-) và cách chữ.",
        )
    if not _has_line_under(layout, line):
        yield finding(
            "format.tieu_ngu_line",
            at(line),
            "không có đường kẻ",
            "đường kẻ ngang nét liền dưới tiêu ngữ",
            "Dưới tiêu ngữ phải có đường kẻ ngang, nét liền, dài bằng dòng chữ.",
            severity=Severity.WARNING,
        )


def _has_line_under(layout: Layout, line: Line) -> bool:
    """A border or a drawn line (DrawingML shape, VML) near the tiêu ngữ. Word anchors a shape in any
    paragraph and places it by offset: in the tiêu ngữ's own paragraph, the quốc hiệu's above it, the ones
    below it in the same column, or the empty paragraph right after the header table."""
    first = layout.quoc_hieu.index if layout.quoc_hieu is not None else line.index
    if line.region == "body":
        near = [x for x in layout.lines if first <= x.index <= line.index + 1]
    else:
        near = [x for x in layout.lines if x.region == line.region and first <= x.index][:6]
        last_header = max(x.index for x in layout.lines if x.region.startswith("header"))
        for x in layout.lines:
            if x.index <= last_header:
                continue
            if not x.empty and not x.has_drawing:
                break
            near.append(x)
    return any(x.has_bottom_border or x.has_drawing for x in near)


def _number(layout: Layout, line: Line, rules: FormatRules) -> Iterator[Finding]:
    text = squash(line.text)
    match = NUMBER_RE.match(text)
    if match is None:
        yield finding(
            "format.number_format",
            at(line),
            text,
            "Số: 05/QĐ-UBND (công văn: Số: 123/UBND-VP)",
            "Số, ký hiệu phải ghi «Số:», số thứ tự, dấu «/» và ký hiệu «tên loại-cơ quan ban hành».",
        )
        return
    number = match["number"]
    if number is None and not rules.allow_blank_number_and_date:
        yield finding("format.number_format", at(line), text, "Số: 05/QĐ-UBND", "Văn bản chưa có số.")
    if number is not None and number != f"{int(number):02d}":
        corrected = f"{int(number):02d}"
        yield finding(
            "format.number_leading_zero",
            at(line),
            number,
            corrected,
            f"Số văn bản nhỏ hơn 10 phải có số 0 phía trước, không thêm số 0 thừa: ghi «{corrected}».",
            fix=line.text.replace(number, corrected, 1),
        )
    doc_type = layout.doc_type
    first = match["symbol"].split("-", 1)[0]
    if doc_type is None:
        return
    if doc_type.abbreviation is not None and first != doc_type.abbreviation:
        yield finding(
            "format.symbol_type_mismatch",
            at(line),
            first,
            doc_type.abbreviation,
            f"Ký hiệu «{match['symbol']}» không khớp tên loại «{doc_type.name}»: chữ viết tắt phải là "
            f"«{doc_type.abbreviation}».",
        )
    elif doc_type.is_cong_van and type_by_abbreviation(first) is not None:
        yield finding(
            "format.symbol_type_mismatch",
            at(line),
            first,
            "tên cơ quan - đơn vị soạn thảo (VD: UBND-VP)",
            f"Công văn không ghi chữ viết tắt tên loại «{first}» trong ký hiệu; ký hiệu là "
            "«tên cơ quan ban hành-đơn vị soạn thảo».",
        )


def _date_line(line: Line, rules: FormatRules) -> Iterator[Finding]:
    text = squash(line.text)
    match = _DATE_LINE_RE.match(text)
    expected = "Hà Tĩnh, ngày 05 tháng 3 năm 2020"
    if match is None:
        yield finding(
            "format.date_line_format",
            at(line),
            text,
            expected,
            "Địa danh và ngày tháng phải ghi «Địa danh, ngày … tháng … năm …» bằng chữ số Ả Rập.",
        )
        return
    day, month = match["day"], match["month"]
    if day is None or month is None:
        # The văn thư fills in the day (and often the month) when issuing; a day without its month is a slip.
        if (day is not None and month is None) or not rules.allow_blank_number_and_date:
            yield finding(
                "format.date_line_format", at(line), text, expected, "Ngày tháng ban hành ghi chưa đủ."
            )
        return
    if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
        yield finding("format.date_line_format", at(line), text, expected, "Ngày tháng không hợp lệ.")
        return
    good_day, good_month = format_day(int(day)), format_month(int(month))
    if (day, month) != (good_day, good_month):
        corrected = re.sub(
            r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}",
            f"ngày {good_day} tháng {good_month}",
            line.text,
            count=1,
        )
        yield finding(
            "format.date_leading_zero",
            at(line),
            f"ngày {day} tháng {month}",
            f"ngày {good_day} tháng {good_month}",
            "Ngày dưới 10 và tháng 1, 2 phải có số 0 phía trước; tháng từ 3 đến 12 không thêm số 0.",
            fix=corrected,
        )


def _signer(layout: Layout, rules: FormatRules) -> Iterator[Finding]:
    if layout.signer_name is None:
        return
    positions = []
    for line in layout.signer_lines:
        text = squash(line.text)
        if line.kind == "signer_authority":
            if not STRICT_PREFIX_RE.match(text):
                yield finding(
                    "format.signer_prefix",
                    at(line),
                    text.split(" ", 1)[0],
                    "TM. / KT. / TL. / TUQ. / Q.",
                    "Quyền hạn người ký phải viết «TM.», «KT.», «TL.», «TUQ.» hoặc «Q.» (chữ in hoa, dấu "
                    "chấm, một dấu cách), tiếp theo là chức vụ.",
                )
        else:
            positions.append(line)
            if not is_upper(text):
                yield finding(
                    "format.signer_position",
                    at(line),
                    text,
                    text.upper(),
                    "Chức vụ của người ký phải viết in hoa.",
                )
    last_kind = layout.signer_lines[-1].kind if layout.signer_lines else None
    if not positions or last_kind == "signer_authority":
        yield finding(
            "format.signer_position",
            at(layout.signer_name),
            "không có chức vụ",
            "chức vụ người ký (VD: PHÓ CHỦ TỊCH)",
            "Khối chữ ký thiếu chức vụ của người ký ngay trên họ tên.",
        )
    name = squash(layout.signer_name.text)
    title = next((t for t in rules.academic_titles if name.casefold().startswith(t.casefold())), None)
    if title is not None:
        yield finding(
            "format.signer_name",
            at(layout.signer_name),
            name,
            name[len(title) :].strip(),
            f"Họ tên người ký không kèm học hàm, học vị («{title}»).",
        )


def _punctuation_problem(items: list[Line]) -> tuple[Line, str, str] | None:
    for position, line in enumerate(items):
        text = line.text.strip()
        last = position == len(items) - 1
        end = "." if last else ";"
        if not text.startswith(_DASHES):
            return line, text[:1], "«-» ở đầu dòng"
        if not text.endswith(end):
            return line, text[-1:], f"«{end}» ở cuối dòng"
    return None


def _noi_nhan(layout: Layout) -> Iterator[Finding]:
    if layout.noi_nhan_title is None:
        return
    items = layout.noi_nhan
    problem = _punctuation_problem(items)
    if problem is not None:
        line, found, expected = problem
        yield finding(
            "format.noi_nhan_punctuation",
            at(line),
            found,
            expected,
            "Mỗi dòng nơi nhận bắt đầu bằng «-» và kết thúc bằng «;», dòng cuối cùng kết thúc bằng «.».",
        )
    last = items[-1] if items else layout.noi_nhan_title
    folded = fold(last.text).lstrip("-– ")
    if not items or not (folded.startswith("LUU") and re.search(r"\bVT\b", folded)):
        yield finding(
            "format.luu_vt_missing",
            at(last),
            squash(last.text),
            "- Lưu: VT, ...",
            "Dòng cuối cùng của nơi nhận phải là «- Lưu: VT, …» (lưu tại văn thư và đơn vị soạn thảo).",
        )


def _kinh_gui(layout: Layout) -> Iterator[Finding]:
    items = layout.kinh_gui[1:]
    if len(items) < 2:
        return
    problem = _punctuation_problem(items)
    if problem is not None:
        line, found, expected = problem
        yield finding(
            "format.kinh_gui_punctuation",
            at(line),
            found,
            expected,
            "Khi gửi nhiều nơi, mỗi dòng «Kính gửi» bắt đầu bằng «-», kết thúc bằng «;», dòng cuối bằng «.».",
        )


def _can_cu(layout: Layout) -> Iterator[Finding]:
    for position, line in enumerate(layout.can_cu):
        text = line.text.rstrip()
        end = "." if position == len(layout.can_cu) - 1 else ";"
        if not text.endswith(end):
            yield finding(
                "format.can_cu_format",
                at(line),
                text[-1:] or "không có",
                end,
                f"Mỗi căn cứ ghi trên một dòng, kết thúc bằng «;»; căn cứ cuối cùng kết thúc bằng «.». "
                f"Dòng này phải kết thúc bằng «{end}».",
            )
