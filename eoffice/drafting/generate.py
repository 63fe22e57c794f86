"""Sinh bộ mẫu văn bản: builds the shipped DOCX templates in code, so their layout is reviewable and
reproducible. ``python -m eoffice.drafting.generate`` rewrites ``eoffice/drafting/templates/*.docx``.

Every template follows Nghị định 30/2020/NĐ-CP, Phụ lục I and uses the placeholders of
``eoffice.drafting.fields.PLACEHOLDERS``; a paragraph that holds only a list placeholder (``{{can_cu}}``)
becomes one paragraph per item, with its formatting.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.document import Document

from eoffice.drafting._layout import (
    CENTER,
    JUSTIFY,
    LEFT,
    body_format,
    first,
    rule_below,
    setup_page,
    setup_styles,
    styled,
    table,
)
from eoffice.drafting.kinds import TEMPLATE_KINDS, TemplateKind

__all__ = ["build_template", "main"]

TEMPLATES_DIR = Path(__file__).with_name("templates")


_HEADER = (6.4, 11.2)
_FOOTER = (8.0, 8.5)


def build_template(key: str) -> bytes:
    kind = TEMPLATE_KINDS[key]
    document = docx.Document()
    setup_page(document)
    setup_styles(document)
    document.core_properties.title = f"Mẫu {kind.title} (Nghị định 30/2020/NĐ-CP)"
    document.core_properties.author = "eOffice"
    document.core_properties.language = "vi-VN"
    _header(document, kind)
    _title(document, kind)
    _preamble(document, kind)
    body_format(document.add_paragraph("{{noi_dung}}"))
    document.add_paragraph()
    _footer(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _header(document: Document, kind: TemplateKind) -> None:
    (left, right), (number, date) = table(document, 2, _HEADER)
    styled(first(left), "{{co_quan_chu_quan}}", 13)
    styled(left.add_paragraph(), "{{co_quan_ban_hanh}}", 13, bold=True)
    rule_below(left.add_paragraph(), 2.0, _HEADER[0])
    styled(first(right), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    styled(right.add_paragraph(), "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    rule_below(right.add_paragraph(), 6.4, _HEADER[1])
    styled(first(number), "Số: {{so}}/{{ky_hieu}}", 13)
    if kind.type_name is None:
        styled(number.add_paragraph(), "V/v {{trich_yeu}}", 12)
    styled(first(date), "{{dia_danh}}, {{ngay_thang_nam}}", 14, italic=True)


def _title(document: Document, kind: TemplateKind) -> None:
    document.add_paragraph()
    if kind.type_name is None:
        return
    styled(document.add_paragraph(), kind.type_name, 14, bold=True)
    styled(document.add_paragraph(), "{{trich_yeu}}", 14, bold=True)
    rule_below(document.add_paragraph(), 3.0, 16.5)
    if kind.authority_title:
        styled(
            document.add_paragraph(), "{{tham_quyen_ban_hanh}}", 14, bold=True
        ).paragraph_format.space_after = docx.shared.Pt(6)


def _preamble(document: Document, kind: TemplateKind) -> None:
    if kind.addressees:
        styled(
            document.add_paragraph(), "{{kinh_gui}}", 14, align=CENTER
        ).paragraph_format.space_after = docx.shared.Pt(6)
    if kind.legal_bases:
        can_cu = styled(document.add_paragraph(), "{{can_cu}}", 14, italic=True, align=JUSTIFY)
        body_format(can_cu)
    if kind.authority_title:
        label = styled(document.add_paragraph(), f"{kind.type_name}:", 14, bold=True)
        label.paragraph_format.space_before = docx.shared.Pt(6)
        label.paragraph_format.space_after = docx.shared.Pt(6)


def _footer(document: Document) -> None:
    ((recipients, signer),) = table(document, 1, _FOOTER)
    styled(first(recipients), "Nơi nhận:", 12, bold=True, italic=True, align=LEFT)
    styled(recipients.add_paragraph(), "{{noi_nhan}}", 11, align=LEFT)
    styled(first(signer), "{{tham_quyen_ky}}", 14, bold=True)
    styled(signer.add_paragraph(), "{{chuc_vu_ky}}", 14, bold=True)
    for _ in range(4):
        styled(signer.add_paragraph(), "", 14)
    styled(signer.add_paragraph(), "{{ho_ten_ky}}", 14, bold=True)


def main(argv: list[str] | None = None) -> None:
    target = Path(argv[0]) if argv else TEMPLATES_DIR
    target.mkdir(parents=True, exist_ok=True)
    for key in TEMPLATE_KINDS:
        (target / f"{key}.docx").write_bytes(build_template(key))
        print(f"{target / key}.docx")


if __name__ == "__main__":
    main(sys.argv[1:])
