"""Known layout errors injected into drafts rendered from the shipped templates.

Used by the tests (each error is found, with its code and place) and by ``bench/format_eval.py``
(precision and recall per code). An injection edits one element and says where the finding must be:
``("paragraph", index)``, ``("section", 1)`` or ``("styles", None)``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from eoffice.checks.format._layout import analyse
from eoffice.checks.format._reader import Line, read_lines
from eoffice.checks.format.runs import set_text_keeping_runs

WhereKey = tuple[str, int | None]


class NotApplicable(Exception):
    """The draft has no element this injection edits (a công văn has no type name)."""


@dataclass(frozen=True)
class Injection:
    name: str
    code: str
    apply: Callable[[Document, dict[str, list[Line]]], WhereKey]


def _one(kinds: dict[str, list[Line]], kind: str, position: int = 0) -> Line:
    lines = kinds.get(kind, [])
    if not lines or position >= len(lines) or -position > len(lines):
        raise NotApplicable(kind)
    return lines[position]


def _runs(line: Line) -> list[docx.text.run.Run]:
    return [r for r in Paragraph(line.element, None).runs if r.text.strip()]


def _set_text(kind: str, transform: Callable[[str], str], position: int = 0):
    def apply(document: Document, kinds: dict[str, list[Line]]) -> WhereKey:
        line = _one(kinds, kind, position)
        new = transform(line.text)
        if new == line.text:
            raise NotApplicable(kind)
        set_text_keeping_runs(line.element, new)
        return ("paragraph", line.index)

    return apply


def _run_attr(kind: str, setter: Callable[[docx.text.run.Run], None], position: int = 0):
    def apply(document: Document, kinds: dict[str, list[Line]]) -> WhereKey:
        line = _one(kinds, kind, position)
        for run in _runs(line):
            setter(run)
        return ("paragraph", line.index)

    return apply


def _paragraph_format(kind: str, setter: Callable[[Paragraph], None], position: int = 1):
    def apply(document: Document, kinds: dict[str, list[Line]]) -> WhereKey:
        line = _one(kinds, kind, position)
        setter(Paragraph(line.element, None))
        return ("paragraph", line.index)

    return apply


def _section(setter: Callable[[docx.section.Section], None]):
    def apply(document: Document, kinds: dict[str, list[Line]]) -> WhereKey:
        setter(document.sections[0])
        return ("section", 1)

    return apply


def _letter(section: docx.section.Section) -> None:
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)


def _landscape(section: docx.section.Section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)


def _default_font(document: Document, kinds: dict[str, list[Line]]) -> WhereKey:
    rpr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    for slot in ("ascii", "hAnsi"):
        fonts.set(qn(f"w:{slot}"), "Arial")
    normal = document.styles["Normal"].element.rPr.rFonts
    for slot in ("ascii", "hAnsi"):
        normal.set(qn(f"w:{slot}"), "Arial")
    return ("styles", None)


def _set(attr: str, value: object) -> Callable[[docx.text.run.Run], None]:
    def setter(run: docx.text.run.Run) -> None:
        setattr(run.font, attr, value)

    return setter


def _red(run: docx.text.run.Run) -> None:
    run.font.color.rgb = RGBColor(0xFF, 0, 0)


def _symbol_mismatch(text: str) -> str:
    number, symbol = text.split("/", 1)
    first, rest = symbol.split("-", 1)
    return (
        f"{number}/{'KH' if first != 'KH' else 'QĐ'}-{rest}" if first != "UBND" else f"{number}/QĐ-{symbol}"
    )


INJECTIONS: tuple[Injection, ...] = (
    Injection("lề trái 25 mm", "format.margin_left", _section(lambda s: setattr(s, "left_margin", Mm(25)))),
    Injection("lề trái 40 mm", "format.margin_left", _section(lambda s: setattr(s, "left_margin", Mm(40)))),
    Injection("lề phải 10 mm", "format.margin_right", _section(lambda s: setattr(s, "right_margin", Mm(10)))),
    Injection("lề phải 25 mm", "format.margin_right", _section(lambda s: setattr(s, "right_margin", Mm(25)))),
    Injection("lề trên 15 mm", "format.margin_top", _section(lambda s: setattr(s, "top_margin", Mm(15)))),
    Injection("lề trên 30 mm", "format.margin_top", _section(lambda s: setattr(s, "top_margin", Mm(30)))),
    Injection(
        "lề dưới 15 mm", "format.margin_bottom", _section(lambda s: setattr(s, "bottom_margin", Mm(15)))
    ),
    Injection(
        "lề dưới 30 mm", "format.margin_bottom", _section(lambda s: setattr(s, "bottom_margin", Mm(30)))
    ),
    Injection("khổ Letter", "format.paper_size", _section(_letter)),
    Injection(
        "khổ A5",
        "format.paper_size",
        _section(lambda s: (setattr(s, "page_width", Mm(148)), setattr(s, "page_height", Mm(210)))),
    ),
    Injection("khổ ngang", "format.orientation", _section(_landscape)),
    Injection("phông Arial ở nội dung", "format.font_family", _run_attr("body", _set("name", "Arial"), 1)),
    Injection(
        "phông VNI ở quốc hiệu", "format.font_family", _run_attr("quoc_hieu", _set("name", "VNI-Times"))
    ),
    Injection("phông mặc định Arial", "format.font_family", _default_font),
    Injection("nội dung 12 pt", "format.font_size", _run_attr("body", _set("size", Pt(12)), 0)),
    Injection("quốc hiệu 14 pt", "format.font_size", _run_attr("quoc_hieu", _set("size", Pt(14)))),
    Injection("nơi nhận 12 pt", "format.font_size", _run_attr("noi_nhan_item", _set("size", Pt(12)))),
    Injection("ngày tháng 12 pt", "format.font_size", _run_attr("date_line", _set("size", Pt(12)))),
    Injection("quốc hiệu không đậm", "format.bold", _run_attr("quoc_hieu", _set("bold", False))),
    Injection("tên loại không đậm", "format.bold", _run_attr("type_name", _set("bold", False))),
    Injection("họ tên không đậm", "format.bold", _run_attr("signer_name", _set("bold", False))),
    Injection("số ký hiệu in đậm", "format.bold", _run_attr("number", _set("bold", True))),
    Injection("ngày tháng không nghiêng", "format.italic", _run_attr("date_line", _set("italic", False))),
    Injection("căn cứ không nghiêng", "format.italic", _run_attr("can_cu", _set("italic", False))),
    Injection("nơi nhận không nghiêng", "format.italic", _run_attr("noi_nhan_title", _set("italic", False))),
    Injection("tên loại chữ thường", "format.uppercase", _set_text("type_name", lambda t: t.capitalize())),
    Injection("cơ quan chữ thường", "format.uppercase", _set_text("issuer", lambda t: t.title())),
    Injection(
        "quốc hiệu sai chính tả",
        "format.quoc_hieu_text",
        _set_text("quoc_hieu", lambda t: t.replace("NGHĨA", "NGHỈA")),
    ),
    Injection(
        "quốc hiệu viết tắt",
        "format.quoc_hieu_text",
        _set_text("quoc_hieu", lambda t: t.replace("XÃ HỘI CHỦ NGHĨA", "XHCN")),
    ),
    Injection(
        "tiêu ngữ gạch dài", "format.tieu_ngu_text", _set_text("tieu_ngu", lambda t: t.replace(" - ", " – "))
    ),
    Injection(
        "tiêu ngữ không cách", "format.tieu_ngu_text", _set_text("tieu_ngu", lambda t: t.replace(" - ", "-"))
    ),
    Injection("tiêu ngữ viết hoa", "format.tieu_ngu_text", _set_text("tieu_ngu", lambda t: t.title())),
    Injection(
        "số thiếu dấu hai chấm", "format.number_format", _set_text("number", lambda t: t.replace("Số:", "Số"))
    ),
    Injection(
        "ký hiệu sai dấu",
        "format.number_format",
        _set_text("number", lambda t: t.replace("/", "-", 1).replace("-", "/", 2).replace("/", "-", 1)),
    ),
    Injection(
        "số thiếu số 0", "format.number_leading_zero", _set_text("number", lambda t: t.replace(": 0", ": "))
    ),
    Injection(
        "số thừa số 0", "format.number_leading_zero", _set_text("number", lambda t: t.replace(": 0", ": 00"))
    ),
    Injection("ký hiệu sai tên loại", "format.symbol_type_mismatch", _set_text("number", _symbol_mismatch)),
    Injection(
        "ngày dạng số",
        "format.date_line_format",
        _set_text("date_line", lambda t: t.split(",")[0] + ", 05/3/2024"),
    ),
    Injection(
        "thiếu dấu phẩy", "format.date_line_format", _set_text("date_line", lambda t: t.replace(",", "", 1))
    ),
    Injection(
        "ngày thiếu số 0",
        "format.date_leading_zero",
        _set_text("date_line", lambda t: t.replace("ngày 05", "ngày 5")),
    ),
    Injection(
        "tháng 2 thiếu số 0",
        "format.date_leading_zero",
        _set_text("date_line", lambda t: t.replace("tháng 3", "tháng 2")),
    ),
    Injection(
        "tháng 3 thừa số 0",
        "format.date_leading_zero",
        _set_text("date_line", lambda t: t.replace("tháng 3", "tháng 03")),
    ),
    Injection(
        "KT thiếu dấu chấm",
        "format.signer_prefix",
        _set_text("signer_authority", lambda t: t.replace("KT.", "KT"), -1),
    ),
    Injection(
        "K.T viết sai",
        "format.signer_prefix",
        _set_text("signer_authority", lambda t: t.replace("KT.", "K.T"), -1),
    ),
    Injection(
        "T/M viết sai",
        "format.signer_prefix",
        _set_text("signer_authority", lambda t: t.replace("KT.", "T/M"), -1),
    ),
    Injection(
        "chức vụ chữ thường", "format.signer_position", _set_text("signer_position", lambda t: t.capitalize())
    ),
    Injection("họ tên kèm học vị", "format.signer_name", _set_text("signer_name", lambda t: "TS. " + t)),
    Injection(
        "nơi nhận thiếu chấm phẩy",
        "format.noi_nhan_punctuation",
        _set_text("noi_nhan_item", lambda t: t.rstrip(";")),
    ),
    Injection(
        "nơi nhận cuối chấm phẩy",
        "format.noi_nhan_punctuation",
        _set_text("noi_nhan_item", lambda t: t.rstrip(".") + ";", -1),
    ),
    Injection(
        "thiếu lưu VT", "format.luu_vt_missing", _set_text("noi_nhan_item", lambda t: "- Lưu: NC.", -1)
    ),
    Injection("lưu hồ sơ", "format.luu_vt_missing", _set_text("noi_nhan_item", lambda t: "- Lưu hồ sơ.", -1)),
    Injection(
        "nội dung căn trái",
        "format.body_alignment",
        _paragraph_format("body", lambda p: setattr(p, "alignment", WD_ALIGN_PARAGRAPH.LEFT)),
    ),
    Injection(
        "nội dung căn giữa",
        "format.body_alignment",
        _paragraph_format("body", lambda p: setattr(p, "alignment", WD_ALIGN_PARAGRAPH.CENTER), 2),
    ),
    Injection(
        "không thụt đầu dòng",
        "format.first_line_indent",
        _paragraph_format("body", lambda p: setattr(p.paragraph_format, "first_line_indent", Cm(0))),
    ),
    Injection(
        "thụt đầu dòng 2 cm",
        "format.first_line_indent",
        _paragraph_format("body", lambda p: setattr(p.paragraph_format, "first_line_indent", Cm(2)), 0),
    ),
    Injection(
        "không giãn đoạn",
        "format.paragraph_spacing",
        _paragraph_format(
            "body",
            lambda p: (
                setattr(p.paragraph_format, "space_after", Pt(0)),
                setattr(p.paragraph_format, "space_before", Pt(0)),
            ),
        ),
    ),
    Injection(
        "giãn dòng đôi",
        "format.line_spacing",
        _paragraph_format("body", lambda p: setattr(p.paragraph_format, "line_spacing", 2.0)),
    ),
    Injection(
        "giãn dòng chính xác 30 pt",
        "format.line_spacing",
        _paragraph_format("body", lambda p: setattr(p.paragraph_format, "line_spacing", Pt(30)), 2),
    ),
    Injection("căn cứ thiếu chấm phẩy", "format.can_cu_format", _set_text("can_cu", lambda t: t.rstrip(";"))),
    Injection(
        "căn cứ cuối chấm phẩy",
        "format.can_cu_format",
        _set_text("can_cu", lambda t: t.rstrip(".") + ";", -1),
    ),
    Injection("chữ màu đỏ", "format.font_color", _run_attr("body", _red, 1)),
    Injection(
        "kính gửi thiếu chấm phẩy",
        "format.kinh_gui_punctuation",
        _set_text("kinh_gui", lambda t: t.rstrip(";"), 1),
    ),
)

CODES = tuple(dict.fromkeys(i.code for i in INJECTIONS))


def kinds_of(document: Document) -> dict[str, list[Line]]:
    kinds: dict[str, list[Line]] = {}
    for line in analyse(read_lines(document)).lines:
        if not line.empty:
            kinds.setdefault(line.kind, []).append(line)
    return kinds


def inject(data: bytes, injection: Injection) -> tuple[bytes, WhereKey]:
    """The draft with the error injected, and where the checker must report it."""
    document = docx.Document(io.BytesIO(data))
    where = injection.apply(document, kinds_of(document))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), where
