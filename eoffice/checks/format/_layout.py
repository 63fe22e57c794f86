"""Nhận diện thành phần thể thức: which paragraph is the quốc hiệu, the number, the date line, the body...

Elements are found by their text and position, never by their formatting — the formatting is what gets
checked, so it cannot be what identifies the element. Each ``Line`` gets a ``kind``; the ``Layout`` keeps
the elements the rules talk about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from eoffice.checks.doc_types import DocumentType, type_by_name
from eoffice.checks.format._reader import Line, RunInfo
from eoffice.checks.text import fold, is_upper

NUMBER_LINE_RE = re.compile(r"^\s*S[ốỐ](?=\s*[:.\d/]|\s*$)")
# Authority prefixes as people actually write them (``KT``, ``K.T.``, ``T/M``...), to catch the wrong forms.
LOOSE_PREFIX_RE = re.compile(
    r"^\s*(T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|T\.\s*M|K\.\s*T|T\.\s*L|T\.\s*U\.\s*Q|TM|KT|TL|TUQ|Q)\s*[.:]?(\s+|$)",
    re.IGNORECASE,
)
_PROPOSAL = ("THEO DE NGHI", "XET DE NGHI")
# A line of an agency's name that starts one of these words names a new agency (the issuer under its
# parent: ``BỘ TÀI CHÍNH`` / ``TỔNG CỤC THUẾ``); any other line continues the name above it (``ỦY BAN NHÂN
# DÂN`` / ``TỈNH HÀ TĨNH``, ``SỞ GIÁO DỤC`` / ``VÀ ĐÀO TẠO``).
_AGENCY_WORDS = (
    "UY BAN",
    "UBND",
    "HOI DONG",
    "HDND",
    "BO ",
    "SO ",
    "TONG CUC",
    "CUC ",
    "VU ",
    "VIEN ",
    "PHONG ",
    "BAN ",
    "VAN PHONG",
    "TRUNG TAM",
    "THANH TRA",
    "CHI CUC",
    "TRUONG ",
    "BENH VIEN",
    "CONG AN",
    "BO CHI HUY",
    "KHO BAC",
    "DAI ",
    "HOC VIEN",
    "DAI HOC",
    "TOA AN",
    "VIEN KIEM SAT",
    "NGAN HANG",
    "CHI NHANH",
    "DOI ",
)
# ``V/v`` as a công văn's trích yếu starts, and as clerks misspell it (``V/V``, ``v/v``, ``V.v``, ``Vv``), so a
# misspelt one is still found and judged.
_VV_RE = re.compile(r"^\s*V\s*[/.\\]?\s*V(?=[\s:.]|$)")
# A body sentence that starts like a căn cứ (``Căn cứ Kế hoạch số …, UBND xã đã …``) has its own clause.
_CLAUSE_RE = re.compile(r",\s+[^,;]*\s(?:đã|đang|sẽ|tiến hành|kính trình)\s", re.IGNORECASE)


@dataclass
class Layout:
    """The elements found. ``lines`` are the paragraphs, except that a header or signer paragraph split by
    line breaks (Shift+Enter: ``CỘNG HÒA …`` / ``Độc lập - …``) is one line per part, each with the
    paragraph's index; ``paragraphs`` are the paragraphs as read."""

    lines: list[Line]
    quoc_hieu: Line | None = None
    tieu_ngu: Line | None = None
    parents: list[Line] = field(default_factory=list)
    issuer: Line | None = None
    issuer_lines: list[Line] = field(default_factory=list)
    number: Line | None = None
    vv: list[Line] = field(default_factory=list)
    date_line: Line | None = None
    type_name: Line | None = None
    doc_type: DocumentType | None = None
    summary: list[Line] = field(default_factory=list)
    authority: Line | None = None
    can_cu: list[Line] = field(default_factory=list)
    kinh_gui: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    noi_nhan_title: Line | None = None
    noi_nhan: list[Line] = field(default_factory=list)
    signer_lines: list[Line] = field(default_factory=list)
    signer_name: Line | None = None
    appendix: list[Line] = field(default_factory=list)
    paragraphs: list[Line] = field(default_factory=list)

    def mark(self, line: Line | None, kind: str) -> None:
        if line is not None:
            line.kind = kind


