"""Kiểm tra dự thảo: the format (thể thức) check and, when present, the legal-basis (căn cứ) check.

``check_format`` takes a DOCX or PDF draft's bytes and returns ``Finding``s; ``apply_fixes`` writes a new
DOCX with the mechanical ones corrected. Bad input raises a ``CheckError`` with a ``docx.*``/``pdf.*`` code.
"""

from eoffice.checks.doc_types import DOCUMENT_TYPES, DocumentType, type_by_abbreviation, type_by_name
from eoffice.checks.errors import CheckError, UnreadableDraft, UnsafeDraft
from eoffice.checks.findings import Finding, Location, Severity
from eoffice.checks.format import (
    DEFAULT_RULES,
    FormatRules,
    Layout,
    Line,
    PackageLimits,
    apply_fixes,
    check_docx,
    check_pdf,
    inspect_package,
    read_layout,
)
from eoffice.checks.format import check_draft as check_format

__all__ = [
    "DEFAULT_RULES",
    "DOCUMENT_TYPES",
    "CheckError",
    "DocumentType",
    "Finding",
    "FormatRules",
    "Layout",
    "Line",
    "Location",
    "PackageLimits",
    "Severity",
    "UnreadableDraft",
    "UnsafeDraft",
    "apply_fixes",
    "check_docx",
    "check_format",
    "check_pdf",
    "inspect_package",
    "read_layout",
    "type_by_abbreviation",
    "type_by_name",
]
