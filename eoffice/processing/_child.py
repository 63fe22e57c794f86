"""Parent side of the sandbox: start the child for one stage, bound its time and memory, read its outcome."""

from __future__ import annotations

import ctypes
import json
import logging
import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from eoffice.processing.errors import ProcessingError, ProcessingTimeout

log = logging.getLogger(__name__)

EXTRACT_MEMORY_LIMIT = 2 * 1024 * 1024 * 1024  # address space for parsing; a bomb fails here, not the worker
_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True)  # resolved before any fork: the child only calls into it


@dataclass(frozen=True)
class ChildOutcome:
    text: str | None
    pdf: Path | None
    needs_ocr: bool
    notice: str = ""


def _limits(memory: int | None) -> None:
    """In the child before exec: die with the worker (even on `kill -9`), and cap memory when asked."""
    prctl = getattr(_LIBC, "prctl", None)
    if prctl is not None:  # Linux; elsewhere the timeout still bounds the child
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if memory is not None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def run_in_child(stage: str, source: Path, workdir: Path, state_dir: Path, timeout: float) -> ChildOutcome:
    """Run `stage` on `source` in a child process; raise the stage's `ProcessingError` on failure."""
    memory = EXTRACT_MEMORY_LIMIT if stage == "extract" else None
    command = [sys.executable, "-m", "eoffice.processing._sandbox", stage, str(source), str(workdir)]
    command += [str(state_dir), str(timeout)]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=lambda: _limits(memory),  # noqa: PLW1509 — only async-signal-safe calls
    )
    try:
        output, _ = process.communicate(timeout=timeout + 15)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise ProcessingTimeout(
            f"Xử lý tệp {source.name} (bước {stage}) vượt quá thời gian cho phép ({timeout:.0f} giây)."
        ) from exc
    result_file = workdir / "result.json"
    if not result_file.is_file():
        log.warning("processing child for %s exited %s:\n%s", stage, process.returncode, output[-4000:])
        raise ProcessingError(
            f"Tiến trình xử lý tệp {source.name} bị dừng bất thường (mã {process.returncode}); "
            "tệp có thể bị hỏng hoặc quá lớn.",
            code="processing.crashed",
        )
    result = json.loads(result_file.read_text(encoding="utf-8"))
    if not result["ok"]:
        if result["code"] == "processing.crashed":
            log.warning(
                "processing child for %s failed:\n%s", stage, output.decode("utf-8", "replace")[-4000:]
            )
        error = ProcessingError(result["message"], code=result["code"])
        error.retry = bool(result["retry"])
        raise error
    text = (workdir / result["text"]).read_text(encoding="utf-8") if result["text"] else None
    pdf = workdir / result["pdf"] if result["pdf"] else None
    return ChildOutcome(
        text=text, pdf=pdf, needs_ocr=bool(result["needs_ocr"]), notice=str(result.get("notice", ""))
    )
