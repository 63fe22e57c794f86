"""Sổ văn bản đến / đi per agency and year, and the numbering that never duplicates or skips."""

from eoffice.registers.models import DEFAULT_CODE, Register, RegisterCancellation
from eoffice.registers.service import (
    RegisterCodeTaken,
    create_register,
    document_symbol,
    ensure_register,
    format_number,
    next_number,
    take_number,
    year_registers,
)

__all__ = [
    "DEFAULT_CODE",
    "Register",
    "RegisterCancellation",
    "RegisterCodeTaken",
    "create_register",
    "document_symbol",
    "ensure_register",
    "format_number",
    "next_number",
    "take_number",
    "year_registers",
]
