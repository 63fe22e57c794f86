"""Đọc thông tin vào sổ từ văn bản: the fields a văn thư types, read from a received document's layout.

The layout comes from the thể thức checker's reader (`eoffice.checks.read_layout`), so a DOCX, a text PDF
and the OCR'd copy of a scan are read by one code path. Elements are found by position and by their
diacritic-free text (`fold`), which is what survives OCR: `QUYÊT ĐINH` still folds to `QUYET DINH`. Every
value keeps the line it came from (page and box for a PDF) so that the form can show where it was read.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from eoffice.checks import DOCUMENT_TYPES, Layout, Line, type_by_name
from eoffice.checks import DocumentType as TypeName
from eoffice.checks.text import fold, is_upper, squash
from eoffice.documents.kinds import DocumentType, Secrecy, Urgency
from eoffice.legal.citations import read_citations

__all__ = [
    "Citation",
    "Deadline",
    "Found",
    "ReadFields",
    "Source",
    "agency_name",
    "read_fields",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Source:
    """Where a value was read: the line (1-based, reading order), and for a PDF its page and box in points
    (left, bottom, right, top; origin at the page's lower left corner)."""

    line: int | None = None
    page: int | None = None
    box: tuple[float, float, float, float] | None = None

    @classmethod
    def of(cls, line: Line) -> Source:
        return cls(line.index, line.page, line.box)


@dataclass(frozen=True)
class Found(Generic[T]):
    """One value read from the document, with the text it was read from."""

    value: T
    text: str
    source: Source


@dataclass(frozen=True)
class Deadline:
    """A time limit written in the text: a date (``trước ngày 15 tháng 12 năm 2026``) or a number of days
    (``trong thời hạn 10 ngày làm việc``)."""

    text: str
    date: dt.date | None
    days: int | None
    working_days: bool
    source: Source


@dataclass(frozen=True)
class Citation:
    text: str
    type: str | None
    number: str | None
    issuer: str | None
    date: dt.date | None


@dataclass(frozen=True)
class ReadFields:
    number: Found[str] | None = None
    symbol: Found[str] | None = None
    issuer: Found[str] | None = None
    parent_issuer: Found[str] | None = None
    place: Found[str] | None = None
    issue_date: Found[dt.date] | None = None
    doc_type: Found[DocumentType] | None = None
    summary: Found[str] | None = None
    signer_authority: Found[str] | None = None
    signer_position: Found[str] | None = None
    signer_name: Found[str] | None = None
    urgency: Found[Urgency] | None = None
    secrecy: Found[Secrecy] | None = None
    deadlines: tuple[Deadline, ...] = ()
    citations: tuple[Citation, ...] = ()


_BY_LABEL = {fold(t.label): t for t in DocumentType}
_BY_ABBREVIATION = {fold(t.abbreviation): t for t in DOCUMENT_TYPES if t.abbreviation}
# ``Số: 05/QĐ-UBND``; OCR reads the ``ố`` as ``ô``, ``o`` or ``6`` and the colon as ``;`` or ``.``.
_NUMBER = re.compile(
    r"^[\W_]*[S§][ốỐôÔoO6ớồổ]\s*[:;.,]?\s*(?P<number>\d{1,6})\s*(?:[/|]|(?=[-A-ZĐ]))\s*"
    r"(?P<symbol>[^\s,;:]+(?:\s*-\s*[^\s,;:]+)*)"
)
_VV = re.compile(r"^[\W_]*V\s*[/|]\s*[VY]\b")
_NOISE = re.compile(r"^[\W_]+|[\W_]+$")
_DATE = re.compile(r"\bNGAY\s*(\d{1,2})\s*THANG\s*(\d{1,2})\s*NAM\s*(\d{4})")
_AUTHORITY = re.compile(r"^\s*(TM|KT|TL|TUQ|Q)\s*[.:,]\s*(.*)$")
_AGENCY_HEADS = tuple(
    f"{head} "
    for head in (
        "UY BAN",
        "UBND",
        "HOI DONG",
        "SO",
        "BO",
        "BAN",
        "CUC",
        "TONG CUC",
        "CHI CUC",
        "VAN PHONG",
        "PHONG",
        "TRUONG",
        "TRUNG TAM",
        "VIEN",
        "BENH VIEN",
        "THANH TRA",
        "KHO BAC",
        "CONG AN",
        "BAO HIEM",
        "TOA AN",
        "CHINH PHU",
        "THU TUONG",
        "QUOC HOI",
        "DANG UY",
        "TINH UY",
        "HUYEN UY",
        "MAT TRAN",
        "LIEN DOAN",
        "HOI",
        "CONG TY",
        "TAP DOAN",
        "NGAN HANG",
        "DOAN",
        "CHI NHANH",
    )
)
_OPEN_ENDS = (
    " TINH",
    " HUYEN",
    " XA",
    " THANH PHO",
    " QUAN",
    " PHUONG",
    " THI XA",
    " VA",
    " CAC",
    " NHAN DAN",
)
_PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
_URGENCY = {"HOA TOC": Urgency.FLASH, "THUONG KHAN": Urgency.VERY_URGENT, "KHAN": Urgency.URGENT}
_SECRECY = {"TUYET MAT": Secrecy.MOST_SECRET, "TOI MAT": Secrecy.TOP_SECRET, "MAT": Secrecy.SECRET}
_DATED_DEADLINE = re.compile(
    r"\b(?:TRUOC|CHAM NHAT(?: LA)?|KHONG MUON HON|HAN CHOT(?: LA)?|HAN)\s+(?:NGAY\s*)?(?:"
    r"(\d{1,2})\s*THANG\s*(\d{1,2})\s*NAM\s*(\d{4})|(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}))"
)
_DAYS_DEADLINE = re.compile(r"\bTRONG\s+(?:THOI HAN|VONG)\s+(\d{1,3})\s+NGAY(\s+LAM VIEC)?")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_]*$")


