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
