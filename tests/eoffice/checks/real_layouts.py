"""Drafts laid out as agencies lay them out, for the thể thức checker's own evaluation set (issue 21).

Every draft is generated here with python-docx, deterministically, from a ``Spec``: the header as a
borderless two-column table, the short lines drawn as Word shapes (DrawingML), legacy VML lines or paragraph
borders, quốc hiệu and tiêu ngữ in one paragraph split by a line break, the two-line name of an Ủy ban nhân
dân (both lines bold), a parent agency and issuer in one paragraph, an appendix after the signature, a công
văn sentence starting with "Căn cứ Kế hoạch số …", a numbered ward as the place and a blank day.

``clean_drafts()`` are correct drafts (the checker must report nothing); ``error_drafts()`` each carry one
clerk's error and the finding code it must produce. The generator places every element itself and keeps a
handle on its runs, so an error is made on the element the generator wrote, never located by the checker.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

__all__ = ["Draft", "ErrorDraft", "Spec", "clean_drafts", "error_drafts"]

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Issuer:
    """Who issues: the parent agency (cơ quan chủ quản, may be empty) and the issuer's name lines."""

    key: str
    parent: tuple[str, ...]
    name: tuple[str, ...]
    symbol: str  # the issuer's part of the ký hiệu
    place: str
    authority: str  # thẩm quyền ban hành of a quyết định
    signer: tuple[str, ...]  # authority and position lines above the name


ISSUERS = {
    "xa": Issuer(
        "xa",
        (),
        ("ỦY BAN NHÂN DÂN", "XÃ THIÊN LỘC"),
        "UBND",
        "Thiên Lộc",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ THIÊN LỘC",
        ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    ),
    "phuong": Issuer(
        "phuong",
        (),
        ("ỦY BAN NHÂN DÂN", "PHƯỜNG 12"),
        "UBND",
        "Phường 12",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG 12",
        ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    ),
    "huyen": Issuer(
        "huyen",
        (),
        ("ỦY BAN NHÂN DÂN", "HUYỆN CAN LỘC"),
        "UBND",
        "Can Lộc",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN CAN LỘC",
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    ),
    "tinh": Issuer(
        "tinh",
        (),
        ("ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH"),
        "UBND",
        "Hà Tĩnh",
        "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    ),
    "so": Issuer(
        "so",
        ("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",),
        ("SỞ NỘI VỤ",),
        "SNV",
        "Hà Tĩnh",
        "GIÁM ĐỐC SỞ NỘI VỤ",
        ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    ),
    "bo": Issuer(
        "bo",
        (),
        ("BỘ TƯ PHÁP",),
        "BTP",
        "Hà Nội",
        "BỘ TRƯỞNG BỘ TƯ PHÁP",
        ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"),
    ),
    "tong_cuc": Issuer(
        "tong_cuc",
        ("BỘ TÀI CHÍNH",),
        ("TỔNG CỤC THUẾ",),
        "TCT",
        "Hà Nội",
        "TỔNG CỤC TRƯỞNG TỔNG CỤC THUẾ",
        ("TL. TỔNG CỤC TRƯỞNG", "CHÁNH VĂN PHÒNG"),
    ),
}

# type key → (type name, abbreviation or None for a công văn, trích yếu)
TYPES = {
    "cong_van": ("", None, "V/v triển khai kiểm tra công tác văn thư, lưu trữ năm 2024"),
    "quyet_dinh": ("QUYẾT ĐỊNH", "QĐ", "Về việc thành lập Tổ kiểm tra công tác văn thư, lưu trữ năm 2024"),
    "to_trinh": ("TỜ TRÌNH", "TTr", "Về việc đề nghị phê duyệt kế hoạch chuyển đổi số năm 2025"),
    "bao_cao": ("BÁO CÁO", "BC", "Kết quả thực hiện công tác cải cách hành chính quý III năm 2024"),
    "thong_bao": ("THÔNG BÁO", "TB", "Kết luận của Chủ tịch tại cuộc họp giao ban tháng 10 năm 2024"),
    "ke_hoach": ("KẾ HOẠCH", "KH", "Tổ chức kiểm tra công tác văn thư, lưu trữ năm 2025"),
    "giay_moi": ("GIẤY MỜI", "GM", "Dự hội nghị tổng kết công tác năm 2024"),
}

_BODY = (
    "Thực hiện chương trình công tác năm 2024, cơ quan tổ chức kiểm tra việc soạn thảo, ban hành và quản "
    "lý văn bản tại các đơn vị trực thuộc, bảo đảm đúng quy định hiện hành.",
    "Các đơn vị chuẩn bị hồ sơ, tài liệu liên quan và cử cán bộ làm việc với đoàn kiểm tra theo lịch; "
    "kết quả kiểm tra được tổng hợp, báo cáo trước ngày 30 tháng 11 năm 2024.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị các đơn vị phản ánh kịp thời để được "
    "hướng dẫn, giải quyết.",
)

_W14 = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    f'xmlns:wps="{_W14}" xmlns:v="urn:schemas-microsoft-com:vml"'
)