def read_fields(layout: Layout) -> ReadFields:
    """Every field that can be read from the layout; a field not found is None (never a guess)."""
    lines = [x for x in layout.lines if not x.empty]
    number, symbol = _number(layout, lines)
    issuer, parent = _issuer(layout, lines, number)
    place, issue_date = _place_and_date(layout, lines)
    doc_type, summary = _type_and_summary(layout, lines, symbol)
    authority, position, name = _signer(layout, lines)
    urgency, secrecy = _marks(lines)
    text = "\n".join(x.text for x in lines)
    return ReadFields(
        number=number,
        symbol=symbol,
        issuer=issuer,
        parent_issuer=parent,
        place=place,
        issue_date=issue_date,
        doc_type=doc_type,
        summary=summary,
        signer_authority=authority,
        signer_position=position,
        signer_name=name,
        urgency=urgency,
        secrecy=secrecy,
        deadlines=tuple(_deadlines(layout, lines)),
        citations=tuple(_citations(text)),
    )


def _clean_symbol(symbol: str) -> str:
    symbol = re.sub(r"\s*-\s*", "-", symbol).replace("Ð", "Đ").replace("đ", "Đ")
    symbol = symbol.rstrip(".,;:'\"”)-_")
    kind, _, rest = symbol.partition("-")
    if rest and fold(kind) not in _BY_ABBREVIATION:  # OCR reads the T of ``TTr`` as I or l
        fixed = kind.replace("I", "T").replace("l", "t")
        if fold(fixed) in _BY_ABBREVIATION:
            symbol = f"{fixed}-{rest}"
    return symbol


def _number(layout: Layout, lines: list[Line]) -> tuple[Found[str] | None, Found[str] | None]:
    candidates = ([layout.number] if layout.number is not None else []) + lines[:40]
    for line in candidates:
        match = _NUMBER.match(squash(line.text))
        if match is None:
            continue
        source = Source.of(line)
        text = match.group(0).strip()
        return Found(match["number"], text, source), Found(_clean_symbol(match["symbol"]), text, source)
    return None, None


def _starts_agency(line: Line) -> bool:
    return (re.sub(r"^[^A-Z]+", "", fold(line.text)) + " ").startswith(_AGENCY_HEADS)


