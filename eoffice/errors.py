"""The application's error hierarchy and its one JSON shape: `{"code", "message", "detail"}`.

Codes are stable identifiers clients and tests rely on; messages are Vietnamese, for the person in front of
the screen.
"""

from __future__ import annotations

from typing import Any


class EOfficeError(Exception):
    """Base of every error the application reports to a user."""

    status_code = 400
    code = "error"
    message = "Yêu cầu không hợp lệ."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        detail: Any = None,
        status_code: int | None = None,
    ) -> None:
        self.message = message or type(self).message
        self.code = code or type(self).code
        self.detail = detail
        if status_code is not None:
            self.status_code = status_code
        super().__init__(self.message)


class NotFound(EOfficeError):
    status_code = 404
    code = "not_found"
    message = "Không tìm thấy."


class Forbidden(EOfficeError):
    status_code = 403
    code = "forbidden"
    message = "Bạn không có quyền thực hiện thao tác này."


class Unauthenticated(EOfficeError):
    status_code = 401
    code = "unauthenticated"
    message = "Bạn cần đăng nhập."


class Conflict(EOfficeError):
    status_code = 409
    code = "conflict"
    message = "Thao tác xung đột với trạng thái hiện tại."


class InvalidInput(EOfficeError):
    status_code = 422
    code = "invalid_input"
    message = "Dữ liệu không hợp lệ."


class TooLarge(EOfficeError):
    status_code = 413
    code = "file.too_large"
    message = "Tệp vượt quá dung lượng cho phép."


class ServiceUnavailable(EOfficeError):
    status_code = 503
    code = "service_unavailable"
    message = "Dịch vụ tạm thời không khả dụng, vui lòng thử lại sau."


def error_body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"code": code, "message": message, "detail": detail}
