"""Kết quả kiểm tra: one finding of a check, the shape `eoffice check --json` prints and the API stores.

Codes are a stable interface: the format checker's start with ``format.`` (``docs/QUALITY.md`` lists them),
unsafe or unreadable packages with ``docx.``, the legal-basis check's with ``legal.``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

__all__ = ["Finding", "Location", "Severity"]


class Severity(enum.StrEnum):
    """``error`` breaks a rule of the decree; ``warning`` is probably wrong but needs a person to judge."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Location:
    """Where a finding is: a paragraph (1-based, in reading order, table cells included) with a quote of
    its text, a page section (1-based), the style definitions, a PDF page, or the whole document."""

    kind: str  # "paragraph" | "section" | "styles" | "page" | "document"
    index: int | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "index": self.index, "text": self.text}

    def describe(self) -> str:
        """Vietnamese, for tables and messages: ``đoạn 3 «Số: 5/QĐ-UBND»``."""
        label = {
            "paragraph": "đoạn",
            "section": "phần trang",
            "styles": "kiểu định dạng mặc định",
            "page": "trang",
            "document": "toàn văn bản",
        }.get(self.kind, self.kind)
        where = f"{label} {self.index}" if self.index is not None else label
        return f"{where} «{self.text}»" if self.text else where


@dataclass(frozen=True)
class Finding:
    """One deviation: what was found where, what the rule expects, and a Vietnamese message.

    ``fixable`` findings can be corrected mechanically by ``apply_fixes``; ``fix`` carries the value the
    fix writes (a size in points, a margin in millimetres, a font name, or the corrected paragraph text).
    """

    code: str
    severity: Severity
    where: Location
    found: str
    expected: str
    message: str
    fixable: bool = False
    fix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON object: ``{code, severity, where, found, expected, message}``."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "where": self.where.to_dict(),
            "found": self.found,
            "expected": self.expected,
            "message": self.message,
        }
