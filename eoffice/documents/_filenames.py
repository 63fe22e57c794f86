"""Display names for uploaded files: a hostile name is made harmless, and is never used as a storage key."""

from __future__ import annotations

import re
import unicodedata

MAX_FILENAME = 200
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")


def display_filename(raw: str | None, fallback_extension: str) -> str:
    """NFC, last path segment only, no control or shell/path characters, no leading dots, bounded length.

    `../../etc/passwd` becomes `passwd`, `a<b>.pdf` becomes `a_b_.pdf`; an empty result becomes
    `tep<ext>`. The sniffed extension is added when the name lacks it, so the name never lies about the type.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    name = _FORBIDDEN.sub("_", name)
    name = _SPACES.sub(" ", name).strip().lstrip(".").strip()
    if not name:
        name = "tep"
    if not name.lower().endswith(fallback_extension) and not (
        fallback_extension == ".jpg" and name.lower().endswith(".jpeg")
    ):
        name = f"{name}{fallback_extension}"
    if len(name) > MAX_FILENAME:
        stem, dot, ext = name.rpartition(".")
        keep = MAX_FILENAME - len(ext) - 1
        name = f"{stem[:keep]}.{ext}" if dot and keep > 0 else name[:MAX_FILENAME]
    return name
