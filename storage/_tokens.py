"""HMAC-signed download tokens for the local store: the app serves ``<base>/<token>`` without a session.

A token is ``base64url(payload) "." base64url(HMAC-SHA256(secret, payload))`` where the payload is compact
JSON ``{"k": key, "e": expiry (unix seconds), "f": file name or null}``. Nothing in it is secret (the key is
visible to whoever holds the link) but nothing can be changed without the secret, and the expiry is checked
on every use. Comparison is constant-time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

from storage.errors import DownloadTokenExpired, InvalidArgument, InvalidDownloadToken
from storage.port import DownloadGrant

MAX_EXPIRY = timedelta(days=7)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def check_expiry(expires: timedelta) -> None:
    """Both adapters accept the same range: S3 presigned URLs cannot live longer than seven days."""
    if not isinstance(expires, timedelta) or not timedelta(seconds=1) <= expires <= MAX_EXPIRY:
        raise InvalidArgument("Thời hạn liên kết tải xuống phải từ 1 giây đến 7 ngày.", detail=str(expires))


def issue(
    secret: bytes, key: str, expires: timedelta, filename: str | None, now: datetime | None = None
) -> str:
    check_expiry(expires)
    moment = (now or datetime.now(UTC)) + expires
    payload = json.dumps(
        {"k": key, "e": int(moment.timestamp()), "f": filename}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    signature = hmac.new(secret, payload, hashlib.sha256).digest()
    return f"{_b64(payload)}.{_b64(signature)}"


def verify(secret: bytes, token: str, now: datetime | None = None) -> DownloadGrant:
    if not isinstance(token, str) or token.count(".") != 1:
        raise InvalidDownloadToken(detail="định dạng")
    encoded_payload, encoded_signature = token.split(".")
    try:
        payload = _unb64(encoded_payload)
        signature = _unb64(encoded_signature)
    except (binascii.Error, ValueError) as error:
        raise InvalidDownloadToken(detail="base64") from error
    expected = hmac.new(secret, payload, hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        raise InvalidDownloadToken(detail="chữ ký")
    fields = json.loads(payload)
    expiry = datetime.fromtimestamp(int(fields["e"]), UTC)
    if (now or datetime.now(UTC)) >= expiry:
        raise DownloadTokenExpired(key=fields["k"])
    return DownloadGrant(key=fields["k"], filename=fields["f"], expires=expiry)
