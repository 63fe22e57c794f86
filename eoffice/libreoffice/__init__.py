"""LibreOffice headless, run so that it reads nothing but its input.

Drafts and register sheets are converted to PDF by ``soffice``; what it converts may come from a person of
another agency, so every conversion, whatever the caller, runs the same way:

- in a network namespace of its own (``unshare -n``; ``unshare -r -n`` for a worker that is not root), so a
  reference in the file cannot reach a server of the agency's network. Where neither works (no user
  namespaces), a warning is logged once and the callers' own cleaning is what remains;
- with a fresh profile that blocks links from untrusted documents (``BlockUntrustedRefererLinks``) and
  macros — two conversions sharing a profile would also block each other;
- in a private scratch folder (its HOME, TMPDIR, profile, the copied input and its output) deleted
  afterwards, with a minimal environment;
- in its own process group with a hard timeout that kills soffice.bin too, not just its launcher.

A missing ``soffice`` or a failed conversion is an error (`ConverterMissing`, `ConversionFailed`,
`ConversionTimeout`), never an empty PDF; callers turn them into their own Vietnamese messages.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

__all__ = [
    "ConversionFailed",
    "ConversionTimeout",
    "ConverterMissing",
    "LibreOfficeError",
    "convert_to_pdf",
    "isolation_prefix",
    "soffice_path",
]

log = logging.getLogger(__name__)

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


class LibreOfficeError(Exception):
    """Base of the converter's failures; `detail` is LibreOffice's own last words, for the log."""

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(detail)


class ConverterMissing(LibreOfficeError):
    """No ``soffice`` on this machine."""


class ConversionFailed(LibreOfficeError):
    """LibreOffice exited with an error or wrote no PDF."""


class ConversionTimeout(LibreOfficeError):
    """LibreOffice took longer than allowed and was killed."""


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
        "unshare, or user namespaces disabled); inputs are still cleaned before conversion"
    )
    return ()


def convert_to_pdf(data: bytes, *, suffix: str, export_filter: str, timeout: float) -> bytes:
    """`data` (a file ending in `suffix`, e.g. ``.docx``) as PDF through `export_filter`
    (``writer_pdf_Export``, ``calc_pdf_Export``), converted as the module says."""
    soffice = soffice_path()
    if soffice is None:
        raise ConverterMissing()
    with tempfile.TemporaryDirectory(prefix="eoffice-soffice-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o700)
        profile = folder / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
        (folder / "tmp").mkdir()
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        command = [
            *isolation_prefix(),
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            f"pdf:{export_filter}",
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
        target = folder / "out" / "input.pdf"
        if returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            raise ConversionFailed(stderr.decode("utf-8", "replace").strip()[-300:])
        return target.read_bytes()


def _run(command: list[str], env: dict[str, str], folder: Path, timeout: float) -> tuple[int, bytes]:
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
        raise ConversionTimeout(f"{timeout:g} s") from None
    return process.returncode, stderr
