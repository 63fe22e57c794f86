"""DOCX → PDF conversion reads nothing but the draft, and the upload parses every XML part for a DTD.

The attack this holds: a draft whose picture is a linked one (`TargetMode="External"`, `r:link`) pointing at
`http://127.0.0.1:…` or at another agency's leader's signature image among the stored objects, uploaded by a
specialist; LibreOffice fetched the URL and printed the signature into the preview PDF. Here the draft goes
the real way — uploaded through the API, converted by the pipeline's sandboxed stage with the real
LibreOffice — and the listening socket must see no connection, the PDF must hold only the embedded picture,
and the stage must tell the uploader what was left out.

And the upload's DTD check, which grepped the first 4 KB of each part, is parsed now: a DOCTYPE after a 6 KB
comment, or in a UTF-16 `document.xml` (with or without a BOM), is refused with a Vietnamese reason.
"""

from __future__ import annotations

import io
import json
import select
import socket
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pypdfium2
import pytest
from docx.shared import Cm
from PIL import Image

from eoffice.docx_safety import UnsafeDocx, sanitise_for_conversion
from eoffice.drafting.pdf import convert_docx, isolation_prefix, soffice_path
from eoffice.processing import apply_changes_now
from tests.security.webstack import DemoWeb, demo_web, is_vietnamese

pytestmark = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BLUE, RED = (0, 0, 255), (255, 0, 0)
OTHER_AGENCY = "000.00.00.H42"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoWeb]:
    with demo_web(tmp_path_factory.mktemp("conversion") / "data") as installation:
        yield installation


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A server on loopback that a fetching converter would connect to; nothing ever accepts, so a
    connection attempt stays queued and `select` sees it afterwards."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    try:
        yield server
    finally:
        server.close()


def _was_contacted(server: socket.socket) -> bool:
    readable, _, _ = select.select([server], [], [], 0)
    return bool(readable)


def _png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 24), colour).save(out, "PNG")
    return out.getvalue()