def _issuer(
    layout: Layout, lines: list[Line], number: Found[str] | None
) -> tuple[Found[str] | None, Found[str] | None]:
    """The cơ quan ban hành (last agency named above ``Số:`` on the left) and its cơ quan chủ quản."""
    stop = number.source.line if number is not None and number.source.line is not None else None
    if stop is None:
        return None, None
    known = {id(x) for x in (layout.quoc_hieu, layout.tieu_ngu, layout.date_line) if x is not None}
    left = [x for x in lines if x.index < stop and x.region == "header_left" and id(x) not in known]
    if not left:  # no header columns found: the upper-case lines above the number, quốc hiệu aside
        left = [
            x
            for x in lines
            if x.index < stop
            and id(x) not in known
            and is_upper(x.text)
            and not fold(x.text).startswith(("CONG HOA", "DOC LAP"))
        ]
    left = [
        x for x in left if sum(ch.isalpha() for ch in x.text) >= 2 and not set(x.text.strip()) <= set("-_—–")
    ]
    if not left:
        return None, None
    bold = [bool(x.visible_runs()) and all(r.bold for r in x.visible_runs()) for x in left]
    if any(bold) and not all(bold) and bold[-1]:
        # The checker's reading of a typed header: the issuer is bold, the parent agency above it is not.
        split = len(left) - 1
        while split > 0 and bold[split - 1]:
            split -= 1
        groups = [left[:split], left[split:]] if split else [left]
    else:  # a scan's text has no weights: a new agency starts with an agency word (SỞ, ỦY BAN, BỘ…)
        groups = []
        for x in left:
            if not groups or (_starts_agency(x) and not _incomplete(groups[-1])):
                groups.append([x])
            else:
                groups[-1].append(x)
    issuer = _found_agency(groups[-1])
    parent = _found_agency(groups[-2]) if len(groups) > 1 else None
    return issuer, parent


def _incomplete(group: Sequence[Line]) -> bool:
    """A name cut by a line break: ``ỦY BAN NHÂN DÂN TỈNH`` / ``HÀ TĨNH``, ``BỘ KẾ HOẠCH VÀ`` / ``ĐẦU TƯ``."""
    folded = fold(" ".join(x.text for x in group)).strip()
    return folded.endswith(_OPEN_ENDS) or f"{folded} " in _AGENCY_HEADS


def _is_letter(ch: str) -> bool:
    """A letter, not OCR's specks read as modifier letters (``ˆ``)."""
    return ch.isalpha() and unicodedata.category(ch) != "Lm"


def _found_agency(group: Sequence[Line]) -> Found[str]:
    words = (_NOISE.sub("", w) for w in " ".join(x.text for x in group).split())
    text = squash(" ".join(w for w in words if any(_is_letter(ch) or ch.isdigit() for ch in w)))
    return Found(agency_name(text), text, Source.of(group[0]))


def agency_name(printed: str) -> str:
    """An agency name as typed in the sổ from its upper-case header form: ``SỞ NỘI VỤ`` → ``Sở nội vụ``,
    ``ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH`` → ``Ủy ban nhân dân tỉnh Hà Tĩnh`` (place names keep their capitals)."""
    text = squash(printed)
    if not is_upper(text):
        return text
    lowered = text.lower()
    for word in _PLACE_WORDS:
        position = lowered.find(f" {word} ")
        if position >= 0:
            head, tail = lowered[: position + len(word) + 2], lowered[position + len(word) + 2 :]
            lowered = head + " ".join(w[:1].upper() + w[1:] for w in tail.split(" "))
            break
    return lowered[:1].upper() + lowered[1:]


def _place_and_date(layout: Layout, lines: list[Line]) -> tuple[Found[str] | None, Found[dt.date] | None]:
    """The date line of the header (a long place name wraps it onto two lines in a PDF)."""
    header = [x for x in lines if x.region.startswith("header")] or lines[:15]
    candidates = ([layout.date_line] if layout.date_line is not None else []) + header
    attempts: list[tuple[Line, str]] = [(line, squash(line.text)) for line in candidates]
    for line in candidates:  # then each line with the next: the date wrapped
        following = next((y for y in lines if y.index > line.index), None)
        if following is not None and following.region == line.region:
            attempts.append((line, squash(f"{line.text} {following.text}")))
    for line, text in attempts:
        folded = fold(text)
        if _NOISE.sub("", folded).startswith(("CAN CU", "THEO DE NGHI")):
            continue
        match = _DATE.search(folded)
        date = _date(match.group(1), match.group(2), match.group(3)) if match else None
        if match is None or date is None:
            continue
        source = Source.of(line)
        place_text = text[: match.start()] if len(folded) == len(text) else text.split(",")[0]
        place = _NOISE.sub("", place_text.strip(" ,.;:"))
        return (
            Found(place, text, source) if place and not place[0].isdigit() else None,
            Found(date, text, source),
        )
    return None, None


