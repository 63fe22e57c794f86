"""Xem trước PDF: a DOCX turned into PDF by LibreOffice headless, for preview before signing.

The draft comes from a person, possibly of another agency, so the converter must read nothing but the draft:

- the package is sanitised first (`eoffice.docx_safety`): linked images, OLE links, attached templates,
  frames, sub-documents, INCLUDEPICTURE/INCLUDETEXT/LINK/DDE fields are taken out and reported, and a package
  with a DTD is refused — a draft with a linked picture still converts, without the picture;
- LibreOffice runs in a network namespace of its own (``unshare -n``; ``unshare -r -n`` for a worker that is
  not root), so even a reference the sanitiser missed cannot reach a server of the agency's network. Where
  neither works (no user namespaces), a warning is logged once and conversion relies on the other two layers;
- its profile blocks links from untrusted documents (``BlockUntrustedRefererLinks``) and macros;
- it runs in a private scratch folder (its HOME, TMPDIR, profile, the copied input and its output), deleted
  afterwards, in its own process group with a hard timeout that kills soffice.bin too.

A missing ``soffice`` or a failed conversion is an error, never an empty PDF.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from eoffice.docx_safety import sanitise_for_conversion
from eoffice.drafting.errors import PdfConversionError

__all__ = ["ConvertedPdf", "convert_docx", "docx_to_pdf", "isolation_prefix", "soffice_path"]

log = logging.getLogger(__name__)

# Profile settings: never load what an untrusted document links to, never run its macros.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks"
 oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution"
 oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel"
 oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"""


@dataclass(frozen=True)
class ConvertedPdf:
    """The PDF, and what was removed from the draft before converting it (Vietnamese; empty when nothing)."""

    pdf: bytes
    notice: str = ""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def isolation_prefix() -> tuple[str, ...]:
    """The command that puts LibreOffice in a network namespace of its own, found once per process:
    ``unshare -n`` (root, or CAP_SYS_ADMIN), else ``unshare -r -n`` (unprivileged user namespaces), else none."""
    unshare = shutil.which("unshare")
    if unshare is not None:
        for prefix in ((unshare, "-n"), (unshare, "-r", "-n")):
            try:
                probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if probe.returncode == 0:
                return prefix
    log.warning(
        "LibreOffice runs WITHOUT a network namespace: `unshare -n` is not available here (no util-linux "
        "unshare, or user namespaces disabled); drafts are still sanitised before conversion"
    )
    return ()


def docx_to_pdf(docx: bytes, timeout: float = 60) -> bytes:
    """The draft as PDF (sanitised and isolated as the module says); see `convert_docx` for what was removed."""
    return convert_docx(docx, timeout=timeout).pdf


def convert_docx(docx: bytes, timeout: float = 60) -> ConvertedPdf:
    """Sanitise the draft, convert it in isolation; raises `docx_safety` errors for a refused package."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfConversionError(
            "pdf.converter_missing",
            "Máy chủ chưa cài LibreOffice (soffice) nên không tạo được bản xem trước PDF.",
        )
    sanitised = sanitise_for_conversion(docx)
    with tempfile.TemporaryDirectory(prefix="eoffice-soffice-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o700)
        profile = folder / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
        (folder / "tmp").mkdir()
        source = folder / "draft.docx"
        source.write_bytes(sanitised.data)
        command = [
            *isolation_prefix(),
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "HOME": str(folder),
            "TMPDIR": str(folder / "tmp"),
            "SAL_USE_VCLPLUGIN": "svp",
        }
        returncode, stderr = _run(command, env, folder, timeout)
        target = folder / "out" / "draft.pdf"
        if returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            detail = stderr.decode("utf-8", "replace").strip()[-300:]
            raise PdfConversionError(
                "pdf.conversion_failed", f"LibreOffice không chuyển được văn bản sang PDF. {detail}".strip()
            )
        return ConvertedPdf(target.read_bytes(), sanitised.notice)


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
        raise PdfConversionError(
            "pdf.conversion_timeout", f"Chuyển đổi sang PDF quá {timeout:g} giây; đã dừng."
        ) from None
    return process.returncode, stderr