def _rewrite(data: bytes, edit: Callable[[str, bytes], bytes | None]) -> bytes:
    """The package with each part passed through `edit` (None drops the part)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = edit(info.filename, source.read(info))
            if body is not None:
                target.writestr(info.filename, body)
    return out.getvalue()


def _draft_linking_a_picture(target: str) -> bytes:
    """A draft with an embedded blue picture, then a second picture turned into a linked one (as Word's
    "Link to File" writes it): its relationship points at `target`, its bytes are no longer in the package."""
    document = docx.Document()
    document.add_paragraph("Dự thảo công văn về việc tổ chức hội nghị")
    document.add_picture(io.BytesIO(_png(BLUE)), width=Cm(3))
    document.add_picture(io.BytesIO(_png(RED)), width=Cm(3))
    document.add_paragraph("Nơi nhận: như trên")
    out = io.BytesIO()
    document.save(out)
    rels = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("word/_rels/document.xml.rels").decode()
    red_rid = next(
        part.split('Id="')[1].split('"')[0]
        for part in rels.split("<Relationship ")
        if 'Target="media/image2.png"' in part
    )

    def edit(name: str, body: bytes) -> bytes | None:
        if name == "word/media/image2.png":
            return None
        if name == "word/_rels/document.xml.rels":
            return body.replace(
                b'Target="media/image2.png"', f'Target="{target}" TargetMode="External"'.encode()
            )
        if name == "word/document.xml":
            return body.replace(f'r:embed="{red_rid}"'.encode(), f'r:link="{red_rid}"'.encode())
        return body

    return _rewrite(out.getvalue(), edit)


def _draft_with_field(instruction: str) -> bytes:
    """A draft with a complex field (begin, instruction, separate, shown result, end) and a simple one."""
    document = docx.Document()
    document.add_paragraph("Trước trường")
    document.add_paragraph("CHỖ-TRƯỜNG")
    document.add_paragraph("CHỖ-TRƯỜNG-ĐƠN")
    document.add_paragraph("Sau trường")
    out = io.BytesIO()
    document.save(out)
    quoted = instruction.replace('"', "&quot;")
    complex_field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>[kết quả cũ]</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    simple_field = f'<w:fldSimple w:instr=" {quoted} "><w:r><w:t>[kết quả đơn]</w:t></w:r></w:fldSimple>'

    def edit(name: str, body: bytes) -> bytes:
        if name != "word/document.xml":
            return body
        body = body.replace("<w:r><w:t>CHỖ-TRƯỜNG</w:t></w:r>".encode(), complex_field.encode())
        body = body.replace("<w:r><w:t>CHỖ-TRƯỜNG-ĐƠN</w:t></w:r>".encode(), simple_field.encode())
        assert b"CH\xe1\xbb\x96-TR" not in body  # both placeholders replaced
        return body

    return _rewrite(out.getvalue(), edit)


def _upload_draft(web: DemoWeb, name: str, data: bytes) -> Any:
    return web.client.post(
        "/api/v1/outgoing",
        data={"metadata": json.dumps({"title": f"Dự thảo {name}", "doc_type": "cong_van"})},
        files={
            "file": (name, data, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        },
        headers=web.headers["chuyenvien"],
    )


def _convert_through_the_pipeline(web: DemoWeb, name: str, data: bytes) -> tuple[dict[str, Any], bytes]:
    """Upload as a specialist, run the document's stages as the worker does, return the convert stage as the
    API shows it and the converted PDF as the API serves it."""
    response = _upload_draft(web, name, data)
    assert response.status_code == 201, response.text
    document_id = response.json()["id"]
    apply_changes_now(web.backends, [document_id])  # what the worker does with the upload's effect
    headers = web.headers["chuyenvien"]
    stages = web.client.get(f"/api/v1/documents/{document_id}/processing", headers=headers).json()["stages"]
    [convert] = [stage for stage in stages if stage["stage"] == "convert"]
    assert convert["status"] == "done", convert
    pdf = web.client.get(f"/api/v1/documents/{document_id}/processing/{convert['id']}/pdf", headers=headers)
    assert pdf.status_code == 200
    return convert, pdf.content


def _images(pdf: bytes) -> list[Image.Image]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [
            pikepdf.PdfImage(image).as_pil_image().convert("RGB")
            for page in document.pages
            for image in page.get_images().values()
        ]


def _text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_linked_picture_to_a_local_url_is_never_fetched(web: DemoWeb, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    draft = _draft_linking_a_picture(f"http://127.0.0.1:{port}/pixel.png")

    convert, pdf = _convert_through_the_pipeline(web, "anh-lien-ket-http.docx", draft)

    assert not _was_contacted(listener), "LibreOffice connected to the URL a draft linked to"
    assert [image.getpixel((0, 0)) for image in _images(pdf)] == [BLUE]  # the embedded picture only
    assert "Dự thảo công văn" in _text(pdf)
    assert is_vietnamese(convert["notice"])
    assert f"http://127.0.0.1:{port}/pixel.png" in convert["notice"]


def test_linked_picture_to_another_agencys_signature_file_is_not_embedded(web: DemoWeb) -> None:
    signature = (
        Path(web.settings.data_dir) / "objects" / "images" / OTHER_AGENCY / "lanhdao-signature.png"
    ).resolve()
    signature.parent.mkdir(parents=True, exist_ok=True)
    signature.write_bytes(_png(RED))
    draft = _draft_linking_a_picture(signature.as_uri())

    convert, pdf = _convert_through_the_pipeline(web, "anh-lien-ket-tep.docx", draft)

    pictures = _images(pdf)
    assert [image.getpixel((0, 0)) for image in pictures] == [BLUE], "the linked file's picture is in the PDF"
    assert signature.read_bytes() not in pdf
    assert "hình ảnh liên kết" in convert["notice"]


def test_includepicture_and_includetext_fields_are_dropped_keeping_their_shown_result(
    web: DemoWeb, listener: socket.socket
) -> None:
    port = listener.getsockname()[1]
    picture = _draft_with_field(f'INCLUDEPICTURE "http://127.0.0.1:{port}/chu-ky.png" \\d')

    convert, pdf = _convert_through_the_pipeline(web, "truong-includepicture.docx", picture)

    assert not _was_contacted(listener)
    assert _images(pdf) == []
    text = " ".join(_text(pdf).split())
    assert "Trước trường" in text and "Sau trường" in text and "[kết quả cũ]" in text
    assert "trường INCLUDEPICTURE" in convert["notice"]
    for instruction in ("INCLUDEPICTURE", "INCLUDETEXT", "LINK Excel.Sheet.8", "DDEAUTO cmd"):
        sanitised = sanitise_for_conversion(_draft_with_field(f'{instruction} "file:///etc/hostname"'))
        body = zipfile.ZipFile(io.BytesIO(sanitised.data)).read("word/document.xml").decode()
        assert instruction.split()[0] not in body and "fldSimple" not in body and "instrText" not in body
        assert "[kết quả cũ]" in body and "[kết quả đơn]" in body
        assert len(sanitised.removed) == 1  # the same field name once, for both fields


def test_draft_without_links_converts_unchanged_and_without_notice(web: DemoWeb) -> None:
    document = docx.Document()
    document.add_paragraph("Báo cáo kết quả tiếp công dân")
    document.add_picture(io.BytesIO(_png(BLUE)), width=Cm(3))
    out = io.BytesIO()
    document.save(out)

    assert sanitise_for_conversion(out.getvalue()).data == out.getvalue()
    convert, pdf = _convert_through_the_pipeline(web, "khong-lien-ket.docx", out.getvalue())

    assert convert["notice"] == ""
    assert [image.getpixel((0, 0)) for image in _images(pdf)] == [BLUE]


def test_converter_runs_in_a_network_namespace_of_its_own() -> None:
    """Where the system allows it (it does here, as root or with user namespaces): the sanitiser is not the
    only wall between a draft and the agency's network."""
    prefix = isolation_prefix()
    assert prefix and prefix[-1] == "-n", prefix


