"""Vietnamese OCR with OCRmyPDF and Tesseract (`vie`), into a derived searchable PDF and its text.

Runs inside the sandbox child (`_sandbox.py`). The input is a copy of the stored original; the output is a new
file, so nothing received is ever rewritten. A signed PDF is OCR'd only as such a copy: OCRmyPDF refuses to
touch signatures unless told the output may drop them, which is true of a derived copy and only of it.
"""

from __future__ import annotations

import re
from pathlib import Path

from eoffice.processing.errors import FileUnreadable, OcrFailed
from signing.pdfium_lock import PDFIUM_LOCK

OCR_LANGUAGE = "vie"
DEFAULT_SCAN_DPI = 200  # Nghị định 30: scans are made at 200 dpi or more
_SKIPPED_MARKER = re.compile(r"\[OCR skipped on page\(s\) [^\]]*\]")


def pdf_is_signed(path: Path) -> bool:
    """Whether the PDF carries at least one digital signature field (read with pdfium, never modified)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_raw

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            return int(pdfium_raw.FPDF_GetSignatureCount(pdf.raw)) > 0
        finally:
            pdf.close()


def image_to_pdf(image: Path, output: Path) -> None:
    """Wrap a scanned image (PNG, JPEG, multi-page TIFF) as a PDF page per frame, losslessly when possible."""
    import img2pdf
    from PIL import Image

    try:
        with Image.open(image) as probe:
            dpi = probe.info.get("dpi") or (DEFAULT_SCAN_DPI, DEFAULT_SCAN_DPI)
        layout = img2pdf.get_fixed_dpi_layout_fun((round(float(dpi[0])) or DEFAULT_SCAN_DPI,) * 2)
        output.write_bytes(img2pdf.convert(str(image), layout_fun=layout, rotation=img2pdf.Rotation.ifvalid))
    except img2pdf.AlphaChannelError:
        with Image.open(image) as picture:
            picture.convert("RGB").save(output, "PDF", resolution=float(DEFAULT_SCAN_DPI))
    except (OSError, ValueError, img2pdf.ImageOpenError) as exc:
        raise FileUnreadable(
            f"Tệp ảnh {image.name} bị hỏng, không đọc được.", code="document.malformed"
        ) from exc


def ocr_pdf(source: Path, output: Path, sidecar: Path) -> str:
    """OCR every page without a text layer into `output`; returns the recognised text (NFC)."""
    import unicodedata

    import ocrmypdf
    from ocrmypdf import exceptions as ocr_errors

    signed = pdf_is_signed(source)
    try:
        ocrmypdf.ocr(
            source,
            output,
            language=[OCR_LANGUAGE],
            output_type="pdf",
            sidecar=sidecar,
            skip_text=True,
            optimize=0,
            jobs=1,
            use_threads=True,
            progress_bar=False,
            invalidate_digital_signatures=signed,
            tesseract_timeout=180,
        )
    except ocr_errors.EncryptedPdfError as exc:
        raise FileUnreadable(
            f"Tệp PDF {source.name} được đặt mật khẩu; hãy gỡ mật khẩu rồi thử lại.",
            code="document.encrypted",
        ) from exc
    except (ocr_errors.InputFileError, ocr_errors.DpiError, ocr_errors.UnsupportedImageFormatError) as exc:
        raise FileUnreadable(
            f"Tệp {source.name} bị hỏng, không nhận dạng được.", code="document.malformed"
        ) from exc
    except ocr_errors.ExitCodeException as exc:
        raise OcrFailed(f"Không nhận dạng được ký tự trong tệp {source.name}: {exc}") from exc
    text = sidecar.read_text(encoding="utf-8") if sidecar.exists() else ""
    # OCRmyPDF separates pages with a form feed and marks the pages it skipped (blank, or with text already).
    text = _SKIPPED_MARKER.sub("", text).replace("\f", "\n\n")
    return unicodedata.normalize("NFC", text).strip()
