"""Vietnamese text comparison: NFC, tone-placement-insensitive keys, and diacritic-free folding.

``CỘNG HÒA`` and ``CỘNG HOÀ`` differ only in where the tone mark sits (new and old style); both occur in the
decree's own samples, so comparisons use ``tone_key`` which moves every tone mark to the end of its word.
``fold`` strips all diacritics and is only used to *find* an element, never to judge its text.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """NFC with runs of white space collapsed to one space and the ends trimmed."""
    return _SPACES.sub(" ", nfc(text)).strip()


def tone_key(text: str) -> str:
    """A key equal for both tone placements (``HÒA`` / ``HOÀ``), otherwise exact (case and marks kept)."""
    words = []
    for word in squash(text).split(" "):
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(ch for ch in decomposed if ch in _TONES)
        base = "".join(ch for ch in decomposed if ch not in _TONES)
        words.append(unicodedata.normalize("NFC", base) + tones)
    return " ".join(words)


def fold(text: str) -> str:
    """Upper case without any diacritic (``Độc lập`` → ``DOC LAP``), for locating elements only."""
    decomposed = unicodedata.normalize("NFD", squash(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def is_upper(text: str) -> bool:
    """True when every letter is upper case (digits and punctuation do not count)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch == ch.upper() for ch in letters)


def quote(text: str, limit: int = 80) -> str:
    """A short quote of a paragraph for a finding's place."""
    text = squash(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
