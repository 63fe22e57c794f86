"""Số, ký hiệu and ngày ban hành written on a signed document without breaking the leader's signature.

Nghị định 30 has the leader sign first and the văn thư give the number and date afterwards, yet both must be
printed on the document. Any change to a signed PDF's page content is a modification every validator flags;
filling a form field is not — PDF (ISO 32000 §12.8.2.2, DocMDP P=2) and PAdES name form filling an allowed
change after an approval signature, and pyHanko's difference analysis classifies a new /V and appearance
of an existing text field as ``FORM_FILLING``. So:

1. before the leader signs, ``add_issue_fields`` lays two empty, read-only text fields on the "Số:" line and
   on the place-and-date line (found in the text layer; top of the first page when the draft has no such
   line), in an incremental update the leader's signature then covers;
2. at issue, ``fill_issue_fields`` puts the number and the date into those fields — value and appearance
   (white ground over the blank line, the text in the embedded serif font at the line's size) — in a new
   incremental update, and the agency signs after it.

The leader's signature still covers exactly the bytes he signed (poppler's ``pdfsig``: "Signature is
Valid"), and the change after it is form filling (pyHanko: intact, modification level ``form_filling``).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name, pdf_string

from signing._font import prepared_font
from signing._pdf import open_reader, open_writer
from signing.appearance import Box
from signing.errors import SigningFailedError
from signing.fonts import find_font
from signing.pdfium_lock import PDFIUM_LOCK

__all__ = [
    "DATE_FIELD",
    "NUMBER_FIELD",
    "IssueFields",
    "add_issue_fields",
    "fill_issue_fields",
    "find_issue_lines",
    "has_issue_fields",
]

NUMBER_FIELD = "SoKyHieu"
DATE_FIELD = "NgayBanHanh"
_READ_ONLY = 1  # field flag: no viewer edits it; only the văn thư's issue fills it
_PRINT = 4  # annotation flag: printed with the page
_DEFAULT_SIZE = 13.0  # Nghị định 30: số, ký hiệu and the date line in 13 pt
_NUMBER_RE = re.compile(r"^\s*Số\s*:")
# The whole line is "<địa danh>, ngày … tháng … năm YYYY" (day and month may be blank): a body sentence
# citing a date ("Căn cứ Nghị định … ngày 05 tháng 3 năm 2020 của Chính phủ") is not the date line.
_DATE_RE = re.compile(r"^\s*(?:[^,\d]{1,80},\s*)?ngày[\s\d]*tháng[\s\d]*năm\s+\d{4}\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class IssueFields:
    """Where the number line and the place-and-date line are, and their text size (points)."""

    number: Box
    date: Box
    number_size: float = _DEFAULT_SIZE
    date_size: float = _DEFAULT_SIZE


def _lines(textpage: pdfium.PdfTextPage) -> list[tuple[str, list[int]]]:
    """The page's text split into lines — and a line into columns where a wide gap separates them (the
    number under the agency's name and the date under the motto share a baseline): (text, char indices)."""
    count = textpage.count_chars()
    lines: list[tuple[str, list[int]]] = []
    text, indices = "", list[int]()
    previous_right: float | None = None

    def close() -> None:
        if text.strip():
            lines.append((text, indices))

    for index in range(count):
        char = textpage.get_text_range(index, 1)
        if char in ("\r", "\n"):
            close()
            text, indices, previous_right = "", [], None
            continue
        left, _bottom, right, _top = textpage.get_charbox(index)
        if char.strip() and previous_right is not None and left - previous_right > 40:
            close()
            text, indices = "", []
        if char.strip():
            previous_right = right
        text += char
        indices.append(index)
    close()
    return lines


