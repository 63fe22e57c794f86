"""Tra cứu căn cứ: find the corpus record a citation means, and what replaced it by a given day.

By number and symbol first (tolerant of Đ/D, spacing and a missing leading zero; a symbol without a year
such as ``749/QĐ-TTg`` is told apart by the written date); a law, code, ordinance or constitution cited by
name is found by its name and date (``Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from eoffice.legal.citation_keys import NAMED_TYPES, issuer_of, name_of, number_of
from eoffice.legal.errors import CorpusUnavailable
from eoffice.legal.records import LegalRecord, LegalStatus
from search.citations import Citation

__all__ = ["LegalCorpus", "Resolution", "same_issuer"]

_YEAR_IN_NUMBER = re.compile(r"/((?:19|20)\d\d)(?:/|$)")
_NEAR_DAYS = 400


@dataclass(frozen=True)
class Resolution:
    """The record a citation resolved to (``None`` when none), how, and the other versions of a named law."""

    record: LegalRecord | None
    how: str  # "number" | "name" | "none" | "ambiguous"
    versions: tuple[LegalRecord, ...] = field(default=())


class LegalCorpus:
    """An in-memory view of the corpus for checking one or many drafts (a few thousand records at most).

    ``complete`` says the corpus holds every central document (an import of the whole national database said
    so); while it is partial, a document it does not know may still exist, and the check says so mildly.
    """

    def __init__(self, records: Iterable[LegalRecord], *, complete: bool = False) -> None:
        self.records = tuple(records)
        self.complete = complete
        self._by_key: dict[str, LegalRecord] = {}
        self._by_number: dict[str, list[LegalRecord]] = defaultdict(list)
        self._by_name: dict[str, list[LegalRecord]] = defaultdict(list)
        for record in self.records:
            self._by_key[record.key] = record
            if record.number:
                self._by_number[number_of(record.number)].append(record)
            if record.type in NAMED_TYPES:
                self._by_name[name_of(record.type, record.title)].append(record)
        for versions in self._by_name.values():
            versions.sort(key=lambda r: r.issue_date)

    @classmethod
    def from_session(cls, session: Session) -> LegalCorpus:
        from eoffice.legal.models import LegalDocument

        try:
            rows = session.scalars(select(LegalDocument)).all()
        except SQLAlchemyError as exc:
            raise CorpusUnavailable(detail=type(exc).__name__) from None
        return cls(row.to_record() for row in rows)

    def __len__(self) -> int:
        return len(self.records)

    def by_number(self, number: str, *, year: int | None = None) -> LegalRecord | None:
        """The record with ``number``; ``year`` picks among same-numbered documents of different years."""
        found = self._by_number.get(number_of(number), [])
        if year is not None and len(found) > 1:
            found = [r for r in found if r.issue_date.year == year]
        return found[0] if len(found) == 1 else None

    def resolve(self, citation: Citation, *, on: dt.date) -> Resolution:
        """The record ``citation`` refers to; ``on`` (the draft's date) picks a law's version cited by name."""
        if citation.number:
            return self._resolve_number(citation)
        if citation.name and citation.type in NAMED_TYPES:
            return self._resolve_name(citation, on)
        return Resolution(None, "none")

    def _resolve_number(self, citation: Citation) -> Resolution:
        assert citation.number is not None
        key = number_of(citation.number)
        if not any(c.isalpha() for c in key):  # "Nghị định 30/2020": the number without its symbol
            found = [
                r
                for k, records in self._by_number.items()
                if k.startswith(key + "/")
                for r in records
                if citation.type is None or r.type == citation.type
            ]
        else:
            found = list(self._by_number.get(key, []))
        if len(found) > 1:
            year = citation.date.year if citation.date else citation.year
            dated = [r for r in found if r.issue_date.year == year]
            if len(dated) != 1:
                return Resolution(None, "ambiguous", tuple(found))
            found = dated
        return Resolution(found[0], "number") if found else Resolution(None, "none")

    def _resolve_name(self, citation: Citation, on: dt.date) -> Resolution:
        assert citation.name is not None and citation.type is not None
        versions = tuple(self._by_name.get(name_of(citation.type, citation.name), ()))
        if not versions:
            return Resolution(None, "none")
        if citation.date is not None:
            exact = [v for v in versions if v.issue_date == citation.date]
            if exact:
                return Resolution(exact[0], "name", versions)
            near = min(versions, key=lambda v: abs((v.issue_date - citation.date).days))  # type: ignore[operator]
            if abs((near.issue_date - citation.date).days) <= _NEAR_DAYS:
                return Resolution(near, "name", versions)
            return Resolution(None, "none", versions)
        if citation.year is not None:
            same_year = [v for v in versions if v.issue_date.year == citation.year]
            if same_year:
                return Resolution(same_year[-1], "name", versions)
            return Resolution(None, "none", versions)
        issued = [v for v in versions if v.issue_date <= on] or list(versions)
        return Resolution(issued[-1], "name", versions)

    def replacements(self, record: LegalRecord, *, on: dt.date) -> list[LegalRecord]:
        """The chain of records that replaced ``record`` and took effect by ``on``, oldest first."""
        chain: list[LegalRecord] = []
        seen = {record.key}
        current = record
        while True:
            successor = None
            for number in current.replaced_by:
                candidate = self.by_number(number)
                if candidate is not None and candidate.key not in seen and _in_effect(candidate, on):
                    successor = candidate
                    break
            if successor is None:
                return chain
            chain.append(successor)
            seen.add(successor.key)
            current = successor

    def amendments(self, record: LegalRecord, *, on: dt.date) -> list[LegalRecord | str]:
        """What amended ``record`` (sửa đổi, bổ sung) by ``on``, oldest first: corpus records in effect by then
        and neither replaced nor expired, and the numbers the corpus does not hold whose year (when the number
        carries one) is not after ``on``."""
        found: list[LegalRecord | str] = []
        unknown: list[str] = []
        for number in record.amended_by:
            amending = self.by_number(number)
            if amending is None:
                year = _YEAR_IN_NUMBER.search(number)
                if year is None or int(year.group(1)) <= on.year:
                    unknown.append(number)
            elif (
                amending.key != record.key
                and _in_effect(amending, on)
                and not self.is_replaced(amending, on=on)
                and not self.is_expired(amending, on=on)
                and amending not in found
            ):
                found.append(amending)  # an amendment itself replaced or expired by then is not asked for
        found.sort(key=lambda r: r.issue_date if isinstance(r, LegalRecord) else dt.date.min)
        return [*found, *unknown]

    def is_replaced(self, record: LegalRecord, *, on: dt.date) -> bool:
        """Replaced by ``on``: a replacement in the corpus took effect, or (replacement not in the corpus) the
        record says it is replaced or expired and no later expiry date says otherwise."""
        if not record.replaced_by:
            return False
        if self.replacements(record, on=on):
            return True
        known = [self.by_number(n) for n in record.replaced_by]
        if any(k is not None for k in known):
            return False  # the replacement is known and not yet in effect
        return record.status in (LegalStatus.REPLACED, LegalStatus.EXPIRED) and (
            record.expiry_date is None or record.expiry_date <= on
        )

    def is_expired(self, record: LegalRecord, *, on: dt.date) -> bool:
        """Expired without a replacement by ``on`` (``Hết hiệu lực``)."""
        if record.status != LegalStatus.EXPIRED or record.replaced_by:
            return False
        return record.expiry_date is None or record.expiry_date <= on


def _in_effect(record: LegalRecord, on: dt.date) -> bool:
    return (record.effective_date or record.issue_date) <= on


def same_issuer(written: str, recorded: str) -> bool:
    """Whether a written issuer names the corpus record's issuer (joint issuers: every one written is listed)."""
    expected = {words_issuer(p) for p in recorded.split(";") if p.strip()}
    return all(words_issuer(p) in expected for p in written.split(";") if p.strip())


def words_issuer(issuer: str) -> str:
    key = issuer_of(issuer)
    for short, full in (("ubnd", "uy ban nhan dan"), ("hdnd", "hoi dong nhan dan")):
        if key == short or key.startswith(short + " "):
            return full + key[len(short) :]
    return key