def analyse(paragraphs: list[Line]) -> Layout:
    lines = _split_breaks(paragraphs)
    layout = Layout(lines, paragraphs=paragraphs)
    text_lines = [line for line in lines if not line.empty]
    head = text_lines[:25]

    layout.quoc_hieu = next((x for x in head if _is_quoc_hieu(x)), None)
    if layout.quoc_hieu is not None:
        start = text_lines.index(layout.quoc_hieu) + 1
        after = text_lines[start : start + 3]
        layout.tieu_ngu = next((x for x in after if _is_tieu_ngu(x)), None)
    layout.number = next((x for x in head if NUMBER_LINE_RE.match(x.text)), None)
    for x in head:
        if is_vv(x.text):
            layout.vv = [x] + [
                y for y in text_lines if y.region == x.region == "header_left" and y.index > x.index
            ]
            break
    layout.date_line = _find_date_line(layout, text_lines)
    _find_issuer(layout, text_lines)
    for line, kind in (
        (layout.quoc_hieu, "quoc_hieu"),
        (layout.tieu_ngu, "tieu_ngu"),
        (layout.number, "number"),
        (layout.date_line, "date_line"),
    ):
        layout.mark(line, kind)
    for x in layout.issuer_lines:
        x.kind = "issuer"
    for x in layout.parents:
        x.kind = "parent_agency"
    for x in layout.vv:
        x.kind = "vv"
    for x in text_lines:
        if x.region.startswith("header") and x.kind == "other":
            x.kind = "header_other"

    header_end = max((x.index for x in lines if x.kind != "other"), default=0)
    rest = [x for x in text_lines if x.index > header_end]
    _find_footer(layout, rest)
    _find_appendix(layout, rest)
    main = [x for x in rest if x.kind == "other"]
    position = _find_title(layout, main)
    if layout.doc_type is None and layout.vv:
        layout.doc_type = type_by_name("Công văn")
    position = _find_preamble(layout, main, position)
    for x in main[position:]:
        if x.region == "table":
            x.kind = "table"
        elif (
            layout.type_name is not None
            and fold(x.text).rstrip(": ") == fold(layout.type_name.text)
            and (x.text.rstrip().endswith(":"))
        ):
            x.kind = "label"
        elif x.kind == "other" and x.region == "body":
            x.kind = "body"
            layout.body.append(x)
    return layout


def is_vv(text: str) -> bool:
    """The line opens a công văn's trích yếu (``V/v …``), however the abbreviation is spelt."""
    return _VV_RE.match(fold(text)) is not None


def _split_breaks(paragraphs: list[Line]) -> list[Line]:
    """Header and signer paragraphs split at their line breaks, one ``Line`` per part."""
    lines: list[Line] = []
    for line in paragraphs:
        if "\n" not in line.text.strip() or not (
            line.region.startswith("header") or line.region == "footer_right"
        ):
            lines.append(line)
            continue
        parts: list[list[RunInfo]] = [[]]
        for run in line.runs:
            pieces = run.text.split("\n")
            for position, piece in enumerate(pieces):
                if position:
                    parts.append([])
                if piece:
                    parts[-1].append(replace(run, text=piece))
        for runs in parts:
            text = "".join(r.text for r in runs)
            if text.strip():
                lines.append(replace(line, text=text, runs=runs))
    return lines


def _find_appendix(layout: Layout, rest: list[Line]) -> None:
    """What follows the signature block (a phụ lục ``Kèm theo …`` with its tables) is not the body."""
    footer = [x for x in (layout.noi_nhan_title, layout.signer_name) if x is not None]
    footer += layout.noi_nhan + layout.signer_lines
    if not footer:
        return
    end = max(x.index for x in footer)
    for x in rest:
        if x.index > end and x.kind == "other" and not x.region.startswith("footer"):
            x.kind = "appendix"
            layout.appendix.append(x)


def _is_quoc_hieu(line: Line) -> bool:
    folded = fold(line.text)
    return folded.startswith("CONG HOA") or "CHU NGHIA VIET" in folded or "XA HOI CHU NGHIA" in folded


def _is_tieu_ngu(line: Line) -> bool:
    folded = fold(line.text)
    return any(part in folded for part in ("DOC LAP", "TU DO", "HANH PHUC"))


def _find_date_line(layout: Layout, text_lines: list[Line]) -> Line | None:
    anchor = layout.tieu_ngu or layout.quoc_hieu
    candidates = text_lines[:25] if anchor is None else [x for x in text_lines if x.index > anchor.index][:4]
    for x in candidates:
        folded = fold(x.text)
        if x is layout.number or is_vv(x.text):
            continue
        if re.search(
            r"\bNGAY\b.*\bTHANG\b|\bTHANG\b.*\bNAM\b|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}", folded
        ):
            return x
    return None


def _find_issuer(layout: Layout, text_lines: list[Line]) -> None:
    stop = layout.number.index if layout.number is not None else None
    known = {id(x) for x in (layout.quoc_hieu, layout.tieu_ngu, layout.date_line) if x is not None}
    candidates = [
        x
        for x in text_lines
        if x.region == "header_left" and (stop is None or x.index < stop) and id(x) not in known
    ]
    if not candidates and stop is not None:
        candidates = [x for x in text_lines if x.index < stop and id(x) not in known and x.region == "body"][
            :3
        ]
    if candidates:
        # The last agency named is the issuer, those above it its parents. Which line starts an agency is
        # read from the words, not the formatting (the formatting is what gets checked): ``ỦY BAN NHÂN DÂN``
        # / ``TỈNH HÀ TĨNH`` is one name on two lines, both bold.
        split = len(candidates) - 1
        while split > 0 and not _starts_agency(candidates[split]):
            split -= 1
        layout.issuer = candidates[-1]
        layout.issuer_lines = candidates[split:]
        layout.parents = candidates[:split]


