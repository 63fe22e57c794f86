"""Nội dung các thành phần: the wording of quốc hiệu and tiêu ngữ, the number and symbol, the date line,
the signer block, the recipients and the legal-basis lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from eoffice.checks.doc_types import type_by_abbreviation
from eoffice.checks.findings import Finding, Location, Severity
from eoffice.checks.format._findings import at, finding
from eoffice.checks.format._layout import LOOSE_PREFIX_RE, Layout
from eoffice.checks.format._reader import Line
from eoffice.checks.format.rules import FormatRules
from eoffice.checks.format.runs import paragraph_text
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
        yield from _place(layout, layout.date_line)
    if layout.vv:
        yield from _vv(layout.vv[0])
    yield from _signer(layout, rules)
    yield from _signer_meaning(layout, rules)
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
            fix=_tieu_ngu_fix(line, rules),
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


def _tieu_ngu_fix(line: Line, rules: FormatRules) -> str | None:
    """The paragraph's text with the motto written right, when only its dashes, spaces or capitals are wrong
    (an en dash, "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"): the words are the clerk's, their punctuation is mechanical.
    A paragraph holding the quốc hiệu too (split by a line break) keeps it; other wording is left to a person."""
    words = re.findall(r"\w+", tone_key(line.text).casefold())
    if line.element is None or words != re.findall(r"\w+", tone_key(rules.tieu_ngu).casefold()):
        return None  # a PDF is not edited; other words need a person
    text = paragraph_text(line.element)
    start = text.rfind(line.text.strip())
    if not line.text.strip() or start < 0:
        return None
    return text[:start] + rules.tieu_ngu + text[start + len(line.text.strip()) :]


def _has_line_under(layout: Layout, line: Line) -> bool:
    return any(x.has_bottom_border or x.has_drawing for x in tieu_ngu_near(layout, line))


def tieu_ngu_near(layout: Layout, line: Line) -> list[Line]:
    """Where a border or a drawn line (DrawingML shape, VML) under the tiêu ngữ sits. Word anchors a shape
    in any paragraph and places it by offset: in the tiêu ngữ's own paragraph, the quốc hiệu's above it,
    the ones below it in the same column, or the empty paragraph right after the header table."""
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
    return near


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
    if match["year"] is not None and not _may_be_normative(layout):
        corrected = re.sub(r"/\s*\d{4}\s*/", "/", line.text, count=1)
        yield finding(
            "format.number_year",
            at(line),
            f"{match['number'] or ''}/{match['year']}/{match['symbol']}",
            f"{match['number'] or '…'}/{match['symbol']}",
            f"Chỉ văn bản quy phạm pháp luật ghi năm ban hành trong số, ký hiệu; {doc_type.name.lower()} "
            f"ghi «Số: {match['number'] or '…'}/{match['symbol']}».",
            fix=corrected if _whole_paragraph(line) else None,
        )
    if doc_type.abbreviation is not None and first != doc_type.abbreviation:
        yield finding(
            "format.symbol_type_mismatch",
            at(line),
            first,
            doc_type.abbreviation,
            f"Ký hiệu «{match['symbol']}» không khớp tên loại «{doc_type.name}»: chữ viết tắt phải là "
            f"«{doc_type.abbreviation}».",
        )
    elif doc_type.is_cong_van and (
        type_by_abbreviation(first) is not None or first in rules.invented_type_abbreviations
    ):
        yield finding(
            "format.symbol_type_mismatch",
            at(line),
            first,
            "tên cơ quan - đơn vị soạn thảo (VD: UBND-VP)",
            f"Công văn không ghi chữ viết tắt tên loại «{first}» trong ký hiệu; ký hiệu là "
            "«tên cơ quan ban hành-đơn vị soạn thảo».",
        )


# Tên loại có thể là văn bản quy phạm pháp luật (Luật Ban hành văn bản quy phạm pháp luật): only these carry
# the year in their number, and only when the draft names that law (every such draft cites it).
_NORMATIVE_TYPES = ("Quyết định", "Nghị quyết")


def _may_be_normative(layout: Layout) -> bool:
    if layout.doc_type is None or layout.doc_type.name not in _NORMATIVE_TYPES:
        return False
    return any("QUY PHAM PHAP LUAT" in fold(x.text) for x in layout.lines)


def _whole_paragraph(line: Line) -> bool:
    """A text fix rewrites the paragraph: offered only when the line is the whole paragraph (a header
    paragraph split at its line breaks is several lines)."""
    return line.element is not None and paragraph_text(line.element) == line.text


def _vv(line: Line) -> Iterator[Finding]:
    """Phụ lục I III.5.d: the công văn's trích yếu follows ``V/v`` written so (capital V, slash, small v)."""
    text = squash(line.text)
    spelt = re.match(r"^\S+(?:\s*[/.\\]\s*\S+)?", text)
    prefix = spelt.group(0) if spelt else text[:3]
    if prefix == "V/v" or (prefix.startswith("V/v") and not prefix[3:4].isalpha()):
        return
    rest = text[len(prefix) :].lstrip(" :")
    yield finding(
        "format.vv_text",
        at(line),
        prefix,
        "V/v",
        f"Trích yếu công văn viết sau chữ «V/v» (V hoa, gạch chéo, v thường), không viết «{prefix}».",
        fix=line.text.replace(line.text.strip(), f"V/v {rest}", 1) if _whole_paragraph(line) else None,
    )


