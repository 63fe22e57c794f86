"""Why processing a file failed: stable codes and Vietnamese reasons, shown by the API as they are stored.

A `ProcessingError` with `retry = False` is the file's fault (malformed, a DOCX bomb, too slow): the stage is
failed at once. `retry = True` is the environment's fault (a service down): the stage is tried again, at most
`MAX_ATTEMPTS` times in all.
"""

from __future__ import annotations

from eoffice.errors import EOfficeError


class ProcessingError(EOfficeError):
    status_code = 422
    code = "processing.failed"
    message = "Không xử lý được tệp."
    retry = False


class FileUnreadable(ProcessingError):
    """The file's own problem as the extractor reported it (its code, e.g. `document.malformed`, is kept)."""

    code = "document.unreadable"
    message = "Không đọc được nội dung tệp."


class ArchiveBomb(ProcessingError):
    code = "processing.archive_bomb"
    message = "Tệp DOCX giải nén ra dung lượng quá lớn (nghi là tệp độc hại), không xử lý."


class ProcessingTimeout(ProcessingError):
    code = "processing.timeout"
    message = "Xử lý tệp vượt quá thời gian cho phép."


class OcrFailed(ProcessingError):
    code = "processing.ocr_failed"
    message = "Không nhận dạng được ký tự (OCR) trong tệp."


class ConversionFailed(ProcessingError):
    code = "processing.conversion_failed"
    message = "Không chuyển đổi được tệp DOCX sang PDF."


class TooManyAttempts(ProcessingError):
    code = "processing.too_many_attempts"
    message = "Đã thử xử lý nhiều lần không thành công (tệp có thể bị hỏng hoặc quá lớn)."


class BackendUnavailable(ProcessingError):
    """Storage or search did not answer; the stage will be retried."""

    status_code = 503
    code = "processing.backend_unavailable"
    message = "Kho lưu trữ hoặc dịch vụ tìm kiếm tạm thời không khả dụng; sẽ thử lại."
    retry = True


class WaitTimedOut(ProcessingError):
    """`wait_until_processed` gave up: the work goes on in the background."""

    status_code = 504
    code = "processing.wait_timeout"
    message = "Hết thời gian chờ xử lý văn bản; việc xử lý vẫn tiếp tục ở chế độ nền."
