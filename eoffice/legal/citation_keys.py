"""Comparable forms of what a citation and a corpus record both name: numbers, law names, issuers.

A number typed without the Đ, with spaces around the dash, or without its leading zero (``1/2011/TT-BNV``)
is still the same document; a law's name in lower case or with another tone placement is still the same law.
"""

from __future__ import annotations

import re

from search.text import fold, number_key

_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
_PUNCTUATION = re.compile(r"[,;:.\"'“”‘’()\[\]\-–—]+")
_SPACES = re.compile(r"\s+")
_TERM = re.compile(r"\s+khoa\s+[ivxlc\d]+$")
_CONSTITUTION = "hien phap"
NAMED_TYPES = frozenset({"Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh"})


def number_of(number: str) -> str:
    """``"01/2011/TT-BNV"``, ``"1 / 2011 / TT – BNV"`` → ``"1/2011/tt-bnv"``."""
    return _LEADING_ZEROS.sub("", number_key(number))


def words(text: str) -> str:
    """Folded, without punctuation, single-spaced: the key names and titles are compared by."""
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", fold(text))).strip()


def name_of(type_: str, title: str) -> str:
    """The key of a law's name (``Luật Tổ chức Chính phủ`` → ``luat to chuc chinh phu``).

    Every Hiến pháp has the same key: the constitutions are told apart by date.
    """
    key = words(title)
    type_key = words(type_)
    if not key.startswith(type_key):
        key = f"{type_key} {key}"
    return _CONSTITUTION if key.startswith(_CONSTITUTION) else key


def issuer_of(issuer: str) -> str:
    """``Quốc hội khóa XIII`` and ``Quốc hội`` agree; ``Ủy``/``Uỷ`` agree (folding)."""
    return _TERM.sub("", words(issuer))
