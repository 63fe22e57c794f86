"""The child process that does one stage's file work: `python -m eoffice.processing._sandbox STAGE SOURCE DIR`.

Why a child: parsers and OCR meet hostile files. In a separate process a malformed PDF that crashes pdfium,
a DOCX bomb that eats memory or a scan that makes Tesseract run for ever only costs that process — the parent
kills it at the stage's time limit (which Celery's solo pool, used with the embedded broker, cannot enforce
itself) and the worker goes on with the next file.

The child writes `DIR/result.json`: `{"ok": true, "text": file|null, "pdf": file|null, "needs_ocr": bool,
"notice": str}` or
`{"ok": false, "code", "message", "retry"}`; the stage's outputs are files in DIR.
"""

from __future__ import annotations

import fcntl
import json
import sys
import traceback
from pathlib import Path
from typing import Any

from eoffice.errors import EOfficeError
from eoffice.processing.errors import ProcessingError

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
TEXT_FILE = "text.txt"
PDF_FILE = "out.pdf"


def _extract(source: Path, workdir: Path) -> dict[str, Any]:
    from eoffice.documents_text import UnreadableDocument, extract_text
    from eoffice.processing._archives import check_docx_archive

    suffix = source.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return {"needs_ocr": True}
    if suffix == ".docx":
        check_docx_archive(source)
    try:
        text = extract_text(source)
    except UnreadableDocument as exc:
        if exc.code == "document.no_text":
            return {"needs_ocr": True}
        raise
    (workdir / TEXT_FILE).write_text(text, encoding="utf-8")
    return {"text": TEXT_FILE}


def _ocr(source: Path, workdir: Path) -> dict[str, Any]:
    from eoffice.processing._ocr import image_to_pdf, ocr_pdf

    pdf = source
    if source.suffix.lower() in IMAGE_SUFFIXES:
        pdf = workdir / "scan.pdf"
        image_to_pdf(source, pdf)
    text = ocr_pdf(pdf, workdir / PDF_FILE, workdir / "sidecar.txt")
    (workdir / TEXT_FILE).write_text(text, encoding="utf-8")
    return {"text": TEXT_FILE, "pdf": PDF_FILE}


def _convert(source: Path, workdir: Path, state_dir: Path, timeout: float) -> dict[str, Any]:
    """LibreOffice (sanitised input, no network, private profile, timeout: `eoffice.drafting.pdf`), one
    conversion at a time per machine: parallel instances on two cores only slow each other past their
    timeouts."""
    from eoffice.drafting.pdf import convert_docx
    from eoffice.processing._archives import check_docx_archive

    check_docx_archive(source)
    state_dir.mkdir(parents=True, exist_ok=True)
    with (state_dir / "convert.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        converted = convert_docx(source.read_bytes(), timeout=timeout)
    (workdir / PDF_FILE).write_bytes(converted.pdf)
    return {"pdf": PDF_FILE, "notice": converted.notice}


def _file_fault(exc: Exception, name: str) -> tuple[str, str] | None:
    """The parsers' own verdicts on a bad file, as a failure with a reason: retrying them (as for an
    unexpected error) only delays the same answer by minutes — the hostile-file corpus showed which."""
    import zipfile

    import pypdfium2
    from lxml import etree
    from PIL import Image, UnidentifiedImageError

    if isinstance(exc, Image.DecompressionBombError):
        return (
            "processing.image_too_large",
            f"Ảnh trong tệp {name} quá lớn để nhận dạng ký tự (nghi là bom giải nén); hãy quét lại ở 200–300 dpi.",
        )
    if isinstance(exc, UnidentifiedImageError):
        return "document.malformed", f"Tệp ảnh {name} bị hỏng hoặc không đúng định dạng, không mở được."
    if isinstance(exc, etree.XMLSyntaxError | zipfile.BadZipFile):
        return "document.malformed", f"Tệp {name} bị hỏng: nội dung bên trong không đọc được."
    if isinstance(exc, pypdfium2.PdfiumError):
        return "document.malformed", f"Tệp PDF {name} bị hỏng, không đọc được."
    return None


def run(stage: str, source: Path, workdir: Path, state_dir: Path, timeout: float) -> dict[str, Any]:
    """Do the stage and describe the outcome; errors become `{"ok": false, ...}`, never a traceback only."""
    try:
        if stage == "extract":
            outcome = _extract(source, workdir)
        elif stage == "ocr":
            outcome = _ocr(source, workdir)
        elif stage == "convert":
            outcome = _convert(source, workdir, state_dir, timeout)
        else:
            raise ValueError(f"unknown stage {stage!r}")
    except ProcessingError as exc:
        return {"ok": False, "code": exc.code, "message": exc.message, "retry": exc.retry}
    except EOfficeError as exc:  # the extractor's UnreadableDocument: the file's own fault
        return {"ok": False, "code": exc.code, "message": exc.message, "retry": False}
    except Exception as exc:  # noqa: BLE001 — recorded with its type; the traceback goes to the worker log
        fault = _file_fault(exc, source.name)
        if fault is not None:
            return {"ok": False, "code": fault[0], "message": fault[1], "retry": False}
        traceback.print_exc()
        return {
            "ok": False,
            "code": "processing.crashed",
            "message": f"Lỗi không mong đợi khi xử lý tệp {source.name} ({type(exc).__name__}).",
            "retry": True,
        }
    return {"ok": True, "text": None, "pdf": None, "needs_ocr": False, "notice": "", **outcome}


def main(argv: list[str]) -> int:
    stage, source, workdir, state_dir, timeout = argv
    result = run(stage, Path(source), Path(workdir), Path(state_dir), float(timeout))
    (Path(workdir) / "result.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
