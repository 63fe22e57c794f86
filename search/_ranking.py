"""Adjacency boosts both adapters add to their text score, so Vietnamese words rank as words.

Vietnamese words are mostly two or three syllables written apart ("Cần Thơ", "cải cách hành chính"), so a
document matching every syllable somewhere is not yet about the query: the syllables must stand together.
Both adapters keep every query term required and add, on top of their own text score, boosts computed from
the same *features*, each a yes/no question about the document:

- each pair of adjacent query syllables (a *shingle*) found as adjacent syllables of the document, in its
  folded form and, when the query pair carries diacritics, in its exact form too (which then takes most of
  the weight) — in the title (or number) it weighs more than in the body;
- the whole query as typed, its syllables adjacent and in order (a document holding the whole of a
  multi-word term beats one holding more of its pairs apart, even in the title);
- the whole query standing together: its syllables (any order) with at most ``PROXIMITY_SLOP`` others
  between the first and the last (as Lucene's unordered ``span_near`` counts);
- each query syllable typed with diacritics found with exactly those diacritics.

Each feature is asked of the head (title and number) and of the body, the head weighing more.

The boosts are constants, so a feature weighs the same on SQLite FTS5 and on Elasticsearch, and the text
score (bm25 on both, scaled by ``TEXT_SCORE_SCALE``) only orders documents that share the same features.
Elasticsearch answers them in its one query: shingles computed here in Python and stored as keywords (its
distribution may lack ``analysis-common`` and its shingle filter), ``span_near`` for phrase and proximity.
The embedded adapter answers them here, with ``feature_boost``, in a second pass over the texts of its best
``RERANK_WINDOW`` bm25 hits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from search._query import ParsedQuery
from search.text import fold, fold_preserving_length, normalize

__all__ = [
    "PROXIMITY_SLOP",
    "RERANK_WINDOW",
    "TEXT_SCORE_SCALE",
    "Feature",
    "FeatureKind",
    "feature_boost",
    "rank_plan",
    "shingles",
    "syllables",
]

_SYLLABLE_RE = re.compile(r"[^\W_]+")

PAIR_TITLE = 4.0
"""A query shingle found in the title or the number."""
PAIR_BODY = 3.0
"""A query shingle found in the body."""
EXACT_BONUS = 0.5
"""A shingle or the whole query typed with diacritics and found with exactly those weighs this much more."""
FOLDED_SHARE = 0.25
"""What a folded-only match is worth (of the full boost) when the user typed diacritics that disagree:
"báo về" typed is not "bảo vệ", though both fold to "bao ve"."""
PHRASE_TITLE = 10.0
PHRASE_BODY = 8.0
"""The whole query (two syllables or more) as typed, syllable after syllable: the document has all of it,
which no number of its pairs found apart can equal."""
NEAR_TITLE = 3.0
NEAR_BODY = 1.5
"""The whole query (two syllables or more) standing together within ``PROXIMITY_SLOP``."""
EXACT_WORD = 0.5
"""Each query syllable typed with diacritics found with exactly those diacritics (in the head, in the body)."""
PROXIMITY_SLOP = 2
TEXT_SCORE_SCALE = 0.05
"""bm25 is multiplied by this before the boosts are added: it breaks ties between equal features."""
MAX_PAIRS = 16
"""Shingles boosted per query: enough for a long title typed whole, few enough to keep the query small."""
RERANK_WINDOW = 50
"""The embedded adapter re-scores this many of its best bm25 hits (and at least the page asked for)."""


class FeatureKind(StrEnum):
    PAIR = "pair"
    """Two syllables adjacent (a shingle)."""
    PHRASE = "phrase"
    """All the query's syllables in order, adjacent."""
    NEAR = "near"
    """All the query's syllables, any order, at most ``PROXIMITY_SLOP`` others between first and last."""
    WORD = "word"
    """One syllable."""


@dataclass(frozen=True)
class Feature:
    """One yes/no question about a document and what a yes adds, in the head (title, number) and the body.

    ``exact`` features are asked of the normal form (diacritics as typed), the others of the folded form.
    """

    kind: FeatureKind
    words: tuple[str, ...]
    exact: bool
    head: float
    body: float

    @property
    def shingle(self) -> str:
        return "_".join(self.words)


def syllables(text: str) -> list[str]:
    """The normalised (NFC, lower case) syllables of ``text``, numbers split at ``/`` and ``-``."""
    return _SYLLABLE_RE.findall(normalize(text))


def _pairs(words: Sequence[str]) -> list[tuple[str, str]]:
    return list(zip(words, words[1:], strict=False))


