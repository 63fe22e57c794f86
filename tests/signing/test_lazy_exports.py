"""`signing` loads its public names on first use: every name it exports resolves, and the light submodule
the pipeline's sandbox needs (the PDFium lock) comes without pyHanko."""

from __future__ import annotations

import subprocess
import sys

import signing


def test_every_exported_name_resolves() -> None:
    assert set(signing.__all__) == set(signing._MODULE_OF)
    for name in signing.__all__:
        assert getattr(signing, name) is not None, name
    from signing import PadesSigner, validate_pdf
    from signing.pades import PadesSigner as direct

    assert PadesSigner is direct and callable(validate_pdf)


def test_the_pdfium_lock_comes_without_pyhanko() -> None:
    probe = "import sys, signing.pdfium_lock; print('pyhanko' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
