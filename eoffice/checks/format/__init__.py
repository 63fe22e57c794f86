"""Kiểm tra thể thức và kỹ thuật trình bày (Nghị định 30/2020/NĐ-CP, Phụ lục I) of DOCX and PDF drafts."""

from eoffice.checks.format.checker import check_docx, check_draft, open_docx
from eoffice.checks.format.fixes import apply_fixes
from eoffice.checks.format.package import PackageReport, inspect_package
from eoffice.checks.format.pdf import check_pdf
from eoffice.checks.format.reading import Layout, Line, read_layout
from eoffice.checks.format.rules import DEFAULT_RULES, FormatRules, PackageLimits, SizeRange

__all__ = [
    "DEFAULT_RULES",
    "FormatRules",
    "Layout",
    "Line",
    "PackageLimits",
    "PackageReport",
    "SizeRange",
    "apply_fixes",
    "check_docx",
    "check_draft",
    "check_pdf",
    "inspect_package",
    "open_docx",
    "read_layout",
]
