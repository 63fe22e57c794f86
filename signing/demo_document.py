"""A small Vietnamese administrative document as PDF, for ``eoffice demo``, the tests and the benchmarks.

It has what signature placement looks for: the signer block at the end of the last page (authority and
position in capitals, then room for the signature, then the full name), in an embedded serif font so the
text layer extracts back as proper Vietnamese.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

from signing._font import prepared_font
from signing.fonts import find_font

A4 = (595.28, 841.89)


@dataclass(frozen=True)
class DemoDocument:
    """Content of the demo document; defaults give a Quyết định of "UBND tỉnh Demo"."""

    agency: str = "ỦY BAN NHÂN DÂN TỈNH DEMO"
    number: str = "Số: 05/QĐ-UBND"
    place_date: str = "Demo, ngày 05 tháng 3 năm 2026"
    title: str = "QUYẾT ĐỊNH"
    summary: str = "Về việc ban hành Quy chế công tác văn thư điện tử"
    authority: str = "TM. ỦY BAN NHÂN DÂN"
    position: str = "CHỦ TỊCH"
    signer_name: str = "Nguyễn Văn An"
    pages: int = 2


_BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh.",
    "Điều 1. Ban hành kèm theo Quyết định này Quy chế công tác văn thư điện tử.",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    "Điều 3. Chánh Văn phòng, Thủ trưởng các sở, ban, ngành chịu trách nhiệm thi hành.",
)


def demo_document_pdf(document: DemoDocument | None = None, *, font_path: str | None = None) -> bytes:
    """Render ``document`` (default: the demo Quyết định) to PDF bytes."""
    doc = document or DemoDocument()
    font = prepared_font(find_font(font_path))
    writer = PdfFileWriter()
    font_ref = font.add_to(writer)
    width, height = A4

    def line(text: str, x: float, y: float, size: float, align: str = "left") -> bytes:
        glyphs, advance = font.encode(text)
        shift = advance * size / 1000
        x = x - shift / 2 if align == "centre" else x - shift if align == "right" else x
        return b"BT /F1 %g Tf 1 0 0 1 %g %g Tm %s Tj ET" % (size, x, y, glyphs)

    for page_number in range(doc.pages):
        ops: list[bytes] = [b"0 g"]
        last = page_number == doc.pages - 1
        if page_number == 0:
            ops += [
                line(doc.agency, 150, 780, 12, "centre"),
                line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 400, 780, 12, "centre"),
                line("Độc lập - Tự do - Hạnh phúc", 400, 764, 13, "centre"),
                line(doc.number, 150, 740, 13, "centre"),
                line(doc.place_date, 400, 740, 13, "centre"),
                line(doc.title, width / 2, 700, 14, "centre"),
                line(doc.summary, width / 2, 682, 13, "centre"),
            ]
            y = 650.0
        else:
            ops.append(line(str(page_number + 1), width / 2, 805, 13, "centre"))
            y = 770.0
        for paragraph in _BODY * (1 if last else 3):
            ops.append(line(paragraph, 85, y, 12))
            y -= 22
        if last:
            ops += [
                line("Nơi nhận:", 85, y - 20, 12),
                line("- Như Điều 3;", 85, y - 36, 11),
                line("- Lưu: VT, VP.", 85, y - 50, 11),
                line(doc.authority, 420, y - 20, 13, "centre"),
                line(doc.position, 420, y - 36, 13, "centre"),
                line(doc.signer_name, 420, y - 130, 13, "centre"),
            ]
        stream = generic.StreamObject(stream_data=b"\n".join(ops))
        stream.compress()
        resources = generic.DictionaryObject(
            {pdf_name("/Font"): generic.DictionaryObject({pdf_name("/F1"): font_ref})}
        )
        page = PageObject(
            contents=writer.add_object(stream), media_box=(0, 0, width, height), resources=resources
        )
        writer.insert_page(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
