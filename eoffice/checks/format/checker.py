"""Kiểm tra thể thức: a draft (DOCX or PDF) against Nghị định 30's layout rules, as a list of findings."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

import docx
from docx.document import Document
from lxml import etree

from eoffice.checks.errors import UnreadableDraft
from eoffice.checks.findings import Finding, Location, Severity
from eoffice.checks.format._element_rules import check_element_styles, check_fonts
from eoffice.checks.format._layout import Layout, analyse
from eoffice.checks.format._line_rules import check_drawn_lines
from eoffice.checks.format._page_rules import check_body, check_page_numbers, check_sections
from eoffice.checks.format._reader import read_lines
from eoffice.checks.format._styles import StyleResolver
from eoffice.checks.format._text_rules import check_texts
from eoffice.checks.format.package import PackageReport, inspect_package
from eoffice.checks.format.rules import DEFAULT_RULES, FormatRules
from eoffice.file_kinds import is_pdf

__all__ = ["check_docx", "check_draft", "open_docx"]


@dataclass
class OpenedDocx:
    document: Document
    package: PackageReport


def open_docx(data: bytes, rules: FormatRules = DEFAULT_RULES) -> OpenedDocx:
    """The python-docx document, after the package passed ``inspect_package``; never raises anything but
    ``CheckError`` subclasses for bad input."""
    report = inspect_package(data, rules.limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except (
        KeyError,
        ValueError,
        zipfile.BadZipFile,
        etree.XMLSyntaxError,
        AttributeError,
        NotImplementedError,
        EOFError,
        zlib.error,
    ) as exc:
        raise UnreadableDraft(
            "docx.not_a_docx", f"Tệp Word bị hỏng, không đọc được ({type(exc).__name__})."
        ) from None
    return OpenedDocx(document, report)


def check_docx(data: bytes, rules: FormatRules = DEFAULT_RULES) -> list[Finding]:
    """Every deviation of a DOCX draft from the layout rules, in document order (sections first)."""
    opened = open_docx(data, rules)
    findings = _package_findings(opened.package)
    lines = read_lines(opened.document)
    if not any(not line.empty for line in lines):
        raise UnreadableDraft("docx.empty", "Văn bản không có nội dung để kiểm tra.")
    layout = analyse(lines)
    findings += list(check_sections(opened.document, rules))
    findings += list(check_page_numbers(opened.document, StyleResolver(opened.document)))
    width_cm = _text_width_cm(opened.document)
    findings += _sorted(_paragraph_findings(layout, rules) + list(check_drawn_lines(layout, rules, width_cm)))
    return findings


def _text_width_cm(document: Any) -> float:
    """The first section's text width, which the short lines are measured against; A4 with the decree's
    margins (16 cm) when the file has no section properties (Word writes them, a hand-made file may not)."""
    sections = document.sections
    if not len(sections):
        return 16.0
    section = sections[0]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    return (page - left - right) / 360000 if page and left is not None and right is not None else 16.0


def _paragraph_findings(layout: Layout, rules: FormatRules) -> list[Finding]:
    # Fonts per paragraph as read: a paragraph split at its line breaks is still one finding.
    found = list(check_fonts(layout.paragraphs, rules))
    found += check_element_styles(layout.lines, rules)
    found += check_texts(layout, rules)
    found += check_body(layout.body, rules)
    return found


def _sorted(findings: list[Finding]) -> list[Finding]:
    order = {"document": 0, "styles": 1, "section": 2, "page": 3, "paragraph": 4}
    return sorted(findings, key=lambda f: (order.get(f.where.kind, 9), f.where.index or 0))


def _package_findings(report: PackageReport) -> list[Finding]:
    findings = []
    if report.macros:
        findings.append(
            Finding(
                "docx.macros",
                Severity.ERROR,
                Location("document"),
                ", ".join(report.macros),
                "không có macro",
                "Tệp chứa macro (VBA); văn bản hành chính không được chứa macro. Hãy lưu lại dạng .docx.",
            )
        )
    if report.external_references:
        findings.append(
            Finding(
                "docx.external_reference",
                Severity.ERROR,
                Location("document"),
                ", ".join(report.external_references[:3]),
                "không tham chiếu tệp bên ngoài",
                "Tệp tham chiếu tài nguyên bên ngoài (mẫu, hình ảnh hoặc đối tượng liên kết); hãy nhúng vào "
                "văn bản hoặc bỏ liên kết.",
            )
        )
    return findings


def check_draft(data: bytes, rules: FormatRules = DEFAULT_RULES) -> list[Finding]:
    """DOCX or PDF, told apart by the first bytes."""
    if is_pdf(data):
        from eoffice.checks.format.pdf import check_pdf

        return check_pdf(data, rules)
    return check_docx(data, rules)