# ``ỦY BAN NHÂN DÂN HUYỆN CAN LỘC``: the administrative unit an agency belongs to (folded text).
_UNIT_RE = re.compile(
    r"\b(?:UY BAN NHAN DAN|UBND|HOI DONG NHAN DAN|HDND)\s+"
    r"(?P<level>TINH|THANH PHO|HUYEN|QUAN|THI XA|XA|PHUONG|THI TRAN|DAC KHU)\s+(?P<name>\S.*)$"
)


def _unit(layout: Layout) -> tuple[str, str] | None:
    """(the unit's name as written, the agency's name) of the Ủy ban or Hội đồng nhân dân that issues the
    draft or that the issuer belongs to (a Sở under its UBND tỉnh); None for other agencies."""
    for lines in (layout.issuer_lines, layout.parents):
        text = squash(" ".join(x.text for x in lines))
        match = _UNIT_RE.search(fold(text))
        words = text.split(" ")
        if match is None or len(words) != len(fold(text).split(" ")):
            continue
        start = len(fold(text)[: match.start("name")].split(" ")) - 1
        return " ".join(words[start:]), text
    return None


def _letters(text: str) -> str:
    """Letters and digits only: ``Bà Rịa-Vũng Tàu`` and ``BÀ RỊA - VŨNG TÀU`` name one province."""
    return re.sub(r"[^A-Z0-9]", "", fold(text))