def shingles(text: str) -> list[str]:
    """Adjacent syllable pairs of ``text`` joined by ``_``, exact and folded, without repeats.

    ``"Cần Thơ"`` → ``["cần_thơ", "can_tho"]``. Elasticsearch indexes them as keywords; one term lookup
    then answers "do these two syllables stand together", whatever the document's length.
    """
    exact = syllables(text)
    folded = [fold(w) for w in exact]
    return list(dict.fromkeys("_".join(p) for p in (*_pairs(exact), *_pairs(folded))))


def _both(kind: FeatureKind, exact: tuple[str, ...], head: float, body: float) -> list[Feature]:
    """The folded feature, and when ``exact`` carries diacritics, its exact twin taking the rest (and more)."""
    folded = tuple(fold(w) for w in exact)
    if folded == exact:
        return [Feature(kind, folded, False, head, body)]
    share, rest = FOLDED_SHARE, 1 - FOLDED_SHARE + EXACT_BONUS
    return [
        Feature(kind, folded, False, head * share, body * share),
        Feature(kind, exact, True, head * rest, body * rest),
    ]


def rank_plan(parsed: ParsedQuery) -> tuple[Feature, ...]:
    """The features of ``parsed``; pairs are taken across its clauses in the order typed."""
    exact = tuple(w for clause in parsed.clauses for w in clause.words)
    features: list[Feature] = []
    for pair in list(dict.fromkeys(_pairs(exact)))[:MAX_PAIRS]:
        features += _both(FeatureKind.PAIR, pair, PAIR_TITLE, PAIR_BODY)
    if 1 < len(exact) <= MAX_PAIRS:
        features += _both(FeatureKind.PHRASE, exact, PHRASE_TITLE, PHRASE_BODY)
        features += _both(FeatureKind.NEAR, exact, NEAR_TITLE, NEAR_BODY)
    for word in list(dict.fromkeys(w for w in exact if w != fold(w)))[:MAX_PAIRS]:
        features.append(Feature(FeatureKind.WORD, (word,), True, EXACT_WORD, EXACT_WORD))
    return tuple(features)


RANKED_BODY_CHARS = 20_000
"""The embedded adapter asks the features of this much of a body (the start, where a document says what it is
about): its second pass reads the texts of its best hits, and a 200-page annex must not make a query slow."""


def _covers_near(positions: Sequence[tuple[int, str]], wanted: Sequence[str], slop: int) -> bool:
    """Whether some stretch of ``positions`` (sorted (position, word)) holds ``wanted`` (with repeats) and at
    most ``slop`` other syllables between its first and last — FTS5's NEAR and an unordered span_near."""
    need: dict[str, int] = {}
    for word in wanted:
        need[word] = need.get(word, 0) + 1
    have: dict[str, int] = {}
    missing = len(need)
    left = 0
    for end, word in positions:
        have[word] = have.get(word, 0) + 1
        if have[word] == need[word]:
            missing -= 1
        while missing == 0:
            start, first = positions[left]
            if end - start + 1 - len(wanted) <= slop:
                return True
            have[first] -= 1
            if have[first] < need[first]:
                missing += 1
            left += 1
    return False


class _Text:
    """One field's syllables as the features see them: exact and folded sequences, their words and pairs."""

    def __init__(self, text: str) -> None:
        # fold_preserving_length keeps one character per character (stray marks too), so both sequences
        # split at the same places and stay aligned syllable for syllable.
        self.sequences = (
            tuple(_SYLLABLE_RE.findall(fold_preserving_length(text))),
            tuple(_SYLLABLE_RE.findall(normalize(text))),
        )
        self.words = tuple(frozenset(seq) for seq in self.sequences)
        self.pairs = tuple(frozenset(_pairs(seq)) for seq in self.sequences)

    def has(self, feature: Feature) -> bool:
        words, wanted = self.sequences[feature.exact], feature.words
        if not set(wanted) <= self.words[feature.exact]:
            return False
        if feature.kind is FeatureKind.WORD:
            return True
        if feature.kind is FeatureKind.NEAR:
            hits = [(i, w) for i, w in enumerate(words) if w in wanted]
            return _covers_near(hits, wanted, PROXIMITY_SLOP)
        if not all(pair in self.pairs[feature.exact] for pair in _pairs(wanted)):
            return False
        size = len(wanted)
        return size == 2 or any(words[i : i + size] == wanted for i in range(len(words) - size + 1))


def feature_boost(features: Sequence[Feature], title: str, number: str, body: str) -> float:
    """The boost of one document: each feature found in the head (title or number) adds ``head``, found in
    the body adds ``body`` — what Elasticsearch's ``should`` clauses add for the same document."""
    if not features:
        return 0.0
    head = (_Text(title), _Text(number))
    main = _Text(body[:RANKED_BODY_CHARS])
    boost = 0.0
    for feature in features:
        if any(part.has(feature) for part in head):
            boost += feature.head
        if main.has(feature):
            boost += feature.body
    return boost
