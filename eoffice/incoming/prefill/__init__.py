"""Điền sẵn thông tin vào sổ: read a received document's number, issuer, date, type, summary, signer, marks,
deadlines and citations, so that the văn thư confirms instead of typing (issue 24)."""

from eoffice.incoming.prefill._read import (
    Citation,
    Deadline,
    Found,
    ReadFields,
    Source,
    agency_name,
    read_fields,
)

__all__ = ["Citation", "Deadline", "Found", "ReadFields", "Source", "agency_name", "read_fields"]
