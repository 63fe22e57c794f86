"""Independent check of produced signatures with poppler's ``pdfsig``.

We assert "Signature is Valid" for every regular signature: the cryptographic check of the signature itself.
pdfsig is given the NSS database the ``pki`` fixture builds (``-nssdir``, trusting the test root), but poppler
22.12 still answers "Unknown issue with Certificate" for the test chain, so certificate trust is asserted by
pyHanko's validation instead. pdfsig cannot validate document time-stamps (it reports an unimplemented type);
those are skipped here and checked by pyHanko.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest


def pdfsig_report(path: Path, nss_dir: Path) -> list[dict[str, str]]:
    """pdfsig's fields per signature, e.g. ``{"Signature Validation": "Signature is Valid."}``."""
    pdfsig = shutil.which("pdfsig")
    if pdfsig is None:
        pytest.fail("pdfsig (Debian poppler-utils) is not installed", pytrace=False)
    result = subprocess.run(
        [pdfsig, "-nssdir", f"sql:{nss_dir}", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    signatures: list[dict[str, str]] = []
    for line in result.stdout.splitlines():
        if re.match(r"^Signature #\d+:", line):
            signatures.append({})
        elif signatures and (match := re.match(r"^\s+- ([^:]+): ?(.*)$", line)):
            signatures[-1][match.group(1).strip()] = match.group(2).strip()
    return signatures


def assert_pdfsig_valid(path: Path, nss_dir: Path, *, expect_signatures: int) -> None:
    """Every regular signature must be "Signature is Valid"."""
    report = pdfsig_report(path, nss_dir)
    regular = [sig for sig in report if sig.get("Signature Type") != "unknown"]
    assert len(regular) == expect_signatures, report
    for signature in regular:
        assert signature.get("Signature Validation") == "Signature is Valid.", signature