@dataclass(frozen=True)
class Spec:
    """One draft: its type, issuer and the way each layout detail is drawn."""

    name: str
    doc_type: str
    issuer: str
    lines: str = "shape"  # how short lines are drawn: shape | vml | border
    shape_anchor: str = "own"  # tiêu ngữ line anchored in: own | quoc_hieu | after_table
    qh_one_paragraph: bool = False  # quốc hiệu and tiêu ngữ split by a line break
    name_one_paragraph: bool = False  # parent and issuer (or the UBND's two lines) split by a line break
    number: str = "12"  # blank: the văn thư numbers it at issue
    day: str = "05"
    month: str = "11"
    year: str = "2024"
    appendix: bool = False
    can_cu_sentence: bool = False  # a công văn sentence starting with "Căn cứ Kế hoạch số …"
    summary_line_in_paragraph: bool = False  # the line under the trích yếu anchored in its paragraph
    two_row_header: bool = False  # number and date in a second row of the header table
    kinh_gui_list: bool = False
    # Page numbers in the header from page 2 ("Different first page"): a complex field (fldChar/instrText)
    # as Word's Insert > Page Number writes it, a simple field (fldSimple), or none (a one-page draft).
    page_numbers: str = "field"  # field | simple | none


@dataclass
class Draft:
    spec: Spec
    document: Document
    runs: dict[str, list[Run]] = field(default_factory=dict)
    paragraphs: dict[str, list[Paragraph]] = field(default_factory=dict)
    tieu_ngu_line: Any = None  # the shape, VML line or border drawn under the tiêu ngữ
    issuer_line: Any = None  # … under the issuer's name
    summary_line: Any = None  # … under the trích yếu

    def data(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


@dataclass(frozen=True)
class ErrorDraft:
    name: str
    code: str
    data: bytes


# --- building ---------------------------------------------------------------------------------------------
def _rfonts(element: object, name: str = "Times New Roman") -> None:
    fonts = element.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {_NS}/>")
        element.insert(0, fonts)  # type: ignore[attr-defined]
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{slot}"), name)
    for theme in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)


def _new_document() -> Document:
    document = docx.Document()
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _rfonts(defaults)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    _rfonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(14)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    return document


def _run(paragraph: Paragraph, text: str, size: float, bold: bool = False, italic: bool = False) -> Run:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    return run


