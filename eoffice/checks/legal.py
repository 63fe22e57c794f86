"""Kiểm tra căn cứ pháp lý: every cited document resolved against the legal corpus, line by line.

``check_legal_basis`` reads every citation of the draft (``search.find_citations``) — those of the ``Căn cứ``
lines and those of the body — and reports, with stable codes:

- ``legal.not_found``: a central document (law, decree, decision of the Prime Minister, circular…) the corpus
  does not know; local documents (UBND, HĐND, Party committees) are outside the corpus and never reported.
  A warning while the corpus is partial (the starter corpus, any import not declared complete): the document
  may exist and simply be missing;
- ``legal.replaced`` / ``legal.expired``: replaced or expired by the draft's date, naming the replacement in
  force; in the body (where history is often told) these are warnings;
- ``legal.amended`` (warning, căn cứ lines only): the document is still in force but was amended (sửa đổi, bổ
  sung) by documents in effect on the draft's date that the draft does not cite; the message names them;
- ``legal.not_in_force`` / ``legal.suspended`` (warnings): the national legal database says the document is
  not yet in force on the draft's date (chưa có hiệu lực) or is suspended (tạm ngưng hiệu lực) — statuses
  only an import or a sync of that database gives;
- ``legal.date_mismatch``: the written date is not the document's (or not the year its symbol carries);
- ``legal.issuer_mismatch``: the written issuer contradicts the symbol or the corpus record;
- ``legal.cited_before_issued``: the cited document is dated after the draft itself.

Every finding names the corpus record it refers to (``LegalFinding.record``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from eoffice import clock
from eoffice.checks.findings import Finding, Location, Severity
from eoffice.checks.legal_lines import (
    DraftDate,
    Paragraph,
    docx_paragraphs,
    find_draft_date,
    is_basis_line,
    text_paragraphs,
    wrapped_paragraphs,
)
from eoffice.checks.text import quote
from eoffice.legal import LegalCorpus, LegalRecord, LegalStatus
from eoffice.legal.citation_keys import NAMED_TYPES, number_of
from eoffice.legal.citations import read_citations, unwrap
from eoffice.legal.resolve import Resolution, same_issuer
from eoffice.vietnamese_dates import format_long_date
from search.citations import Citation, issuer_matches_symbol

__all__ = ["CODES", "LegalFinding", "check_legal_basis", "default_corpus"]

CODES = (
    "legal.not_found",
    "legal.replaced",
    "legal.expired",
    "legal.amended",
    "legal.not_in_force",
    "legal.suspended",
    "legal.date_mismatch",
    "legal.issuer_mismatch",
    "legal.cited_before_issued",
)
_CENTRAL_TYPES = NAMED_TYPES | {"Nghị định", "Thông tư", "Thông tư liên tịch"}
_CENTRAL_ISSUERS = (
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Chủ tịch nước",
    "Văn phòng Chính phủ",
    "Thanh tra Chính phủ",
    "Quốc hội",
    "Ủy ban Thường vụ Quốc hội",
    "Ngân hàng Nhà nước Việt Nam",
    "Kiểm toán nhà nước",
    "Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao",
    "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "Ủy ban Dân tộc",
    "Bộ ",
)
# The drafter already says the basis was amended: "(sửa đổi, bổ sung năm 2019)", "và các văn bản sửa đổi…".
_ACKNOWLEDGED = re.compile(
    r"\(\s*(?:đã\s+)?(?:được\s+)?(?:sửa\s+đổi|bổ\s+sung)|văn\s+bản\s+sửa\s+đổi|được\s+sửa\s+đổi",
    re.IGNORECASE,
)
_HISTORY_WORDS = re.compile(r"thay\s+thế|hết\s+hiệu\s+lực|bãi\s+bỏ", re.IGNORECASE)
_SEGMENT = re.compile(r"[;\n]")
_SYMBOL_YEAR = re.compile(r"/((?:19|20)\d\d)/")


@dataclass(frozen=True)
class LegalFinding(Finding):
    """A căn cứ finding: a ``Finding`` that also names the corpus record it refers to, when there is one."""

    record: LegalRecord | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stable finding object plus ``record``: ``{key, number, type, title, issuer, issue_date, status}``."""
        data = super().to_dict()
        r = self.record
        data["record"] = (
            None
            if r is None
            else {
                "key": r.key,
                "number": r.number,
                "type": r.type,
                "title": r.title,
                "issuer": r.issuer,
                "issue_date": r.issue_date.isoformat(),
                "status": r.status.value if r.status else None,
            }
        )
        return data


