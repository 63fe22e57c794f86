"""Hostile or broken packages are refused with a clear code, without reading files, expanding entities or
holding huge data in memory."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import pytest

from eoffice.exchange.edxml import Limits, build_document_package, parse_package
from eoffice.exchange.errors import EdxmlError
from tests.eoffice.exchange.samples import PDF, document_package, tolerant_xml

MB = 1024 * 1024


def _refused(data: bytes, limits: Limits | None = None) -> EdxmlError:
    with pytest.raises(EdxmlError) as caught:
        parse_package(data, limits)
    return caught.value


def test_external_entity_is_refused_and_the_file_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MAT-KHAU-BI-MAT")
    data = (
        tolerant_xml()
        .replace(
            b'<?xml version="1.0" encoding="utf-8"?>',
            f'<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode(),
        )
        .replace(b"V/v   g", b"&xxe; V/v g")
    )
    error = _refused(data)
    assert error.code == "edxml.doctype_forbidden"
    assert "MAT-KHAU" not in f"{error.message} {error.detail}"


def test_billion_laughs_is_refused() -> None:
    entities = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' if i else '<!ENTITY lol0 "lol">' for i in range(10)
    )
    data = f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><edXML>&lol9;</edXML>'.encode()
    assert _refused(data).code == "edxml.doctype_forbidden"


def test_doctype_after_a_long_comment_is_still_refused() -> None:
    data = (
        b"<?xml version='1.0'?>"
        + b"<!--"
        + b"x" * 70_000
        + b"-->"
        + b"<!DOCTYPE edXML SYSTEM 'http://127.0.0.1:9/x.dtd'>"
        + tolerant_xml().split(b"?>", 1)[1]
    )
    assert _refused(data).code == "edxml.doctype_forbidden"


def test_utf16_doctype_is_refused() -> None:
    data = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE x [<!ENTITY a "b">]><edXML/>'.encode("utf-16")
    assert _refused(data).code == "edxml.doctype_forbidden"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   ",
        b"<edXML:edXML xmlns:edXML='x'>",
        b"not xml at all",
        tolerant_xml()[:-40],
        b"\x00\xff\xfe garbage",
    ],
)
def test_broken_xml_is_not_well_formed(data: bytes) -> None:
    assert _refused(data).code == "edxml.not_well_formed"


def test_wrong_root_or_namespace_is_invalid() -> None:
    assert _refused(tolerant_xml().replace(b"QCVN_102_2016", b"QCVN_102_2099")).code == "edxml.invalid"


def test_a_100_mb_package_is_refused_before_parsing() -> None:
    huge = b"A" * (100 * MB)
    data = tolerant_xml(attachment="").replace(
        b"<edXML:ContentTransferEncoded>\n", b"<edXML:ContentTransferEncoded>" + huge
    )
    error = _refused(data)
    assert error.code == "edxml.too_large"
    assert "vượt quá" in error.message


def test_a_100_mb_zip_bomb_stops_at_the_file_limit() -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("bomb.pdf", "w") as entry,
    ):
        chunk = b"\0" * MB
        for _ in range(100):
            entry.write(chunk)
    assert len(buffer.getvalue()) < MB  # small on the wire
    data = tolerant_xml(attachment=base64.b64encode(buffer.getvalue()).decode())
    error = _refused(data, Limits(max_file_bytes=20 * MB))
    assert error.code == "edxml.too_large"
    assert "giải nén" in error.message


def test_an_attachment_over_the_xml_text_limit_is_too_large_not_a_crash() -> None:
    big = base64.b64encode(b"%PDF-1.7 " + bytes(range(256)) * 45_000).decode()  # ~15 MB of base64
    error = _refused(
        tolerant_xml(attachment=big, content_type="application/pdf"), Limits(max_package_bytes=64 * MB)
    )
    assert error.code == "edxml.too_large"


def test_too_many_attachments_are_refused() -> None:
    package = document_package()
    data = build_document_package(package)
    assert _refused(data, Limits(max_attachments=1)).code == "edxml.too_large"


def test_total_size_is_bounded() -> None:
    data = build_document_package(document_package())
    assert _refused(data, Limits(max_total_bytes=len(PDF) + 10)).code == "edxml.too_large"
