"""Display names for uploaded files: a hostile name is made harmless, and is never used as a storage key."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

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


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987)."""
    folded = unicodedata.normalize("NFKD", filename.replace("đ", "d").replace("Đ", "D"))
    ascii_name = "".join(ch for ch in folded if ord(ch) < 128 and ch not in '"\\;') or "tep"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