def _starts_agency(line: Line) -> bool:
    return (fold(line.text) + " ").startswith(_AGENCY_WORDS)


def _find_footer(layout: Layout, rest: list[Line]) -> None:
    title = next((x for x in rest if fold(x.text).startswith("NOI NHAN")), None)
    if title is not None:
        title.kind = "noi_nhan_title"
        layout.noi_nhan_title = title
        for x in rest:
            if x.index <= title.index:
                continue
            if title.region == "body" and not x.text.lstrip().startswith(("-", "–", "+")):
                break
            if x.region != title.region:
                continue
            x.kind = "noi_nhan_item"
            layout.noi_nhan.append(x)
    signer = [x for x in rest if x.region == "footer_right"]
    if not signer and title is not None and title.region == "body":
        before = [x for x in rest if x.index < title.index]
        signer = []
        for x in reversed(before):
            if x.alignment not in ("center", "right") and not is_upper(x.text):
                break
            signer.insert(0, x)
    if signer:
        layout.signer_name = signer[-1]
        layout.signer_name.kind = "signer_name"
        layout.signer_lines = signer[:-1]
        for x in layout.signer_lines:
            x.kind = "signer_authority" if LOOSE_PREFIX_RE.match(x.text) else "signer_position"


def _find_title(layout: Layout, main: list[Line]) -> int:
    """Type name, trích yếu and (for a quyết định) the issuing authority; returns where the rest starts."""
    for position, x in enumerate(main[:8]):
        doc_type = type_by_name(x.text)
        if doc_type is None or x.text.rstrip().endswith(":"):
            continue
        layout.type_name, layout.doc_type = x, doc_type
        x.kind = "type_name"
        position += 1
        while position < len(main) and len(layout.summary) < 3:
            y = main[position]
            previous = layout.summary[-1] if layout.summary else x
            if _breaks_block(layout.lines, previous, y) or _starts_preamble(y) or is_upper(y.text):
                break
            y.kind = "summary"
            layout.summary.append(y)
            position += 1
        if position < len(main) and is_upper(main[position].text) and not _starts_preamble(main[position]):
            candidate = main[position]
            if type_by_name(candidate.text.rstrip(": ")) is None:
                layout.authority = candidate
                candidate.kind = "authority"
                position += 1
        return position
    return 0


def _breaks_block(lines: list[Line], previous: Line, following: Line) -> bool:
    """An empty or ruled paragraph between two lines ends the title block, and so does a line drawn in the
    previous paragraph (a shape under the trích yếu) or a justified paragraph after a centred one."""
    between = [x for x in lines if previous.index < x.index < following.index]
    return (
        any(x.empty or x.has_bottom_border for x in between)
        or previous.has_bottom_border
        or (previous.has_drawing and previous.element is not None)
        or (previous.alignment == "center" and following.alignment in ("both", "distribute"))
        or _gap_between(previous, following)
    )


def _gap_between(previous: Line, following: Line) -> bool:
    """On a PDF page: more room between two lines than a wrapped line leaves (a new paragraph)."""
    if previous.box is None or following.box is None or previous.page != following.page:
        return False
    height = previous.box[3] - previous.box[1]
    return previous.box[1] - following.box[3] > 0.5 * height


def _starts_preamble(line: Line) -> bool:
    folded = fold(line.text)
    return folded.startswith(("CAN CU", "KINH GUI", *_PROPOSAL))


def is_basis(layout: Layout, line: Line) -> bool:
    """A căn cứ ban hành line: a công văn has none (its ``Căn cứ …`` opens a sentence of the body)."""
    if layout.doc_type is not None and layout.doc_type.is_cong_van:
        return False
    text = line.text.rstrip()
    return fold(text).startswith("CAN CU") and not text.endswith(":") and _CLAUSE_RE.search(text) is None


def _find_preamble(layout: Layout, main: list[Line], position: int) -> int:
    """Kính gửi (with its ``-`` lines) and the block of ``Căn cứ`` / ``Theo đề nghị`` lines."""
    while position < len(main):
        x = main[position]
        folded = fold(x.text)
        if folded.startswith("KINH GUI"):
            x.kind = "kinh_gui"
            layout.kinh_gui.append(x)
            position += 1
            while position < len(main) and main[position].text.lstrip().startswith(("-", "–")):
                main[position].kind = "kinh_gui"
                layout.kinh_gui.append(main[position])
                position += 1
        elif is_basis(layout, x) or (layout.can_cu and folded.startswith(_PROPOSAL)):
            x.kind = "can_cu"
            layout.can_cu.append(x)
            position += 1
        else:
            break
    return position
