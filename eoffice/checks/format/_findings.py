"""Small constructors shared by the rule modules, so every finding is worded the same way."""

from __future__ import annotations

from eoffice.checks.findings import Finding, Location, Severity
from eoffice.checks.format._reader import Line
from eoffice.checks.text import quote


def at(line: Line) -> Location:
    return Location("paragraph", line.index, quote(line.text))


def finding(
    code: str,
    where: Location,
    found: str,
    expected: str,
    message: str,
    *,
    severity: Severity = Severity.ERROR,
    fix: str | None = None,
) -> Finding:
    return Finding(code, severity, where, found, expected, message, fixable=fix is not None, fix=fix)


def font_color(line: Line, colours: list[str], subject: str, *, fix: str | None = None) -> Finding:
    """Text not black (Phụ lục I II.4 asks for black ink); ``colours`` are the line's other colours, as hex.
    ``subject`` opens the message: a DOCX names its numbered paragraph (``Đoạn 3``), a PDF only its line
    (``Dòng``), since a page's lines are not the draft's paragraphs; only a DOCX can be fixed."""
    return finding(
        "format.font_color",
        at(line),
        ", ".join(f"#{c}" for c in colours),
        "đen",
        f"{subject} có chữ màu #{colours[0]}; chữ trong văn bản phải màu đen.",
        severity=Severity.WARNING,
        fix=fix,
    )
