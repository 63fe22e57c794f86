"""Bộ dữ liệu văn bản pháp luật (vbpl.vn) dạng parquet: the public dataset's files, loaded as published.

The dataset comes as two kinds of parquet file, told apart by their columns (docs/LEGAL_CORPUS.md):

- ``metadata``: one row per document (``id``, ``so_ky_hieu``, ``loai_van_ban``, ``co_quan_ban_hanh``,
  ``ngay_ban_hanh`` dd/mm/yyyy, ``ngay_co_hieu_luc``, ``ngay_het_hieu_luc``, ``tinh_trang_hieu_luc``,
  ``title``…);
- ``relationships``: ``doc_id``, ``other_doc_id``, ``relationship`` — a related document as listed on
  ``doc_id``'s page ("Văn bản bị thay thế": documents doc_id replaced; "Văn bản thay thế": documents that
  replaced doc_id…).

``read_dataset`` reads and validates every file before anything is written (one bad row loads nothing and
every bad row is listed, unless the caller asks to skip them), and ``dataset_records`` turns the rows into
``LegalRecord`` values whose ``replaced_by`` / ``amended_by`` name the related documents by number, resolving
the dataset's ids through this import and through records an earlier import left in the database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.legal.citation_keys import number_of, words
from eoffice.legal.errors import InvalidCorpusFile
from eoffice.legal.files import describe_error
from eoffice.legal.models import LegalDocument
from eoffice.legal.records import LegalRecord, LegalStatus

__all__ = [
    "DATASET_SOURCE",
    "Dataset",
    "DatasetRelation",
    "dataset_records",
    "is_local_issuer",
    "is_parquet",
    "parse_date",
    "read_dataset",
    "rows_by_source_id",
    "with_relations",
]

DATASET_SOURCE = "CSDL quốc gia về pháp luật (bộ dữ liệu vbpl.vn, CC BY 4.0)"
"""The ``source`` of every record the dataset gives; the dataset's own id is kept in ``source_id``."""

METADATA_COLUMNS = ("id", "so_ky_hieu", "loai_van_ban", "co_quan_ban_hanh", "ngay_ban_hanh")
RELATIONSHIP_COLUMNS = ("doc_id", "other_doc_id", "relationship")
TITLE_COLUMNS = ("title", "trich_yeu", "ten_van_ban")
_OPTIONAL_COLUMNS = ("ngay_co_hieu_luc", "ngay_het_hieu_luc", "tinh_trang_hieu_luc")
_PARQUET_MAGIC = b"PAR1"
_BATCH_ROWS = 10_000
_LOCAL_ISSUERS = ("ubnd", "hdnd", "uy ban nhan dan", "hoi dong nhan dan")
# Statuses that say nothing about whether a document applies: the record's status stays unknown.
_UNKNOWN_STATUSES = frozenset({"khong con phu hop", "chua xac dinh", "khong xac dinh", "khong ro"})
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class _Kind:
    """What a relationship label, read on ``doc_id``'s page, makes of the two documents."""

    DOC_REPLACED_OTHER = "doc_replaced_other"
    OTHER_REPLACED_DOC = "other_replaced_doc"
    DOC_AMENDED_OTHER = "doc_amended_other"
    OTHER_AMENDED_DOC = "other_amended_doc"


def relation_kind(label: str) -> str | None:
    """The kind of a relationship label, or ``None`` for those the check does not use (căn cứ, hướng dẫn…).

    Passive labels list what ``doc_id`` did to the other document ("Văn bản bị thay thế", "Văn bản được sửa
    đổi"); active labels list what the other document did to ``doc_id`` ("Văn bản thay thế", "Văn bản sửa
    đổi, bổ sung").
    """
    key = words(label)
    key = key.removeprefix("van ban ").strip()
    if key.startswith(("bi thay the", "duoc thay the")):
        return _Kind.DOC_REPLACED_OTHER
    if key.startswith("thay the"):
        return _Kind.OTHER_REPLACED_DOC
    if key.startswith(("duoc sua doi", "bi sua doi")):
        return _Kind.DOC_AMENDED_OTHER
    if key.startswith("sua doi"):
        return _Kind.OTHER_AMENDED_DOC
    return None


@dataclass(frozen=True)
class DatasetRelation:
    """One row of a ``relationships`` file: ``doc_id`` lists ``other_id`` under ``label`` on its page."""

    doc_id: str
    other_id: str
    label: str
    where: str


