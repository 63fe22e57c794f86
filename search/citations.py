"""Trích dẫn văn bản: find citations of legal and administrative documents in Vietnamese prose.

``find_citations`` reads phrases such as ``Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính
phủ``, ``Quyết định số 114/QĐ-UBND ngày 12/01/2022 của Chủ tịch UBND tỉnh``, ``Kết luận số 05-KL/TU`` or
``Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015`` and returns one ``Citation`` per cited
document, with what was written (type, number, date, issuer, name) and what the symbol itself implies
(``symbol_issuer``), so that the legal-basis check (căn cứ) can compare the two.

Offsets: the input is first normalised to NFC (Word and macOS often produce NFD). ``start``/``end`` index
that NFC text: ``unicodedata.normalize("NFC", text)[c.start:c.end] == c.text``. Names and issuers are
returned with the tone of ``oa``/``oe``/``uy`` on the first vowel (``Hòa``, ``Ủy``) whichever placement was
typed; numbers are returned as written (NFC), so ``108/2014/ND-CP`` typed without the Đ stays so while its
``symbol_issuer`` is still ``Chính phủ``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from search._citation_data import (
    ACCEPTED_ISSUERS,
    CAPITAL_ONLY_TYPES,
    JOINT_TYPES,
    NAME_BLOCKING_PREVIOUS,
    NAMED_TYPES,
)
from search._citation_parts import (
    PARTY_RE,
    STATE_RE,
    SymbolInfo,
    date_after,
    is_distinctive,
    issuer_at,
    iter_type_words,
    name_at,
    number_after,
    parse_symbol,
    type_name,
)
from search._citation_text import canonical_tones, nfc

__all__ = ["Citation", "SymbolInfo", "find_citations", "issuer_matches_symbol", "parse_symbol"]


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited document, as written, with its span in the NFC text.

    ``type`` comes from the type word when there is one (``Nghị định``), otherwise from the symbol.
    ``date`` is ``None`` when only a year was written (``năm 2015``, see ``year``) or the written day does not
    exist (``date_text`` keeps it). ``name`` is set for laws, codes, ordinances and the constitution cited by
    name; an amending law lists the laws it amends in ``amends``. Joint issuers are joined with ``"; "``.
    """

    start: int
    end: int
    text: str
    type: str | None
    number: str | None
    issuer: str | None
    date: dt.date | None
    year: int | None = None
    name: str | None = None
    symbol_issuer: str | None = None
    date_text: str | None = None
    amends: tuple[str, ...] = ()


_ISSUER_LEAD = re.compile(r"\s*,?\s+(?P<word>của|do|được)\s+", re.IGNORECASE)
_PASSED = re.compile(
    r",?\s+(?:khóa\s+[IVXLC]+,?\s+)?(?:thông\s+qua|ban\s+hành)\b(?:\s+tại\s+kỳ\s+họp\s+thứ\s+\w+)?",
    re.IGNORECASE,
)
_ISSUED_BY = re.compile(r"\s+ban\s+hành\b", re.IGNORECASE)
_AMENDED_NOTE = re.compile(r"\s*\((?:đã\s+được\s+)?(?:sửa\s+đổi|bổ\s+sung|được\s+sửa\s+đổi)[^()\n]{0,80}\)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")


@dataclass(slots=True)
class _Tail:
    end: int
    date: dt.date | None = None
    year: int | None = None
    date_text: str | None = None
    issuer: str | None = None


def _read_tail(text: str, pos: int, *, joint: bool) -> _Tail:
    """Date, issuer and a "(sửa đổi, bổ sung ...)" note after the number or name, in any order."""
    tail = _Tail(pos)
    found_date = found_issuer = found_note = False
    progressed = True
    while progressed:
        progressed = False
        if not found_date and (date := date_after(text, tail.end)):
            tail.end, tail.date, tail.year, tail.date_text = date.end, date.date, date.year, date.text
            found_date = progressed = True
            continue
        if not found_issuer and (lead := _ISSUER_LEAD.match(text, tail.end)):
            issuer = issuer_at(text, lead.end(), joint=joint)
            if issuer is not None:
                end = issuer[0]
                if lead.group("word").lower() == "được":
                    passed = _PASSED.match(text, end)
                    if passed is None:
                        issuer = None
                    else:
                        end = passed.end()
                elif lead.group("word").lower() == "do":
                    issued = _ISSUED_BY.match(text, end)
                    end = issued.end() if issued else end
            if issuer is not None:
                tail.end, tail.issuer = end, issuer[1]
                found_issuer = progressed = True
                continue
        if not found_note and (note := _AMENDED_NOTE.match(text, tail.end)):
            tail.end = note.end()
            found_note = progressed = True
    return tail