def _place(layout: Layout, line: Line) -> Iterator[Finding]:
    """Phụ lục I III.4.a: the place is the name of the administrative unit where the issuer sits — the
    province for a UBND tỉnh and its Sở, the district for a UBND huyện, the commune for a UBND xã."""
    match = _DATE_LINE_RE.match(squash(line.text))
    unit = _unit(layout)
    if match is None or unit is None:
        return
    name, agency = unit
    if _letters(name) in _letters(match["place"]):
        return
    expected = name.title() if not name[:1].isdigit() else name
    yield finding(
        "format.place_name",
        at(line),
        match["place"],
        expected,
        f"Địa danh là tên đơn vị hành chính nơi cơ quan ban hành đóng trụ sở: văn bản của «{agency}» ghi "
        f"«{expected}, ngày … tháng … năm …», không ghi «{match['place']}».",
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


# Agencies led by one head (chế độ thủ trưởng), and the titles of such heads: ``TM.`` never stands before
# them; it is for collective bodies (Ủy ban nhân dân, Hội đồng nhân dân, Ban Thường vụ, Hội đồng …).
_ONE_HEAD = (
    "SO ",
    "BO ",
    "CUC ",
    "TONG CUC",
    "VU ",
    "PHONG ",
    "VAN PHONG",
    "TRUNG TAM",
    "CHI CUC",
    "VIEN ",
    "BENH VIEN",
    "THANH TRA",
    "KHO BAC",
    "GIAM DOC",
    "BO TRUONG",
    "CUC TRUONG",
    "CHANH VAN PHONG",
    "TRUONG PHONG",
    "VIEN TRUONG",
    "HIEU TRUONG",
)


def _prefix(text: str) -> tuple[str, str]:
    """(``TM``/``KT``/``TL``/``TUQ``/``Q``, the rest) of an authority line; ("", text) when the prefix is
    misspelt, which ``format.signer_prefix`` reports on its own."""
    match = LOOSE_PREFIX_RE.match(text)
    if match is None or not STRICT_PREFIX_RE.match(text):
        return "", text
    return re.sub(r"[^A-Z]", "", match.group(1).upper()), text[match.end() :].strip()


# Collective bodies whose head signs under ``TM.`` and whose deputies add ``KT. <head>`` (the decree's own
# example: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH). Other collectives (Thường trực Hội đồng nhân
# dân, a Ban) may have a deputy sign for the body itself.
_HEADED_COLLECTIVES = ("UY BAN NHAN DAN", "UBND", "CHINH PHU")


def _is_deputy(position: str) -> bool:
    folded = fold(position)
    return folded.startswith("PHO ") or folded.startswith("THU TRUONG")


def _signer_meaning(layout: Layout, rules: FormatRules) -> Iterator[Finding]:
    """Phụ lục I III.7: what the authority lines say. A deputy signing for a collective body's head needs
    ``KT.`` under ``TM.``; ``TM.`` is only for a collective body; ``KT.`` is followed by a deputy's title;
    titles the State does not define (``PHÓ CHỦ TỊCH THƯỜNG TRỰC``) are not used."""
    if layout.signer_name is None:
        return
    authorities = [x for x in layout.signer_lines if x.kind == "signer_authority"]
    positions = [x for x in layout.signer_lines if x.kind == "signer_position"]
    position = squash(positions[-1].text) if positions else ""
    for line in authorities:
        prefix, body = _prefix(squash(line.text))
        if prefix == "TM" and (fold(body) + " ").startswith(_ONE_HEAD):
            yield finding(
                "format.signer_authority",
                at(line),
                squash(line.text),
                "không ghi «TM.»; cấp phó ghi «KT. <chức vụ người đứng đầu>»",
                f"«TM.» chỉ dùng khi ký thay mặt tập thể (Ủy ban nhân dân, Hội đồng nhân dân, Ban Thường vụ…); "
                f"«{body}» do một người đứng đầu: người đứng đầu ký trực tiếp, cấp phó ghi «KT.» và chức vụ "
                "của người đứng đầu.",
            )
    if authorities and positions:
        last = authorities[-1]
        prefix, body = _prefix(squash(last.text))
        if (
            prefix == "TM"
            and fold(body).startswith(_HEADED_COLLECTIVES)
            and _is_deputy(position)
            and last.index <= positions[-1].index
        ):
            head = re.sub(r"^(PHÓ|Phó)\s+", "", position)
            yield finding(
                "format.signer_authority",
                at(last),
                f"{squash(last.text)} / {position}",
                f"{squash(last.text)} / KT. {head.upper()} / {position}",
                f"Cấp phó ký thay người đứng đầu tập thể phải có dòng «KT. {head.upper()}» giữa "
                f"«{squash(last.text)}» và «{position}».",
            )
        elif prefix == "KT" and position and not _is_deputy(position):
            yield finding(
                "format.signer_authority",
                at(last),
                f"{squash(last.text)} / {position}",
                f"{squash(last.text)} / PHÓ …",
                "«KT.» (ký thay) là cấp phó ký thay người đứng đầu: chức vụ dưới dòng «KT.» phải là chức vụ "
                "của cấp phó.",
            )
    folded = fold(position)
    undefined = next((w for w in rules.undefined_title_words if fold(w) in folded), None)
    if undefined is not None and _is_deputy(position) and "BI THU" not in folded:
        corrected = squash(re.sub(re.escape(undefined), "", position, flags=re.IGNORECASE))
        yield finding(
            "format.signer_title",
            at(positions[-1]),
            position,
            corrected,
            f"Chức vụ ghi trong khối chữ ký là chức danh Nhà nước quy định: ghi «{corrected}», không ghi "
            f"«{position}».",
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
    text = squash(last.text)
    has_vt = re.search(r"\bVT\b", folded) is not None
    if (
        items
        and folded.startswith("LUU")
        and has_vt
        and re.match(r"^[-–]?\s*Lưu\s*[^:\s]", text, re.IGNORECASE)
    ):
        rest = re.sub(r"^[-–]?\s*Lưu\s*[.,;]?\s*", "", text, flags=re.IGNORECASE)
        corrected = f"- Lưu: {rest}"
        yield finding(
            "format.luu_vt_format",
            at(last),
            text,
            corrected,
            f"Dòng lưu ghi «- Lưu:» (có dấu hai chấm), rồi «VT» và tên viết tắt đơn vị soạn thảo: «{corrected}».",
            fix=corrected if _whole_paragraph(last) else None,
        )
    if not items or not (folded.startswith("LUU") and has_vt):
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