def _line_box(
    textpage: pdfium.PdfTextPage, page: int, indices: list[int], start: int = 0
) -> tuple[Box, float]:
    boxes = [textpage.get_charbox(i) for i in indices[start:]]
    boxes = [b for b in boxes if b[2] > b[0]]
    sizes = [pdfium_c.FPDFText_GetFontSize(textpage.raw, i) for i in indices[start:]]
    size = max(sizes) if sizes and max(sizes) > 0 else _DEFAULT_SIZE
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
    return Box(page=page, x1=left - 2, y1=bottom - size * 0.35, x2=right + 2, y2=top + size * 0.35), size


def find_issue_lines(pdf: bytes) -> IssueFields:
    """The "Số: …" line and the "…, ngày … tháng … năm …" line on the first page that has them.

    A draft without them (a DOCX written freely) gets both at the top of the first page: the number under
    the agency's name on the left, the date under the motto on the right, where Nghị định 30 places them.
    """
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            width, height = document[0].get_size()
            number: tuple[Box, float] | None = None
            date: tuple[Box, float] | None = None
            for page_index in range(min(len(document), 2)):
                textpage = document[page_index].get_textpage()
                for text, indices in _lines(textpage):
                    normal = unicodedata.normalize("NFC", text)
                    if number is None and (found := _NUMBER_RE.search(normal)):
                        number = _line_box(textpage, page_index, indices, found.start())
                    if date is None and _DATE_RE.search(normal):
                        date = _line_box(textpage, page_index, indices)
                if number or date:
                    break
        finally:
            document.close()
    if number is None:
        number = (Box(page=0, x1=56, y1=height - 150, x2=width / 2 - 20, y2=height - 130), _DEFAULT_SIZE)
    if date is None:
        date = (Box(page=0, x1=width / 2, y1=height - 150, x2=width - 40, y2=height - 130), _DEFAULT_SIZE)
    return IssueFields(number=number[0], date=date[0], number_size=number[1], date_size=date[1])


def _deref(value: Any) -> Any:
    return value.get_object() if isinstance(value, generic.IndirectObject) else value


def _page_ref(writer: Any, index: int) -> generic.IndirectObject:
    ref: generic.IndirectObject = writer.find_page_for_modification(index)[0]
    return ref


def _field_names(pdf: bytes) -> set[str]:
    form = _deref(open_reader(pdf).root.get("/AcroForm"))
    return {str(_deref(f).get("/T")) for f in _deref(form.get("/Fields", []))} if form is not None else set()


def has_issue_fields(pdf: bytes) -> bool:
    """Whether ``pdf`` carries the number and date fields (a document signed before they existed has not)."""
    return {NUMBER_FIELD, DATE_FIELD} <= _field_names(pdf)