def _date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _type_and_summary(
    layout: Layout, lines: list[Line], symbol: Found[str] | None
) -> tuple[Found[DocumentType] | None, Found[str] | None]:
    title = layout.type_name
    if title is None:
        title = next((x for x in lines[:40] if x.region == "body" and _type_of(x) is not None), None)
    if title is not None:
        named = _type_of(title)
        kind = _BY_LABEL.get(fold(named.name)) if named is not None else None
        if kind is not None:
            return Found(kind, squash(title.text), Source.of(title)), _title_summary(layout, lines, title)
    vv = next((x for x in (layout.vv or lines[:40]) if _VV.match(fold(x.text))), None)
    if vv is not None:
        return Found(DocumentType.CONG_VAN, squash(vv.text), Source.of(vv)), _vv_summary(layout, lines, vv)
    if symbol is not None:
        abbreviation = fold(symbol.value.split("-")[0])
        by_symbol = _BY_ABBREVIATION.get(abbreviation)
        if by_symbol is not None:
            kind = _BY_LABEL[fold(by_symbol.name)]
            return Found(kind, symbol.text, symbol.source), None
    return None, None


def _type_of(line: Line) -> TypeName | None:
    """The type named by the line, specks of OCR noise around it aside (``_TỜ TRÌNH``)."""
    return type_by_name(_NOISE.sub("", line.text))


def _centre(line: Line) -> float | None:
    return (line.box[0] + line.box[2]) / 2 if line.box is not None else None


def _follows(previous: Line, line: Line) -> bool:
    """On a PDF page, directly below the previous line (no paragraph gap)."""
    if previous.box is None or line.box is None:
        return True
    height = previous.box[3] - previous.box[1]
    return line.page == previous.page and 0 < previous.box[1] - line.box[1] < 1.9 * max(height, 8.0)


def _title_summary(layout: Layout, lines: list[Line], title: Line) -> Found[str] | None:
    """The trích yếu under the type name: lines centred under it, up to the block's end."""
    if title.box is None:
        chosen = list(layout.summary) if title is layout.type_name else []
    else:
        chosen = []
        previous = title
        for x in [y for y in lines if y.index > title.index][:3]:
            if not _follows(previous, x) or fold(x.text).startswith(("CAN CU", "KINH GUI", "THEO DE NGHI")):
                break
            centre, title_centre = _centre(x), _centre(title)
            if centre is None or title_centre is None or abs(centre - title_centre) > 25:
                break
            if is_upper(x.text) and chosen:
                break
            chosen.append(x)
            previous = x
    if not chosen:
        return None
    text = squash(" ".join(x.text for x in chosen))
    return Found(text, text, Source.of(chosen[0]))


def _vv_summary(layout: Layout, lines: list[Line], vv: Line) -> Found[str]:
    chosen = [vv]
    if vv.box is None:
        chosen = list(layout.vv) or [vv]
    else:
        previous = vv
        bare = not re.sub(r"^\s*V\s*/\s*[vV]\s*[:.]?\s*", "", squash(vv.text))
        for x in [y for y in lines if y.index > vv.index][:4]:
            centre, previous_centre = _centre(x), _centre(previous)
            if (
                not _follows(previous, x)
                or centre is None
                or previous_centre is None
                or (abs(centre - previous_centre) > 40 and not (bare and previous is vv))
                or x.box is None
                or x.box[0] > 300
                or fold(x.text).startswith(("KINH GUI", "CONG HOA", "DOC LAP"))
                or _mark_key(x) in _URGENCY
                or _mark_key(x) in _SECRECY
            ):
                break
            chosen.append(x)
            previous = x
    text = squash(" ".join(x.text for x in chosen))
    value = re.sub(r"^\s*V\s*/\s*[vV]\s*[:.]?\s*", "", text)
    return Found(value, text, Source.of(vv))


