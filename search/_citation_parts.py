"""The pieces of a citation phrase, each read at a given offset of the canonical text.

Every reader takes the canonical text (see ``_citation_text``) and a start offset and returns where the piece
ends and what it means, or ``None`` when the piece is not there. ``citations.find_citations`` strings them
together; keeping them apart keeps each rule small enough to read against real drafting.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from search._citation_data import (
    JOINT_TYPES,
    KNOWN_NAMES,
    MINISTRY_NAMES,
    NAME_STOP_PAIRS,
    NAME_STOP_WORDS,
    PARTY_ISSUERS,
    SYMBOL_ISSUERS,
    SYMBOL_TYPES,
    SYMBOL_TYPES_EXACT,
    TYPE_WORDS,
)
from search._citation_text import fold_key, from_roman, to_roman

_DASHES = "-\u2010\u2011\u2012\u2013"
_TOKEN = r"[A-ZĐ][A-Za-zĐđ0-9]*"
_SYM = rf"{_TOKEN}(?:(?:[{_DASHES}]| [{_DASHES}] ){_TOKEN})*"  # "NĐ-CP", also typed "NĐ - CP"
_LEFT = r"(?<![\w/.,\-\u2013])"
_RIGHT = r"(?![\w/])"
# ``05-KL/TU`` (Party documents) and ``108/2014/NĐ-CP``, ``204/KH-UBND`` (state documents).
PARTY_RE = re.compile(rf"{_LEFT}(?P<num>\d{{1,6}})[{_DASHES}](?P<ptype>{_TOKEN})/(?P<piss>{_SYM}){_RIGHT}")
STATE_RE = re.compile(rf"{_LEFT}(?P<num>\d{{1,6}})/(?:(?P<year>(?:19|20)\d\d)/)?(?P<sym>{_SYM}){_RIGHT}")
_BARE_NUMBER_RE = re.compile(r"\d{1,6}(?:/(?:19|20)\d\d)?(?![\w/]|[.,]\d)")
_NUMBER_YEAR_RE = re.compile(r"\d{1,6}/(?:19|20)\d\d(?![\w/]|[.,]\d)")
_SO_RE = re.compile(r"\s+(?P<so>số\s*:?\s*)?|(?P<colon>\s*:\s*)", re.IGNORECASE)
_OWN_NUMBER_RE = re.compile(r"(?:Số|SỐ)\s*:\s*$")

_SP = r"[ \t\u00a0]+"
_WORD_RE = re.compile(r"[^\W\d_]+")
_SEPARATOR_RE = re.compile(rf"(?P<dash>{_SP}[-\u2013]{_SP})|(?P<comma>,{_SP})|(?P<space>{_SP})")


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile with every literal space standing for a run of spaces (never a line break)."""
    return re.compile(pattern.replace(" ", _SP), flags)