def _centered(container: Document | _Cell) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _first(cell: _Cell) -> Paragraph:
    """The cell's own empty paragraph for the first line, then new ones."""
    paragraph = cell.paragraphs[0]
    if paragraph.text or paragraph.runs:
        paragraph = cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _shape_xml(number: int, width_emu: int, drop_emu: int) -> str:
    return (
        f'<w:r {_NS}><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" '
        f'simplePos="0" relativeHeight="{251659264 + number}" behindDoc="0" locked="0" layoutInCell="1" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:align>center</wp:align></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{drop_emu}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width_emu}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{number}" name="Straight Connector {number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{_W14}"><wps:wsp><wps:cNvCnPr/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{width_emu}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="9525"><a:solidFill>'
        '<a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )


def _vml_xml(number: int, left_pt: float, width_pt: float, drop_pt: float) -> str:
    return (
        f'<w:r {_NS}><w:pict><v:line id="line{number}" '
        'style="position:absolute;z-index:251659264;mso-position-horizontal-relative:text;'
        f'mso-position-vertical-relative:text" from="{left_pt}pt,{drop_pt}pt" '
        f'to="{left_pt + width_pt}pt,{drop_pt}pt" strokeweight=".5pt"/></w:pict></w:r>'
    )


class _Lines:
    """Draws the short lines the way the spec says."""

    def __init__(self, how: str) -> None:
        self.how = how
        self.count = 0

    def draw(self, paragraph: Paragraph, width_cm: float, cell_width_cm: float, drop_pt: float = 3) -> Any:
        """Draws the line; returns what was added to the paragraph (a run or the border)."""
        self.count += 1
        if self.how == "shape":
            element = parse_xml(_shape_xml(self.count, int(width_cm * 360000), int(drop_pt * 12700)))
            paragraph._p.append(element)
            return element
        if self.how == "vml":
            left = (cell_width_cm - width_cm) / 2 * 28.35
            element = parse_xml(_vml_xml(self.count, round(left, 1), round(width_cm * 28.35, 1), drop_pt))
            paragraph._p.append(element)
            return element
        else:
            side = Cm(max((cell_width_cm - width_cm) / 2, 0))
            paragraph.paragraph_format.left_indent = side
            paragraph.paragraph_format.right_indent = side
            ppr = paragraph._p.get_or_add_pPr()
            element = parse_xml(
                f'<w:pBdr {_NS}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
            )
            ppr.append(element)
            return element


def _widths(table: Table, *widths_cm: float) -> None:
    """Fixed column widths, in the grid and in every cell, as Word writes them."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _header(draft: Draft, lines: _Lines) -> None:
    spec, document = draft.spec, draft.document
    issuer = ISSUERS[spec.issuer]
    table = document.add_table(rows=2 if spec.two_row_header else 1, cols=2)
    _widths(table, 6.2, 10.3)
    left, right = table.rows[0].cells
    # Agency names
    names = [(text, False) for text in issuer.parent] + [(text, True) for text in issuer.name]
    if spec.name_one_paragraph:
        paragraph = _first(left)
        for position, (text, bold) in enumerate(names):
            run = _run(paragraph, text, 13, bold=bold)
            draft.runs.setdefault("parent" if not bold else "issuer", []).append(run)
            if position < len(names) - 1:
                run.add_break(WD_BREAK.LINE)
    else:
        for text, bold in names:
            paragraph = _first(left)
            draft.runs.setdefault("parent" if not bold else "issuer", []).append(
                _run(paragraph, text, 13, bold)
            )
    # The line under the issuer's name: a shape or the border of an empty paragraph after it
    # 1/3 to 1/2 of the name (Phụ lục I III.1.b): about 0.4 of its longest line, 13 pt bold capitals
    # being about 0.29 cm a character
    draft.issuer_line = lines.draw(
        _first(left), 0.4 * 0.29 * max(len(t) for t in issuer.name), 6.2, drop_pt=1
    )
    number_cell, date_cell = table.rows[1].cells if spec.two_row_header else (left, right)
    number = _first(number_cell)
    abbreviation = TYPES[spec.doc_type][1]
    symbol = f"{abbreviation}-{issuer.symbol}" if abbreviation else f"{issuer.symbol}-VP"
    draft.runs["number"] = [
        _run(number, f"Số: {spec.number}/{symbol}" if spec.number else f"Số:      /{symbol}", 13)
    ]
    draft.paragraphs["number"] = [number]
    if abbreviation is None:
        vv = _first(number_cell)
        draft.runs["vv"] = [_run(vv, TYPES[spec.doc_type][2], 12)]
    # Quốc hiệu and tiêu ngữ
    qh = _first(right)
    draft.runs["quoc_hieu"] = [_run(qh, QUOC_HIEU, 13, bold=True)]
    if spec.qh_one_paragraph:
        draft.runs["quoc_hieu"][0].add_break(WD_BREAK.LINE)
        tn = qh
    else:
        tn = _first(right)
    draft.runs["tieu_ngu"] = [_run(tn, TIEU_NGU, 14, bold=True)]
    draft.paragraphs["tieu_ngu"] = [tn]
    if lines.how == "border":
        draft.tieu_ngu_line = lines.draw(_first(right), 6.1, 10.3)
    elif spec.shape_anchor == "quoc_hieu":
        draft.tieu_ngu_line = lines.draw(qh, 6.1, 10.3, drop_pt=34)
    elif spec.shape_anchor == "own":
        draft.tieu_ngu_line = lines.draw(tn, 6.1, 10.3, drop_pt=17)
    date = _first(date_cell)
    if spec.two_row_header:
        pass
    elif lines.how != "border" and spec.shape_anchor != "after_table":
        date.paragraph_format.space_before = Pt(6)
    date_text = f"{issuer.place}, ngày {spec.day} tháng {spec.month} năm {spec.year}"
    if not spec.day:
        date_text = f"{issuer.place}, ngày    tháng {spec.month} năm {spec.year}"
    draft.runs["date"] = [_run(date, date_text, 14, italic=True)]
    draft.paragraphs["date"] = [date]
    after = document.add_paragraph()
    if spec.shape_anchor == "after_table" and lines.how != "border":
        draft.tieu_ngu_line = lines.draw(after, 6.1, 10.3, drop_pt=-40)


def _body_paragraph(document: Document, text: str, italic: bool = False) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.space_after = Pt(6)
    _run(paragraph, text, 14, italic=italic)
    return paragraph


def _title(draft: Draft, lines: _Lines) -> None:
    spec, document = draft.spec, draft.document
    name, abbreviation, summary = TYPES[spec.doc_type]
    if abbreviation is None:
        return
    title = _centered(document)
    draft.runs["type_name"] = [_run(title, name, 14, bold=True)]
    paragraph = _centered(document)
    draft.runs["summary"] = [_run(paragraph, summary, 14, bold=True)]
    # 1/3 to 1/2 of the trích yếu (III.5.c): about 0.4 of it, 14 pt bold being about 0.21 cm a character
    width = 0.4 * min(0.21 * len(summary), 16.0)
    if spec.summary_line_in_paragraph and lines.how != "border":
        draft.summary_line = lines.draw(paragraph, width, 16.0, drop_pt=18)
        document.add_paragraph().paragraph_format.space_after = Pt(6)
    elif lines.how == "border":
        draft.summary_line = lines.draw(document.add_paragraph(), width, 16.0)
        document.add_paragraph()
    else:
        draft.summary_line = lines.draw(document.add_paragraph(), width, 16.0, drop_pt=1)
    if spec.doc_type == "quyet_dinh":
        authority = _centered(document)
        authority.paragraph_format.space_after = Pt(6)
        draft.runs["authority"] = [_run(authority, ISSUERS[spec.issuer].authority, 14, bold=True)]


def _preamble(draft: Draft) -> None:
    spec, document = draft.spec, draft.document
    if spec.doc_type in ("quyet_dinh", "ke_hoach"):
        bases = [
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
        ]
        if spec.doc_type == "quyet_dinh":
            bases.append("Theo đề nghị của Chánh Văn phòng.")
        else:
            bases[-1] = bases[-1][:-1] + "."
        draft.paragraphs["can_cu"] = [_body_paragraph(document, text, italic=True) for text in bases]
        draft.runs["can_cu"] = [p.runs[0] for p in draft.paragraphs["can_cu"]]
        if spec.doc_type == "quyet_dinh":
            label = _centered(document)
            label.paragraph_format.space_after = Pt(6)
            _run(label, "QUYẾT ĐỊNH:", 14, bold=True)
    if spec.doc_type in ("cong_van", "to_trinh"):
        paragraph = _centered(document)
        paragraph.paragraph_format.space_after = Pt(6)
        if spec.kinh_gui_list:
            _run(paragraph, "Kính gửi:", 14)
            items = [
                "- Văn phòng Hội đồng nhân dân và Ủy ban nhân dân;",
                "- Phòng Nội vụ;",
                "- Phòng Tư pháp.",
            ]
            draft.paragraphs["kinh_gui"] = [paragraph]
            for text in items:
                item = document.add_paragraph()
                item.paragraph_format.left_indent = Cm(4)
                _run(item, text, 14)
                draft.paragraphs["kinh_gui"].append(item)
        else:
            _run(paragraph, "Kính gửi: Các cơ quan, đơn vị trực thuộc.", 14)
            draft.paragraphs["kinh_gui"] = [paragraph]


def _body(draft: Draft) -> None:
    spec, document = draft.spec, draft.document
    texts = list(_BODY)
    if spec.can_cu_sentence:
        texts[0] = (
            "Căn cứ Kế hoạch số 215/KH-UBND ngày 12 tháng 3 năm 2024 của Ủy ban nhân dân huyện, Ủy ban nhân "
            "dân xã đã tổ chức rà soát hồ sơ, tài liệu của các đơn vị trong tháng 10 năm 2024."
        )
    if spec.doc_type == "quyet_dinh":
        texts = [
            "Điều 1. Thành lập Tổ kiểm tra công tác văn thư, lưu trữ năm 2024 gồm các ông, bà có tên trong "
            "danh sách kèm theo Quyết định này.",
            "Điều 2. Tổ kiểm tra có nhiệm vụ kiểm tra việc soạn thảo, ban hành và quản lý văn bản tại các đơn "
            "vị; báo cáo kết quả trước ngày 30 tháng 11 năm 2024.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các đơn vị và các "
            "ông, bà có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        ]
    if spec.doc_type == "ke_hoach":
        heading = document.add_paragraph()
        heading.paragraph_format.first_line_indent = Cm(1.27)
        heading.paragraph_format.space_after = Pt(6)
        _run(heading, "I. MỤC ĐÍCH, YÊU CẦU", 14, bold=True)
    draft.paragraphs["body"] = [_body_paragraph(document, text) for text in texts]
    draft.runs["body"] = [p.runs[0] for p in draft.paragraphs["body"]]


def _footer(draft: Draft) -> None:
    spec, document = draft.spec, draft.document
    issuer = ISSUERS[spec.issuer]
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    _widths(table, 7.5, 8.5)
    left, right = table.rows[0].cells
    title = left.paragraphs[0]
    draft.runs["noi_nhan_title"] = [_run(title, "Nơi nhận:", 12, bold=True, italic=True)]
    recipients = ["- Như trên;", "- Chủ tịch, các Phó Chủ tịch;", "- Lưu: VT, VP."]
    if spec.doc_type == "quyet_dinh":
        recipients = ["- Như Điều 3;", "- Chủ tịch, các Phó Chủ tịch;", "- Lưu: VT, VP."]
    draft.paragraphs["noi_nhan"] = []
    for text in recipients:
        paragraph = left.add_paragraph()
        _run(paragraph, text, 11)
        draft.paragraphs["noi_nhan"].append(paragraph)
    draft.runs["noi_nhan"] = [p.runs[0] for p in draft.paragraphs["noi_nhan"]]
    draft.runs["signer"] = []
    for text in issuer.signer:
        paragraph = _first(right)
        draft.runs["signer"].append(_run(paragraph, text, 14, bold=True))
        draft.paragraphs.setdefault("signer", []).append(paragraph)
    for _ in range(3):
        _first(right)
    name = _first(right)
    draft.runs["signer_name"] = [_run(name, "Nguyễn Văn An", 14, bold=True)]
    if spec.appendix:
        paragraph = document.add_paragraph()
        paragraph.add_run().add_break(WD_BREAK.PAGE)
        heading = _centered(document)
        _run(heading, "PHỤ LỤC", 14, bold=True)
        name_, abbreviation, _ = TYPES[spec.doc_type]
        what = (name_.capitalize() if abbreviation else "Công văn").replace("Quyết định", "Quyết định")
        note = _centered(document)
        _run(
            note,
            f"(Kèm theo {what} số {spec.number or '    '}/{abbreviation or issuer.symbol}-{issuer.symbol} "
            f"ngày {spec.day or '   '} tháng {spec.month} năm {spec.year} của {issuer.name[-1].title()})",
            14,
            italic=True,
        )
        rows = [("STT", "Họ và tên", "Chức vụ", "Nhiệm vụ")] + [
            (str(n), name__, role, "Tổ trưởng" if n == 1 else "Thành viên")
            for n, (name__, role) in enumerate(
                [
                    ("Trần Thị Bình", "Chánh Văn phòng"),
                    ("Lê Văn Cường", "Chuyên viên"),
                    ("Phạm Thu Hà", "Văn thư"),
                ],
                1,
            )
        ]
        table = document.add_table(rows=len(rows), cols=4)
        table.style = document.styles["Table Grid"]
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = table.rows[r].cells[c]
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
                _run(cell.paragraphs[0], text, 12, bold=r == 0)
        document.add_paragraph()


def _page_field(how: str) -> list[Any]:
    if how == "simple":
        return [
            parse_xml(
                f'<w:fldSimple {_NS} w:instr=" PAGE   \\* MERGEFORMAT "><w:r><w:t>2</w:t></w:r></w:fldSimple>'
            )
        ]
    return [
        parse_xml(f'<w:r {_NS}><w:fldChar w:fldCharType="begin"/></w:r>'),
        parse_xml(
            f'<w:r {_NS}><w:instrText xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>'
        ),
        parse_xml(f'<w:r {_NS}><w:fldChar w:fldCharType="separate"/></w:r>'),
        parse_xml(f"<w:r {_NS}><w:t>2</w:t></w:r>"),
        parse_xml(f'<w:r {_NS}><w:fldChar w:fldCharType="end"/></w:r>'),
    ]


def _page_numbers(draft: Draft) -> None:
    """Page number centred in the header, none on page 1 (``titlePg`` with an empty first-page header)."""
    if draft.spec.page_numbers == "none":
        return
    section = draft.document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for element in _page_field(draft.spec.page_numbers):
        paragraph._p.append(element)
    for run in paragraph._p.iter(qn("w:r")):
        rpr = run.get_or_add_rPr()
        size = parse_xml(f'<w:sz {_NS} w:val="28"/>')
        rpr.append(size)
    draft.paragraphs["page_number"] = [paragraph]
    section.first_page_header.paragraphs[0].text = ""


def build(spec: Spec) -> Draft:
    draft = Draft(spec, _new_document())
    lines = _Lines(spec.lines)
    _page_numbers(draft)
    _header(draft, lines)
    _title(draft, lines)
    _preamble(draft)
    _body(draft)
    _footer(draft)
    return draft


# --- the sets ---------------------------------------------------------------------------------------------
CLEAN_SPECS: tuple[Spec, ...] = (
    Spec("cv_xa_shape", "cong_van", "xa", can_cu_sentence=True, page_numbers="none"),
    Spec("qd_tinh_vml", "quyet_dinh", "tinh", lines="vml", appendix=True, page_numbers="simple"),
    Spec("tt_huyen_border", "to_trinh", "huyen", lines="border"),
    Spec("bc_so_shape", "bao_cao", "so", name_one_paragraph=True),
    Spec("tb_bo_vml", "thong_bao", "bo", lines="vml", qh_one_paragraph=True),
    Spec("kh_tong_cuc", "ke_hoach", "tong_cuc", shape_anchor="quoc_hieu", appendix=True, number="215"),
    Spec("gm_phuong", "giay_moi", "phuong", day="", page_numbers="none"),
    Spec("qd_xa_summary_shape", "quyet_dinh", "xa", summary_line_in_paragraph=True, number=""),
    Spec("cv_phuong_12", "cong_van", "phuong", lines="vml", kinh_gui_list=True, day="", month="10"),
    Spec("kh_huyen_after_table", "ke_hoach", "huyen", shape_anchor="after_table", two_row_header=True),
    Spec(
        "bc_tinh_qh_one",
        "bao_cao",
        "tinh",
        qh_one_paragraph=True,
        shape_anchor="quoc_hieu",
        can_cu_sentence=True,
    ),
    Spec("tb_so_border", "thong_bao", "so", lines="border", name_one_paragraph=True, appendix=True),
    Spec("tt_bo_shape", "to_trinh", "bo", summary_line_in_paragraph=True, kinh_gui_list=True),
    Spec("gm_tong_cuc_vml", "giay_moi", "tong_cuc", lines="vml", two_row_header=True),
    Spec(
        "qd_so_after_table",
        "quyet_dinh",
        "so",
        shape_anchor="after_table",
        appendix=True,
        day="09",
        month="02",
    ),
    Spec("cv_huyen_names_one", "cong_van", "huyen", name_one_paragraph=True, qh_one_paragraph=True),
    Spec("qd_bo_border", "quyet_dinh", "bo", lines="border", number="05"),
    Spec("cv_tinh_vml", "cong_van", "tinh", lines="vml", shape_anchor="quoc_hieu", appendix=True),
)


def clean_drafts() -> list[tuple[str, bytes]]:
    return [(spec.name, build(spec).data()) for spec in CLEAN_SPECS]


Edit = Callable[[Draft], None]


def _text(role: str, transform: Callable[[str], str], position: int = 0) -> Edit:
    def edit(draft: Draft) -> None:
        run = draft.runs[role][position]
        run.text = transform(run.text)

    return edit


def _attr(role: str, name: str, value: object, position: int | None = None) -> Edit:
    def edit(draft: Draft) -> None:
        runs = draft.runs[role] if position is None else [draft.runs[role][position]]
        for run in runs:
            setattr(run.font, name, value)

    return edit


def _paragraph(role: str, setter: Callable[[Paragraph], None], position: int = 0) -> Edit:
    def edit(draft: Draft) -> None:
        setter(draft.paragraphs[role][position])

    return edit


def _section(setter: Callable[[object], None]) -> Edit:
    def edit(draft: Draft) -> None:
        setter(draft.document.sections[0])

    return edit


def _drop_tieu_ngu_line(draft: Draft) -> None:
    element = draft.tieu_ngu_line
    element.getparent().remove(element)


def _drop_line(role: str) -> Edit:
    def edit(draft: Draft) -> None:
        element = getattr(draft, f"{role}_line")
        element.getparent().remove(element)

    return edit


def _line_length(role: str, width_cm: float) -> Edit:
    """The shape or VML line drawn under ``role`` made ``width_cm`` long."""

    def edit(draft: Draft) -> None:
        element = getattr(draft, f"{role}_line")
        for tag in ("wp:extent", "a:ext"):
            for extent in element.iter(qn(tag)):
                extent.set("cx", str(int(width_cm * 360000)))
        for line in element.iter("{urn:schemas-microsoft-com:vml}line"):
            x, y = (float(v.removesuffix("pt")) for v in line.get("from").split(","))
            line.set("to", f"{x + width_cm * 28.35:.1f}pt,{y}pt")

    return edit


def _drop_signer_position(draft: Draft) -> None:
    paragraph = draft.paragraphs["signer"][-1]
    paragraph._p.getparent().remove(paragraph._p)


def _signer(*lines: str) -> Edit:
    """The signer block's authority and position lines replaced by ``lines`` (as many as there were)."""

    def edit(draft: Draft) -> None:
        runs = draft.runs["signer"]
        for run, text in zip(runs, lines, strict=False):
            run.text = text
        for paragraph in draft.paragraphs["signer"][len(lines) :]:
            paragraph._p.getparent().remove(paragraph._p)

    return edit


def _page_number_runs(draft: Draft) -> list[Any]:
    paragraph = draft.paragraphs["page_number"][0]
    return [child for child in paragraph._p if child.tag in (qn("w:r"), qn("w:fldSimple"))]


def _no_page_number(draft: Draft) -> None:
    for child in _page_number_runs(draft):
        child.getparent().remove(child)


def _page_number_in_footer(draft: Draft) -> None:
    runs = _page_number_runs(draft)
    footer = draft.document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for child in runs:
        footer._p.append(child)  # moved out of the header


def _page_number_roman(draft: Draft) -> None:
    for child in _page_number_runs(draft):
        for text in child.iter(qn("w:instrText")):
            text.text = " PAGE  \\* ROMAN "


def _page_number_on_first_page(draft: Draft) -> None:
    draft.document.sections[0].different_first_page_header_footer = False


def _letter(section: object) -> None:
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)  # type: ignore[attr-defined]


