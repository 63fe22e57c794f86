"""Errors of the exchange slice: edXML packages, transports, the hub and the received-items queue.

Codes are stable (clients, the sender's status view and tests rely on them); messages are Vietnamese.
"""

from __future__ import annotations

from eoffice.errors import Conflict, EOfficeError, Forbidden, InvalidInput, NotFound, TooLarge


class ExchangeError(EOfficeError):
    """Base of every exchange error."""

    code = "exchange.error"
    message = "Lỗi liên thông văn bản."


class EdxmlError(ExchangeError, InvalidInput):
    """A package eOffice refuses to read; `code` says why (`edxml.*`)."""

    code = "edxml.invalid"
    message = "Gói tin edXML không hợp lệ."


class EdxmlNotWellFormed(EdxmlError):
    code = "edxml.not_well_formed"
    message = "Gói tin edXML không phải là XML hợp lệ (không đúng cú pháp)."


class EdxmlDoctypeForbidden(EdxmlError):
    code = "edxml.doctype_forbidden"
    message = "Gói tin edXML chứa khai báo DOCTYPE/thực thể; eOffice không chấp nhận để tránh tấn công XXE."


class EdxmlTooLarge(EdxmlError, TooLarge):
    status_code = 413
    code = "edxml.too_large"
    message = "Gói tin edXML hoặc tệp đính kèm vượt quá dung lượng cho phép."


class EdxmlInvalid(EdxmlError):
    code = "edxml.invalid"
    message = "Gói tin edXML không đúng cấu trúc QCVN 102:2016/BTTTT."


class EdxmlAttachmentInvalid(EdxmlError):
    code = "edxml.attachment_invalid"
    message = "Tệp đính kèm trong gói tin edXML không đọc được."


class PeerUnknown(ExchangeError, Forbidden):
    code = "exchange.peer_unknown"
    message = "Cơ quan gửi/nhận chưa được khai báo kết nối liên thông."


class PeerNotFound(ExchangeError, NotFound):
    code = "exchange.peer_not_found"
    message = "Không có kết nối liên thông này."


class TransportAuthFailed(ExchangeError, Forbidden):
    status_code = 401
    code = "exchange.auth_failed"
    message = "Xác thực kênh liên thông thất bại (chữ ký HMAC không khớp hoặc đã quá hạn)."


class SignatureRejected(ExchangeError, InvalidInput):
    code = "exchange.signature_invalid"
    message = "Chữ ký số trên văn bản điện tử không hợp lệ; gói tin bị từ chối."


class ReceivedNotFound(ExchangeError, NotFound):
    code = "exchange.received_not_found"
    message = "Không tìm thấy văn bản liên thông đến."


class ExchangeWrongState(ExchangeError, Conflict):
    code = "exchange.wrong_state"
    message = "Văn bản liên thông không ở trạng thái cho phép thao tác này."


class TransportFailed(ExchangeError):
    """Sending failed. `permanent` means retrying cannot help (the receiver refused the package itself)."""

    status_code = 502
    code = "exchange.transport_failed"
    message = "Không gửi được gói tin liên thông."

    def __init__(
        self, message: str | None = None, *, permanent: bool = False, code: str | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.permanent = permanent


class PeerAddressRefused(ExchangeError, InvalidInput):
    """A peer or hub endpoint outside what `EOFFICE_EXCHANGE_PEER_*` allows (loopback, private, another
    scheme…): the server would otherwise connect wherever an admin points it."""

    code = "exchange.peer_address_refused"
    message = "Địa chỉ kết nối liên thông không được phép."
