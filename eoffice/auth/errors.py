"""Authentication errors, each with a stable code and a Vietnamese message."""

from __future__ import annotations

from eoffice.errors import EOfficeError, Forbidden, Unauthenticated


class InvalidCredentials(Unauthenticated):
    """Deliberately the same for an unknown user, a wrong password and a disabled account."""

    code = "auth.invalid_credentials"
    message = "Tên đăng nhập hoặc mật khẩu không đúng."


class TokenInvalid(Unauthenticated):
    code = "auth.token_invalid"
    message = "Phiên đăng nhập không hợp lệ hoặc đã hết hạn, vui lòng đăng nhập lại."


class CsrfRejected(Forbidden):
    code = "auth.csrf"
    message = "Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token)."


class TooManyLogins(EOfficeError):
    status_code = 429
    code = "auth.too_many_attempts"
    message = "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau một phút."