def default_corpus() -> LegalCorpus:
    """The installation's corpus (database from the settings), or the starter corpus when it has none yet."""
    from pathlib import Path

    from sqlalchemy.engine import make_url
    from sqlalchemy.orm import Session

    from eoffice.db.session import make_engine
    from eoffice.legal import CorpusUnavailable, starter_records
    from eoffice.settings import get_settings

    url = get_settings().database_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and (not parsed.database or not Path(parsed.database).exists()):
        return LegalCorpus(starter_records())
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            corpus = LegalCorpus.from_session(session)
    except CorpusUnavailable:
        corpus = LegalCorpus(())
    finally:
        engine.dispose()
    return corpus if len(corpus) else LegalCorpus(starter_records())


def check_legal_basis(
    text: str = "",
    *,
    docx: Any = None,
    corpus: LegalCorpus | None = None,
    draft_date: dt.date | None = None,
    today: dt.date | None = None,
) -> list[LegalFinding]:
    """Findings for every citation of a draft, in reading order.

    ``text`` is the draft's plain text (a PDF's text layer: lines the layout wrapped are joined again); with
    ``docx`` (a python-docx ``Document``, bytes or a path) paragraphs are read from it instead so places match
    the format checker's. The draft's date is ``draft_date`` or its own date line; statuses are judged on that
    date (today without one).
    """
    paragraphs = docx_paragraphs(docx) if docx is not None else wrapped_paragraphs(text_paragraphs(text))
    paragraphs = [Paragraph(p.index, unwrap(p.text)[0]) for p in paragraphs]  # a wrapped date line too
    written = find_draft_date(paragraphs)
    if draft_date is not None:
        written = DraftDate(draft_date, draft_date.year)
    checker = _Checker(corpus if corpus is not None else default_corpus(), written, today or clock.today())
    cited: list[tuple[Paragraph, str, bool, int, Citation, Resolution]] = []
    for paragraph in paragraphs:
        basis = is_basis_line(paragraph.text)
        for segment in _segments(paragraph.text):
            for position, citation in enumerate(read_citations(segment)):
                cited.append((paragraph, segment, basis, position, citation, checker.note_cited(citation)))
    findings: list[LegalFinding] = []
    for paragraph, segment, basis, position, citation, resolution in cited:
        findings.extend(
            checker.check(citation, resolution, paragraph, segment, basis=basis, primary=position == 0)
        )
    return findings


def _segments(text: str) -> list[str]:
    """A line split at ``;``: the first citation of each part is the one cited; later ones name its subject."""
    return [s for s in _SEGMENT.split(text) if s.strip()]


