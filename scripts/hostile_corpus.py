"""Build a corpus of malformed and hostile inputs for eOffice's upload and exchange endpoints.

    python scripts/hostile_corpus.py OUTPUT_DIR [--seed N]

Writes each input under a plain numbered name (`0001.bin` …) plus `manifest.json`: for every entry its file,
the file name a client would send (which may hold path traversal, control characters, RTL overrides, NUL …),
its category, where it is sent (`incoming`, `draft`, `exchange`) and whether it is a legitimate file that may
be accepted. The corpus is generated, deterministic for a seed, and never committed:
`tests/security/test_hostile_files.py` builds it in a temporary folder.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import struct
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

UPLOADS = ("incoming", "draft")


@dataclass
class Entry:
    file: str
    upload_name: str
    category: str
    targets: list[str] = field(default_factory=lambda: list(UPLOADS))
    legitimate: bool = False  # a well-formed file that may be accepted (stored, served as attachment)


# --- building blocks ------------------------------------------------------------------------------------


def minimal_pdf(text: str = "Cong van so 01/UBND", extra_catalog: str = "", extra_objects: str = "") -> bytes:
    """A small valid PDF with one page of text; `extra_catalog` adds keys to the catalog (OpenAction …)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {extra_catalog} >>".encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if extra_objects:
        objects.append(extra_objects.encode())
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def encrypted_pdf(user_password: str | None) -> bytes:
    """The minimal PDF encrypted with pyHanko (AES-256); without a user password it opens but is locked."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(minimal_pdf("Mat"))))
    writer.encrypt("owner-secret-pass", user_password or "")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/>{extra}</Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document_xml(body: str = "<w:p><w:r><w:t>Kính gửi: Sở Nội vụ</w:t></w:r></w:p>", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships"><w:body>{body}</w:body></w:document>'
    )


def docx(
    parts: dict[str, bytes | str] | None = None, *, content_types_extra: str = "", document: str | None = None
) -> bytes:
    """A DOCX (ZIP) with the required parts, plus `parts` (name → content) added or replacing them."""
    files: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES.format(extra=content_types_extra),
        "_rels/.rels": ROOT_RELS,
        "word/document.xml": document if document is not None else document_xml(),
    }
    files.update(parts or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def document_rels(*relationships: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(relationships)
        + "</Relationships>"
    )


def zip_bomb_docx(uncompressed_mb: int) -> bytes:
    """`word/document.xml` that inflates to `uncompressed_mb` MB of whitespace (compresses ~1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=""))
        archive.writestr("_rels/.rels", ROOT_RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(document_xml("<w:p><w:r><w:t>").encode()[:-30])
            chunk = b" " * (1024 * 1024)
            for _ in range(uncompressed_mb):
                part.write(chunk)
    return out.getvalue()


def many_entries_docx(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=""))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/document.xml", document_xml())
        for n in range(count):
            archive.writestr(f"word/media/x{n}.bin", b"")
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG declaring `width`×`height` pixels with one tiny compressed row: a decompression bomb header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * (1 + 3 * min(width, 4096)), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def png_zero_bomb(side: int) -> bytes:
    """A real, complete PNG of side×side black pixels (deflate makes it tiny; decoding needs side² × 3 bytes)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def jpeg_huge_header(width: int, height: int) -> bytes:
    """A small JPEG whose SOF0 claims an enormous frame."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="JPEG")
    data = bytearray(out.getvalue())
    sof = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def tiff_huge_header() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (4, 4)).save(out, format="TIFF")
    data = bytearray(out.getvalue())
    # Patch ImageWidth/ImageLength (tags 256/257) to 100000 × 100000.
    for tag in (256, 257):
        at = data.find(struct.pack("<HH", tag, 3))
        if at < 0:
            at = data.find(struct.pack("<HH", tag, 4))
            struct.pack_into("<I", data, at + 8, 100000)
        else:
            struct.pack_into("<H", data, at + 8, 65000)
    return bytes(data)