def add_issue_fields(pdf: bytes, fields: IssueFields | None = None) -> bytes:
    """``pdf`` plus the two empty number and date fields (an incremental update); unchanged if it has them."""
    existing = _field_names(pdf)
    if {NUMBER_FIELD, DATE_FIELD} <= existing:
        return pdf
    where = fields or find_issue_lines(pdf)
    writer = open_writer(pdf)
    root = writer.root
    form_ref = root.raw_get("/AcroForm") if "/AcroForm" in root else None
    if form_ref is None:
        form = generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject()})
        root[pdf_name("/AcroForm")] = writer.add_object(form)
        writer.update_root()
    else:
        form = _deref(form_ref)
        if isinstance(form_ref, generic.IndirectObject):
            writer.mark_update(form_ref)
        else:
            writer.update_root()
    field_list = form.raw_get("/Fields") if "/Fields" in form else None
    if isinstance(field_list, generic.IndirectObject):
        writer.mark_update(field_list)
    elif field_list is None:
        form[pdf_name("/Fields")] = generic.ArrayObject()
    fields_array = _deref(form["/Fields"])
    for name, box, size in (
        (NUMBER_FIELD, where.number, where.number_size),
        (DATE_FIELD, where.date, where.date_size),
    ):
        if name in existing:
            continue
        page_ref = _page_ref(writer, box.page)
        page = page_ref.get_object()
        widget = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): pdf_string(name),
                pdf_name("/Ff"): generic.NumberObject(_READ_ONLY),
                pdf_name("/F"): generic.NumberObject(_PRINT),
                pdf_name("/V"): pdf_string(""),
                # the line's own text size, which the filled appearance keeps
                pdf_name("/DA"): pdf_string(f"/Helv {size:.1f} Tf 0 g"),
                pdf_name("/Rect"): generic.ArrayObject(
                    generic.FloatObject(round(v, 2)) for v in (box.x1, box.y1, box.x2, box.y2)
                ),
                pdf_name("/P"): page_ref,
            }
        )
        widget_ref = writer.add_object(widget)
        annots = page.raw_get("/Annots") if "/Annots" in page else None
        if isinstance(annots, generic.IndirectObject):
            annots.get_object().append(widget_ref)
            writer.mark_update(annots)
        else:
            if annots is None:
                page[pdf_name("/Annots")] = generic.ArrayObject()
            page["/Annots"].append(widget_ref)
            writer.mark_update(page_ref)
        fields_array.append(widget_ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _appearance(writer: Any, box: Box, text: str, size: float, align: str, font_path: str | None) -> Any:
    font = prepared_font(find_font(font_path))
    width, height = box.width, box.height
    while size > 6 and font.width(text, size) > width - 4:
        size -= 0.5
    encoded, units = font.encode(text)
    text_width = units * size / 1000
    x = (width - text_width) / 2 if align == "center" else 2.0
    y = (height - size * 0.7) / 2
    content = (
        b"q 1 g 0 0 %.2f %.2f re f Q\n" % (width, height)
        + b"BT /F1 %.2f Tf 0 g %.2f %.2f Td " % (size, x, y)
        + encoded
        + b" Tj ET\n"
    )
    stream = generic.StreamObject(
        {
            pdf_name("/Type"): pdf_name("/XObject"),
            pdf_name("/Subtype"): pdf_name("/Form"),
            pdf_name("/BBox"): generic.ArrayObject(
                [
                    generic.FloatObject(0),
                    generic.FloatObject(0),
                    generic.FloatObject(width),
                    generic.FloatObject(height),
                ]
            ),
            pdf_name("/Resources"): generic.DictionaryObject(
                {pdf_name("/Font"): generic.DictionaryObject({pdf_name("/F1"): font.add_to(writer, (text,))})}
            ),
        },
        stream_data=content,
    )
    return writer.add_object(stream)


def fill_issue_fields(pdf: bytes, *, number_line: str, date_line: str, font_path: str | None = None) -> bytes:
    """Fill the number and date fields (value and appearance) in one incremental update.

    Raises ``SigningFailedError`` when the PDF has no such fields (it was signed without them)."""
    writer = open_writer(pdf)
    form = _deref(writer.root.get("/AcroForm"))
    refs = {}
    for ref in _deref(form.get("/Fields", [])) if form is not None else []:
        name = str(_deref(ref).get("/T"))
        if name in (NUMBER_FIELD, DATE_FIELD) and isinstance(ref, generic.IndirectObject):
            refs[name] = ref
    if set(refs) != {NUMBER_FIELD, DATE_FIELD}:
        raise SigningFailedError("Văn bản đã ký không có ô số, ký hiệu và ngày ban hành để điền.")
    for name, text, align in ((NUMBER_FIELD, number_line, "left"), (DATE_FIELD, date_line, "center")):
        ref = refs[name]
        widget = ref.get_object()
        x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
        box = Box(page=0, x1=x1, y1=y1, x2=x2, y2=y2)
        found = re.search(r"([\d.]+)\s+Tf", str(widget.get("/DA", "")))
        size = float(found.group(1)) if found and float(found.group(1)) > 0 else _DEFAULT_SIZE
        widget[pdf_name("/V")] = pdf_string(text)
        widget[pdf_name("/AP")] = generic.DictionaryObject(
            {pdf_name("/N"): _appearance(writer, box, text, size, align, font_path)}
        )
        writer.mark_update(ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