def _landscape(section: object) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(297), Mm(210)  # type: ignore[attr-defined]


def _red(draft: Draft) -> None:
    draft.runs["body"][1].font.color.rgb = RGBColor(0xC0, 0, 0)


def _set_date(text: str) -> Edit:
    def edit(draft: Draft) -> None:
        place = ISSUERS[draft.spec.issuer].place
        draft.runs["date"][0].text = text.format(place=place)

    return edit


def _number(transform: Callable[[str], str]) -> Edit:
    return _text("number", transform)


def _no_date(draft: Draft) -> None:
    draft.runs["date"][0].text = ""


def _kinh_gui_item(draft: Draft) -> None:
    draft.paragraphs["kinh_gui"][1].runs[0].text = "- Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"


# (name, code, the clean spec it applies to, the edit); each is one error a clerk makes.
ERRORS: tuple[tuple[str, str, str, Edit], ...] = (
    (
        "tieu_ngu_en_dash",
        "format.tieu_ngu_text",
        "cv_xa_shape",
        _text("tieu_ngu", lambda t: t.replace("-", "–")),
    ),
    (
        "tieu_ngu_no_dash",
        "format.tieu_ngu_text",
        "bc_so_shape",
        _text("tieu_ngu", lambda t: t.replace(" - ", " ")),
    ),
    ("tieu_ngu_upper", "format.tieu_ngu_text", "tb_bo_vml", _text("tieu_ngu", str.upper)),
    (
        "quoc_hieu_short",
        "format.quoc_hieu_text",
        "kh_tong_cuc",
        _text("quoc_hieu", lambda t: t.replace("XÃ HỘI CHỦ NGHĨA", "XHCN")),
    ),
    ("quoc_hieu_not_bold", "format.bold", "qd_tinh_vml", _attr("quoc_hieu", "bold", False)),
    ("quoc_hieu_14pt", "format.font_size", "gm_phuong", _attr("quoc_hieu", "size", Pt(14))),
    ("tieu_ngu_not_bold", "format.bold", "tt_huyen_border", _attr("tieu_ngu", "bold", False)),
    ("tieu_ngu_12pt", "format.font_size", "bc_tinh_qh_one", _attr("tieu_ngu", "size", Pt(12))),
    ("tieu_ngu_no_line", "format.tieu_ngu_line", "cv_phuong_12", _drop_tieu_ngu_line),
    ("tieu_ngu_no_border", "format.tieu_ngu_line", "tt_huyen_border", _drop_tieu_ngu_line),
    ("issuer_not_bold", "format.bold", "qd_xa_summary_shape", _attr("issuer", "bold", False)),
    ("issuer_lower", "format.uppercase", "tb_so_border", _text("issuer", lambda t: "Sở Nội vụ")),
    ("issuer_14pt", "format.font_size", "bc_so_shape", _attr("issuer", "size", Pt(14))),
    ("parent_bold", "format.bold", "gm_tong_cuc_vml", _attr("parent", "bold", True)),
    ("number_no_colon", "format.number_format", "qd_tinh_vml", _number(lambda t: t.replace("Số:", "Số"))),
    (
        "number_no_zero",
        "format.number_leading_zero",
        "qd_bo_border",
        _number(lambda t: t.replace("05/", "5/")),
    ),
    (
        "number_wrong_type",
        "format.symbol_type_mismatch",
        "kh_huyen_after_table",
        _number(lambda t: t.replace("KH-", "QĐ-")),
    ),
    (
        "cong_van_type_abbrev",
        "format.symbol_type_mismatch",
        "cv_tinh_vml",
        _number(lambda t: t.replace("UBND-VP", "QĐ-UBND")),
    ),
    ("number_bold", "format.bold", "tt_bo_shape", _attr("number", "bold", True)),
    ("vv_14pt", "format.font_size", "cv_huyen_names_one", _attr("vv", "size", Pt(14))),
    ("date_not_italic", "format.italic", "tb_bo_vml", _attr("date", "italic", False)),
    (
        "date_day_no_zero",
        "format.date_leading_zero",
        "cv_xa_shape",
        _set_date("{place}, ngày 5 tháng 11 năm 2024"),
    ),
    (
        "date_month_zero",
        "format.date_leading_zero",
        "bc_tinh_qh_one",
        _set_date("{place}, ngày 15 tháng 03 năm 2024"),
    ),
    (
        "date_no_comma",
        "format.date_line_format",
        "kh_tong_cuc",
        _set_date("{place} ngày 05 tháng 11 năm 2024"),
    ),
    ("date_numeric", "format.date_line_format", "qd_so_after_table", _set_date("{place}, ngày 05/11/2024")),
    (
        "date_month_blank",
        "format.date_line_format",
        "gm_tong_cuc_vml",
        _set_date("{place}, ngày 05 tháng    năm 2024"),
    ),
    ("date_12pt", "format.font_size", "qd_xa_summary_shape", _attr("date", "size", Pt(12))),
    ("date_missing", "format.missing_element", "tt_bo_shape", _no_date),
    ("type_lower", "format.uppercase", "bc_so_shape", _text("type_name", lambda t: t.capitalize())),
    ("type_not_bold", "format.bold", "kh_huyen_after_table", _attr("type_name", "bold", False)),
    ("summary_not_bold", "format.bold", "gm_phuong", _attr("summary", "bold", False)),
    ("can_cu_not_italic", "format.italic", "qd_tinh_vml", _attr("can_cu", "italic", False, 0)),
    (
        "can_cu_no_semicolon",
        "format.can_cu_format",
        "qd_so_after_table",
        _text("can_cu", lambda t: t.rstrip(";")),
    ),
    (
        "can_cu_last_semicolon",
        "format.can_cu_format",
        "kh_tong_cuc",
        _text("can_cu", lambda t: t[:-1] + ";", -1),
    ),
    (
        "signer_kt_no_dot",
        "format.signer_prefix",
        "tb_so_border",
        _text("signer", lambda t: t.replace("KT.", "KT")),
    ),
    (
        "signer_tm_slash",
        "format.signer_prefix",
        "qd_tinh_vml",
        _text("signer", lambda t: t.replace("TM.", "T/M")),
    ),
    ("signer_title", "format.signer_name", "cv_huyen_names_one", _text("signer_name", lambda t: "TS. " + t)),
    ("signer_no_position", "format.signer_position", "tt_huyen_border", _drop_signer_position),
    ("signer_name_not_bold", "format.bold", "bc_tinh_qh_one", _attr("signer_name", "bold", False)),
    ("noi_nhan_not_italic", "format.italic", "gm_phuong", _attr("noi_nhan_title", "italic", False)),
    ("noi_nhan_12pt", "format.font_size", "cv_phuong_12", _attr("noi_nhan", "size", Pt(12))),
    (
        "noi_nhan_no_semicolon",
        "format.noi_nhan_punctuation",
        "qd_bo_border",
        _text("noi_nhan", lambda t: t.rstrip(";"), 0),
    ),
    (
        "luu_without_vt",
        "format.luu_vt_missing",
        "kh_huyen_after_table",
        _text("noi_nhan", lambda t: "- Lưu: VP.", -1),
    ),
    (
        "body_left",
        "format.body_alignment",
        "cv_xa_shape",
        _paragraph("body", lambda p: setattr(p, "alignment", WD_ALIGN_PARAGRAPH.LEFT), 1),
    ),
    (
        "body_no_indent",
        "format.first_line_indent",
        "bc_so_shape",
        _paragraph("body", lambda p: setattr(p.paragraph_format, "first_line_indent", Cm(0)), 1),
    ),
    (
        "body_double_spacing",
        "format.line_spacing",
        "tb_bo_vml",
        _paragraph("body", lambda p: setattr(p.paragraph_format, "line_spacing", 2.0), 2),
    ),
    (
        "body_no_spacing",
        "format.paragraph_spacing",
        "gm_tong_cuc_vml",
        _paragraph("body", lambda p: setattr(p.paragraph_format, "space_after", Pt(0)), 0),
    ),
    ("body_arial", "format.font_family", "qd_xa_summary_shape", _attr("body", "name", "Arial", 1)),
    ("body_12pt", "format.font_size", "cv_tinh_vml", _attr("body", "size", Pt(12), 0)),
    ("body_red", "format.font_color", "kh_tong_cuc", _red),
    (
        "margin_left_20",
        "format.margin_left",
        "tt_bo_shape",
        _section(lambda s: setattr(s, "left_margin", Mm(20))),
    ),
    (
        "margin_right_25",
        "format.margin_right",
        "qd_so_after_table",
        _section(lambda s: setattr(s, "right_margin", Mm(25))),
    ),
    (
        "margin_top_30",
        "format.margin_top",
        "cv_huyen_names_one",
        _section(lambda s: setattr(s, "top_margin", Mm(30))),
    ),
    ("paper_letter", "format.paper_size", "bc_tinh_qh_one", _section(_letter)),
    ("landscape", "format.orientation", "gm_phuong", _section(_landscape)),
    ("kinh_gui_no_semicolon", "format.kinh_gui_punctuation", "cv_phuong_12", _kinh_gui_item),
    # Errors the checker did not see before (issue 21's "not checked at all").
    ("vv_capital", "format.vv_text", "cv_xa_shape", _text("vv", lambda t: t.replace("V/v", "V/V"))),
    ("vv_dot", "format.vv_text", "cv_tinh_vml", _text("vv", lambda t: t.replace("V/v", "V.v"))),
    ("vv_italic", "format.italic", "cv_huyen_names_one", _attr("vv", "italic", True)),
    (
        "cong_van_cv",
        "format.symbol_type_mismatch",
        "cv_phuong_12",
        _number(lambda t: t.replace("12/UBND-VP", "86/CV-UBND")),
    ),
    (
        "number_year_qd",
        "format.number_year",
        "qd_tinh_vml",
        _number(lambda t: t.replace("12/", "2145/2024/")),
    ),
    (
        "number_year_kh",
        "format.number_year",
        "kh_tong_cuc",
        _number(lambda t: t.replace("215/", "215/2024/")),
    ),
    (
        "signer_tm_deputy_no_kt",
        "format.signer_authority",
        "kh_huyen_after_table",
        _signer("TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"),
    ),
    ("signer_tm_so", "format.signer_authority", "bc_so_shape", _signer("TM. SỞ NỘI VỤ", "GIÁM ĐỐC")),
    ("signer_tm_bo", "format.signer_authority", "tb_bo_vml", _signer("TM. BỘ TƯ PHÁP", "BỘ TRƯỞNG")),
    ("signer_kt_head", "format.signer_authority", "gm_phuong", _signer("KT. CHỦ TỊCH", "CHỦ TỊCH")),
    (
        "signer_pct_thuong_truc",
        "format.signer_title",
        "cv_huyen_names_one",
        _signer("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH THƯỜNG TRỰC"),
    ),
    (
        "signer_tt_thuong_truc",
        "format.signer_title",
        "qd_bo_border",
        _signer("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG THƯỜNG TRỰC"),
    ),
    ("luu_no_colon", "format.luu_vt_format", "cv_xa_shape", _text("noi_nhan", lambda t: "- Lưu VT, VP.", -1)),
    (
        "luu_dot",
        "format.luu_vt_format",
        "qd_so_after_table",
        _text("noi_nhan", lambda t: "- Lưu. VT, VP.", -1),
    ),
    (
        "place_huyen_province",
        "format.place_name",
        "cv_huyen_names_one",
        _set_date("Hà Tĩnh, ngày 05 tháng 11 năm 2024"),
    ),
    (
        "place_xa_district",
        "format.place_name",
        "qd_xa_summary_shape",
        _set_date("Can Lộc, ngày 05 tháng 11 năm 2024"),
    ),
    ("place_so_other", "format.place_name", "tb_so_border", _set_date("Hà Nội, ngày 05 tháng 11 năm 2024")),
    ("page_number_missing", "format.page_number", "qd_tinh_vml", _no_page_number),
    ("page_number_on_page_1", "format.page_number", "kh_tong_cuc", _page_number_on_first_page),
    ("page_number_one_page_draft", "format.page_number", "bc_tinh_qh_one", _page_number_on_first_page),
    ("page_number_bottom", "format.page_number", "tb_so_border", _page_number_in_footer),
    (
        "page_number_right",
        "format.page_number",
        "cv_tinh_vml",
        _paragraph("page_number", lambda p: setattr(p, "alignment", WD_ALIGN_PARAGRAPH.RIGHT)),
    ),
    ("page_number_roman", "format.page_number", "qd_so_after_table", _page_number_roman),
    ("issuer_no_line", "format.issuer_line", "bc_so_shape", _drop_line("issuer")),
    ("issuer_no_border", "format.issuer_line", "tt_huyen_border", _drop_line("issuer")),
    ("issuer_line_long", "format.issuer_line", "tt_bo_shape", _line_length("issuer", 6.0)),
    ("issuer_line_vml_short", "format.issuer_line", "gm_tong_cuc_vml", _line_length("issuer", 0.6)),
    ("tieu_ngu_line_short", "format.tieu_ngu_line", "kh_tong_cuc", _line_length("tieu_ngu", 3.0)),
    ("tieu_ngu_line_vml_long", "format.tieu_ngu_line", "tb_bo_vml", _line_length("tieu_ngu", 9.5)),
    ("summary_no_line", "format.summary_line", "qd_xa_summary_shape", _drop_line("summary")),
    ("summary_no_border", "format.summary_line", "qd_bo_border", _drop_line("summary")),
    ("summary_line_long", "format.summary_line", "bc_tinh_qh_one", _line_length("summary", 15.5)),
    ("summary_line_vml_short", "format.summary_line", "qd_tinh_vml", _line_length("summary", 1.2)),
    ("parent_bold_one_paragraph", "format.bold", "bc_so_shape", _attr("parent", "bold", True)),
    ("parent_bold_ubnd", "format.bold", "qd_so_after_table", _attr("parent", "bold", True)),
)


