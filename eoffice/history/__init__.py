"""Lịch sử văn bản: the audit records about one document, its files, assignments, route and exchange, as a
timeline a person can read."""

from eoffice.history.service import HistoryEventOut, HistoryOut, document_history

__all__ = ["HistoryEventOut", "HistoryOut", "document_history"]
