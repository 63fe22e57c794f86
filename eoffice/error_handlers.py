"""How every error reaches an API client: one JSON shape, ``{code, message, detail}``, with its HTTP status.

Apart from `eoffice.errors` because this needs FastAPI, pydantic and the three libraries' error classes (whose
packages import pyHanko, the S3 client…): a sandboxed processing child or a CLI command that only raises an
`EOfficeError` should not pay a second of imports for handlers it never installs.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from eoffice.errors import EOfficeError, error_body
from search import errors as search_errors
from signing import errors as signing_errors
from storage import errors as storage_errors

log = logging.getLogger(__name__)


class ErrorOut(BaseModel):
    """The one error shape, documented in OpenAPI for every 4xx answer."""

    code: str
    message: str
    detail: Any = None


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorOut, "description": "Lỗi {code, message, detail}"}
}

_HTTP_MESSAGES = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: ("unauthenticated", "Bạn cần đăng nhập."),
    403: ("forbidden", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", "Không tìm thấy."),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ."),
    413: ("file.too_large", "Tệp vượt quá dung lượng cho phép."),
    429: ("too_many_requests", "Quá nhiều yêu cầu, vui lòng thử lại sau."),
}


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "body"


# Library errors carry a stable `code` and a Vietnamese `message` of their own (storage/, search/, signing/);
# here, once, is what each means to an API client. An unlisted subclass takes its nearest listed base.
_LIBRARY_STATUS: dict[type[Exception], int] = {
    storage_errors.StorageError: 500,
    storage_errors.InvalidKey: 422,
    storage_errors.InvalidArgument: 422,
    storage_errors.KeyConflict: 409,
    storage_errors.ObjectExists: 409,
    storage_errors.ImmutableObject: 409,
    storage_errors.ObjectNotFound: 404,
    storage_errors.ChecksumMismatch: 500,
    storage_errors.InvalidDownloadToken: 403,
    storage_errors.StorageConfigError: 503,
    storage_errors.StorageUnavailable: 503,
    search_errors.SearchError: 503,
    search_errors.InvalidQuery: 422,
    search_errors.InvalidDocument: 422,
    signing_errors.SigningError: 409,
    signing_errors.InvalidPdfError: 422,
    signing_errors.EncryptedPdfError: 422,
    signing_errors.KeyUnavailableError: 503,
    signing_errors.RevocationUnavailableError: 503,
    signing_errors.TimestampUnavailableError: 503,
    signing_errors.FontNotFoundError: 503,
}
_LIBRARY_MESSAGES: dict[type[Exception], str] = {
    storage_errors.ObjectNotFound: (
        "Tệp của văn bản không còn trong kho lưu trữ. Hãy báo quản trị viên khôi phục từ bản sao lưu."
    ),
}


def library_status(exc: Exception) -> int:
    """The HTTP status of a library error: that of its class or its nearest listed base."""
    for cls in type(exc).__mro__:
        if cls in _LIBRARY_STATUS:
            return _LIBRARY_STATUS[cls]
    return 500


def install_error_handlers(app: FastAPI) -> None:
    async def _library_error(_request: Request, exc: Exception) -> JSONResponse:
        """A storage, search or signing failure that no service turned into its own error."""
        status = library_status(exc)
        message = _LIBRARY_MESSAGES.get(type(exc)) or str(getattr(exc, "message", "Đã có lỗi xảy ra."))
        log.warning("library error %s answered %s: %s", type(exc).__name__, status, exc)
        return JSONResponse(error_body(str(getattr(exc, "code", "error")), message), status_code=status)

    for base in (storage_errors.StorageError, search_errors.SearchError, signing_errors.SigningError):
        app.add_exception_handler(base, _library_error)

    @app.exception_handler(EOfficeError)
    async def _eoffice_error(_request: Request, exc: EOfficeError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message, exc.detail), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [
            {
                "field": _field_name(tuple(err.get("loc", ()))),
                "problem": err.get("msg", ""),
                "type": err.get("type"),
            }
            for err in exc.errors()
        ]
        names = ", ".join(sorted({f["field"] for f in fields}))
        return JSONResponse(
            error_body("invalid_input", f"Dữ liệu không hợp lệ ở các trường: {names}.", fields),
            status_code=422,
        )

    @app.exception_handler(OverflowError)
    async def _overflow(_request: Request, _exc: OverflowError) -> JSONResponse:
        # An id beyond what the database can hold cannot name anything that exists.
        return JSONResponse(error_body("not_found", "Không tìm thấy."), status_code=404)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_MESSAGES.get(exc.status_code, ("error", "Đã có lỗi xảy ra."))
        return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=exc.headers)
