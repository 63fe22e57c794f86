"""Phân tích văn bản tiếng Việt: the normal and folded forms both adapters index and query.

Clerks type with or without diacritics, and Word or macOS often hand us decomposed (NFD) text, so every
string goes through ``normalize`` (NFC + lower case) and ``fold`` (tone and vowel marks removed, đ → d).
The index keeps both forms: a match on the normal form means the diacritics agreed and ranks higher.

Document numbers (``108/2014/NĐ-CP``, ``204/KH-UBND``, ``05-KL/TU``) are kept whole by ``tokenize`` and
reduced by ``number_key`` to one comparable form, so a number typed without the Đ still finds its document.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "DOCUMENT_NUMBER_PATTERN",
    "find_document_numbers",
    "fold",
    "fold_preserving_length",
    "is_document_number",
    "nfc",
    "normalize",
    "number_key",
    "tokenize",
]

# Number and symbol: a number, then "/" or "-" separated parts, at least one of them with a letter
# (``23/12/2021`` is a date, not a document number).
DOCUMENT_NUMBER_PATTERN = r"(?<![\w/-])\d{1,7}(?:[/-][^\W_]+)+(?![\w/-])"
_NUMBER_RE = re.compile(DOCUMENT_NUMBER_PATTERN)
_TOKEN_RE = re.compile(rf"(?P<number>{DOCUMENT_NUMBER_PATTERN})|(?P<word>[^\W_]+)")
_WORD_RE = re.compile(r"[^\W_]+")
_SPACES_RE = re.compile(r"\s+")

# Letters that look like Đ but do not decompose to D: Vietnamese typed on legacy keyboards sometimes uses the
# Icelandic eth (Ð/ð) for Đ.
_D_LIKE = "đĐðÐ"


def _build_fold_table(keep_stray_marks: bool) -> dict[int, str | None]:
    """One output character per folded Latin letter, computed once from Unicode's own decompositions."""
    table: dict[int, str | None] = {}
    ranges = (range(0x00C0, 0x0250), range(0x1E00, 0x1F00))
    for block in ranges:
        for code_point in block:
            char = chr(code_point)
            lower = char.lower()
            if len(lower) != 1:
                lower = char
            base = "".join(c for c in unicodedata.normalize("NFD", lower) if not unicodedata.combining(c))
            if len(base) == 1 and base != char:
                table[code_point] = base
    for code_point in range(0x0300, 0x0370):
        table[code_point] = chr(code_point) if keep_stray_marks else None
    for char in _D_LIKE:
        table[ord(char)] = "d"
    return table


_FOLD = _build_fold_table(keep_stray_marks=False)
_FOLD_ALIGNED = _build_fold_table(keep_stray_marks=True)


def nfc(text: str) -> str:
    """Compose to NFC, the form every stored and compared string uses."""
    return unicodedata.normalize("NFC", text)


def _lower(text: str) -> str:
    """Lower case that never changes the length (``"İ".lower()`` has two characters), so offsets survive."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def normalize(text: str) -> str:
    """NFC and lower case: the form of the "original" (diacritics kept) index fields."""
    return _lower(nfc(text))


def fold(text: str) -> str:
    """Lower case without tone or vowel marks and with đ/Đ → d: ``"Đặng Quốc Vinh"`` → ``"dang quoc vinh"``."""
    return _lower(nfc(text)).translate(_FOLD)


def fold_preserving_length(text: str) -> str:
    """``fold`` that keeps one character for each character of ``nfc(text)``.

    Offsets found in the folded text (where a diacritic-insensitive match is) are then offsets in the NFC
    original, which is how highlights land on the text the user wrote. Combining marks that NFC could not
    attach to a letter are kept instead of dropped; the index tokenizer removes them.
    """
    return _lower(nfc(text)).translate(_FOLD_ALIGNED)


def is_document_number(text: str) -> bool:
    """Whether ``text`` is, as a whole, a number and symbol like ``108/2014/NĐ-CP`` or ``05-KL/TU``."""
    candidate = nfc(text.strip())
    match = _NUMBER_RE.fullmatch(candidate)
    return match is not None and any(c.isalpha() for c in candidate)


def find_document_numbers(text: str) -> list[str]:
    """The document numbers in ``text``, as written (NFC), in order of appearance."""
    return [m.group(0) for m in _NUMBER_RE.finditer(nfc(text)) if any(c.isalpha() for c in m.group(0))]


def number_key(number: str) -> str:
    """The comparable form of a number and symbol: folded, no spaces, ``–``/``—`` read as ``-``.

    ``"108/2014/NĐ-CP"``, ``"108/2014/ND-CP"`` and ``"108 / 2014 / nđ – cp"`` all give ``"108/2014/nd-cp"``.
    """
    key = fold(number).replace("\u2013", "-").replace("\u2014", "-").replace("\u2010", "-")
    return _SPACES_RE.sub("", key)


def tokenize(text: str) -> list[str]:
    """Normalised words of ``text``, with document numbers kept as single tokens.

    ``"Căn cứ Nghị định số 108/2014/NĐ-CP"`` → ``["căn", "cứ", "nghị", "định", "số", "108/2014/nđ-cp"]``.
    A date such as ``23/12/2021`` has no letter and splits into its numbers.
    """
    tokens: list[str] = []
    for match in _TOKEN_RE.finditer(normalize(text)):
        number = match.group("number")
        if number is None:
            tokens.append(match.group(0))
        elif any(c.isalpha() for c in number):
            tokens.append(number)
        else:
            tokens.extend(_WORD_RE.findall(number))
    return tokens
