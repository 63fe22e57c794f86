"""Object keys: one validation for every adapter, so a key that works on local files works on S3 and back.

Keys are NFC-normalised (a file name typed on macOS arrives decomposed, NFD; without normalising the same
Vietnamese name would be two objects) and must be safe as a relative path on disk: no ``..`` or ``.``
segments, no leading ``/``, no backslash, no empty segment, no NUL or other control character. Limits follow
the stricter of S3 (1024 bytes of UTF-8 per key) and common file systems (255 bytes per segment). Segments
starting with ``.eoffice`` are reserved for the local store's own files.
"""

from __future__ import annotations

import unicodedata

from storage.errors import InvalidKey

MAX_KEY_BYTES = 1024
MAX_SEGMENT_BYTES = 255
RESERVED_PREFIX = ".eoffice"


def _invalid(reason: str, key: object) -> InvalidKey:
    shown = key if isinstance(key, str) else repr(key)
    return InvalidKey(f"Tên đối tượng lưu trữ không hợp lệ: {reason}.", key=shown[:200])


def validate_key(key: object) -> str:
    """Return the NFC form of ``key`` or raise `InvalidKey` saying what is wrong with it."""
    if not isinstance(key, str):
        raise _invalid("tên phải là chuỗi ký tự", key)
    if not key:
        raise _invalid("tên rỗng", key)
    for char in key:
        category = unicodedata.category(char)
        if category == "Cc":
            raise _invalid(f"chứa ký tự điều khiển U+{ord(char):04X}", key)
        if category == "Cs":
            raise _invalid("chứa ký tự Unicode không hợp lệ (surrogate)", key)
    key = unicodedata.normalize("NFC", key)
    if key.startswith("/"):
        raise _invalid("không được là đường dẫn tuyệt đối (bắt đầu bằng '/')", key)
    if "\\" in key:
        raise _invalid("không được chứa dấu '\\'", key)
    if len(key.encode("utf-8")) > MAX_KEY_BYTES:
        raise _invalid(f"dài quá {MAX_KEY_BYTES} byte UTF-8", key)
    for segment in key.split("/"):
        if segment == "":
            raise _invalid("có đoạn rỗng ('//' hoặc '/' ở cuối)", key)
        if segment in (".", ".."):
            raise _invalid(f"không được chứa đoạn '{segment}'", key)
        if segment.startswith(RESERVED_PREFIX):
            raise _invalid(f"đoạn bắt đầu bằng '{RESERVED_PREFIX}' được dành riêng cho hệ thống", key)
        if len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES:
            raise _invalid(f"có đoạn dài quá {MAX_SEGMENT_BYTES} byte UTF-8", key)
    return key


def validate_prefix(prefix: object) -> str:
    """A listing prefix: any beginning of a valid key (it may end with ``/`` or in the middle of a name)."""
    if not isinstance(prefix, str):
        raise _invalid("tiền tố phải là chuỗi ký tự", prefix)
    if prefix == "":
        return prefix
    if prefix.endswith("/"):
        return validate_key(prefix[:-1]) + "/"
    return validate_key(prefix)