def error_drafts() -> list[ErrorDraft]:
    specs = {spec.name: spec for spec in CLEAN_SPECS}
    drafts = []
    for name, code, base, edit in ERRORS:
        draft = build(replace(specs[base]))
        edit(draft)
        drafts.append(ErrorDraft(f"{name}__{base}", code, draft.data()))
    return drafts


# Errors a PDF cannot show to the checker. None since the PDF reader rebuilds the body's paragraphs from
# their lines' positions and reads the drawn lines and the text's colour (``eoffice.checks.format._pdf_layout``);
# an error that only a DOCX holds (a style, a border's length) goes here.
NOT_ON_PDF: frozenset[str] = frozenset()


@dataclass
class Score:
    """Findings on a set of drafts: a finding on a clean draft, or with another code than the one error
    made, is a false alarm; an error draft whose code is reported is found."""

    clean: int = 0
    clean_with_findings: int = 0
    errors: int = 0
    found: int = 0
    false_alarms: int = 0
    alarms: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, name: str, expected: str | None, codes: list[str]) -> None:
        wrong = [code for code in codes if code != expected]
        self.false_alarms += len(wrong)
        self.alarms += [f"{name}: {code}" for code in wrong]
        if expected is None:
            self.clean += 1
            self.clean_with_findings += bool(codes)
            return
        self.errors += 1
        if expected in codes:
            self.found += 1
        else:
            self.missed.append(f"{name}: {expected}")

    @property
    def precision(self) -> float:
        true = self.found
        return true / (true + self.false_alarms) if true + self.false_alarms else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.errors if self.errors else 1.0


def error_name(draft: ErrorDraft) -> str:
    """The error's own name, without the clean draft it was made on."""
    return draft.name.split("__", 1)[0]
