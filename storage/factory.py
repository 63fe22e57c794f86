"""`open_object_store`: one URL setting (``EOFFICE_STORAGE_URL``) chooses and configures the adapter.

* ``file:///abs/path`` or ``file:relative/path`` -> `LocalObjectStore` (options: ``download_base``,
  ``download_secret``).
* ``s3://ACCESS:SECRET@HOST:PORT/BUCKET?secure=false&region=us-east-1&retention_days=N`` ->
  `S3ObjectStore` on any S3 server; the bucket is created with object lock if missing. Options:
  ``secure`` (HTTPS; defaults to false only for a loopback host, so a remote server is never spoken to in
  clear by accident), ``region``, ``retention_days`` (default 3650), ``retention_mode``
  (COMPLIANCE|GOVERNANCE), ``part_size_mb`` (default 8), ``parallel`` (default 3), ``create_bucket``,
  ``connections`` (HTTP connections kept open, default 50: one per API thread).

Options come from the URL's query string or from keyword arguments (which win).
"""

from __future__ import annotations

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import certifi
import urllib3
from minio import Minio

from storage.errors import StorageConfigError
from storage.local import DEFAULT_DOWNLOAD_BASE, LocalObjectStore
from storage.port import ObjectStore
from storage.s3 import S3ObjectStore

_LOCAL_OPTIONS = {"download_base", "download_secret"}
_S3_OPTIONS = {
    "secure",
    "region",
    "retention_days",
    "retention_mode",
    "part_size_mb",
    "parallel",
    "create_bucket",
    "connect_timeout",
    "connections",
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise StorageConfigError(f"Tùy chọn {name} phải là true hoặc false.", detail=str(value))


def _number(name: str, value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise StorageConfigError(f"Tùy chọn {name} phải là số nguyên.", detail=str(value)) from error


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _options(query: str, overrides: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    options: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    options.update(overrides)
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise StorageConfigError("Tùy chọn kho lưu trữ không được hỗ trợ.", detail=", ".join(unknown))
    return options


def open_object_store(url: str, **options: Any) -> ObjectStore:
    """The `ObjectStore` the URL names, ready to use (an S3 bucket is checked or created now)."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return _open_local(url, parts.netloc, parts.path, _options(parts.query, options, _LOCAL_OPTIONS))
    if parts.scheme == "s3":
        return _open_s3(parts.netloc, parts.path, _options(parts.query, options, _S3_OPTIONS))
    raise StorageConfigError(
        "URL kho lưu trữ phải bắt đầu bằng file: hoặc s3://.", detail=parts.scheme or url.split(":", 1)[0]
    )


def _open_local(url: str, netloc: str, path: str, options: dict[str, Any]) -> LocalObjectStore:
    if netloc not in ("", "localhost"):
        raise StorageConfigError("URL file: chỉ trỏ tới máy này (file:///đường/dẫn).", detail=netloc)
    path = unquote(path)
    if not path:
        raise StorageConfigError("URL file: thiếu đường dẫn thư mục.")
    if url.startswith("file://") and not path.startswith("/"):
        raise StorageConfigError("Đường dẫn trong URL file:// phải là tuyệt đối.")
    return LocalObjectStore(
        Path(path),
        download_base=str(options.get("download_base") or DEFAULT_DOWNLOAD_BASE),
        download_secret=options.get("download_secret") or None,
    )


def _open_s3(netloc: str, path: str, options: dict[str, Any]) -> S3ObjectStore:
    location = urlsplit(f"//{netloc}")
    host = location.hostname
    bucket = unquote(path).strip("/")
    if not host or not bucket or "/" in bucket:
        raise StorageConfigError("URL S3 phải có dạng s3://KHÓA:BÍ_MẬT@MÁY:CỔNG/BUCKET.")
    access = unquote(location.username or "")
    secret = unquote(location.password or "")
    if not access or not secret:
        raise StorageConfigError("URL S3 thiếu khóa truy cập hoặc khóa bí mật.")
    try:
        port = location.port
    except ValueError as error:
        raise StorageConfigError("Cổng trong URL S3 không hợp lệ.") from error
    endpoint = f"[{host}]" if ":" in host else host
    if port:
        endpoint = f"{endpoint}:{port}"
    secure = _flag("secure", options["secure"]) if "secure" in options else not _is_loopback(host)
    parallel = _number("parallel", options.get("parallel", 3))
    connect_timeout = _number("connect_timeout", options.get("connect_timeout", 10))
    http = urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=connect_timeout, read=300),
        # one kept connection per API thread; urllib3's default of 10 discarded hundreds a minute under load
        maxsize=max(_number("connections", options.get("connections", 50)), parallel + 4),
        retries=urllib3.Retry(total=3, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]),
        cert_reqs="CERT_REQUIRED",
        ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
    )
    client = Minio(
        endpoint,
        access_key=access,
        secret_key=secret,
        secure=secure,
        region=str(options.get("region") or "us-east-1"),
        http_client=http,
    )
    store = S3ObjectStore(
        client,
        bucket,
        retention=timedelta(days=_number("retention_days", options.get("retention_days", 3650))),
        retention_mode=str(options.get("retention_mode", "COMPLIANCE")).upper(),
        part_size=_number("part_size_mb", options.get("part_size_mb", 8)) << 20,
        parallel=parallel,
    )
    store.ensure_bucket(create=_flag("create_bucket", options.get("create_bucket", True)))
    return store