class _Scanner:
    """One pass over the canonical text; citations never overlap, the first head to claim a span wins."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = canonical_tones(original)
        self.citations: list[Citation] = []
        self.claimed_until = 0

    def run(self) -> list[Citation]:
        heads: list[tuple[int, int, re.Match[str]]] = [(m.start(), 0, m) for m in iter_type_words(self.text)]
        for pattern in (PARTY_RE, STATE_RE):
            heads.extend((m.start(), 1, m) for m in pattern.finditer(self.text))
        heads.sort(key=lambda h: (h[0], h[1]))
        for start, kind, match in heads:
            if start < self.claimed_until:
                continue
            citation = self._typed(match) if kind == 0 else self._bare(match)
            if citation is not None:
                self.citations.append(citation)
                self.claimed_until = citation.end
        return self.citations

    def _typed(self, head: re.Match[str]) -> Citation | None:
        text = self.text
        kind = type_name(head.group())
        capital = head.group()[0].isupper()
        name = None
        cursor = head.end()
        if kind in NAMED_TYPES and capital:
            before = _WORD_BEFORE.search(text, max(0, head.start() - 40), head.start())
            if before and before.group(1).lower() in NAME_BLOCKING_PREVIOUS:
                return None
            name = name_at(text, head.start(), head.end(), kind)
            if name is not None:
                cursor = name.end
        number = number_after(text, cursor)
        if kind in CAPITAL_ONLY_TYPES and not capital and (number is None or not number.full_symbol):
            return None
        if number is None and name is None:
            return None
        info = parse_symbol(text[number.start : number.end]) if number else SymbolInfo(None, None, None)
        if kind == "Văn bản" and info.type is not None:
            kind = info.type
        joint = kind in JOINT_TYPES or info.type in JOINT_TYPES
        tail = _read_tail(text, number.end if number else cursor, joint=joint)
        return self._citation(
            head.start(),
            tail,
            kind=kind,
            number=(number.start, number.end) if number else None,
            info=info,
            name=name.name if name else None,
            amends=name.amends if name else (),
        )

    def _bare(self, symbol: re.Match[str]) -> Citation | None:
        if not is_distinctive(symbol):
            return None
        info = parse_symbol(symbol.group())
        tail = _read_tail(self.text, symbol.end(), joint=info.type in JOINT_TYPES)
        return self._citation(symbol.start(), tail, kind=info.type, number=symbol.span(), info=info)

    def _citation(
        self,
        start: int,
        tail: _Tail,
        *,
        kind: str | None,
        number: tuple[int, int] | None,
        info: SymbolInfo,
        name: str | None = None,
        amends: tuple[str, ...] = (),
    ) -> Citation:
        return Citation(
            start=start,
            end=tail.end,
            text=self.original[start : tail.end],
            type=kind,
            number=self.original[number[0] : number[1]] if number else None,
            issuer=tail.issuer,
            date=tail.date,
            year=tail.year if tail.year is not None else info.year,
            name=name,
            symbol_issuer=info.issuer,
            date_text=tail.date_text,
            amends=amends,
        )


def find_citations(text: str) -> list[Citation]:
    """Every citation in ``text``, in reading order; offsets index ``nfc(text)``."""
    return _Scanner(nfc(text)).run()


def issuer_matches_symbol(citation: Citation) -> bool | None:
    """Whether the written issuer agrees with the one the symbol implies; ``None`` when either is unknown.

    ``NĐ-CP`` wants the Chính phủ, ``QĐ-TTg`` the Thủ tướng Chính phủ, ``QH15`` the Quốc hội (a written
    term must be the fifteenth), ``QĐ-UBND`` any UBND, ``/TW`` the Ban Chấp hành Trung ương, the Bộ Chính trị
    or the Ban Bí thư. For a joint document every written agency must be one the symbol names.
    """
    if not citation.issuer or not citation.symbol_issuer:
        return None
    expected = citation.symbol_issuer.split("; ")
    return all(any(_agrees(w, e) for e in expected) for w in citation.issuer.split("; "))


def _agrees(written: str, expected: str) -> bool:
    if written == expected:
        return True
    term = re.fullmatch(r"(Quốc hội|Ủy ban Thường vụ Quốc hội) khóa \w+", expected)
    if term:
        return written == term.group(1)
    accepted = ACCEPTED_ISSUERS.get(expected, (expected,))
    return any(written == a or written.startswith(a + " ") for a in accepted)
