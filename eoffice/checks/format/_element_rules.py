"""Kiểu chữ theo thành phần: font, size, bold, italic, upper case and colour of each element.

What each element must look like is one table (``ELEMENTS``), read against Nghị định 30's Phụ lục I.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from eoffice.checks.findings import Finding, Location, Severity
from eoffice.checks.format._findings import at, finding, font_color
from eoffice.checks.format._reader import Line
from eoffice.checks.format.rules import FormatRules, SizeRange
from eoffice.checks.text import has_letters, is_upper


@dataclass(frozen=True)
class ElementStyle:
    label: str
    size: str | None  # name of the FormatRules size field
    bold: bool | None = None  # True: must be bold; False: must not be; None: not checked
    italic: bool | None = None
    upper: bool = False
    bold_severity: Severity = Severity.ERROR


ELEMENTS: dict[str, ElementStyle] = {
    "quoc_hieu": ElementStyle("Quốc hiệu", "size_quoc_hieu", bold=True, upper=True),
    "tieu_ngu": ElementStyle("Tiêu ngữ", "size_tieu_ngu", bold=True),
    "parent_agency": ElementStyle(
        "Tên cơ quan chủ quản", "size_issuer", bold=False, upper=True, bold_severity=Severity.WARNING
    ),
    "issuer": ElementStyle("Tên cơ quan ban hành", "size_issuer", bold=True, upper=True),
    "number": ElementStyle("Số, ký hiệu", "size_number", bold=False),
    "vv": ElementStyle("Trích yếu công văn (V/v)", "size_vv", bold=False, italic=False),
    "date_line": ElementStyle("Địa danh, ngày tháng năm", "size_date_line", italic=True),
    "type_name": ElementStyle("Tên loại văn bản", "size_type_name", bold=True, upper=True),
    "summary": ElementStyle("Trích yếu nội dung", "size_summary", bold=True),
    "authority": ElementStyle("Thẩm quyền ban hành", "size_body", bold=True, upper=True),
    "can_cu": ElementStyle("Căn cứ ban hành", "size_can_cu", italic=True),
    "kinh_gui": ElementStyle("Kính gửi", "size_kinh_gui"),
    "body": ElementStyle("Nội dung", "size_body"),
    "signer_authority": ElementStyle("Quyền hạn người ký", "size_signer", bold=True, upper=True),
    "signer_position": ElementStyle("Chức vụ người ký", "size_signer", bold=True),
    "signer_name": ElementStyle("Họ tên người ký", "size_signer", bold=True),
    "noi_nhan_title": ElementStyle("Nơi nhận", "size_noi_nhan_title", bold=True, italic=True),
    "noi_nhan_item": ElementStyle("Danh sách nơi nhận", "size_noi_nhan_items"),
}

_BLACK = {None, "auto", "000000"}


def check_fonts(lines: list[Line], rules: FormatRules) -> Iterator[Finding]:
    """Font family and colour of every paragraph; a wrong default font is reported once, for the styles."""
    wanted = rules.font_family.casefold()
    default_reported = False
    for line in lines:
        runs = line.visible_runs()
        wrong = [r for r in runs if r.font.casefold() != wanted or r.font_h.casefold() != wanted]
        explicit = [r for r in wrong if not r.font_from_defaults]
        if wrong and len(explicit) < len(wrong) and not default_reported:
            default_reported = True
            bad = next(r for r in wrong if r.font_from_defaults)
            yield finding(
                "format.font_family",
                Location("styles"),
                _font_name(bad.font, bad.font_h, wanted),
                rules.font_family,
                f"Phông chữ mặc định của văn bản là {_font_name(bad.font, bad.font_h, wanted)}; "
                f"phải dùng phông {rules.font_family}.",
                fix=rules.font_family,
            )
        if explicit:
            names = sorted({_font_name(r.font, r.font_h, wanted) for r in explicit})
            yield finding(
                "format.font_family",
                at(line),
                ", ".join(names),
                rules.font_family,
                f"Đoạn {line.index} dùng phông {', '.join(names)}; phải dùng phông {rules.font_family}.",
                fix=rules.font_family,
            )
        colours = sorted({(r.color or "").upper() for r in runs if (r.color or None) not in _BLACK})
        colours = [c for c in colours if c and c != "AUTO" and c != "000000"]
        if colours:
            yield font_color(line, colours, f"Đoạn {line.index}", fix="000000")


def _font_name(ascii_font: str, h_font: str, wanted: str) -> str:
    return ascii_font if ascii_font.casefold() != wanted else h_font


def check_element_styles(lines: list[Line], rules: FormatRules) -> Iterator[Finding]:
    for line in lines:
        style = ELEMENTS.get(line.kind)
        if style is None or line.empty:
            continue
        runs = line.visible_runs()
        if style.size is not None:
            size_range: SizeRange = getattr(rules, style.size)
            sizes = sorted({r.size_pt for r in runs if r.size_pt is not None and r.size_pt not in size_range})
            if sizes:
                found = ", ".join(f"{s:g} pt".replace(".", ",") for s in sizes)
                yield finding(
                    "format.font_size",
                    at(line),
                    found,
                    size_range.describe(),
                    f"{style.label}: cỡ chữ {found}, quy định {size_range.describe()}.",
                    fix=f"{size_range.preferred:g}",
                )
        if style.bold is not None:
            off = [r for r in runs if r.bold != style.bold and has_letters(r.text)]
            if off:
                yield finding(
                    "format.bold",
                    at(line),
                    "chữ đậm" if not style.bold else "chữ không đậm",
                    "chữ đậm" if style.bold else "chữ thường (không đậm)",
                    f"{style.label} phải {'in đậm' if style.bold else 'không in đậm'}.",
                    severity=style.bold_severity,
                    fix="1" if style.bold else "0",
                )
        if style.italic is not None:
            off = [r for r in runs if r.italic != style.italic and has_letters(r.text)]
            if off:
                yield finding(
                    "format.italic",
                    at(line),
                    "chữ nghiêng" if not style.italic else "chữ đứng",
                    "chữ nghiêng" if style.italic else "chữ đứng",
                    f"{style.label} phải {'in nghiêng' if style.italic else 'không in nghiêng'}.",
                    fix="1" if style.italic else "0",
                )
        if style.upper and not all(r.caps or is_upper(r.text) for r in runs if has_letters(r.text)):
            yield finding(
                "format.uppercase",
                at(line),
                line.text.strip(),
                line.text.strip().upper(),
                f"{style.label} phải viết in hoa.",
            )
