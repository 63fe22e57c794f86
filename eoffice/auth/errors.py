"""Authentication errors, each with a stable code and a Vietnamese message."""

from __future__ import annotations

from eoffice.errors import EOfficeError, Forbidden, InvalidInput, Unauthenticated


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


class WeakPassword(InvalidInput):
    code = "auth.weak_password"
    message = (
        "Mật khẩu phải có ít nhất 12 ký tự và khó đoán: không dùng dãy như 12345678, từ thông dụng như "
        "password, matkhau, hay tên đăng nhập. Nên dùng một câu ngắn dễ nhớ, ví dụ: ca-phe-sang-thu-hai-7."
    )


class CurrentPasswordWrong(InvalidInput):
    code = "auth.current_password_wrong"
    message = "Mật khẩu hiện tại không đúng."
