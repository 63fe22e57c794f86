"""Sổ văn bản đến / đi per agency and year, and the numbering that never duplicates or skips."""

from eoffice.registers.models import Register
from eoffice.registers.service import document_symbol, ensure_register, format_number, take_number

__all__ = ["Register", "document_symbol", "ensure_register", "format_number", "take_number"]
