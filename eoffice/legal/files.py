"""Đọc tệp dữ liệu văn bản pháp luật: the JSON and CSV files ``eoffice legal import`` loads.

The whole file is read and validated before anything is written, so a file with one bad record loads nothing
and the error lists every bad record with its line (CSV) or position (JSON). Schema: docs/LEGAL_CORPUS.md.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from eoffice.legal.errors import InvalidCorpusFile
from eoffice.legal.records import LegalRecord

__all__ = ["MAX_FILE_BYTES", "describe_error", "parse_records", "read_corpus_file"]

MAX_FILE_BYTES = 200 * 1024 * 1024
_FIELDS = tuple(LegalRecord.model_fields)
_REQUIRED = tuple(name for name, field in LegalRecord.model_fields.items() if field.is_required())
_MESSAGES = {
    "missing": "thiếu giá trị bắt buộc",
    "date_from_datetime_parsing": "ngày không hợp lệ (viết YYYY-MM-DD hoặc dd/mm/yyyy)",
    "date_parsing": "ngày không hợp lệ (viết YYYY-MM-DD hoặc dd/mm/yyyy)",
    "date_type": "ngày không hợp lệ (viết YYYY-MM-DD hoặc dd/mm/yyyy)",
    "string_type": "phải là chuỗi ký tự",
    "tuple_type": "phải là danh sách số, ký hiệu",
    "model_type": "bản ghi phải là một đối tượng JSON",
}


def read_corpus_file(path: Path) -> list[LegalRecord]:
    """Every record of a ``.json`` or ``.csv`` file, or ``InvalidCorpusFile`` naming each problem."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise InvalidCorpusFile(f"Tệp {path.name} phải có đuôi .json hoặc .csv.")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidCorpusFile(f"Tệp {path.name} lớn hơn {MAX_FILE_BYTES // (1024 * 1024)} MB.")
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidCorpusFile(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidCorpusFile(f"Tệp {path.name} không phải văn bản mã hóa UTF-8.") from None
    rows = _json_rows(text, path.name) if suffix == ".json" else _csv_rows(text, path.name)
    return parse_records(rows, source_name=path.name)


def parse_records(rows: Iterable[tuple[str, Any]], *, source_name: str) -> list[LegalRecord]:
    """Validate ``(where, fields)`` rows; raise one ``InvalidCorpusFile`` listing every problem."""
    records: list[LegalRecord] = []
    problems: list[str] = []
    first_at: dict[str, str] = {}
    for where, fields in rows:
        try:
            record = LegalRecord.model_validate(fields)
        except ValidationError as exc:
            problems.extend(f"{where}: {describe_error(error)}" for error in exc.errors())
            continue
        if record.key in first_at:
            problems.append(
                f"{where}: trùng văn bản {record.number or record.title} đã có ở {first_at[record.key]}"
            )
            continue
        first_at[record.key] = where
        records.append(record)
    if problems:
        raise InvalidCorpusFile(
            f"Tệp {source_name} có {len(problems)} lỗi; chưa nạp bản ghi nào.", problems=problems
        )
    if not records:
        raise InvalidCorpusFile(f"Tệp {source_name} không có bản ghi văn bản nào.")
    return records


def describe_error(error: Any) -> str:
    """One pydantic validation error in Vietnamese: ``trường issue_date: ngày «31/02/2004» không tồn tại``."""
    field = ".".join(str(p) for p in error.get("loc", ())) or "bản ghi"
    kind = error.get("type", "")
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error.get("msg", "")))
    else:
        message = _MESSAGES.get(kind, "giá trị không hợp lệ")
    return f"trường {field}: {message}" if field != "bản ghi" else message


def _json_rows(text: str, name: str) -> list[tuple[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidCorpusFile(
            f"Tệp {name} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}: {exc.msg})."
        ) from None
    if isinstance(data, dict):
        data = data.get("records")
    if not isinstance(data, list):
        raise InvalidCorpusFile(
            f'Tệp {name} phải là một danh sách bản ghi JSON, hoặc một đối tượng có khóa "records".'
        )
    rows: list[tuple[str, Any]] = []
    for position, item in enumerate(data, 1):
        rows.append((f"bản ghi {position}", item))
    return rows


def _csv_rows(text: str, name: str) -> list[tuple[str, Mapping[str, Any]]]:
    header = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        raise InvalidCorpusFile(
            f"Tệp {name} thiếu cột bắt buộc: {', '.join(missing)} "
            f"(các cột: {', '.join(_FIELDS)}; dòng đầu là tên cột)."
        )
    rows: list[tuple[str, Mapping[str, Any]]] = []
    try:
        for row in reader:
            if None in row:
                raise InvalidCorpusFile(f"Tệp {name}, dòng {reader.line_num}: nhiều ô hơn số cột.")
            values = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
            if not any(values.values()):
                continue
            rows.append((f"dòng {reader.line_num}", {k: v for k, v in values.items() if v != ""}))
    except csv.Error as exc:
        raise InvalidCorpusFile(
            f"Tệp {name} không phải CSV hợp lệ (dòng {reader.line_num}: {exc})."
        ) from None
    return rows
