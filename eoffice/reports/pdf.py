"""A register workbook printed to PDF by LibreOffice Calc headless, exactly as its page setup says.

Each conversion runs in a fresh temporary folder with its own LibreOffice profile (two conversions sharing
a profile block each other) and a hard timeout. LibreOffice needs its Calc component for XLSX (the Debian
package `libreoffice-calc-nogui`); a missing or failing converter is an error, never an empty PDF.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from eoffice.reports.errors import PdfConversionFailed, PdfConverterMissing

__all__ = ["PDF_MEDIA_TYPE", "soffice_path", "xlsx_to_pdf"]

PDF_MEDIA_TYPE = "application/pdf"
DEFAULT_TIMEOUT = 90.0


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def xlsx_to_pdf(xlsx: bytes, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The workbook's sheets as one PDF, as LibreOffice Calc prints them."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfConverterMissing()
    with tempfile.TemporaryDirectory(prefix="eoffice-report-") as tmp:
        folder = Path(tmp)
        source = folder / "register.xlsx"
        source.write_bytes(xlsx)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:calc_pdf_Export",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        env = {**os.environ, "HOME": str(folder), "SAL_USE_VCLPLUGIN": "svp"}
        returncode, stderr = _run(command, env, folder, timeout)
        target = folder / "out" / "register.pdf"
        if returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            detail = stderr.decode("utf-8", "replace").strip()[-300:]
            raise PdfConversionFailed(detail={"returncode": returncode, "stderr": detail})
        return target.read_bytes()


def _run(command: list[str], env: dict[str, str], folder: Path, timeout: float) -> tuple[int, bytes]:
    """Run LibreOffice in its own process group, so a timeout kills soffice.bin too, not just its launcher."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=folder,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PdfConversionFailed(
            f"Chuyển sổ văn bản sang PDF quá {timeout:g} giây; đã dừng.", detail={"timeout": timeout}
        ) from None
    return process.returncode, stderr
