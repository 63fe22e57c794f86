"""Text helpers for the citation parser: one canonical spelling, offsets unchanged.

The parser matches on a canonical copy of the NFC text in which the tone of the open syllables ``oa``,
``oe`` and ``uy`` sits on the first vowel (``Hòa``, ``khỏe``, ``Ủy``) whichever placement was typed (``Hoà``,
``khoẻ``, ``Uỷ``). Moving the mark never changes the number of characters, so an offset in the canonical
copy is the same offset in the NFC text the caller sees.
"""

from __future__ import annotations

import unicodedata

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# After o/O the toned vowel may be a or e; after u/U it may be y (not after q: "quý" is the same either way).
_SECOND_VOWELS = {"o": frozenset("aAeE"), "O": frozenset("aAeE"), "u": frozenset("yY"), "U": frozenset("yY")}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _split_tone(char: str) -> tuple[str, str]:
    """A composed vowel as (base letter, tone mark), or (char, "") when it carries no lone tone mark."""
    parts = unicodedata.normalize("NFD", char)
    if len(parts) == 2 and parts[1] in _TONE_MARKS:
        return parts[0], parts[1]
    return char, ""


def canonical_tones(text: str) -> str:
    """``Hoà`` → ``Hòa``, ``Uỷ`` → ``Ủy`` in NFC text, keeping every offset (see the module docstring)."""
    chars = list(text)
    for i in range(len(chars) - 1):
        first = chars[i]
        seconds = _SECOND_VOWELS.get(first)
        if seconds is None:
            continue
        base, tone = _split_tone(chars[i + 1])
        if not tone or base not in seconds:
            continue
        if i + 2 < len(chars) and chars[i + 2].isalpha():
            continue  # closed syllable ("hoàn", "toán"): the mark belongs on the second vowel in both styles
        if first in "uU" and i > 0 and chars[i - 1] in "qQ":
            continue
        chars[i] = unicodedata.normalize("NFC", first + tone)
        chars[i + 1] = base
    return "".join(chars)


def fold_key(text: str) -> str:
    """Upper case without marks and with Đ → D: the key symbol codes are looked up by (``NĐ`` = ``ND``)."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D").upper()


def to_roman(number: int) -> str:
    """Quốc hội terms are written in Roman numerals (``QH15`` → ``khóa XV``)."""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    result = []
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), *numerals):
        while number >= value:
            result.append(letters)
            number -= value
    return "".join(result)


def from_roman(letters: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    if not letters or any(c not in values for c in letters.upper()):
        return None
    total = 0
    previous = 0
    for char in reversed(letters.upper()):
        value = values[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total
