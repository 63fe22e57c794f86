"""Transport authentication: an HMAC-SHA256 over the request, with a secret shared by the two ends.

The signed text binds the time, method, path, sender, recipient, idempotency key and the body's SHA-256, so
a captured request can neither be altered nor replayed outside the allowed clock skew (and a replay inside
it is absorbed by the receiver's idempotency key).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping
from urllib.parse import quote, unquote

from eoffice.exchange.errors import TransportAuthFailed

SENDER = "X-Edxml-Sender"
RECIPIENT = "X-Edxml-Recipient"
KEY = "X-Edxml-Key"
TIMESTAMP = "X-Edxml-Timestamp"
SIGNATURE = "X-Edxml-Signature"


def _canonical(
    method: str, path: str, sender: str, recipient: str, key: str, timestamp: str, body: bytes
) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    return "\n".join((timestamp, method.upper(), path, sender, recipient, key, digest)).encode()


def sign_headers(
    secret: str, method: str, path: str, *, sender: str, recipient: str = "", key: str = "", body: bytes = b""
) -> dict[str, str]:
    """The headers that authenticate one request (the key is percent-encoded: headers are ASCII)."""
    key = quote(key, safe="")
    timestamp = str(int(time.time()))
    mac = hmac.new(
        secret.encode(), _canonical(method, path, sender, recipient, key, timestamp, body), hashlib.sha256
    )
    return {SENDER: sender, RECIPIENT: recipient, KEY: key, TIMESTAMP: timestamp, SIGNATURE: mac.hexdigest()}


def verify_headers(
    secret: str, method: str, path: str, headers: Mapping[str, str], body: bytes, *, max_skew: int
) -> None:
    """Raise `TransportAuthFailed` unless the headers carry a fresh, matching signature."""
    timestamp = headers.get(TIMESTAMP, "")
    try:
        age = abs(time.time() - int(timestamp))
    except ValueError:
        raise TransportAuthFailed() from None
    if age > max_skew:
        raise TransportAuthFailed("Yêu cầu liên thông đã quá hạn (lệch giờ quá lớn hoặc gửi lại yêu cầu cũ).")
    expected = hmac.new(
        secret.encode(),
        _canonical(
            method,
            path,
            headers.get(SENDER, ""),
            headers.get(RECIPIENT, ""),
            headers.get(KEY, ""),
            timestamp,
            body,
        ),
        hashlib.sha256,
    ).hexdigest()
    if not hmac.compare_digest(expected, headers.get(SIGNATURE, "")):
        raise TransportAuthFailed()


def key_from(headers: Mapping[str, str]) -> str:
    """The idempotency key a request carries, decoded."""
    return unquote(headers.get(KEY, ""))
