"""Vietnamese alphabetical order (thứ tự chữ cái tiếng Việt) for names in reports.

Python's default order compares code points, so `Đà Nẵng` sorts after `Yên Bái` and `Ấp` after `Ô`. The
Vietnamese dictionary order compares, in three passes: the letters of the alphabet
`a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y` (foreign letters f j w z in their Latin places),
then the tones in the order ngang, huyền, hỏi, ngã, sắc, nặng, then lower case before upper case. Text is
compared after NFC/NFD normalisation, so either tone placement (`hòa` / `hoà`) sorts the same.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

__all__ = ["vietnamese_key", "vietnamese_sorted"]

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Marks that make a different letter (ă â ê ô ơ ư) versus marks that are tones.
_LETTER_MARKS = frozenset({"\u0306", "\u0302", "\u031b"})
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng

_SEPARATOR, _DIGIT, _LETTER, _OTHER = 0, 1, 2, 3

Key = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]


def _clusters(text: str) -> list[tuple[str, str]]:
    """Each base character with the combining marks that follow it (NFD)."""
    clusters: list[tuple[str, str]] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and clusters:
            base, marks = clusters[-1]
            clusters[-1] = (base, marks + char)
        else:
            clusters.append((char, ""))
    return clusters


def vietnamese_key(text: str) -> Key:
    """A sort key: letters first, then each syllable's tone, then case — `sorted(names, key=vietnamese_key)`.

    A tone belongs to its syllable, wherever the mark sits in it, so `Hòa` and `Hoà` have the same key.
    """
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []
    syllable_tone = 0
    for base, marks in _clusters(" ".join(text.split())):
        letter_marks = "".join(m for m in marks if m in _LETTER_MARKS)
        letter = unicodedata.normalize("NFC", base.lower() + letter_marks)
        syllable_tone = max([syllable_tone, *(_TONE_RANK.get(m, 0) for m in marks)])
        if letter in _LETTER_RANK:
            letters.append((_LETTER, _LETTER_RANK[letter]))
        elif base.isdigit():
            letters.append((_DIGIT, ord(base)))
        elif base.isspace() or unicodedata.category(base).startswith(("P", "S", "Z")):
            letters.append((_SEPARATOR, ord(base)))
            tones.append(syllable_tone)
            syllable_tone = 0
        else:
            letters.append((_OTHER, ord(letter[0]) if letter else 0))
        cases.append(1 if base.isupper() else 0)
    tones.append(syllable_tone)
    return tuple(letters), tuple(tones), tuple(cases)


def vietnamese_sorted(names: Iterable[str]) -> list[str]:
    """The names in Vietnamese alphabetical order."""
    return sorted(names, key=vietnamese_key)
