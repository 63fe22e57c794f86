"""Opening an input PDF for signing or validation, with a clear error for each way it can be wrong."""

from __future__ import annotations

import io
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm

from signing.errors import DocumentLockedError, EncryptedPdfError, InvalidPdfError


def _check_header(data: bytes) -> None:
    if not data:
        raise InvalidPdfError("Tệp rỗng (0 byte), không phải tài liệu PDF.")
    if b"%PDF-" not in data[:1024]:
        raise InvalidPdfError("Tệp không phải là tài liệu PDF.")


def open_reader(data: bytes) -> PdfFileReader:
    """A strict-enough reader: refuses empty/non-PDF/broken files and encrypted ones."""
    _check_header(data)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise EncryptedPdfError()
        _ = reader.root["/Pages"]["/Count"]
    except EncryptedPdfError:
        raise
    except Exception as exc:
        raise InvalidPdfError(detail=f"{type(exc).__name__}: {exc}") from exc
    return reader


def open_writer(data: bytes) -> IncrementalPdfFileWriter:
    """An incremental writer over ``data`` (the original bytes are never modified)."""
    open_reader(data)
    try:
        return IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise InvalidPdfError(detail=f"{type(exc).__name__}: {exc}") from exc


def _deref(value: Any) -> Any:
    return value.get_object() if isinstance(value, generic.IndirectObject) else value


def refuse_if_locked(reader: PdfFileReader) -> None:
    """A certification signature with "no changes" or a field lock with P=1 forbids another signature."""
    try:
        perms = _deref(reader.root.get("/Perms"))
        docmdp = _deref(perms.get("/DocMDP")) if perms is not None else None
        if docmdp is not None:
            for reference in _deref(docmdp.get("/Reference", [])):
                params = _deref(_deref(reference).get("/TransformParams", {}))
                if int(params.get("/P", 2)) == MDPPerm.NO_CHANGES.value:
                    raise DocumentLockedError()
        for embedded in reader.embedded_regular_signatures:
            lock = _deref(embedded.sig_field.get("/Lock"))
            if lock is not None and int(lock.get("/P", 0)) == MDPPerm.NO_CHANGES.value:
                raise DocumentLockedError()
    except DocumentLockedError:
        raise
    except Exception as exc:
        raise InvalidPdfError(detail=f"{type(exc).__name__}: {exc}") from exc
