"""Xem trước PDF: a DOCX turned into PDF by LibreOffice headless, for preview before signing.

Each conversion gets its own LibreOffice profile in a temporary folder (two conversions sharing a profile
block each other) and a hard timeout; a missing ``soffice`` or a failed conversion is an error, never an
empty PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from eoffice.drafting.errors import PdfConversionError

__all__ = ["docx_to_pdf", "soffice_path"]


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, timeout: float = 60) -> bytes:
    soffice = soffice_path()
    if soffice is None:
        raise PdfConversionError(
            "pdf.converter_missing",
            "Máy chủ chưa cài LibreOffice (soffice) nên không tạo được bản xem trước PDF.",
        )
    with tempfile.TemporaryDirectory(prefix="eoffice-soffice-") as tmp:
        folder = Path(tmp)
        source = folder / "draft.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder),
            str(source),
        ]
        env = {**os.environ, "HOME": str(folder), "SAL_USE_VCLPLUGIN": "svp"}
        try:
            result = subprocess.run(
                command, capture_output=True, timeout=timeout, env=env, cwd=folder, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfConversionError(
                "pdf.conversion_timeout", f"Chuyển đổi sang PDF quá {timeout:g} giây; đã dừng."
            ) from None
        target = folder / "draft.pdf"
        if result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            detail = result.stderr.decode("utf-8", "replace").strip()[-300:]
            raise PdfConversionError(
                "pdf.conversion_failed", f"LibreOffice không chuyển được văn bản sang PDF. {detail}".strip()
            )
        return target.read_bytes()
