"""A sandboxed pipeline child (one per extraction, OCR and conversion) loads only what it runs: not pyHanko
(through the `signing` package) and not pydantic (through the API's error model)."""

from __future__ import annotations

import subprocess
import sys


def test_the_sandbox_loads_neither_pyhanko_nor_pydantic() -> None:
    probe = (
        "import sys, eoffice.processing._sandbox, eoffice.documents_text; "
        "print(sorted(m for m in ('pyhanko', 'pydantic') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
