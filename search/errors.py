"""Lỗi của gói tìm kiếm: one hierarchy, each error with a stable code and a Vietnamese message.

The application maps ``SearchError.code`` to its API error ``code`` and shows ``message`` to the user, so
codes never change once published; the English docstrings say when each is raised.
"""

from __future__ import annotations


class SearchError(Exception):
    """Base of every error raised by the ``search`` package."""

    code = "search.error"
    default_message = "Lỗi tìm kiếm."

    def __init__(self, message: str | None = None, *, detail: str | None = None) -> None:
        self.message = message or self.default_message
        self.detail = detail
        super().__init__(self.message if detail is None else f"{self.message} ({detail})")


class InvalidQuery(SearchError):
    """The query is malformed in a way the user can fix (a page beyond the result window, a bad date range)."""

    code = "search.invalid_query"
    default_message = "Yêu cầu tìm kiếm không hợp lệ."


class QueryTooLong(InvalidQuery):
    """The free text is longer than ``MAX_QUERY_LENGTH``: nobody types that, and it would be costly to run."""

    code = "search.query_too_long"
    default_message = "Nội dung tìm kiếm quá dài."


class InvalidDocument(SearchError):
    """A document handed to the index lacks what indexing needs (an id, at least one principal)."""

    code = "search.invalid_document"
    default_message = "Văn bản đưa vào chỉ mục tìm kiếm không hợp lệ."


class InvalidSearchURL(SearchError):
    """``open_search_index`` got a URL whose scheme or options it does not understand."""

    code = "search.invalid_url"
    default_message = "Địa chỉ cấu hình chỉ mục tìm kiếm không hợp lệ."


class SearchUnavailable(SearchError):
    """The search backend does not answer (Elasticsearch down, timed out, or the index file is unreadable).

    Callers that index should retry later; callers that query should tell the user to try again.
    """

    code = "search.unavailable"
    default_message = "Dịch vụ tìm kiếm tạm thời không hoạt động, vui lòng thử lại sau."


class SearchBackendError(SearchError):
    """The backend answered with an error that is not about availability (a rejected mapping, a bug)."""

    code = "search.backend_error"
    default_message = "Máy chủ tìm kiếm báo lỗi khi xử lý yêu cầu."
