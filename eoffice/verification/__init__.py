"""Chữ ký số của văn bản: the validation report of a document's signed PDF, for the API and the screens."""

from eoffice.verification.service import SignatureOut, SignaturesOut, signature_report

__all__ = ["SignatureOut", "SignaturesOut", "signature_report"]