# --- the upload's DTD check: parsed, not grepped -----------------------------------------------------------


def _document_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")


def _plain_draft() -> bytes:
    document = docx.Document()
    document.add_paragraph("Công văn gửi các sở, ngành")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_document_xml(data: bytes, body: bytes) -> bytes:
    return _rewrite(data, lambda name, old: body if name == "word/document.xml" else old)


DOCTYPE = '<!DOCTYPE w:document [<!ENTITY bimat SYSTEM "file:///etc/hostname">]>'


def _after_long_comment(doctype: str) -> bytes:
    draft = _plain_draft()
    declaration, rest = _document_xml(draft).split("?>", 1)
    comment = "<!-- " + "đệm " * 1600 + "-->"  # over 6 KB in UTF-8
    assert len(comment.encode()) > 6 * 1024
    return _with_document_xml(draft, f"{declaration}?>\n{comment}\n{doctype}{rest.lstrip()}".encode())


def _in_utf16(doctype: str, encoding: str) -> bytes:
    draft = _plain_draft()
    _declaration, rest = _document_xml(draft).split("?>", 1)
    text = f'<?xml version="1.0" encoding="UTF-16" standalone="yes"?>\n{doctype}{rest.lstrip()}'
    return _with_document_xml(draft, text.encode(encoding))  # "utf-16" writes a BOM, "utf-16-le" none


HIDDEN_DOCTYPES = {
    "doctype-after-6kb-comment.docx": lambda doctype: _after_long_comment(doctype),
    "utf16-bom-doctype.docx": lambda doctype: _in_utf16(doctype, "utf-16"),
    "utf16le-no-bom-doctype.docx": lambda doctype: _in_utf16(doctype, "utf-16-le"),
}


