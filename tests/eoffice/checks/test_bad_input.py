"""Files that cannot or must not be read get a stable code and a Vietnamese message; nothing crashes."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from eoffice.checks import CheckError, check_format


def _rezip(data: bytes, extra: dict[str, bytes], replace: dict[str, bytes] | None = None) -> bytes:
    replace = replace or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
        for name, content in extra.items():
            target.writestr(name, content)
    return out.getvalue()


def _code(data: bytes) -> str:
    with pytest.raises(CheckError) as error:
        check_format(data)
    assert error.value.message and not error.value.message.isascii()  # Vietnamese, for the user
    return error.value.code


def test_not_a_zip() -> None:
    assert _code(b"Day khong phai la tep Word") == "docx.not_a_docx"


def test_zip_without_a_document() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    assert _code(out.getvalue()) == "docx.not_a_docx"


def test_truncated_docx(clean_drafts) -> None:
    assert _code(clean_drafts["cong_van"][:2000]) == "docx.not_a_docx"


def test_zip_bomb_is_refused_from_the_directory() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):  # 300 MiB of zeros, about 300 KiB compressed
                part.write(chunk)
    assert len(out.getvalue()) < 2 * 1024 * 1024
    assert _code(out.getvalue()) == "docx.too_large"


def test_password_protected_office_file() -> None:
    # An encrypted .docx is an OLE compound file holding an EncryptionInfo stream.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\0" * 50 + "EncryptedPackage".encode("utf-16-le")
    assert _code(header + directory + b"\0" * 1024) == "docx.encrypted"


def test_legacy_doc_is_not_a_docx() -> None:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    assert _code(header + "WordDocument".encode("utf-16-le") + b"\0" * 1024) == "docx.not_a_docx"


def test_empty_file_and_empty_document() -> None:
    assert _code(b"") == "docx.empty"
    out = io.BytesIO()
    docx.Document().save(out)
    assert _code(out.getvalue()) == "docx.empty"


def test_macros_and_external_references_are_flagged(clean_drafts) -> None:
    data = clean_drafts["thong_bao"]
    with_macros = _rezip(data, {"word/vbaProject.bin": b"\0" * 128})
    assert [f.code for f in check_format(with_macros)] == ["docx.macros"]
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/attachedTemplate" Target="http://203.0.113.5/mau.dotm" TargetMode="External"/>'
        b"</Relationships>"
    )
    external = _rezip(data, {"word/_rels/settings.xml.rels": rels})
    findings = check_format(external)
    assert [f.code for f in findings] == ["docx.external_reference"]
    assert "203.0.113.5" in findings[0].found


def test_a_malformed_pdf() -> None:
    assert _code(b"%PDF-1.7\n garbage") == "pdf.unreadable"
