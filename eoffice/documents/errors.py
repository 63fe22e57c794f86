"""Errors of the documents slice: upload limits and document states, each with a stable code."""

from __future__ import annotations

from eoffice.errors import Conflict, EOfficeError, InvalidInput, TooLarge


class FileEmpty(InvalidInput):
    code = "file.empty"
    message = "Tệp tải lên rỗng (0 byte)."


class UnsupportedFileType(EOfficeError):
    status_code = 415
    code = "file.unsupported_type"
    message = "Định dạng tệp không được hỗ trợ."


class FileTooLarge(TooLarge):
    code = "file.too_large"
    message = "Tệp vượt quá dung lượng cho phép."


class WrongState(Conflict):
    """The document is not in a state that allows the action (e.g. approving a draft not yet submitted)."""

    code = "document.wrong_state"
    message = "Văn bản không ở trạng thái cho phép thao tác này."


class StorageFailed(EOfficeError):
    status_code = 503
    code = "file.storage_unavailable"
    message = "Kho lưu trữ tệp tạm thời không khả dụng, vui lòng thử lại sau."


class FileMalformed(InvalidInput):
    code = "file.malformed"
    message = "Tệp bị hỏng hoặc không đọc được."


class FileUnsafe(InvalidInput):
    code = "file.unsafe"
    message = "Tệp có nội dung không an toàn và bị từ chối."