def _is_name(text: str) -> bool:
    words = squash(text).split(" ")
    return 2 <= len(words) <= 6 and all(
        _NAME_WORD.match(w) and w[0].isupper() and not w.isupper() for w in words
    )


def _signer(
    layout: Layout, lines: list[Line]
) -> tuple[Found[str] | None, Found[str] | None, Found[str] | None]:
    """Quyền hạn ký (``KT. CHỦ TỊCH``), chức vụ and họ tên of the signer, from the signature block."""
    block = [x for x in lines if x.region == "footer_right"]
    if not block:
        block = list(layout.signer_lines) + ([layout.signer_name] if layout.signer_name is not None else [])
    name_line = next((x for x in reversed(block) if _is_name(x.text)), None)
    if name_line is None:
        return None, None, None
    above = [x for x in block if x.index < name_line.index]
    authority_lines = [x for x in above if _AUTHORITY.match(fold(x.text))]
    position_line = next(
        (
            x
            for x in reversed(above)
            if x not in authority_lines and is_upper(x.text) and sum(ch.isalpha() for ch in x.text) >= 4
        ),
        None,
    )
    authority = None
    if authority_lines:
        parts = []
        for x in authority_lines:
            match = _AUTHORITY.match(fold(x.text))
            assert match is not None
            text = squash(x.text)
            rest = re.sub(r"^\s*[^\W\d_]+\s*[.:,]\s*", "", text)
            parts.append(f"{match.group(1)}. {rest}".strip())
        authority = Found(
            " / ".join(parts),
            " / ".join(squash(x.text) for x in authority_lines),
            Source.of(authority_lines[0]),
        )
    position = (
        Found(squash(position_line.text), squash(position_line.text), Source.of(position_line))
        if position_line is not None
        else None
    )
    name = squash(name_line.text)
    return authority, position, Found(name, name, Source.of(name_line))


def _marks(lines: list[Line]) -> tuple[Found[Urgency] | None, Found[Secrecy] | None]:
    """Độ khẩn and độ mật: a line of the first page that is only the mark (``HỎA TỐC``, ``MẬT``)."""
    urgency: Found[Urgency] | None = None
    secrecy: Found[Secrecy] | None = None
    for x in lines[:45]:
        key = _mark_key(x)
        if urgency is None and key in _URGENCY:
            urgency = Found(_URGENCY[key], squash(x.text), Source.of(x))
        if secrecy is None and key in _SECRECY:
            secrecy = Found(_SECRECY[key], squash(x.text), Source.of(x))
    return urgency, secrecy


def _mark_key(line: Line) -> str:
    return re.sub(r"[^A-Z ]", "", fold(line.text)).strip()


def _deadlines(layout: Layout, lines: list[Line]) -> list[Deadline]:
    """Time limits in the body: each line is read together with the next, since a phrase may wrap."""
    found: list[Deadline] = []
    seen: set[str] = set()
    body = [x for x in lines if x.region in ("body", "table")]
    for position, x in enumerate(body):
        following = body[position + 1] if position + 1 < len(body) else None
        text = squash(x.text + (" " + following.text if following is not None else ""))
        folded = fold(text)
        if len(folded) != len(text):
            continue
        limit = len(squash(x.text))  # a phrase must start on this line
        for match in _DATED_DEADLINE.finditer(folded):
            if match.start() >= limit:
                continue
            groups = match.groups()
            day, month, year = groups[0:3] if groups[0] else groups[3:6]
            date = _date(day or "", month or "", year or "") if day and month and year else None
            phrase = text[match.start() : match.end()]
            if date is not None and phrase not in seen:
                seen.add(phrase)
                found.append(Deadline(phrase, date, None, False, Source.of(x)))
        for match in _DAYS_DEADLINE.finditer(folded):
            if match.start() >= limit:
                continue
            phrase = text[match.start() : match.end()]
            if phrase not in seen:
                seen.add(phrase)
                found.append(Deadline(phrase, None, int(match.group(1)), bool(match.group(2)), Source.of(x)))
    return found


def _citations(text: str) -> list[Citation]:
    """Read as the căn cứ check reads them: across a PDF's line wraps and a symbol broken at its hyphen."""
    return [Citation(c.text, c.type, c.number, c.issuer, c.date) for c in read_citations(text)]
