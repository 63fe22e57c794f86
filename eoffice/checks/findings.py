"""Kết quả kiểm tra: one finding of a check, the shape `eoffice check --json` prints and the API stores.

Codes are a stable interface: the format checker's start with ``format.`` (``docs/QUALITY.md`` lists them),
unsafe or unreadable packages with ``docx.``, the legal-basis check's with ``legal.``. A run stores one row
for a thể thức deviation that repeats over many paragraphs (``group_repeated``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from eoffice.checks.labels import rule_label

__all__ = ["Finding", "Location", "Severity", "group_repeated"]


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


def group_repeated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per rule and value where a thể thức deviation repeats in several places.

    A draft typed in Arial breaks the font rule in every paragraph, and thirty-four identical findings hide
    the one that matters, so a run keeps one finding per rule and value ("34 đoạn — Phông chữ: …") with the
    places listed.

    Rows (``finding_row`` dicts) of the format check with the same code, severity, found and expected value
    and a numbered place (a paragraph, a page) become one: the first place stays ``where``, all of them go to
    ``places``, and the message counts them. Căn cứ findings stay one per citation: each names its own
    document. Order is kept (a group sits where its first member was)."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    order: list[tuple[Any, ...] | int] = []
    for position, row in enumerate(rows):
        where = row["where"]
        if row["check"] != "format" or where.get("index") is None:
            order.append(position)
            continue
        key = (row["code"], row["severity"], row["found"], row["expected"], row["fixable"], where["kind"])
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(row)
    result = []
    for item in order:
        if isinstance(item, int):
            result.append({**rows[item], "places": [rows[item]["where"]]})
            continue
        members = groups[item]
        first = members[0]
        places = [m["where"] for m in members]
        if len(members) == 1:
            result.append({**first, "places": places})
            continue
        unit = "trang" if first["where"]["kind"] == "page" else "đoạn"
        shown = f"«{first['found']}»" if first["found"] else "sai"
        wanted = f"; yêu cầu «{first['expected']}»" if first["expected"] else ""
        message = f"{len(members)} {unit} — {rule_label(first['code'])}: {shown}{wanted}."
        result.append({**first, "message": message, "places": places})
    return result