@pytest.mark.parametrize("name", sorted(HIDDEN_DOCTYPES))
def test_hidden_doctype_is_refused_at_upload_with_a_vietnamese_reason(web: DemoWeb, name: str) -> None:
    hostile = HIDDEN_DOCTYPES[name](DOCTYPE)

    draft = _upload_draft(web, name, hostile)
    incoming = web.client.post(
        "/api/v1/incoming",
        data={
            "metadata": json.dumps({"title": "Văn bản thử", "doc_type": "cong_van", "issuer": "Sở Nội vụ"})
        },
        files=[("files", (name, hostile, "application/octet-stream"))],
        headers=web.headers["vanthu"],
    )

    for response in (draft, incoming):
        assert response.status_code == 422, response.text
        body = response.json()
        assert body["code"] == "file.unsafe"
        assert is_vietnamese(body["message"]) and "DTD" in body["message"]
    with pytest.raises(UnsafeDocx):  # a file that skipped the upload check (an exchange package) too
        convert_docx(hostile, timeout=120)


@pytest.mark.parametrize("name", sorted(HIDDEN_DOCTYPES))
def test_same_files_without_the_doctype_are_accepted(web: DemoWeb, name: str) -> None:
    """The check parses the part rather than refusing whatever is unusual: a long comment and UTF-16 are
    well-formed XML."""
    response = _upload_draft(web, name, HIDDEN_DOCTYPES[name](""))
    assert response.status_code == 201, response.text


def test_every_external_relationship_but_hyperlinks_is_removed(listener: socket.socket) -> None:
    """Attached template (linked styles), OLE link, sub-document, frame, a target with a scheme but no
    TargetMode: gone from every part's relationships; a hyperlink stays a link. Converted with none of them
    reaching the listening socket."""
    port = listener.getsockname()[1]
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    url = f"http://127.0.0.1:{port}"
    outside = {
        "rIdT": ("attachedTemplate", f"{url}/mau.dotx", ' TargetMode="External"'),
        "rIdO": ("oleObject", f"{url}/bang.xlsx", ' TargetMode="External"'),
        "rIdS": ("subDocument", f"{url}/phu-luc.docx", ' TargetMode="External"'),
        "rIdF": ("frame", "\\\\127.0.0.1\\share\\khung.htm", ' TargetMode="External"'),
        "rIdU": ("image", "file:///etc/hostname", ""),  # a scheme without TargetMode is outside too
    }
    kept = '<Relationship Id="rIdH" Type="{0}/hyperlink" Target="https://vanban.chinhphu.vn/" TargetMode="External"/>'
    extra = "".join(
        f'<Relationship Id="{rid}" Type="{base}/{kind}" Target="{target}"{mode}/>'
        for rid, (kind, target, mode) in outside.items()
    )

    def edit(name: str, body: bytes) -> bytes:
        if name == "word/_rels/document.xml.rels":
            return body.replace(
                b"</Relationships>", (extra + kept.format(base) + "</Relationships>").encode()
            )
        if name == "word/settings.xml":
            return body.replace(b"<w:zoom ", b'<w:attachedTemplate r:id="rIdT"/><w:linkStyles/><w:zoom ', 1)
        return body

    settings_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{extra}</Relationships>'
    )
    draft = _rewrite(_plain_draft(), edit)
    buffer = io.BytesIO(draft)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
        assert b"attachedTemplate" in package.read("word/settings.xml")
        package.writestr("word/_rels/settings.xml.rels", settings_rels)
    draft = buffer.getvalue()

    sanitised = sanitise_for_conversion(draft)

    with zipfile.ZipFile(io.BytesIO(sanitised.data)) as package:
        for name in ("word/_rels/document.xml.rels", "word/_rels/settings.xml.rels"):
            rels = package.read(name).decode()
            assert not any(f'Id="{rid}"' in rels for rid in outside), (name, rels)
        assert 'Id="rIdH"' in package.read("word/_rels/document.xml.rels").decode()
    assert {entry.split(":")[0] for entry in sanitised.removed} >= {
        "mẫu văn bản đính kèm",
        "đối tượng OLE liên kết",
        "văn bản con liên kết",
        "khung (frame) liên kết",
        "hình ảnh liên kết",
    }
    converted = convert_docx(draft, timeout=120)
    assert not _was_contacted(listener)
    assert "Công văn gửi các sở, ngành" in _text(converted.pdf)
    assert converted.notice.startswith("Đã bỏ ")