def mutate(data: bytes, rng: random.Random, flips: int) -> bytes:
    out = bytearray(data)
    for _ in range(flips):
        at = rng.randrange(len(out))
        choice = rng.random()
        if choice < 0.6:
            out[at] = rng.randrange(256)
        elif choice < 0.8:
            del out[at : at + rng.randrange(1, 64)]
        else:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
    return bytes(out)


# --- exchange XML ---------------------------------------------------------------------------------------

EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
XML_CASES = {
    "xxe-file": '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<edXML:edXMLEnvelope xmlns:edXML="{EDXML_NS}"><edXML:edXMLHeader>&x;</edXML:edXMLHeader>'
    "</edXML:edXMLEnvelope>",
    "xxe-http": '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'
    f'<edXML:edXMLEnvelope xmlns:edXML="{EDXML_NS}">&x;</edXML:edXMLEnvelope>',
    "external-dtd": '<?xml version="1.0"?><!DOCTYPE e SYSTEM "http://127.0.0.1:9/evil.dtd">'
    f'<edXML:edXMLEnvelope xmlns:edXML="{EDXML_NS}"/>',
    "parameter-entity": '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]>'
    "<e/>",
    "billion-laughs": '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    )
    + f']><edXML:edXMLEnvelope xmlns:edXML="{EDXML_NS}">&lol9;</edXML:edXMLEnvelope>',
    "quadratic-blowup": '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY a "'
    + "A" * 50000
    + '">]><e>'
    + "&a;" * 2000
    + "</e>",
    "deep-nesting": "<e>" * 100000 + "</e>" * 100000,
    "malformed": f'<edXML:edXMLEnvelope xmlns:edXML="{EDXML_NS}"><edXML:edXMLHeader>',
    "not-xml": "%PDF-1.7 this is not XML at all",
    "wrong-namespace": '<?xml version="1.0"?><envelope xmlns="urn:example"><header/></envelope>',
    "xinclude": f'<edXML:edXMLEnvelope xmlns:edXML="{EDXML_NS}" xmlns:xi="http://www.w3.org/2001/XInclude">'
    '<xi:include href="file:///etc/passwd" parse="text"/></edXML:edXMLEnvelope>',
    "utf7-bom": '\ufeff<?xml version="1.0" encoding="UTF-7"?><e>+ADw-script+AD4-</e>',
    "empty": "",
}

HOSTILE_NAMES = [
    "../../../../etc/passwd",
    "..\\..\\..\\Windows\\System32\\drivers\\etc\\hosts",
    "/etc/cron.d/eoffice.pdf",
    "C:\\Users\\Public\\cong-van.pdf",
    "cong\x00van.pdf",
    "van-ban\r\nContent-Type: text/html\r\n\r\n<script>.pdf",
    "tờ-trình\x07\x1b[31m.pdf",
    "cv\u202efdp.exe",
    "\u200b\u200b\u200b.pdf",
    ("Công văn " + "rất dài " * 150)[:1000] + ".pdf",
    "A" * 1000,
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd.pdf",
    "....//....//etc/passwd.pdf",
    ".htaccess",
    "CON.pdf",
    "<img src=x onerror=alert(1)>.pdf",
    "file:///etc/passwd",
    "Quyết định\u0301\u0301\u0301\u0301 số 1.pdf",
    "😀📄.pdf",
    "   .pdf",
    "",
]


# --- the corpus -----------------------------------------------------------------------------------------


