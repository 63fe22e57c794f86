"""A logical, portable dump of every table: one JSON Lines file per table, typed by the columns.

Tables are read from the live schema (reflection), in foreign-key order, rows by primary key, so a SQLite
dump loads into PostgreSQL and the reverse. Values are written as JSON; dates and datetimes as ISO 8601
(aware ones in UTC), bytes as base64, and they are turned back into Python values by the *target* column's
type. Naive datetimes are UTC (that is how SQLite keeps the application's UTC timestamps).
"""

from __future__ import annotations

import base64
import decimal
import enum
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    JSON,
    Connection,
    Date,
    DateTime,
    LargeBinary,
    MetaData,
    Numeric,
    Table,
    inspect,
    select,
    text,
)

SKIPPED_TABLES = frozenset({"alembic_version"})
BATCH = 1000


@dataclass(frozen=True)
class DumpedTable:
    name: str
    rows: int
    file: str  # relative to the backup root
    sha256: str


def reflect_tables(connection: Connection) -> list[Table]:
    """The database's tables in an order where every table comes after the tables it references."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    return [t for t in metadata.sorted_tables if t.name not in SKIPPED_TABLES]


def alembic_revision(connection: Connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    # Parallel branches of the schema leave one row per head: all of them, space-separated.
    heads = sorted(
        str(v) for v in connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
    )
    return " ".join(heads) or None


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def dump_table(connection: Connection, table: Table, out: IO[str]) -> int:
    """Write every row of `table` as one JSON object per line; returns the row count."""
    order = list(table.primary_key.columns) or list(table.columns)
    count = 0
    result = connection.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
    for row in result.mappings():
        out.write(json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False, sort_keys=True))
        out.write("\n")
        count += 1
    return count


def dump_tables(connection: Connection, root: Path, folder: str = "database") -> list[DumpedTable]:
    (root / folder).mkdir(parents=True, exist_ok=True)
    dumped: list[DumpedTable] = []
    for table in reflect_tables(connection):
        relative = f"{folder}/{table.name}.jsonl"
        with (root / relative).open("w", encoding="utf-8", newline="\n") as out:
            rows = dump_table(connection, table, out)
        dumped.append(DumpedTable(table.name, rows, relative, file_sha256(root / relative)))
    return dumped


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _decoder(column: Any, dialect: str) -> Any:
    type_ = column.type
    if isinstance(type_, JSON):
        return None
    if isinstance(type_, DateTime):

        def to_datetime(value: Any) -> Any:
            if not isinstance(value, str):
                return value
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None:
                moment = moment.astimezone(UTC)
                if dialect == "sqlite" or not getattr(type_, "timezone", False):
                    moment = moment.replace(tzinfo=None)
            elif dialect == "postgresql" and getattr(type_, "timezone", False):
                moment = moment.replace(tzinfo=UTC)
            return moment

        return to_datetime
    if isinstance(type_, Date):
        return lambda v: date.fromisoformat(v[:10]) if isinstance(v, str) else v
    if isinstance(type_, LargeBinary):
        return lambda v: base64.b64decode(v) if isinstance(v, str) else v
    if isinstance(type_, Numeric):
        return lambda v: decimal.Decimal(v) if isinstance(v, str) else v
    return None


def read_rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def load_table(connection: Connection, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    """Insert `rows` (as dumped) into `table`, converting values to the target columns' types."""
    dialect = connection.dialect.name
    columns = {c.name: c for c in table.columns}
    decoders = {name: _decoder(column, dialect) for name, column in columns.items()}
    count = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        unknown = set(row) - set(columns)
        if unknown:
            raise ValueError(f"bảng {table.name} không có cột {', '.join(sorted(unknown))}")
        converted = {}
        for name, value in row.items():
            decode = decoders[name]
            converted[name] = decode(value) if decode is not None and value is not None else value
        batch.append(converted)
        if len(batch) >= BATCH:
            connection.execute(table.insert(), batch)
            count += len(batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)
        count += len(batch)
    return count


def reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """PostgreSQL: move each serial/identity sequence past the restored ids (SQLite needs nothing)."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        for column in table.primary_key.columns:
            sequence = connection.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar()
            if sequence is None:
                continue
            connection.execute(
                text(
                    f'SELECT setval(:sequence, COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, '
                    "false)"
                ),
                {"sequence": sequence},
            )


def count_rows(connection: Connection, tables: list[Table]) -> dict[str, int]:
    from sqlalchemy import func

    return {
        t.name: int(connection.execute(select(func.count()).select_from(t)).scalar() or 0) for t in tables
    }


def empty_tables(connection: Connection, tables: list[Table]) -> None:
    """Delete every row (for `restore --force`), children first."""
    if connection.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        if names:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    for table in reversed(tables):
        connection.execute(table.delete())