_TYPE_WORD_RE = _rx(
    r"\b(?:"
    + "|".join(re.escape(w).replace(r"\ ", " ") for w in sorted(TYPE_WORDS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


def type_word_at(text: str, pos: int) -> re.Match[str] | None:
    return _TYPE_WORD_RE.match(text, pos)


def iter_type_words(text: str) -> list[re.Match[str]]:
    return list(_TYPE_WORD_RE.finditer(text))


def type_name(word: str) -> str:
    return TYPE_WORDS[" ".join(word.lower().split())]


def collapse(text: str) -> str:
    return " ".join(text.split())


# --- number and symbol -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SymbolInfo:
    """What a number and symbol says by itself: the type, the issuing body and the year it carries."""

    type: str | None
    issuer: str | None
    year: int | None


def _symbol_type(token: str) -> str | None:
    return SYMBOL_TYPES_EXACT.get(token.upper()) or SYMBOL_TYPES.get(fold_key(token))


def _issuer_code(token: str) -> str | None:
    key = fold_key(token)
    term = re.fullmatch(r"(UBTVQH|QH)(\d{1,2})", key)
    if term:
        body = "Quốc hội" if term.group(1) == "QH" else "Ủy ban Thường vụ Quốc hội"
        return f"{body} khóa {to_roman(int(term.group(2)))}"
    return SYMBOL_ISSUERS.get(key)


def _joined(names: list[str | None]) -> str | None:
    if not names or any(n is None for n in names):
        return None
    return "; ".join(n for n in names if n)


def parse_symbol(number: str) -> SymbolInfo:
    """Read the type, issuer and year a number and symbol implies (``NĐ-CP`` → Nghị định of the Chính phủ)."""
    text = re.sub(rf"\s*[{_DASHES}]\s*", "-", number.strip())
    party = PARTY_RE.fullmatch(text)
    if party:
        codes = party.group("piss").split("-")
        return SymbolInfo(_symbol_type(party.group("ptype")), PARTY_ISSUERS.get(fold_key(codes[0])), None)
    state = STATE_RE.fullmatch(text)
    if state:
        year = int(state.group("year")) if state.group("year") else None
        tokens = state.group("sym").split("-")
        kind = _symbol_type(tokens[0])
        if kind is not None:
            issuer_tokens = tokens[1:] if kind in JOINT_TYPES else tokens[1:2]
        else:
            issuer_tokens = tokens[:1]
            if year is None and _issuer_code(tokens[0]) is not None:
                kind = "Công văn"  # a công văn's symbol is issuer-drafting unit, without a type abbreviation
        return SymbolInfo(kind, _joined([_issuer_code(t) for t in issuer_tokens]), year)
    bare = re.fullmatch(r"\d{1,6}/((?:19|20)\d\d)", text)
    return SymbolInfo(None, None, int(bare.group(1)) if bare else None)


@dataclass(frozen=True, slots=True)
class NumberMatch:
    start: int
    end: int
    full_symbol: bool  # a symbol with letters, not a bare "số 12"


def symbol_at(text: str, pos: int) -> re.Match[str] | None:
    return PARTY_RE.match(text, pos) or STATE_RE.match(text, pos)


def is_distinctive(match: re.Match[str]) -> bool:
    """Whether a symbol without a type word is surely a document number (not ``12/A``, not ``Số: ...``)."""
    if match.re is STATE_RE:
        sym = match.group("sym")
        tokens = re.split(rf"\s*[{_DASHES}]\s*", sym)
        if match.group("year") is None and len(tokens) < 2:
            return False
        if all(len(t) < 2 for t in tokens):
            return False
    line_start = match.string.rfind("\n", max(0, match.start() - 12), match.start()) + 1
    return not _OWN_NUMBER_RE.search(match.string, max(line_start, match.start() - 12), match.start())


def number_after(text: str, pos: int) -> NumberMatch | None:
    """The number after a type word: ``số 108/2014/NĐ-CP``, ``số 12``, ``30/2020/NĐ-CP``, ``30/2020``."""
    gap = _SO_RE.match(text, pos)
    if not gap:
        return None
    at = gap.end()
    symbol = symbol_at(text, at)
    if symbol:
        return NumberMatch(symbol.start(), symbol.end(), True)
    plain = (_BARE_NUMBER_RE if gap.group("so") or gap.group("colon") else _NUMBER_YEAR_RE).match(text, at)
    if plain:
        return NumberMatch(plain.start(), plain.end(), False)
    return None


# --- dates -------------------------------------------------------------------------------------------------

_DATE_RE = re.compile(
    r"(?P<gap>\s*,?\s+|\s*,\s*)(?:(?:được\s+)?ban\s+hành\s+)?"
    r"(?P<date>ngày\s+(?P<d1>\d{1,2})\s+tháng\s+(?P<m1>\d{1,2})\s+năm\s+(?P<y1>\d{4})"
    r"|ngày\s+(?P<d2>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m2>\d{1,2})\s*(?P=sep)\s*(?P<y2>\d{4})"
    r"|năm\s+(?P<y3>(?:19|20)\d\d))(?![\d/])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    end: int
    text: str
    date: dt.date | None
    year: int


def date_after(text: str, pos: int) -> DateMatch | None:
    """``ngày 05 tháng 3 năm 2020``, ``ngày 23/12/2021``, ``ngày 15-1-2013`` or just ``năm 2020``."""
    m = _DATE_RE.match(text, pos)
    if not m:
        return None
    if m.group("y3") and "," in m.group("gap"):
        return None  # "Kế hoạch số 12/KH-UBND, năm 2020 tỉnh đã ..." starts a new clause
    if m.group("y3"):
        return DateMatch(m.end(), collapse(m.group("date")), None, int(m.group("y3")))
    day, month, year = (
        (m.group("d1"), m.group("m1"), m.group("y1"))
        if m.group("y1")
        else (m.group("d2"), m.group("m2"), m.group("y2"))
    )
    try:
        value: dt.date | None = dt.date(int(year), int(month), int(day))
    except ValueError:
        value = None  # "ngày 30 tháng 02": kept as written so that a check can report it
    return DateMatch(m.end(), collapse(m.group("date")), value, int(year))


# --- issuers -----------------------------------------------------------------------------------------------


def _term(letters: str | None) -> str:
    if not letters:
        return ""
    number = int(letters) if letters.isdigit() else from_roman(letters)
    return f" khóa {to_roman(number)}" if number else ""


_I = re.IGNORECASE
_PRESIDENT = _rx(r"Chủ tịch nước(?: (?:Cộng hòa xã hội chủ nghĩa Việt Nam))?\b", _I)
_PRIME_MINISTER = _rx(r"Thủ tướng Chính phủ\b", _I)
_HOLDER = _rx(
    r"(?:Phó |Q\. |Quyền )?(?:Bộ trưởng(?:, Chủ nhiệm)?|Chủ nhiệm|Chủ tịch|Thống đốc|Tổng Thanh tra|"
    r"Tổng Kiểm toán|Chánh án|Viện trưởng|Giám đốc|Trưởng ban|Bí thư|Thường trực|Hội nghị(?: lần thứ \w+)?) ",
    _I,
)
_KHOA = r"(?:,? \(?khóa (?P<k>[IVXLC]+|\d{1,2})\)?)?"
_FIXED_AGENCIES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_rx(rf"Ủy ban thường vụ Quốc hội{_KHOA}\b", _I), "Ủy ban Thường vụ Quốc hội"),
    (_rx(rf"Quốc hội(?: (?:nước )?Cộng hòa xã hội chủ nghĩa Việt Nam)?{_KHOA}\b", _I), "Quốc hội"),
    (_rx(r"Văn phòng Chính phủ\b", _I), "Văn phòng Chính phủ"),
    (_rx(r"Thanh tra Chính phủ\b", _I), "Thanh tra Chính phủ"),
    (_rx(r"Chính phủ(?: nước Cộng hòa xã hội chủ nghĩa Việt Nam)?\b", _I), "Chính phủ"),
    (_rx(r"Ngân hàng Nhà nước(?: Việt Nam)?\b", _I), "Ngân hàng Nhà nước Việt Nam"),
    (_rx(r"Kiểm toán Nhà nước\b", _I), "Kiểm toán nhà nước"),
    (_rx(r"Hội đồng Thẩm phán Tòa án nhân dân tối cao\b", _I), "Hội đồng Thẩm phán Tòa án nhân dân tối cao"),
    (_rx(r"Tòa án nhân dân tối cao\b", _I), "Tòa án nhân dân tối cao"),
    (_rx(r"Viện kiểm sát nhân dân tối cao\b", _I), "Viện kiểm sát nhân dân tối cao"),
    (_rx(r"Ủy ban Dân tộc\b", _I), "Ủy ban Dân tộc"),
    (_rx(rf"Bộ Chính trị{_KHOA}\b", _I), "Bộ Chính trị"),
    (_rx(rf"Ban Bí thư(?: Trung ương Đảng)?{_KHOA}\b", _I), "Ban Bí thư"),
    (
        _rx(rf"Ban Chấp hành Trung ương(?: Đảng)?(?: Cộng sản Việt Nam)?{_KHOA}\b", _I),
        "Ban Chấp hành Trung ương",
    ),
    (_rx(r"Ủy ban Kiểm tra Trung ương(?: Đảng)?\b", _I), "Ủy ban Kiểm tra Trung ương"),
)
_CENTRAL_BOARD = _rx(
    r"Ban (Tổ chức|Tuyên giáo|Dân vận|Nội chính|Kinh tế|Đối ngoại) Trung ương(?: Đảng)?\b", _I
)
_PARTY_COMMITTEE = _rx(r"(Ban Thường vụ )?(Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|Đảng ủy)\b", _I)
_LOCAL_BODY = _rx(r"(Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND)\b", _I)
_LEVEL = _rx(r" (tỉnh|thành phố|TP\.?|huyện|quận|thị xã|xã|phường|thị trấn)(?!\w)", _I)
_MINISTRY_SPELLINGS = sorted(
    ((spelling, names[0]) for names in MINISTRY_NAMES for spelling in names), key=lambda p: -len(p[0])
)
_MINISTRY = _rx(
    r"(Bộ|Sở) (" + "|".join(re.escape(s).replace(r"\ ", " ") for s, _ in _MINISTRY_SPELLINGS) + r")\b"
)
_GENERIC_MINISTRY = _rx(r"(Bộ|Sở) (?=[A-ZĐ])")
_JOINER = re.compile(rf"(?:,{_SP}|{_SP}và{_SP}|{_SP}[-\u2013]{_SP})")


_AND = _rx(r" và ")
# Capitalised words that start the summary after an issuer rather than continue a place name.
_NOT_PLACE_WORDS = frozenset({"Về", "V", "Ban", "Phê", "Sửa", "Bổ", "Căn", "Xét", "Theo"})
_OFFICE_OF = _rx(r"Văn phòng (?=Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND)", re.IGNORECASE)
_SMALL_NUMBER = re.compile(r"\d{1,3}(?!\w)")


def _capitalised_words(text: str, pos: int, *, allow_and: bool = False) -> int:
    """End of a run of capitalised words or numbers (a place name: ``Hà Tĩnh``, ``Bà Rịa - Vũng Tàu``)."""
    end = cursor = pos
    while True:
        start = cursor
        if cursor > pos:
            conj = _AND.match(text, cursor) if allow_and else None
            sep = _SEPARATOR_RE.match(text, cursor)
            if conj:
                start = conj.end()
            elif sep and not sep.group("comma"):
                start = sep.end()
            else:
                return end
        word = _WORD_RE.match(text, start) or _SMALL_NUMBER.match(text, start)
        if not word or not (word.group()[0].isupper() or word.group()[0].isdigit()):
            return end
        if type_word_at(text, start) or word.group() in _NOT_PLACE_WORDS:
            return end
        end = cursor = word.end()


def _local_place(text: str, pos: int) -> tuple[int, str]:
    """`` tỉnh Hà Tĩnh`` after an agency word: its end and its normalised form (``tỉnh Hà Tĩnh``)."""
    level = _LEVEL.match(text, pos)
    if not level:
        return pos, ""
    word = level.group(1).lower()
    word = "thành phố" if word.startswith("tp") else collapse(word)
    place_start = re.compile(_SP).match(text, level.end())
    if place_start:
        end = _capitalised_words(text, place_start.end())
        if end > place_start.end():
            return end, f" {word} {collapse(text[place_start.end() : end])}"
    return level.end(), f" {word}"


def _agency_at(text: str, pos: int) -> tuple[int, str] | None:
    for pattern, name in _FIXED_AGENCIES:
        m = pattern.match(text, pos)
        if m:
            term = _term(m.groupdict().get("k")) if name in ("Quốc hội", "Ủy ban Thường vụ Quốc hội") else ""
            return m.end(), name + term
    m = _CENTRAL_BOARD.match(text, pos)
    if m:
        return m.end(), f"Ban {m.group(1)[0].upper()}{m.group(1)[1:].lower()} Trung ương"
    m = _PARTY_COMMITTEE.match(text, pos)
    if m:
        committee = m.group(2)[0].upper() + m.group(2)[1:].lower()
        prefix = "Ban Thường vụ " if m.group(1) else ""
        space = re.compile(_SP).match(text, m.end())
        end = _capitalised_words(text, space.end()) if space else m.end()
        if space and end > space.end():
            return end, f"{prefix}{committee} {collapse(text[space.end() : end])}"
        return m.end(), f"{prefix}{committee}"
    m = _MINISTRY.match(text, pos)
    if m:
        canonical = dict(_MINISTRY_SPELLINGS)[collapse(m.group(2))]
        end, place = _local_place(text, m.end()) if m.group(1) == "Sở" else (m.end(), "")
        return end, f"{m.group(1)} {canonical}{place}"
    m = _GENERIC_MINISTRY.match(text, pos)
    if m:
        end = _capitalised_words(text, m.end(), allow_and=True)
        if end > m.end():
            return end, collapse(text[pos:end])
    office = _OFFICE_OF.match(text, pos)
    m = _LOCAL_BODY.match(text, office.end() if office else pos)
    if m:
        body = "UBND" if fold_key(m.group(1)) in ("UBND", "UY BAN NHAN DAN") else "HĐND"
        end, place = _local_place(text, m.end())
        return end, ("Văn phòng " if office else "") + body + place
    return None


def _one_issuer(text: str, pos: int) -> tuple[int, str] | None:
    for pattern, name in ((_PRIME_MINISTER, "Thủ tướng Chính phủ"), (_PRESIDENT, "Chủ tịch nước")):
        m = pattern.match(text, pos)
        if m:
            return m.end(), name
    holder = _HOLDER.match(text, pos)
    return _agency_at(text, holder.end() if holder else pos)


def issuer_at(text: str, pos: int, *, joint: bool) -> tuple[int, str] | None:
    """The agency named at ``pos``, normalised (``Ủy ban nhân dân tỉnh Hà Tĩnh`` → ``UBND tỉnh Hà Tĩnh``).

    The holder of an office is reduced to the agency (``Bộ trưởng Bộ Nội vụ`` → ``Bộ Nội vụ``), except the
    Prime Minister and the President, who issue documents in their own name. Joint documents (liên tịch)
    may name several agencies; they are joined with ``"; "``.
    """
    found = _one_issuer(text, pos)
    if found is None:
        return None
    end, names = found[0], [found[1]]
    while joint:
        joiner = _JOINER.match(text, end)
        more = _one_issuer(text, joiner.end()) if joiner else None
        if more is None:
            break
        end = more[0]
        names.append(more[1])
    return end, "; ".join(names)


# --- names of laws -----------------------------------------------------------------------------------------

_KNOWN = sorted(KNOWN_NAMES, key=len, reverse=True)
_KNOWN_LOWER = [(k.lower(), k) for k in _KNOWN]
_AMENDMENT = _rx(
    r" (?:sửa đổi,? bổ sung|sửa đổi|bổ sung)(?: một số điều)?(?: (?:của|tại))?(?: các)? (?=\w)", re.IGNORECASE
)
_NAMED_TYPE = _rx(r"(?:Bộ luật|Luật|Pháp lệnh)\b")
_LAW_LIST_JOINER = _rx(r"(?:, | và )(?=(?:Bộ luật|Luật|Pháp lệnh)\b)")
_LOOSE_WORDS = _rx(r"(?:[^\W_]+)(?: (?!ngày\b|năm \d|số ?\d|của (?:Quốc hội|Chính phủ)\b)[^\W_]+){0,14}")
_DIGIT_AFTER = re.compile(r"\s*:?\s*\d")
_YEAR_AFTER = re.compile(r"\s+\d{4}")


def _known_name_at(text: str, pos: int) -> tuple[int, str] | None:
    lowered = text[pos : pos + 120].lower()
    for low, name in _KNOWN_LOWER:
        if lowered.startswith(low) and not text[pos + len(low) : pos + len(low) + 1].isalnum():
            return pos + len(low), name
    return None


def _next_word(text: str, pos: int) -> re.Match[str] | None:
    sep = re.compile(_SP).match(text, pos)
    return _WORD_RE.match(text, sep.end()) if sep else None


def _continue_name(text: str, pos: int, *, words: int) -> int:
    """Extend a name word by word from ``pos`` (just after a word) until a word that cannot belong to it."""
    end = pos
    while words < 25:
        sep = _SEPARATOR_RE.match(text, end)
        if not sep:
            break
        word = _WORD_RE.match(text, sep.end())
        if not word:
            break
        w = word.group()
        lw = w.lower()
        capital = w[0].isupper()
        if sep.group("comma") and (capital or lw in NAME_STOP_WORDS):
            break
        if sep.group("dash") and not capital:
            break
        if lw in NAME_STOP_WORDS or (capital and type_word_at(text, word.start())):
            break
        if lw == "số" and _DIGIT_AFTER.match(text, word.end()):
            break
        if lw == "năm" and _YEAR_AFTER.match(text, word.end()):
            break
        following = _next_word(text, word.end())
        if following and (lw, following.group().lower()) in NAME_STOP_PAIRS:
            break
        if lw == "và":
            nxt = following
            if nxt is None or nxt.group().lower() in NAME_STOP_WORDS or type_word_at(text, nxt.start()):
                break
        end = word.end()
        words += 1
    return end


def _single_name(text: str, pos: int) -> int | None:
    """End of one law's name starting at its type word (``Luật Cán bộ, công chức``), known or guessed."""
    known = _known_name_at(text, pos)
    if known:
        return _continue_name(text, known[0], words=len(known[1].split()))
    head = _NAMED_TYPE.match(text, pos)
    if not head:
        return None
    first = _next_word(text, head.end())
    if first is None or not first.group()[0].isupper() or type_word_at(text, first.start()):
        return None
    return _continue_name(text, first.end(), words=1)


@dataclass(frozen=True, slots=True)
class NameMatch:
    end: int
    name: str
    amends: tuple[str, ...]


def _display_name(text: str, start: int, end: int) -> str:
    known = _known_name_at(text, start)
    if known and known[0] == end:
        return known[1]
    return collapse(text[start:end])


def name_at(text: str, start: int, type_end: int, kind: str) -> NameMatch | None:
    """The name of a law, code, ordinance or constitution whose type word spans ``start``–``type_end``.

    Handles amending laws (``Luật sửa đổi, bổ sung một số điều của Luật A và Luật B``: one citation that
    amends A and B), known names with commas and ``của`` in them, and otherwise guesses word by word.
    """
    if kind == "Hiến pháp":
        known = _known_name_at(text, start)
        return NameMatch(known[0], known[1], ()) if known else NameMatch(type_end, "Hiến pháp", ())
    amendment = _AMENDMENT.match(text, type_end)
    if amendment and kind in ("Luật", "Pháp lệnh", "Bộ luật"):
        amends: list[str] = []
        cursor = amendment.end()
        while True:
            end = _single_name(text, cursor)
            if end is None:
                break
            amends.append(_display_name(text, cursor, end))
            cursor = end
            joiner = _LAW_LIST_JOINER.match(text, cursor)
            if not joiner:
                break
            cursor = joiner.end()
        if not amends:
            loose = _LOOSE_WORDS.match(text, amendment.end())
            if loose is None:
                return None
            cursor = loose.end()
        return NameMatch(cursor, collapse(text[start:cursor]), tuple(amends))
    end = _single_name(text, start)
    if end is None:
        return None
    return NameMatch(end, _display_name(text, start, end), ())