def build(output: Path, seed: int = 20251125) -> list[Entry]:
    """Write the corpus into `output` (created) and return its manifest."""
    rng = random.Random(seed)
    output.mkdir(parents=True, exist_ok=True)
    entries: list[Entry] = []

    def add(data: bytes | str, upload_name: str, category: str, **options: object) -> None:
        file = f"{len(entries) + 1:04d}.bin"
        (output / file).write_bytes(data.encode() if isinstance(data, str) else data)
        entries.append(Entry(file=file, upload_name=upload_name, category=category, **options))  # type: ignore[arg-type]

    pdf = minimal_pdf()
    for n in range(40):
        cut = max(1, int(len(pdf) * (n + 1) / 41))
        add(pdf[:cut], f"cat-ngan-{n}.pdf", "pdf-truncated")
    for n in range(80):
        add(mutate(pdf, rng, 1 + n % 12), f"loi-byte-{n}.pdf", "pdf-fuzzed", legitimate=True)
    js = "<< /S /JavaScript /JS (app.alert\\('xss'\\); this.exportDataObject\\({cName: 'a'}\\)) >>"
    active = {
        "openaction-js": f"/OpenAction {js}",
        "names-js": f"/Names << /JavaScript << /Names [(a) {js}] >> >>",
        "launch": "/OpenAction << /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >>",
        "uri": "/OpenAction << /S /URI /URI (http://127.0.0.1:9/theo-doi) >>",
        "submitform": "/AcroForm << /Fields [] >> /OpenAction << /S /SubmitForm /F (http://127.0.0.1:9/) >>",
        "aa-js": f"/AA << /WC {js} /WS {js} >>",
    }
    for name, catalog in active.items():
        add(minimal_pdf(extra_catalog=catalog), f"{name}.pdf", "pdf-active-content", legitimate=True)
    add(
        minimal_pdf(
            extra_catalog="/Names << /EmbeddedFiles << /Names [(x.exe) 6 0 R] >> >>",
            extra_objects="<< /Type /Filespec /F (x.exe) >>",
        ),
        "dinh-kem-exe.pdf",
        "pdf-active-content",
        legitimate=True,
    )
    add(
        pdf.replace(b"%%EOF", b"%%EOF\n<html><script>alert(1)</script></html>"),
        "polyglot.pdf",
        "pdf-active-content",
        legitimate=True,
    )
    for password in ("mat-khau", None):
        add(
            encrypted_pdf(password),
            f"ma-hoa-{'user' if password else 'owner'}.pdf",
            "pdf-encrypted",
            legitimate=True,
        )
    add(minimal_pdf(extra_catalog="/Pages 1 0 R"), "vong-lap.pdf", "pdf-malformed")
    add(
        b"%PDF-1.7\n1 0 obj << /Length 999999999 >> stream\n" + b"\x00" * 64,
        "stream-dai.pdf",
        "pdf-malformed",
    )
    add(b"%PDF-1.7\n" + b"[" * 50000 + b"]" * 50000 + b"\n%%EOF", "long-nest.pdf", "pdf-malformed")

    for mb in (50, 200):
        add(zip_bomb_docx(mb), f"bom-zip-{mb}mb.docx", "docx-zip-bomb")
    add(many_entries_docx(20000), "nhieu-tep.docx", "docx-zip-bomb")
    nested = docx({"word/embeddings/inner.zip": zip_bomb_docx(50)})
    add(nested, "long-zip.docx", "docx-zip-bomb")

    external = document_rels(
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
        ' Target="http://127.0.0.1:9/pixel.png" TargetMode="External"/>',
        '<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'attachedTemplate" Target="file:///etc/passwd" TargetMode="External"/>',
    )
    add(
        docx({"word/_rels/document.xml.rels": external}),
        "tham-chieu-ngoai.docx",
        "docx-external",
        legitimate=True,
    )
    settings_rel = document_rels(
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'attachedTemplate" Target="\\\\127.0.0.1\\share\\mau.dotm" TargetMode="External"/>'
    )
    add(
        docx(
            {
                "word/_rels/settings.xml.rels": settings_rel,
                "word/settings.xml": f'<w:settings xmlns:w="{W}"/>',
            }
        ),
        "mau-unc.docx",
        "docx-external",
        legitimate=True,
    )
    alt = document_rels(
        '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"'
        ' Target="../../../../etc/passwd" TargetMode="Internal"/>'
    )
    add(
        docx({"word/_rels/document.xml.rels": alt}, document=document_xml('<w:altChunk r:id="rId5"/>')),
        "altchunk.docx",
        "docx-external",
        legitimate=True,
    )
    macro_types = (
        '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    )
    add(
        docx(
            {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name" * 20},
            content_types_extra=macro_types,
        ),
        "macro.docm",
        "docx-macro",
        legitimate=True,
    )
    add(
        docx(
            {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"AutoOpen" * 20},
            content_types_extra=macro_types,
        ),
        "macro-doi-ten.docx",
        "docx-macro",
        legitimate=True,
    )
    add(
        docx(
            document=document_xml(
                "<w:p><w:r><w:t>&x;</w:t></w:r></w:p>",
                '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
            )
        ),
        "xxe.docx",
        "docx-xxe",
    )
    laughs = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10 if n else "lol"}">' for n in range(10))
    add(
        docx(
            document=document_xml(
                "<w:p><w:r><w:t>&l9;</w:t></w:r></w:p>", f"<!DOCTYPE w:document [{laughs}]>"
            )
        ),
        "billion-laughs.docx",
        "docx-xxe",
    )
    add(
        docx({"../../../../tmp/eoffice-zip-slip.txt": "thoát ra ngoài", "/etc/eoffice-abs.txt": "x"}),
        "zip-slip.docx",
        "docx-zip-slip",
        legitimate=True,
    )
    add(docx(document="<w:document>" * 1000), "xml-hong.docx", "docx-malformed")
    add(docx({"word/document.xml": b"\xff\xfe\x00\x00 not xml"}), "khong-phai-xml.docx", "docx-malformed")
    good_docx = docx()
    for n in range(40):
        add(mutate(good_docx, rng, 1 + n % 8), f"docx-loi-{n}.docx", "docx-fuzzed", legitimate=True)

    add(png_header_only(100000, 100000), "anh-khong-lo.png", "image-bomb", targets=["incoming"])
    add(png_zero_bomb(20000), "anh-den-20k.png", "image-bomb", targets=["incoming"], legitimate=True)
    add(jpeg_huge_header(65000, 65000), "anh-khong-lo.jpg", "image-bomb", targets=["incoming"])
    add(tiff_huge_header(), "anh-khong-lo.tif", "image-bomb", targets=["incoming"])
    add(png_header_only(1, 1)[:30], "anh-cut.png", "image-malformed", targets=["incoming"])

    wrong = {
        "pdf-dat-ten-docx.docx": (pdf, True),
        "docx-dat-ten-pdf.pdf": (good_docx, True),
        "chuong-trinh.pdf": (
            b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"This program cannot be run",
            False,
        ),
        "elf.pdf": (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, False),
        "trang-web.pdf": (b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>", False),
        "anh.svg.png": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', False),
        "script.sh.pdf": (b"#!/bin/sh\nrm -rf /\n", False),
        "zip-thuong.docx": (_plain_zip(), False),
        "gzip.pdf": (b"\x1f\x8b\x08\x00" + b"\x00" * 50, False),
        "rtf.docx": (b"{\\rtf1\\ansi {\\object\\objemb} }", False),
    }
    for name, (data, legitimate) in wrong.items():
        add(data, name, "wrong-extension", legitimate=legitimate)

    for name in HOSTILE_NAMES:
        add(pdf, name, "hostile-name", legitimate=True)
    for name in ("rong.pdf", "rong.docx", "../rong.png"):
        add(b"", name, "empty")
    for n in range(15):
        add(bytes(rng.randrange(256) for _ in range(rng.choice((1, 5, 100, 4096)))), f"rac-{n}.pdf", "junk")
    add(b"%PDF-", "chi-co-dau.pdf", "junk")
    add(b"PK\x03\x04", "chi-co-dau.docx", "junk")

    for name, xml in XML_CASES.items():
        add(xml, f"{name}.xml", "xml", targets=["exchange"])

    (output / "manifest.json").write_text(
        json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return entries


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "không phải DOCX")
    return out.getvalue()


def load(folder: Path) -> list[Entry]:
    return [Entry(**item) for item in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Tạo bộ tệp độc hại/hỏng để kiểm thử eOffice")
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=20251125)
    args = parser.parse_args(argv)
    entries = build(args.output, args.seed)
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.category] = counts.get(entry.category, 0) + 1
    print(f"{len(entries)} tệp trong {args.output}")
    for category, count in sorted(counts.items()):
        print(f"  {category}: {count}")


if __name__ == "__main__":
    main()
