"""What the audit chain says each stored file must be: the `document_file.store` record written with it.

A file's bytes, its storage sidecar and its `document_files` row can all be edited by someone with access to
the machine; the audit record that stored the file is covered by the audit key and cannot. So `audit verify`
and `doctor` compare the row (and so, through the store, the bytes) with that record. Plain SQL on the live
schema keeps this slice from importing the documents slice (which imports this one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import column, inspect, select, table
from sqlalchemy.orm import Session

from eoffice.audit.models import AuditRecord

STORE_ACTION = "document_file.store"


@dataclass(frozen=True)
class FileAttestation:
    """The file as the audit record number `seq` stored it."""

    seq: int
    file_id: int
    object_key: str
    sha256: str
    size: int | None


@dataclass(frozen=True)
class Attestations:
    by_file: dict[int, FileAttestation]
    by_key: dict[str, FileAttestation]

    def of(self, file_id: int | None, object_key: str) -> FileAttestation | None:
        """The record that stored this row's file, or that stored the same object for another row (an
        internal copy of a document shares its source's object)."""
        found = self.by_file.get(file_id) if file_id is not None else None
        return found or self.by_key.get(object_key)


@dataclass(frozen=True)
class FileProblem:
    file_id: int
    document_id: int
    object_key: str
    seq: int
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "document_id": self.document_id,
            "object_key": self.object_key,
            "audit_seq": self.seq,
            "message": self.message,
        }


@dataclass(frozen=True)
class FileCheck:
    checked: int
    unattested: int
    problems: tuple[FileProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def file_attestations(session: Session) -> Attestations:
    """Every file the audit trail saw stored, by file id and by object key (the first record wins)."""
    by_file: dict[int, FileAttestation] = {}
    by_key: dict[str, FileAttestation] = {}
    rows = session.execute(
        select(AuditRecord.seq, AuditRecord.entity_id, AuditRecord.after)
        .where(AuditRecord.action == STORE_ACTION)
        .order_by(AuditRecord.seq)
    )
    for seq, entity_id, after in rows:
        if not isinstance(after, dict) or not after.get("sha256") or not after.get("object_key"):
            continue
        try:
            file_id = int(entity_id)
        except ValueError:
            continue
        size = after.get("size")
        found = FileAttestation(
            int(seq), file_id, str(after["object_key"]), str(after["sha256"]), int(size) if size else None
        )
        by_file.setdefault(file_id, found)
        by_key.setdefault(found.object_key, found)
    return Attestations(by_file, by_key)


def attestation_problem(
    attested: FileAttestation, object_key: str, sha256: str, size: int | None
) -> str | None:
    """Why a file described by (`object_key`, `sha256`, `size`) is not the one the audit record stored."""
    if attested.object_key != object_key:
        return (
            f"Tệp trỏ tới “{object_key}” nhưng bản ghi nhật ký số {attested.seq} đã lưu tệp tại "
            f"“{attested.object_key}”."
        )
    if attested.sha256 != sha256:
        return (
            f"Mã băm SHA-256 {sha256} khác mã băm bản ghi nhật ký số {attested.seq} đã ghi khi lưu tệp "
            f"({attested.sha256}): tệp đã bị thay."
        )
    if attested.size is not None and size is not None and attested.size != size:
        return f"Kích thước {size} byte khác bản ghi nhật ký số {attested.seq} ({attested.size} byte)."
    return None


def check_file_rows(session: Session) -> FileCheck:
    """Compare every `document_files` row with the audit record that stored its file."""
    if "document_files" not in inspect(session.get_bind()).get_table_names():
        return FileCheck(0, 0, ())
    attestations = file_attestations(session)
    files = table(
        "document_files",
        column("id"),
        column("document_id"),
        column("object_key"),
        column("sha256"),
        column("size"),
    )
    checked = unattested = 0
    problems: list[FileProblem] = []
    for file_id, document_id, object_key, sha256, size in session.execute(
        select(files.c.id, files.c.document_id, files.c.object_key, files.c.sha256, files.c.size).order_by(
            files.c.id
        )
    ):
        checked += 1
        attested = attestations.of(int(file_id), object_key)
        if attested is None:
            unattested += 1
            continue
        problem = attestation_problem(attested, object_key, sha256, int(size) if size is not None else None)
        if problem is not None:
            problems.append(
                FileProblem(
                    int(file_id), int(document_id), object_key, attested.seq, f"Tệp {file_id}: {problem}"
                )
            )
    return FileCheck(checked, unattested, tuple(problems))
