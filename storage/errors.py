"""The storage exception hierarchy.

Every error the library raises is a `StorageError` with a stable machine ``code`` (the API maps it to an HTTP
error and the frontend switches on it) and a Vietnamese ``message`` meant for the person at the screen. The
English class names and docstrings are for developers; the messages are what users read.
"""

from __future__ import annotations


class StorageError(Exception):
    """Base of every storage failure."""

    code = "storage.error"
    default_message = "Lỗi kho lưu trữ tệp."

    def __init__(self, message: str | None = None, *, key: str | None = None, detail: str | None = None):
        self.message = message or self.default_message
        self.key = key
        self.detail = detail
        super().__init__(self.message)

    def __str__(self) -> str:
        parts = [self.message]
        if self.key is not None:
            parts.append(f"(khóa: {self.key!r})")
        if self.detail:
            parts.append(f"[{self.detail}]")
        return " ".join(parts)


class InvalidKey(StorageError):
    """The object key is unsafe or malformed (``..``, absolute path, control characters, too long...)."""

    code = "storage.invalid_key"
    default_message = "Tên đối tượng lưu trữ không hợp lệ."


class KeyConflict(StorageError):
    """On local files a key cannot be both a file and a folder (``a`` and ``a/b``)."""

    code = "storage.key_conflict"
    default_message = "Tên đối tượng trùng với một thư mục hoặc tệp đã có trong kho."


class ObjectNotFound(StorageError):
    code = "storage.not_found"
    default_message = "Không tìm thấy tệp trong kho lưu trữ."


class ObjectExists(StorageError):
    """A write-once put found the key already taken."""

    code = "storage.exists"
    default_message = "Tệp đã tồn tại trong kho lưu trữ, không thể ghi đè."


class ImmutableObject(StorageError):
    """The object was stored as immutable (a signed version): it can be neither replaced nor deleted."""

    code = "storage.immutable"
    default_message = "Tệp đã được khóa (bất biến), không được sửa hoặc xóa."


class ChecksumMismatch(StorageError):
    """What was read back is not what was stored: the bytes or their length differ from the recorded SHA-256."""

    code = "storage.checksum_mismatch"
    default_message = "Tệp trong kho bị hỏng: mã băm SHA-256 không khớp với bản đã lưu."


class InvalidDownloadToken(StorageError):
    code = "storage.invalid_token"
    default_message = "Liên kết tải xuống không hợp lệ."


class DownloadTokenExpired(InvalidDownloadToken):
    code = "storage.token_expired"
    default_message = "Liên kết tải xuống đã hết hạn."


class InvalidArgument(StorageError):
    code = "storage.invalid_argument"
    default_message = "Tham số không hợp lệ cho thao tác lưu trữ."


class StorageConfigError(StorageError):
    """The storage URL or its options cannot work (unknown scheme, bucket without object lock, ...)."""

    code = "storage.config"
    default_message = "Cấu hình kho lưu trữ không hợp lệ."


class StorageUnavailable(StorageError):
    """The backend did not answer or answered with an error we cannot attribute to the request."""

    code = "storage.unavailable"
    default_message = "Không kết nối được kho lưu trữ tệp."
