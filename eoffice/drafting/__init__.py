"""Soạn thảo: the DOCX template library (Nghị định 30 layouts), filling templates from a draft's
metadata, admin-uploaded templates, and the LibreOffice PDF preview."""

from eoffice.drafting.errors import DraftingError, PdfConversionError, TemplateError
from eoffice.drafting.fields import (
    LIST_PLACEHOLDERS,
    PLACEHOLDERS,
    REQUIRED_PLACEHOLDERS,
    DraftFields,
    Signer,
)
from eoffice.drafting.kinds import TEMPLATE_KINDS, TemplateKind
from eoffice.drafting.pdf import docx_to_pdf
from eoffice.drafting.render import Template, load_template, render_draft, shipped_template

__all__ = [
    "LIST_PLACEHOLDERS",
    "PLACEHOLDERS",
    "REQUIRED_PLACEHOLDERS",
    "TEMPLATE_KINDS",
    "DraftFields",
    "DraftingError",
    "PdfConversionError",
    "Signer",
    "Template",
    "TemplateError",
    "TemplateKind",
    "docx_to_pdf",
    "load_template",
    "render_draft",
    "shipped_template",
]
