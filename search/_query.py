"""How user-typed text becomes the pieces both adapters search for.

User text is never handed to a query language: it is cut into words, quoted phrases and document numbers
here, and each adapter builds its own query from those pieces with its own escaping. Operators (``AND``,
``NEAR``, ``*``, ``:``, ``^``, ``~``, ``(``, ``-``…) therefore end up as ordinary words or are dropped with
the punctuation; an unbalanced quote is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.text import fold, number_key, tokenize

_WORD_RE = re.compile(r"[^\W_]+")

MAX_CLAUSES = 64
"""Words and phrases of one query that are searched; more would only slow the query (and Elasticsearch caps
the clauses of one query), while 64 distinct words already pin a document down."""


@dataclass(frozen=True)
class Phrase:
    """Words that must appear in this order: normal form and folded form, word for word."""

    words: tuple[str, ...]
    folded: tuple[str, ...]


@dataclass(frozen=True)
class ParsedQuery:
    """Every clause must match (AND): each term or phrase in its normal or its folded form.

    ``number_keys`` are the ``number_key`` of document numbers typed in the query; a document whose own
    number has one of these keys is boosted to the top.
    """

    clauses: tuple[Phrase, ...]
    number_keys: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.clauses


def _phrase(tokens: list[str]) -> Phrase:
    words = tuple(w for token in tokens for w in _WORD_RE.findall(token))
    return Phrase(words=words, folded=tuple(fold(w) for w in words))


def parse_query(text: str) -> ParsedQuery:
    """Split ``text`` into clauses. Text between a pair of ``"`` is a phrase; a lone ``"`` is ignored."""
    segments = text.split('"')
    if len(segments) % 2 == 0:
        # An odd number of quotes: the last one opens nothing; read its text as ordinary words.
        segments[-2:] = [segments[-2] + " " + segments[-1]]
    clauses: list[Phrase] = []
    numbers: list[str] = []
    for position, segment in enumerate(segments):
        tokens = tokenize(segment)
        if not tokens:
            continue
        quoted = position % 2 == 1
        if quoted and len(tokens) > 1:
            clauses.append(_phrase(tokens))
            continue
        for token in tokens:
            if "/" in token or "-" in token:
                numbers.append(number_key(token))
            clauses.append(_phrase([token]))
    unique_clauses = tuple(dict.fromkeys(c for c in clauses if c.words))[:MAX_CLAUSES]
    return ParsedQuery(clauses=unique_clauses, number_keys=tuple(dict.fromkeys(numbers)))
