"""Text extraction from PDF, DOCX and TXT, and the `eoffice citations` command built on it.

Every file is generated here: DOCX with python-docx, PDF with pyHanko's text layout and an embedded
Vietnamese-capable font, so the text layer holds real Vietnamese.
"""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
import typer
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.text import TextBox, TextBoxStyle
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from typer.testing import CliRunner

from eoffice.commands.citations import register
from eoffice.documents_text import UnreadableDocument, extract_text
from signing.fonts import find_font

CAN_CU_1 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
CAN_CU_2 = "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;"
CAN_CU_3 = "Căn cứ Quyết định số 114/QĐ-UBND của UBND tỉnh Khánh Hòa;"


def make_pdf(pages: list[list[str]], *, password: str | None = None) -> bytes:
    """A PDF whose pages hold the given lines in an embedded TrueType font (optionally AES-256 encrypted)."""
    writer = PdfFileWriter()
    font = GlyphAccumulatorFactory(str(find_font()), font_size=11)
    media_box = generic.ArrayObject([generic.FloatObject(v) for v in (0, 0, 595, 842)])
    for lines in pages:
        if lines:
            box = TextBox(TextBoxStyle(font=font, font_size=11), writer=writer, box=BoxConstraints(500, 700))
            box.content = "\n".join(lines)
            ops, resources = box.render(), box.resources.as_pdf_object()
        else:  # a page with nothing in its text layer, like a scan
            ops, resources = b"0 0 1 rg 100 100 200 200 re f", generic.DictionaryObject()
        stream = generic.StreamObject(stream_data=b"q 1 0 0 1 40 100 cm " + ops + b" Q")
        page = PageObject(contents=writer.add_object(stream), media_box=media_box, resources=resources)
        writer.insert_page(page)
    if password:
        writer.encrypt(password, password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(path: Path) -> Path:
    """A Quyết định-like DOCX: paragraphs, a heading table with a merged cell, then the legal bases."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Số: 15/QĐ-UBND"
    document.add_paragraph("QUYẾT ĐỊNH")
    document.add_paragraph(unicodedata.normalize("NFD", CAN_CU_1))
    document.add_paragraph(CAN_CU_2)
    inner = document.add_table(rows=1, cols=1)
    inner.cell(0, 0).text = CAN_CU_3
    document.add_paragraph("Điều 1. Quyết định này có hiệu lực kể từ ngày ký.")
    document.save(str(path))
    return path


def test_docx_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    text = extract_text(make_docx(tmp_path / "quyet-dinh.docx"))

    lines = text.split("\n")
    assert lines == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH KHÁNH HÒA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 15/QĐ-UBND",  # a merged cell is read once
        "QUYẾT ĐỊNH",
        CAN_CU_1,  # typed NFD, read back NFC
        CAN_CU_2,
        CAN_CU_3,
        "Điều 1. Quyết định này có hiệu lực kể từ ngày ký.",
    ]
    assert unicodedata.is_normalized("NFC", text)


def test_pdf_text_layer_pages_in_order(tmp_path: Path) -> None:
    path = tmp_path / "cong-van.pdf"
    path.write_bytes(make_pdf([[CAN_CU_1, CAN_CU_2], ["Trang 2", CAN_CU_3]]))

    text = extract_text(path)

    for line in (CAN_CU_1, CAN_CU_2, CAN_CU_3):
        assert line in text
    assert text.index(CAN_CU_2) < text.index("Trang 2") < text.index(CAN_CU_3)
    assert "\r" not in text
    assert unicodedata.is_normalized("NFC", text)


def test_pdf_is_recognised_by_content_when_the_name_has_no_known_extension(tmp_path: Path) -> None:
    path = tmp_path / "file.bin"
    path.write_bytes(make_pdf([[CAN_CU_2]]))
    assert CAN_CU_2 in extract_text(path)


def test_txt_is_utf8_normalised(tmp_path: Path) -> None:
    path = tmp_path / "ghi-chu.txt"
    nfd = unicodedata.normalize("NFD", f"{CAN_CU_1}\r\n{CAN_CU_2}\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + nfd.encode("utf-8"))
    assert extract_text(path) == f"{CAN_CU_1}\n{CAN_CU_2}\n"


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip_without_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    return path


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (
            lambda d: _write(d / "van-ban.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
            "document.unsupported_type",
        ),
        (lambda d: _write(d / "van-ban.odt", b"PK\x03\x04 odt"), "document.unsupported_type"),
        (lambda d: _write(d / "anh.png", b"\x89PNG\r\n\x1a\n"), "document.unsupported_type"),
        (lambda d: _write(d / "hong.docx", b"day khong phai la zip"), "document.malformed"),
        (lambda d: _zip_without_document(d / "rong.docx"), "document.malformed"),
        (
            lambda d: _write(d / "co-mat-khau.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
            "document.encrypted",
        ),
        (lambda d: _write(d / "hong.pdf", b"%PDF-1.7\nnot really a pdf"), "document.malformed"),
        (lambda d: _write(d / "gia.pdf", b"<html>not a pdf</html>"), "document.malformed"),
        (
            lambda d: _write(d / "mat-khau.pdf", make_pdf([["Tài liệu mật"]], password="bi-mat")),
            "document.encrypted",
        ),
        (lambda d: _write(d / "ban-quet.pdf", make_pdf([[]])), "document.no_text"),
        (lambda d: _write(d / "cp1258.txt", _nfd("Hà Tĩnh").encode("cp1258")), "document.bad_encoding"),
        (lambda d: d / "khong-co.pdf", "document.not_found"),
    ],
    ids=[
        "legacy-doc",
        "odt-zip",
        "image",
        "docx-not-zip",
        "docx-zip-without-document",
        "docx-encrypted",
        "pdf-truncated",
        "pdf-not-pdf",
        "pdf-encrypted",
        "pdf-without-text",
        "txt-not-utf8",
        "missing",
    ],
)
def test_unreadable_documents(tmp_path: Path, make, code: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(path)
    assert caught.value.code == code
    assert path.name in caught.value.message  # the user is told which file


# --- eoffice citations FILE [--json] ---------------------------------------------------------------------


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command so that `citations` stays a named subcommand
        """Không làm gì."""

    return app


def test_citations_json(tmp_path: Path, cli: typer.Typer) -> None:
    path = make_docx(tmp_path / "quyet-dinh.docx")
    result = CliRunner().invoke(cli, ["citations", str(path), "--json"])

    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows == [
        {
            "number": None,
            "type": "Luật",
            "issuer": None,
            "date": "2015-06-19",
            "start": rows[0]["start"],
            "end": rows[0]["end"],
            "name": "Luật Tổ chức chính quyền địa phương",
            "year": 2015,
        },
        {
            "number": "30/2020/NĐ-CP",
            "type": "Nghị định",
            "issuer": "Chính phủ",
            "date": "2020-03-05",
            "start": rows[1]["start"],
            "end": rows[1]["end"],
            "name": None,
            "year": 2020,
        },
        {
            "number": "114/QĐ-UBND",
            "type": "Quyết định",
            "issuer": "UBND tỉnh Khánh Hòa",
            "date": None,
            "start": rows[2]["start"],
            "end": rows[2]["end"],
            "name": None,
            "year": None,
        },
    ]
    text = extract_text(path)
    assert [text[r["start"] : r["end"]] for r in rows] == [
        "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
        "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ",
        "Quyết định số 114/QĐ-UBND của UBND tỉnh Khánh Hòa",
    ]


def test_citations_table_from_pdf(tmp_path: Path, cli: typer.Typer) -> None:
    path = tmp_path / "cong-van.pdf"
    path.write_bytes(make_pdf([[CAN_CU_2]]))
    result = CliRunner().invoke(cli, ["citations", str(path)], env={"COLUMNS": "200"})

    assert result.exit_code == 0, result.output
    assert "30/2020/NĐ-CP" in result.stdout
    assert "05/03/2020" in result.stdout
    assert "Cơ quan ban hành" in result.stdout


def test_citations_none_found(tmp_path: Path, cli: typer.Typer) -> None:
    path = _write(tmp_path / "giay-moi.txt", "Kính mời đồng chí dự họp lúc 14 giờ ngày 05/3/2024.".encode())
    result = CliRunner().invoke(cli, ["citations", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_citations_unreadable_file_fails_in_vietnamese(tmp_path: Path, cli: typer.Typer) -> None:
    path = _write(tmp_path / "hong.pdf", b"%PDF-1.7\nnot really a pdf")
    result = CliRunner().invoke(cli, ["citations", str(path), "--json"])
    assert result.exit_code != 0
    assert result.stdout == ""
    assert "hong.pdf" in result.stderr
    assert "bị hỏng" in result.stderr
