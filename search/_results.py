"""Pieces of ``SearchResults`` both adapters build the same way."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from search.models import FacetCount

FACET_SIZE = 20
"""Values returned per facet: the most frequent, ties by value."""


def top_facet_values(counts: Mapping[str, int] | Iterable[tuple[str, int]]) -> tuple[FacetCount, ...]:
    items = counts.items() if isinstance(counts, Mapping) else counts
    ordered = sorted(((str(v), c) for v, c in items if c > 0), key=lambda item: (-item[1], item[0]))
    return tuple(FacetCount(value=v, count=c) for v, c in ordered[:FACET_SIZE])
