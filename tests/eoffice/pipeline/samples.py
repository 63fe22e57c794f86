"""Files the pipeline meets, made in the test: Vietnamese scans, a DOCX draft, a signed scan and poison."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
A4_200DPI = (1654, 2339)


def _font(size: int) -> ImageFont.FreeTypeFont:
    from signing.fonts import find_font

    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.truetype(str(find_font(None)), size)


def scan_pages(lines: list[str], pages: int = 1) -> list[Image.Image]:
    """A4 pages at 200 dpi with `lines` rendered in a Vietnamese-capable serif font, as a scanner makes them."""
    font = _font(34)
    images = []
    for number in range(pages):
        image = Image.new("L", A4_200DPI, 255)
        draw = ImageDraw.Draw(image)
        y = 220
        for text in [*lines, f"Trang {number + 1}"]:
            draw.text((160, y), text, font=font, fill=0)
            y += 78
        images.append(image)
    return images


def scanned_pdf(lines: list[str], pages: int = 1) -> bytes:
    """A scan wrapped as PDF: images only, no text layer."""
    images = scan_pages(lines, pages)
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=200.0, save_all=True, append_images=images[1:])
    return out.getvalue()


def scanned_png(lines: list[str]) -> bytes:
    out = io.BytesIO()
    scan_pages(lines)[0].save(out, "PNG", dpi=(200, 200))
    return out.getvalue()


def docx_draft(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_bomb(inflated_mb: int = 400) -> bytes:
    """A valid-looking DOCX whose document.xml inflates to `inflated_mb` MB of nested markup."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument'
            '.wordprocessingml.document.main+xml"/></Types>',
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 30_000
            for _ in range(inflated_mb * 1024 * 1024 // len(chunk)):
                part.write(chunk)
    return out.getvalue()


MALFORMED_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf at all\n%%EOF\n"


def signed(pdf: bytes) -> bytes:
    """`pdf` signed by a throw-away self-signed certificate (pyHanko), as a received signed scan would be."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Văn thư thử nghiệm")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=SimpleCertificateStore(),
    )
    out = io.BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False),
        signers.PdfSignatureMetadata(field_name="Signature1"),
        signer=signer,
        output=out,
    )
    return out.getvalue()


def text_pdf(title: str) -> bytes:
    """A born-digital PDF with a text layer (the demo decision with `title` as its summary)."""
    from signing.demo_document import DemoDocument, demo_document_pdf

    return demo_document_pdf(DemoDocument(summary=title, pages=1))
