"""``Content-Disposition: attachment`` for Vietnamese file names, shared by S3 links and the app's local route.

Browsers take the UTF-8 name from ``filename*`` (RFC 6266 / RFC 5987); the plain ``filename`` is an ASCII
fallback without diacritics ("Quyết định số 12.pdf" -> "Quyet dinh so 12.pdf") for old clients, so no
client ever sees mojibake or a header it cannot parse.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote


def ascii_fallback(filename: str) -> str:
    """The file name without diacritics, quotes, backslashes or control characters."""
    text = filename.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    kept = []
    for char in text:
        if unicodedata.combining(char):
            continue
        if ord(char) < 0x20 or ord(char) >= 0x7F or char in '"\\':
            kept.append("_")
        else:
            kept.append(char)
    return "".join(kept) or "download"


def content_disposition(filename: str) -> str:
    """The header value that makes a browser save the download as ``filename``."""
    name = unicodedata.normalize("NFC", filename.replace("/", "_"))
    return f"attachment; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
