"""The hostile-file corpus of `scripts/hostile_corpus.py`, built for a test (the script is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def build_corpus(folder: Path) -> list[Any]:
    """Write the corpus into `folder` and return its entries (file, upload name, category, targets, ...)."""
    spec = importlib.util.spec_from_file_location("hostile_corpus", ROOT / "scripts" / "hostile_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(module)
    entries: list[Any] = module.build(folder)
    return entries