class _Checker:
    def __init__(self, corpus: LegalCorpus, written: DraftDate, today: dt.date) -> None:
        self.corpus = corpus
        self.draft = written
        if written.date is not None:
            self.on = written.date
        elif written.year is not None and written.year < today.year:
            self.on = dt.date(written.year, 12, 31)
        else:
            self.on = today
        self.cited_keys: set[str] = set()

    def note_cited(self, c: Citation) -> Resolution:
        """Resolve ``c`` and remember what the draft cites anywhere: an amendment it cites needs no
        ``legal.amended``."""
        if c.number:
            self.cited_keys.add(number_of(c.number))
        resolution = self.corpus.resolve(c, on=self.on)
        record = resolution.record
        if record is not None:
            self.cited_keys.add(record.key)
            if record.number:
                self.cited_keys.add(number_of(record.number))
        return resolution

    def check(
        self,
        c: Citation,
        resolution: Resolution,
        paragraph: Paragraph,
        line: str,
        *,
        basis: bool,
        primary: bool,
    ) -> list[LegalFinding]:
        where = Location("paragraph", paragraph.index, quote(line, 160))
        out: list[LegalFinding] = []

        def add(code: str, severity: Severity, found: str, expected: str, message: str, record: Any) -> None:
            out.append(LegalFinding(code, severity, where, found, expected, message, record=record))

        record = resolution.record
        if record is None:
            self._unresolved(c, resolution, basis=basis, add=add)
        else:
            self._dates_and_issuer(c, record, add=add)
            if primary and (basis or not _HISTORY_WORDS.search(line)):
                self._status(c, record, line, basis=basis, add=add)
        self._before_draft(c, record, add=add)
        return out

    # --- unresolved citations ---------------------------------------------------------------------------

    def _unresolved(self, c: Citation, resolution: Resolution, *, basis: bool, add: Any) -> None:
        if resolution.how == "ambiguous":
            return
        if resolution.versions:  # a law known by name, but no version near the written date
            dates = "; ".join(format_long_date(v.issue_date) for v in resolution.versions)
            latest = resolution.versions[-1]
            add(
                "legal.date_mismatch",
                Severity.ERROR,
                _written_date(c),
                dates,
                f"Không có {latest.label} ban hành {_written_date(c)}; các văn bản cùng tên ban hành {dates}.",
                latest,
            )
            return
        self._symbol_checks(c, add=add)
        if _in_scope(c):
            label = _label(c)
            add(
                "legal.not_found",
                Severity.ERROR if basis and self.corpus.complete else Severity.WARNING,
                c.text,
                "Văn bản có trong cơ sở dữ liệu văn bản pháp luật",
                f"Không tìm thấy {label} trong cơ sở dữ liệu văn bản pháp luật; hãy kiểm tra số, ký hiệu, "
                "tên và ngày ban hành "
                + (
                    "(văn bản có thể không tồn tại)."
                    if self.corpus.complete
                    else "(cơ sở dữ liệu chưa đầy đủ: văn bản có thể có nhưng chưa được cập nhật vào cơ sở dữ "
                    "liệu, hoặc không tồn tại)."
                ),
                None,
            )

    def _symbol_checks(self, c: Citation, *, add: Any) -> None:
        """What the symbol alone contradicts: the written issuer, and the year in the number."""
        if issuer_matches_symbol(c) is False:
            add(
                "legal.issuer_mismatch",
                Severity.ERROR,
                c.issuer or "",
                c.symbol_issuer or "",
                f"Ký hiệu {c.number} là văn bản của {c.symbol_issuer}, nhưng cơ quan ban hành được ghi là "
                f"{c.issuer}.",
                None,
            )
        year = _SYMBOL_YEAR.search(c.number or "")
        if year and c.date is not None and c.date.year != int(year.group(1)):
            add(
                "legal.date_mismatch",
                Severity.ERROR,
                _written_date(c),
                f"một ngày của năm {year.group(1)}",
                f"Số {c.number} là văn bản năm {year.group(1)}, nhưng ngày ban hành được ghi là "
                f"{_written_date(c)}.",
                None,
            )

    # --- resolved citations -----------------------------------------------------------------------------

    def _dates_and_issuer(self, c: Citation, record: LegalRecord, *, add: Any) -> None:
        expected_date = format_long_date(record.issue_date)
        wrong_date = (c.date is not None and c.date != record.issue_date) or (
            c.date is None and c.date_text is not None and c.year != record.issue_date.year
        )
        invalid_day = c.date is None and c.date_text is not None and c.year == record.issue_date.year
        if wrong_date or (invalid_day and c.date_text and "ngày" in c.date_text):
            add(
                "legal.date_mismatch",
                Severity.ERROR,
                _written_date(c),
                expected_date,
                f"{record.label} ban hành {expected_date}, không phải {_written_date(c)}.",
                record,
            )
        if c.issuer and (issuer_matches_symbol(c) is False or not same_issuer(c.issuer, record.issuer)):
            add(
                "legal.issuer_mismatch",
                Severity.ERROR,
                c.issuer,
                record.issuer,
                f"{record.label} do {record.issuer} ban hành, không phải {c.issuer}.",
                record,
            )

    def _status(self, c: Citation, record: LegalRecord, line: str, *, basis: bool, add: Any) -> None:
        severity = Severity.ERROR if basis else Severity.WARNING
        when = f" (tính đến {format_long_date(self.on)})"
        if self.corpus.is_replaced(record, on=self.on):
            chain = self.corpus.replacements(record, on=self.on)
            if chain:
                first, current = chain[0], chain[-1]
                expected = f"{current.reference}, ban hành {format_long_date(current.issue_date)}"
                via = f" bởi {first.label}" + (f", nay là {current.label}" if current is not first else "")
            else:
                expected = ", ".join(record.replaced_by)
                via = f" bởi {expected}"
            add(
                "legal.replaced",
                severity,
                c.text,
                expected,
                f"{record.label} đã bị thay thế{via}{when}; hãy căn cứ văn bản đang có hiệu lực: {expected}.",
                current if chain else record,
            )
        elif self.corpus.is_expired(record, on=self.on):
            since = f" từ {format_long_date(record.expiry_date)}" if record.expiry_date else ""
            add(
                "legal.expired",
                severity,
                c.text,
                "Văn bản còn hiệu lực",
                f"{record.label} đã hết hiệu lực{since}{when}; không dùng làm căn cứ.",
                record,
            )
        elif record.status == LegalStatus.SUSPENDED:
            add(
                "legal.suspended",
                Severity.WARNING,
                c.text,
                "Văn bản đang có hiệu lực",
                f"{record.label} đang bị tạm ngưng hiệu lực theo cơ sở dữ liệu quốc gia về pháp luật; hãy kiểm "
                "tra trước khi dùng làm căn cứ.",
                record,
            )
        elif record.status == LegalStatus.NOT_YET_IN_FORCE and (
            record.effective_date is None or record.effective_date > self.on
        ):
            since = (
                f" (có hiệu lực từ {format_long_date(record.effective_date)})"
                if record.effective_date
                else ""
            )
            add(
                "legal.not_in_force",
                Severity.WARNING,
                c.text,
                "Văn bản đã có hiệu lực",
                f"{record.label} chưa có hiệu lực{since}{when}; hãy kiểm tra trước khi dùng làm căn cứ.",
                record,
            )
        elif basis and not _ACKNOWLEDGED.search(line, c.start):
            self._amended(c, record, when=when, add=add)

    def _amended(self, c: Citation, record: LegalRecord, *, when: str, add: Any) -> None:
        """Amendments in effect that the draft does not cite: the basis stands, the amendment is cited too."""
        amendments = [
            a
            for a in self.corpus.amendments(record, on=self.on)
            if (a.key if isinstance(a, LegalRecord) else number_of(a)) not in self.cited_keys
            and not (isinstance(a, LegalRecord) and a.number and number_of(a.number) in self.cited_keys)
        ]
        if not amendments:
            return
        names = "; ".join(
            f"{a.label} ngày {a.issue_date.day:02d}/{a.issue_date.month:02d}/{a.issue_date.year}"
            if isinstance(a, LegalRecord)
            else f"văn bản số {a}"
            for a in amendments
        )
        known = [a for a in amendments if isinstance(a, LegalRecord)]
        add(
            "legal.amended",
            Severity.WARNING,
            c.text,
            names,
            f"{record.label} đã được sửa đổi, bổ sung bởi {names}{when}. Văn bản vẫn còn hiệu lực và dùng làm "
            "căn cứ được, nhưng hãy căn cứ thêm văn bản sửa đổi, bổ sung.",
            known[-1] if known else record,
        )

    def _before_draft(self, c: Citation, record: LegalRecord | None, *, add: Any) -> None:
        cited = record.issue_date if record is not None else c.date
        if cited is None:
            return
        if self.draft.date is not None:
            late = cited > self.draft.date
            draft = format_long_date(self.draft.date)
        elif self.draft.year is not None:
            late = cited.year > self.draft.year
            draft = f"năm {self.draft.year}"
        else:
            return
        if late:
            name = record.label if record is not None else _label(c)
            add(
                "legal.cited_before_issued",
                Severity.ERROR,
                format_long_date(cited),
                f"văn bản ban hành trước {draft}",
                f"{name} ban hành {format_long_date(cited)}, sau ngày của dự thảo ({draft}): "
                "không thể làm căn cứ.",
                record,
            )


def _in_scope(c: Citation) -> bool:
    """Whether the corpus is meant to hold the cited document (central state documents)."""
    if c.type in _CENTRAL_TYPES:
        return True
    issuer = c.symbol_issuer or ""
    return any(issuer == i or (i.endswith(" ") and issuer.startswith(i)) for i in _CENTRAL_ISSUERS) or (
        issuer.startswith(("Quốc hội", "Ủy ban Thường vụ Quốc hội"))
    )


def _label(c: Citation) -> str:
    if c.number:
        return f"{c.type or 'văn bản'} số {c.number}"
    return c.name or c.text


def _written_date(c: Citation) -> str:
    if c.date is not None:
        return format_long_date(c.date)
    return c.date_text or "(không ghi ngày)"
