"""The few S3 calls the ``minio`` SDK does not expose with the headers we need, and error translation.

Conditional writes (``If-None-Match: *`` / ``If-Match``) on PutObject and CompleteMultipartUpload are what
make "exactly one writer wins" hold on the server itself, but the SDK's public ``put_object`` cannot send
them. These helpers use the SDK's request layer (``_execute`` and the multipart primitives behind
``put_object``), which is stable across the 7.x line pinned in ``pyproject.toml``; signing, retries and
endpoint handling stay the SDK's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from xml.etree import ElementTree

from minio import Minio
from minio.error import InvalidResponseError, MinioException, S3Error, ServerError
from minio.helpers import md5sum_hash
from urllib3.exceptions import HTTPError

from storage.errors import ObjectNotFound, StorageError, StorageUnavailable

S3_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
NOT_FOUND_CODES = {"NoSuchKey", "NoSuchVersion", "NoSuchObject", "NotFound", "ResourceNotFound"}
PRECONDITION_FAILED = "PreconditionFailed"


class BackendError(StorageError):
    """The S3 server refused the request for a reason of its own (permissions, quota, ...)."""

    code = "storage.backend"
    default_message = "Kho lưu trữ S3 từ chối thao tác."


@contextmanager
def translated(key: str | None = None) -> Iterator[None]:
    """Turn SDK and transport errors into the storage hierarchy (`StorageError`s pass through)."""
    try:
        yield
    except StorageError:
        raise
    except S3Error as error:
        if error.code in NOT_FOUND_CODES:
            raise ObjectNotFound(key=key) from error
        raise BackendError(key=key, detail=f"{error.code}: {error.message}") from error
    except (ServerError, HTTPError, OSError) as error:
        raise StorageUnavailable(key=key, detail=str(error)) from error
    except (InvalidResponseError, MinioException) as error:
        raise BackendError(key=key, detail=str(error)) from error


class ConditionFailed(Exception):
    """The server refused a conditional write (HTTP 412): someone else wrote the key first."""


@contextmanager
def _conditional() -> Iterator[None]:
    try:
        yield
    except S3Error as error:
        if error.code == PRECONDITION_FAILED:
            raise ConditionFailed(error.code) from error
        raise


def put_single(client: Minio, bucket: str, key: str, body: bytes | bytearray, headers: dict[str, str]) -> str:
    """PutObject with exactly ``headers`` (`ConditionFailed` on 412); returns the new version id."""
    with _conditional():
        result = client._put_object(bucket, key, body, dict(headers))  # type: ignore[arg-type]
    return str(result.version_id or "")


def create_multipart(client: Minio, bucket: str, key: str, headers: dict[str, str]) -> str:
    return client._create_multipart_upload(bucket, key, dict(headers))


def upload_part(
    client: Minio, bucket: str, key: str, upload_id: str, number: int, body: bytes | bytearray
) -> str:
    return client._upload_part(bucket, key, body, None, upload_id, number)  # type: ignore[arg-type]


def abort_multipart(client: Minio, bucket: str, key: str, upload_id: str) -> None:
    client._abort_multipart_upload(bucket, key, upload_id)


def complete_multipart(
    client: Minio,
    bucket: str,
    key: str,
    upload_id: str,
    etags: list[str],
    headers: dict[str, str],
) -> str:
    """CompleteMultipartUpload with conditional ``headers`` (`ConditionFailed` on 412); returns the new
    version id."""
    root = ElementTree.Element("CompleteMultipartUpload")
    for number, etag in enumerate(etags, start=1):
        part = ElementTree.SubElement(root, "Part")
        ElementTree.SubElement(part, "PartNumber").text = str(number)
        ElementTree.SubElement(part, "ETag").text = f'"{etag}"'
    body = ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)
    request_headers: dict[str, Any] = {"Content-Type": "application/xml", "Content-MD5": md5sum_hash(body)}
    request_headers.update(headers)
    with _conditional():
        response = client._execute(
            "POST", bucket, key, body=body, headers=request_headers, query_params={"uploadId": upload_id}
        )
    # Some servers answer 200 with an <Error> body when completion fails late (AWS documents this).
    data = response.data
    if data and b"<Error>" in data[:512]:
        element = ElementTree.fromstring(data)
        code = element.findtext("Code") or element.findtext(f"{S3_NS}Code") or "InternalError"
        message = element.findtext("Message") or element.findtext(f"{S3_NS}Message") or ""
        if code == PRECONDITION_FAILED:
            raise ConditionFailed(code)
        raise BackendError(key=key, detail=f"{code}: {message}")
    return str(response.headers.get("x-amz-version-id") or "")