@dataclass
class Dataset:
    """What the parquet files hold, validated: records by dataset id, relations, and what was set aside.

    ``aliases`` maps the id of a row that described the same document (same number and year) as another row
    to the id kept. ``warnings`` lists what was dropped or changed without failing the import.
    """

    records: dict[str, LegalRecord] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    relations: list[DatasetRelation] = field(default_factory=list)
    local_ids: set[str] = field(default_factory=set)
    ids_by_key: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    skipped_rows: int = 0
    metadata_rows: int = 0

    def canonical(self, dataset_id: str) -> str:
        """The id kept for ``dataset_id`` (following a chain of rows that replaced one another)."""
        return _follow(self.aliases, dataset_id)


def _follow(aliases: dict[str, str], dataset_id: str) -> str:
    seen = {dataset_id}
    while dataset_id in aliases:
        dataset_id = aliases[dataset_id]
        if dataset_id in seen:
            break
        seen.add(dataset_id)
    return dataset_id


def is_parquet(path: Path) -> bool:
    """By the name or, for a file saved without it, by the parquet magic bytes."""
    if path.suffix.lower() == ".parquet":
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(4) == _PARQUET_MAGIC
    except OSError:
        return False


def read_dataset(
    paths: Sequence[Path], *, skip_invalid: bool = False, progress: Callable[[int], None] | None = None
) -> Dataset:
    """Read every parquet file, recognising ``metadata`` and ``relationships`` files by their columns.

    Validation is all-or-nothing: any bad row raises one ``InvalidCorpusFile`` listing every bad row with its
    file and row number — unless ``skip_invalid``, when bad rows are left out and listed as warnings.
    Duplicate ids: an identical repeat is dropped; a differing one replaces the earlier row (the last row
    wins) with a warning. Optional dates that are invalid are dropped with a warning; an invalid issue date
    is a bad row.
    """
    import pyarrow.parquet as pq

    dataset = Dataset()
    problems: list[str] = []
    rows_by_id: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in paths:
        try:
            parquet = pq.ParquetFile(path)
            names = list(parquet.schema_arrow.names)
        except OSError as exc:
            raise InvalidCorpusFile(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.") from None
        except Exception as exc:  # pyarrow.ArrowInvalid: not a parquet file
            raise InvalidCorpusFile(f"Tệp {path.name} không phải tệp parquet hợp lệ ({exc}).") from None
        if all(c in names for c in RELATIONSHIP_COLUMNS):
            for where, row in _rows(parquet, path, list(RELATIONSHIP_COLUMNS)):
                _relation(dataset, problems, where, row)
        elif all(c in names for c in METADATA_COLUMNS):
            title = next((c for c in TITLE_COLUMNS if c in names), None)
            if title is None:
                raise InvalidCorpusFile(
                    f"Tệp {path.name} thiếu cột trích yếu (một trong: {', '.join(TITLE_COLUMNS)})."
                )
            wanted = [*METADATA_COLUMNS, title, *(c for c in _OPTIONAL_COLUMNS if c in names)]
            for where, row in _rows(parquet, path, wanted):
                row["title"] = row.pop(title)
                _metadata_row(dataset, problems, rows_by_id, where, row)
        else:
            raise InvalidCorpusFile(
                f"Tệp {path.name} không phải tệp metadata (cần các cột {', '.join(METADATA_COLUMNS)}, "
                f"trích yếu) hay relationships (cần các cột {', '.join(RELATIONSHIP_COLUMNS)}) của bộ dữ "
                f"liệu; các cột của tệp: {', '.join(names)}."
            )
        if progress:
            progress(1)
    for dataset_id, (where, row) in rows_by_id.items():
        _record(dataset, problems, dataset_id, where, row)
    if problems and not skip_invalid:
        name = paths[0].name if len(paths) == 1 else f"{len(paths)} tệp"
        raise InvalidCorpusFile(f"{name} có {len(problems)} lỗi; chưa nạp bản ghi nào.", problems=problems)
    dataset.skipped_rows = len({p.split(": ", 1)[0] for p in problems})  # a row may break several fields
    dataset.warnings.extend(f"bỏ qua {p}" for p in problems)
    if not dataset.records and not dataset.relations:
        raise InvalidCorpusFile("Các tệp không có văn bản hay quan hệ nào để nạp.")
    return dataset


def _rows(parquet: Any, path: Path, columns: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    number = 0
    for batch in parquet.iter_batches(columns=columns, batch_size=_BATCH_ROWS):
        for row in batch.to_pylist():
            number += 1
            yield f"{path.name}, dòng {number}", row


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an id column written as floats (integers with gaps, as pandas writes them)
    text = " ".join(str(value).split())
    return text or None


def _relation(dataset: Dataset, problems: list[str], where: str, row: dict[str, Any]) -> None:
    doc_id, other_id, label = _text(row["doc_id"]), _text(row["other_doc_id"]), _text(row["relationship"])
    if doc_id is None or other_id is None or label is None:
        problems.append(f"{where}: quan hệ thiếu doc_id, other_doc_id hoặc relationship")
        return
    dataset.relations.append(DatasetRelation(doc_id, other_id, label, where))


def _metadata_row(
    dataset: Dataset,
    problems: list[str],
    rows_by_id: dict[str, tuple[str, dict[str, Any]]],
    where: str,
    row: dict[str, Any],
) -> None:
    dataset.metadata_rows += 1
    dataset_id = _text(row.pop("id"))
    if dataset_id is None:
        problems.append(f"{where}: thiếu id")
        return
    earlier = rows_by_id.get(dataset_id)
    if earlier is not None and earlier[1] != row:
        dataset.warnings.append(
            f"{where}: id {dataset_id} trùng với {earlier[0]} và khác nội dung; dùng {where}"
        )
    if earlier is None or earlier[1] != row:
        rows_by_id.pop(dataset_id, None)  # the last row wins, in its own place in the order
        rows_by_id[dataset_id] = (where, row)


def _record(dataset: Dataset, problems: list[str], dataset_id: str, where: str, row: dict[str, Any]) -> None:
    issuer = _text(row["co_quan_ban_hanh"])
    if is_local_issuer(issuer):
        dataset.local_ids.add(dataset_id)  # local documents are outside the corpus (docs/LEGAL_CORPUS.md)
        return
    fields: dict[str, Any] = {
        "number": _text(row["so_ky_hieu"]),
        "type": _text(row["loai_van_ban"]),
        "issuer": issuer,
        "title": _text(row["title"]),
        "source": DATASET_SOURCE,
        "source_id": dataset_id,
    }
    try:
        fields["issue_date"] = parse_date(row["ngay_ban_hanh"])
    except ValueError as exc:
        problems.append(f"{where}: trường ngay_ban_hanh: {exc}")
        return
    for column, name in (("ngay_co_hieu_luc", "effective_date"), ("ngay_het_hieu_luc", "expiry_date")):
        try:
            fields[name] = parse_date(row.get(column))
        except ValueError as exc:
            dataset.warnings.append(f"{where}: bỏ trường {column}: {exc}")
    effective, issued = fields.get("effective_date"), fields["issue_date"]
    if effective and issued and effective < issued - dt.timedelta(days=366):
        dataset.warnings.append(f"{where}: bỏ trường ngay_co_hieu_luc: sớm hơn ngày ban hành quá một năm")
        fields["effective_date"] = None
    status = _text(row.get("tinh_trang_hieu_luc"))
    if status and words(status) not in _UNKNOWN_STATUSES:
        try:
            fields["status"] = LegalStatus.parse(status)
        except ValueError:
            dataset.warnings.append(f"{where}: tình trạng hiệu lực «{status}» chưa biết; coi như chưa rõ")
    try:
        record = LegalRecord.model_validate(fields)
    except ValidationError as exc:
        problems.extend(f"{where}: {describe_error(error)}" for error in exc.errors())
        return
    _add(dataset, dataset_id, where, record)


def _add(dataset: Dataset, dataset_id: str, where: str, record: LegalRecord) -> None:
    """Two ids with one number and year are one document listed twice: the later row is kept."""
    earlier = dataset.ids_by_key.get(record.key)
    if earlier is not None:
        dataset.records.pop(earlier)
        dataset.aliases[earlier] = dataset_id
        dataset.warnings.append(
            f"{where}: id {dataset_id} và id {earlier} cùng là {record.number or record.title}; dùng id {dataset_id}"
        )
    dataset.ids_by_key[record.key] = dataset_id
    dataset.records[dataset_id] = record


def is_local_issuer(issuer: str | None) -> bool:
    """A UBND or HĐND (of a province, district or commune): its documents are outside the corpus."""
    return bool(issuer) and words(issuer or "").startswith(_LOCAL_ISSUERS)


def parse_date(value: Any) -> dt.date | None:
    """``dd/mm/yyyy`` as published (or ISO, or a parquet date); ``None`` when empty."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    head = text.split()[0].split("T")[0]
    match = _DMY.fullmatch(head)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (iso := _ISO.fullmatch(head)):
        parts = (iso.group(1), iso.group(2), iso.group(3))
    if parts is None:
        raise ValueError(f"ngày «{text}» không hợp lệ (viết dd/mm/yyyy)")
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ValueError(f"ngày «{text}» không tồn tại") from None


@dataclass(frozen=True)
class DatasetRecords:
    """The records to upsert, and how the relations fared."""

    records: list[LegalRecord]
    relations_applied: int
    relations_unresolved: int
    relations_ignored: dict[str, int]


def dataset_records(session: Session, dataset: Dataset) -> DatasetRecords:
    """The dataset's records with their relations, plus records already in the database that gain one.

    Relations only add: a record keeps the ``replaced_by`` / ``amended_by`` numbers it already had (from an
    earlier import or the starter corpus) and gains those the relationships name, so importing the same files
    twice changes nothing, and importing ``relationships`` after ``metadata`` (or in another run) works.
    """
    records = dict(dataset.records)
    aliases = dict(dataset.aliases)
    missing_ids = {
        dataset.canonical(i)
        for r in dataset.relations
        for i in (r.doc_id, r.other_id)
        if dataset.canonical(i) not in records and dataset.canonical(i) not in dataset.local_ids
    }
    for row in rows_by_source_id(session, missing_ids):
        assert row.source_id is not None
        same = dataset.ids_by_key.get(row.key)
        if same is not None:  # imported earlier under another id: this import's row is the document now
            aliases[row.source_id] = same
        else:
            records[row.source_id] = row.to_record()

    additions: dict[str, dict[str, list[str]]] = {}
    applied = unresolved = 0
    ignored: dict[str, int] = {}
    for relation in dataset.relations:
        kind = relation_kind(relation.label)
        if kind is None:
            ignored[relation.label] = ignored.get(relation.label, 0) + 1
            continue
        doc, other = _follow(aliases, relation.doc_id), _follow(aliases, relation.other_id)
        if kind in (_Kind.DOC_REPLACED_OTHER, _Kind.DOC_AMENDED_OTHER):
            target, by = other, doc
        else:
            target, by = doc, other
        field_name = (
            "replaced_by" if kind in (_Kind.DOC_REPLACED_OTHER, _Kind.OTHER_REPLACED_DOC) else "amended_by"
        )
        target_record, by_record = records.get(target), records.get(by)
        if target_record is None or by_record is None or by_record.number is None:
            unresolved += 1
            continue
        if target_record.key == by_record.key:
            continue
        numbers = additions.setdefault(target, {"replaced_by": [], "amended_by": []})[field_name]
        if by_record.number not in numbers:
            numbers.append(by_record.number)
        applied += 1

    out = with_relations(session, records, additions, fresh=set(dataset.records))
    return DatasetRecords(out, applied, unresolved, ignored)


def with_relations(
    session: Session,
    records: dict[str, LegalRecord],
    additions: dict[str, dict[str, list[str]]],
    *,
    fresh: set[str],
) -> list[LegalRecord]:
    """``records`` (by national-database id) with the relation numbers they had in the table and those
    ``additions`` give them; those in ``fresh`` always, the others only when they gain a relation."""
    existing = {row.key: row for row in _rows_by_key(session, [r.key for r in records.values()])}
    out: list[LegalRecord] = []
    for source_id, record in records.items():
        stored_row = existing.get(record.key)
        update: dict[str, tuple[str, ...]] = {}
        for name in ("replaced_by", "amended_by"):
            merged = _merge(
                getattr(stored_row, name) if stored_row is not None else (),
                getattr(record, name),
                additions.get(source_id, {}).get(name, ()),
            )
            if record.number:
                merged = tuple(n for n in merged if number_of(n) != number_of(record.number))
            update[name] = merged
        changed = record.model_copy(update=update)
        if source_id in fresh or changed != record:
            out.append(changed)
    return out


def _merge(*lists: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for numbers in lists:
        for number in numbers or ():
            seen.setdefault(number_of(number), number)
    return tuple(seen.values())


def rows_by_source_id(session: Session, ids: set[str]) -> Iterator[LegalDocument]:
    """The table's records with these national-database ids."""
    chunked = sorted(ids)
    for start in range(0, len(chunked), 500):
        chunk = chunked[start : start + 500]
        yield from session.scalars(select(LegalDocument).where(LegalDocument.source_id.in_(chunk)))


def _rows_by_key(session: Session, keys: list[str]) -> Iterator[LegalDocument]:
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        yield from session.scalars(select(LegalDocument).where(LegalDocument.key.in_(chunk)))
