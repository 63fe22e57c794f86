"""The pipeline's OCR for a file that is not stored yet: the register's pre-fill reads a scan before the
văn thư saves it, in the same sandbox child and with a time limit, so a hostile scan costs only the child."""

from __future__ import annotations

from pathlib import Path

from eoffice.processing._child import run_in_child
from eoffice.processing.errors import ProcessingError

__all__ = ["ocr_in_sandbox"]


def ocr_in_sandbox(source: Path, workdir: Path, state_dir: Path, timeout: float) -> bytes:
    """The OCR'd PDF (text layer over the scan) of `source` (a PDF without text or an image whose suffix says
    its type); raises the stage's `ProcessingError` (`processing.timeout` past `timeout` seconds)."""
    outcome = run_in_child("ocr", source, workdir, state_dir, timeout)
    if outcome.pdf is None:
        raise ProcessingError("Không nhận dạng được ký tự trong bản quét.", code="processing.ocr_failed")
    return outcome.pdf.read_bytes()
