"""One answer to "what is this file" (`eoffice.file_kinds`): uploads, the checks and the exchange read the
same first bytes."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

import docx
import pytest
from fastapi.testclient import TestClient

from eoffice.file_kinds import FileKind, has_pdf_header, is_ole, is_pdf, is_zip, sniff
from eoffice.orgs.models import Role, User
from tests.eoffice import factories
from tests.eoffice.documents.conftest import pdf_bytes, png_bytes


def _docx() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _zip(**entries: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def clerk(make_user: Callable[..., User]) -> User:
    return make_user(roles=[Role.CLERK])


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (pdf_bytes(), FileKind.PDF),
        (png_bytes(), FileKind.PNG),
        (_docx(), FileKind.DOCX),
        (b"\xff\xd8\xff\xe0" + b"\0" * 32, FileKind.JPEG),
        (b"II*\x00" + b"\0" * 32, FileKind.TIFF),
        (b"MM\x00*" + b"\0" * 32, FileKind.TIFF),
        (_zip(**{"readme.txt": b"xin chao"}), None),  # a ZIP is a DOCX only with the Word main part
        (b"PK\x03\x04 broken", None),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 32, None),  # legacy .doc: not kept as a DOCX
        (b"junk" + pdf_bytes(), None),  # readers would open it; an upload must start as a PDF
        (b"", None),
    ],
)
def test_sniff_reads_the_first_bytes_and_rewinds(data: bytes, kind: FileKind | None) -> None:
    stream = io.BytesIO(data)
    stream.seek(len(data) // 2)
    assert sniff(stream) == kind
    assert stream.tell() == 0


def test_the_byte_tests_agree_with_sniff_and_the_readers_rule_is_looser() -> None:
    pdf = pdf_bytes()
    assert is_pdf(pdf) and has_pdf_header(pdf)
    shifted = b"\r\n%comment\r\n" + pdf
    assert not is_pdf(shifted) and has_pdf_header(shifted)
    assert not has_pdf_header(b"\0" * 1024 + pdf)  # beyond the first kilobyte no reader looks
    assert is_zip(_docx()) and not is_zip(pdf)
    empty_zip = _zip()
    assert not is_zip(empty_zip) and is_zip(empty_zip, allow_empty=True)
    assert is_ole(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest") and not is_ole(_docx())


def test_an_upload_that_only_a_lenient_reader_takes_for_a_pdf_is_refused(
    client: TestClient, clerk: User
) -> None:
    response = client.post(
        "/api/v1/incoming",
        data={
            "metadata": json.dumps({"title": "Công văn", "doc_type": "cong_van", "issuer": "Sở Tài chính"})
        },
        files=[("files", ("cong-van.pdf", b"\r\n" + pdf_bytes(), "application/pdf"))],
        headers=factories.login(client, clerk),
    )
    assert response.status_code == 415
    assert response.json()["code"] == "file.unsupported_type"
