"""Lỗi của gói ký số: one hierarchy, each error with a stable code and a Vietnamese message.

The application maps ``SigningError.code`` to its API error ``code`` and shows ``message`` to the user, so
codes never change once published; the English docstrings say when each is raised.
"""

from __future__ import annotations


class SigningError(Exception):
    """Base of every error raised by the ``signing`` package."""

    code = "signing.error"
    default_message = "Lỗi ký số."

    def __init__(self, message: str | None = None, *, detail: str | None = None) -> None:
        self.message = message or self.default_message
        self.detail = detail
        super().__init__(self.message if detail is None else f"{self.message} ({detail})")


class InvalidPdfError(SigningError):
    """The input is not a readable PDF: empty, not PDF at all, or a broken cross-reference table."""

    code = "signing.invalid_pdf"
    default_message = "Tệp không phải là tài liệu PDF hợp lệ hoặc đã bị hỏng."


class EncryptedPdfError(SigningError):
    """The PDF is encrypted; we neither decrypt nor sign protected documents."""

    code = "signing.encrypted_pdf"
    default_message = "Tài liệu PDF đã được mã hóa, không thể ký."


class DocumentLockedError(SigningError):
    """The PDF carries a certification signature that allows no further changes (DocMDP level 1)."""

    code = "signing.document_locked"
    default_message = "Tài liệu đã được khóa bởi chữ ký chứng thực, không cho phép ký thêm."


class KeyUnavailableError(SigningError):
    """The key could not be opened: wrong password/PIN, unreadable key file, missing certificate."""

    code = "signing.key_unavailable"
    default_message = "Không mở được khóa ký: sai mật khẩu/mã PIN hoặc tệp khóa không hợp lệ."


class CertificateExpiredError(SigningError):
    """The signer's certificate is outside its validity period at signing time."""

    code = "signing.certificate_expired"
    default_message = "Chứng thư số của người ký đã hết hạn hoặc chưa có hiệu lực."


class CertificateRevokedError(SigningError):
    """The signer's certificate has been revoked (OCSP/CRL said so when collecting revocation data)."""

    code = "signing.certificate_revoked"
    default_message = "Chứng thư số của người ký đã bị thu hồi."


class CertificateUntrustedError(SigningError):
    """The signer's certificate does not chain to a trusted root (needed to embed validation data)."""

    code = "signing.certificate_untrusted"
    default_message = "Không xây dựng được chuỗi tin cậy cho chứng thư số của người ký."


class RevocationUnavailableError(SigningError):
    """B-LT/B-LTA needs OCSP/CRL answers, and the revocation services could not be reached."""

    code = "signing.revocation_unavailable"
    default_message = "Không lấy được thông tin thu hồi (OCSP/CRL) để nhúng vào chữ ký."


class TimestampUnavailableError(SigningError):
    """The time-stamp authority did not answer or answered garbage; we never fall back to the local clock."""

    code = "signing.timestamp_unavailable"
    default_message = "Máy chủ cấp dấu thời gian không phản hồi hoặc trả lời không hợp lệ."


class FontNotFoundError(SigningError):
    """No TTF that renders Vietnamese was found for the signature appearance."""

    code = "signing.font_not_found"
    default_message = (
        "Không tìm thấy phông chữ hỗ trợ tiếng Việt (Liberation Serif hoặc DejaVu Serif) để hiển thị chữ ký."
    )


class SignerBlockNotFoundError(SigningError):
    """Automatic placement found neither the signer's name nor the position line in the PDF's text."""

    code = "signing.signer_block_not_found"
    default_message = "Không tìm thấy vị trí ký (chức vụ, họ tên người ký) trong văn bản."


class SigningFailedError(SigningError):
    """pyHanko refused to sign for a reason not covered above."""

    code = "signing.failed"
    default_message = "Ký số không thành công."


class RemoteSigningError(SigningError):
    """A remote-signing service (VNPT SmartCA) answered with an error we have no better code for."""

    code = "signing.remote_error"
    default_message = "Dịch vụ ký số từ xa báo lỗi."


class RemoteSigningUnavailableError(RemoteSigningError):
    """The remote-signing service could not be reached, timed out, or answered something unreadable."""

    code = "signing.remote_unavailable"
    default_message = "Không kết nối được dịch vụ ký số từ xa; vui lòng thử lại sau."


class RemoteSigningAuthError(RemoteSigningError):
    """The service refused the integration's client id/secret or the holder's account credentials."""

    code = "signing.remote_auth"
    default_message = "Tài khoản ký số từ xa hoặc thông tin tích hợp không đúng."


class RemoteCredentialNotFoundError(RemoteSigningError):
    """The holder's account has no such credential (certificate) at the service."""

    code = "signing.remote_credential"
    default_message = "Không tìm thấy chứng thư số này trong tài khoản ký số từ xa."
