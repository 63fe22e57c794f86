"""The VXP axis' request authentication (Trục liên thông văn bản quốc gia, run by the Government Office).

Every request carries its parameters as headers: `systemid` (the agency's account at the axis), `timestamp`,
and the call's own fields (`from`, `servicetype` "eDoc", `messagetype` edoc|status, `docId`, `status`…). Each
is sent under its own name and again as `XroadVnpt-<name>`; `XroadVnpt-sign-header-key` lists the signed
names joined with ";", and `XroadVnpt-sign-header` is the hex HMAC-SHA256, keyed with the agency's secret, of
the JSON object of those names and values in that order. When a body is sent its SHA-256 is one of the signed
headers (`sha256`), so the package cannot be swapped under a valid signature.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from zoneinfo import ZoneInfo

PREFIX = "XroadVnpt-"
SIGN_KEY = "XroadVnpt-sign-header-key"
SIGN = "XroadVnpt-sign-header"
_VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def timestamp(now: datetime) -> str:
    """`ddMMyyyyTHHmmss+SSSS` in Vietnam time, the axis' format (milliseconds in the last four digits)."""
    local = now.astimezone(_VIETNAM)
    return f"{local:%d%m%YT%H%M%S}+{local.microsecond // 1000:04d}"


def signed_json(fields: dict[str, str]) -> bytes:
    """The bytes the signature covers: the fields as one compact JSON object, in the order given."""
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()


def sign(secret: str, fields: dict[str, str]) -> str:
    return hmac.new(secret.encode(), signed_json(fields), hashlib.sha256).hexdigest()


def request_headers(
    systemid: str, secret: str, fields: dict[str, str], *, now: datetime, body: bytes | None = None
) -> dict[str, str]:
    """The headers of one call: every field plain and prefixed, the signed names and the signature."""
    signed = {"systemid": systemid, "timestamp": timestamp(now), **fields}
    if body is not None:
        signed["sha256"] = hashlib.sha256(body).hexdigest()
    headers: dict[str, str] = {}
    for name, value in signed.items():
        headers[name] = value
        headers[PREFIX + name] = value
    headers[SIGN_KEY] = ";".join(signed)
    headers[SIGN] = sign(secret, signed)
    return headers
