"""`eoffice doctor`: reconcile the object store, the outbox and the search index with the database.

The database is the record. What the doctor finds, and what `--repair` does about it:

- an object under a row-owned prefix that no row names (an upload or a signing that died between storing and
  committing): deleted when older than the grace period; an immutable one cannot be deleted (the store
  refuses, by design) and is reported as retained;
- a row whose object is missing, or whose bytes no longer match the recorded SHA-256: reported loudly, never
  repaired — a row is never deleted, the operator restores the file from a backup;
- an outbox message never handed to the broker: sent again (tasks are idempotent);
- a processing stage whose message or worker was lost: queued again;
- a document missing from the search index, indexed with an outdated status, or an index entry whose
  document is gone: indexed again or removed;
- a broken audit chain: reported (it is evidence, not something to fix).

The report says what was found and done; `ok` is false while an error is left unrepaired.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import inspect, select

from eoffice.audit import Attestations, attestation_problem, file_attestations
from eoffice.backends import Backends
from eoffice.maintenance._index_listing import IndexEntry, ListingTooLarge, indexed_documents, indexed_readers
from eoffice.maintenance._progress import Progress, Silent
from eoffice.maintenance._references import ObjectRef, referenced_objects, row_owned
from storage import ObjectStore

log = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(hours=1)
OUTBOX_GRACE = timedelta(minutes=2)


class Severity(enum.StrEnum):
    ERROR = "error"  # counts against `ok` until repaired
    WARNING = "warning"  # reported, nothing to do now


@dataclass
class Finding:
    """One thing the doctor noticed; `action` says what `--repair` did about it (Vietnamese)."""

    code: str
    subject: str
    message: str
    severity: Severity = Severity.ERROR
    repaired: bool = False
    action: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "subject": self.subject,
            "severity": self.severity.value,
            "message": self.message,
            "repaired": self.repaired,
            "action": self.action,
        }


@dataclass
class DoctorReport:
    repair: bool
    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def unrepaired(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR and not f.repaired]

    @property
    def ok(self) -> bool:
        return not self.unrepaired

    def of(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.code == code]

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "repair": self.repair,
            "checked": dict(self.checked),
            "found": len(self.findings),
            "repaired": sum(1 for f in self.findings if f.repaired),
            "unrepaired": len(self.unrepaired),
            "findings": [f.as_json() for f in self.findings],
        }


def run_doctor(
    backends: Backends,
    *,
    repair: bool = False,
    grace: timedelta = DEFAULT_GRACE,
    verify_content: bool = True,
    progress: Progress | None = None,
) -> DoctorReport:
    """Check everything (and repair what can be repaired when `repair`); never raises for what it finds.

    `verify_content` reads every document file back through the store (which checks its SHA-256); without
    it only the recorded size and digest are compared, which is fast but misses bytes changed on disk.
    """
    progress = progress or Silent()
    report = DoctorReport(repair=repair)
    _check_objects(
        backends, report, repair=repair, grace=grace, verify_content=verify_content, progress=progress
    )
    _check_outbox(backends, report, repair=repair)
    _check_processing(backends, report, repair=repair)
    _check_index(backends, report, repair=repair, progress=progress)
    _check_audit(backends, report)
    return report


# --- objects --------------------------------------------------------------------------------------------


def _check_objects(
    backends: Backends,
    report: DoctorReport,
    *,
    repair: bool,
    grace: timedelta,
    verify_content: bool,
    progress: Progress,
) -> None:
    from storage import StorageError

    store = backends.objects
    try:
        # Listed before the rows are read: an upload committing meanwhile shows up as a row whose object the
        # listing missed (checked again below), never as an orphan.
        listed = set(store.list(""))
    except StorageError as exc:
        report.findings.append(
            Finding("storage.unavailable", "storage", f"Không liệt kê được kho lưu trữ: {exc}")
        )
        return
    with backends.engine.connect() as connection:
        refs = list(referenced_objects(connection))
    with backends.sessions() as session:
        attestations = file_attestations(session)
    report.checked["objects"] = len(listed)
    report.checked["object_rows"] = len(refs)
    progress.start("Kiểm tra tệp trong kho", len(refs))
    named: set[str] = set()
    for ref in refs:
        named.add(ref.key)
        _check_attested(ref, attestations, report)
        _check_reference(store, ref, listed, report, verify_content)
        progress.advance()
    now = datetime.now(UTC)
    for key in sorted(k for k in listed if row_owned(k) and k not in named):
        _check_orphan(store, key, now, grace, report, repair)


def _check_attested(ref: ObjectRef, attestations: Attestations, report: DoctorReport) -> None:
    """A document file's row against the audit record that stored the file: the bytes, the store's record
    and the row can all be edited together, the audit record (MACed with the audit key) cannot."""
    if ref.sha256 is None or not ref.source.startswith("document_files:"):
        return
    attested = attestations.of(int(ref.source.split(":", 1)[1]), ref.key)
    if attested is None:
        return
    problem = attestation_problem(attested, ref.key, ref.sha256, ref.size)
    if problem is not None:
        report.findings.append(
            Finding(
                "object.attestation_mismatch",
                f"{ref.key} ({ref.source})",
                f"Tệp “{ref.key}” ({ref.source}) không phải tệp đã được lưu: {problem} Cần khôi phục tệp và "
                "bản ghi từ bản sao lưu.",
            )
        )


def _check_reference(
    store: ObjectStore, ref: ObjectRef, listed: set[str], report: DoctorReport, verify: bool
) -> None:
    from storage import ChecksumMismatch, ObjectNotFound, StorageError

    subject = f"{ref.key} ({ref.source})"
    if ref.key not in listed and not store.exists(ref.key):
        report.findings.append(
            Finding(
                "object.missing",
                subject,
                f"Thiếu tệp trong kho lưu trữ: bản ghi {ref.source} trỏ tới “{ref.key}” nhưng tệp không còn. "
                "Cần khôi phục tệp từ bản sao lưu.",
            )
        )
        return
    if ref.sha256 is None:
        return
    try:
        stored = store.stat(ref.key)
        if stored.sha256 != ref.sha256 or (ref.size is not None and stored.size != ref.size):
            raise ChecksumMismatch(key=ref.key, detail=f"kho: {stored.sha256}, cơ sở dữ liệu: {ref.sha256}")
        if verify:
            for _chunk in store.get(ref.key):
                pass
    except ChecksumMismatch as exc:
        report.findings.append(
            Finding(
                "object.checksum_mismatch",
                subject,
                f"Tệp “{ref.key}” không còn khớp mã băm SHA-256 đã ghi ({ref.source}): tệp đã bị sửa hoặc "
                f"hỏng. Cần khôi phục từ bản sao lưu. {exc.detail or ''}".strip(),
            )
        )
    except ObjectNotFound:
        report.findings.append(
            Finding("object.missing", subject, f"Thiếu tệp trong kho lưu trữ: “{ref.key}” ({ref.source}).")
        )
    except StorageError as exc:
        report.findings.append(
            Finding("object.unreadable", subject, f"Không đọc được tệp “{ref.key}” ({ref.source}): {exc}")
        )


def _check_orphan(
    store: ObjectStore, key: str, now: datetime, grace: timedelta, report: DoctorReport, repair: bool
) -> None:
    from storage import ImmutableObject, ObjectNotFound, StorageError

    try:
        stored = store.stat(key)
    except ObjectNotFound:
        return  # deleted meanwhile
    except StorageError as exc:
        report.findings.append(Finding("object.unreadable", key, f"Không đọc được tệp “{key}”: {exc}"))
        return
    if stored.immutable:
        report.findings.append(
            Finding(
                "object.orphan_retained",
                key,
                f"Tệp bất biến “{key}” không thuộc bản ghi nào (một lần ký bị gián đoạn trước khi lưu). Kho "
                "không cho xóa tệp bất biến nên tệp được giữ lại; không ảnh hưởng tới văn bản nào.",
                Severity.WARNING,
            )
        )
        return
    age = now - stored.created
    if age < grace:
        report.findings.append(
            Finding(
                "object.orphan_recent",
                key,
                f"Tệp “{key}” chưa thuộc bản ghi nào nhưng mới được ghi ({int(age.total_seconds())} giây "
                "trước), có thể đang trong một lần tải lên; chưa xóa.",
                Severity.WARNING,
            )
        )
        return
    finding = Finding(
        "object.orphan",
        key,
        f"Tệp “{key}” trong kho không thuộc bản ghi nào (lần tải lên bị gián đoạn sau khi lưu tệp).",
    )
    report.findings.append(finding)
    if not repair:
        return
    try:
        store.delete(key)
    except ObjectNotFound:
        pass
    except ImmutableObject:
        finding.severity = Severity.WARNING
        finding.action = "Tệp bất biến, kho không cho xóa; giữ lại."
        return
    except StorageError as exc:
        finding.action = f"Không xóa được: {exc}"
        return
    finding.repaired = True
    finding.action = "Đã xóa tệp mồ côi."


# --- outbox and processing ------------------------------------------------------------------------------


def _tables(backends: Backends) -> set[str]:
    with backends.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def _use_broker_of(backends: Backends) -> None:
    """Send through the broker of these settings (the Celery app is configured at import from the env)."""
    from eoffice.tasks.app import celery_app, configure

    if celery_app.conf.broker_url != backends.settings.broker_url:
        configure(backends.settings)


def _tasks_waiting(backends: Backends) -> int:
    """Messages queued in the broker (0 when it cannot be asked). A stage pending for long while others
    wait ahead of it is a backlog, not a lost message: re-sending it would only lengthen the queue."""
    from eoffice.tasks.queues import ALL_QUEUES
    from eoffice.web.queues import queue_depths

    try:
        return sum(queue_depths(backends.settings.broker_url, ALL_QUEUES).values())
    except Exception:  # noqa: BLE001 — a down broker: judge by the rows alone, as before
        return 0


def _check_outbox(backends: Backends, report: DoctorReport, *, repair: bool) -> None:
    from eoffice.tasks.outbox import OutboxMessage, sweep

    cutoff = datetime.now(UTC) - OUTBOX_GRACE
    with backends.sessions() as session:
        waiting = session.scalars(
            select(OutboxMessage).where(OutboxMessage.dispatched_at.is_(None)).order_by(OutboxMessage.id)
        ).all()
        report.checked["outbox_waiting"] = len(waiting)
        old = [m for m in waiting if _aware(m.created_at) < cutoff]
        findings = {
            m.id: Finding(
                "outbox.undispatched",
                f"outbox:{m.id}",
                f"Công việc “{m.task}” (#{m.id}) chưa được gửi cho worker từ {_aware(m.created_at):%Y-%m-%d %H:%M:%S} UTC.",
            )
            for m in old
        }
        report.findings.extend(findings.values())
        if not repair or not waiting:
            return
        _use_broker_of(backends)
        sweep(session, older_than=timedelta(0))
        session.expire_all()
        still = set(
            session.scalars(
                select(OutboxMessage.id).where(
                    OutboxMessage.dispatched_at.is_(None), OutboxMessage.id.in_([m.id for m in waiting])
                )
            )
        )
    for message_id, finding in findings.items():
        if message_id in still:
            finding.action = "Chưa gửi được (hàng đợi không trả lời)."
        else:
            finding.repaired = True
            finding.action = "Đã gửi lại cho worker."


def _check_processing(backends: Backends, report: DoctorReport, *, repair: bool) -> None:
    if "document_processing" not in _tables(backends):
        return
    from eoffice.processing.models import DocumentProcessing, Status
    from eoffice.processing.scheduling import (
        RESEND_PENDING_AFTER,
        STAGE_TIMEOUTS,
        STARTED_GRACE,
        sweep_stale,
    )

    now = datetime.now(UTC)
    with backends.sessions() as session:
        rows = session.scalars(
            select(DocumentProcessing).where(
                DocumentProcessing.status.in_((Status.PENDING, Status.STARTED, Status.FAILED))
            )
        ).all()
        report.checked["processing_open"] = len(rows)
        queued = _tasks_waiting(backends)
        stale: list[Finding] = []
        waiting = 0
        for row in rows:
            subject = f"document_processing:{row.id}"
            if row.status == Status.FAILED:
                report.findings.append(
                    Finding(
                        "processing.failed",
                        subject,
                        f"Văn bản {row.document_id}: bước “{row.stage.label}” thất bại — {row.error_message}",
                        Severity.WARNING,
                    )
                )
                continue
            limit = timedelta(seconds=STAGE_TIMEOUTS[row.stage]) + STARTED_GRACE
            if row.status == Status.STARTED and row.started_at and now - _aware(row.started_at) > limit:
                why = "đang chạy quá lâu (worker đã dừng)"
            elif row.status == Status.PENDING and now - _aware(row.updated_at) > RESEND_PENDING_AFTER:
                if queued:  # still behind other work in the queue, not lost: nothing to repair
                    waiting += 1
                    continue
                why = "chờ quá lâu (mất thông báo cho worker)"
            else:
                continue
            stale.append(
                Finding(
                    "processing.stale", subject, f"Văn bản {row.document_id}: bước “{row.stage.label}” {why}."
                )
            )
        report.findings.extend(stale)
        if waiting:
            report.findings.append(
                Finding(
                    "processing.backlog",
                    "document_processing",
                    f"{waiting} bước xử lý đã chờ hơn {RESEND_PENDING_AFTER.seconds // 60} phút sau {queued} việc "
                    "đang xếp hàng; hãy thêm worker nếu hàng đợi không giảm.",
                    Severity.WARNING,
                )
            )
        if repair and stale:
            _use_broker_of(backends)
            sweep_stale(session, now)
            session.commit()
            for finding in stale:
                finding.repaired = True
                finding.action = "Đã xếp hàng xử lý lại."


# --- search index ---------------------------------------------------------------------------------------


def _check_index(backends: Backends, report: DoctorReport, *, repair: bool, progress: Progress) -> None:
    from eoffice.documents.models import Document
    from search import SearchError

    with backends.sessions() as session:
        documents = session.execute(
            select(
                Document.id, Document.status, Document.created_by_id, Document.issue_date, Document.arrived_at
            )
        ).all()
    report.checked["documents"] = len(documents)
    years = {d.issue_date.year for d in documents if d.issue_date} | {
        d.arrived_at.year for d in documents if d.arrived_at
    }
    progress.start("So khớp chỉ mục tìm kiếm", None)
    try:
        entries = indexed_documents(backends.search, (d.created_by_id for d in documents), years)
    except ListingTooLarge as exc:
        report.findings.append(
            Finding(
                "search.unverified",
                str(exc),
                "Chỉ mục quá lớn để so khớp từng văn bản; hãy chạy `eoffice reindex`.",
                Severity.WARNING,
            )
        )
        return
    except SearchError as exc:
        report.findings.append(Finding("search.unavailable", "search", f"Không truy vấn được chỉ mục: {exc}"))
        return
    report.checked["index_entries"] = len(entries)
    to_index: dict[int, Finding] = {}
    for document_id, status, *_ in documents:
        entry: IndexEntry | None = entries.get(document_id)
        wanted = status.label  # the wording the index stores (processing.indexing.status_label)
        if entry is None:
            to_index[document_id] = Finding(
                "search.missing",
                f"document:{document_id}",
                f"Văn bản {document_id} chưa có trong chỉ mục tìm kiếm.",
            )
        elif entry.status != wanted:
            to_index[document_id] = Finding(
                "search.stale",
                f"document:{document_id}",
                f"Chỉ mục ghi văn bản {document_id} ở trạng thái “{entry.status}”, cơ sở dữ liệu: “{wanted}”.",
            )
    known = {d.id for d in documents}
    extra = {
        document_id: Finding(
            "search.orphan",
            f"document:{document_id}",
            f"Chỉ mục còn văn bản {document_id} nhưng cơ sở dữ liệu không có.",
        )
        for document_id in entries
        if document_id not in known
    }
    for document_id, finding in _drifted(backends, entries, set(to_index), years).items():
        to_index[document_id] = finding
    report.findings.extend([*to_index.values(), *extra.values()])
    if repair and (to_index or extra):
        _repair_index(backends, {**to_index, **extra})


_COMPARED = ("title", "number", "type", "issuer", "register", "date", "filename")


def _drifted(
    backends: Backends, entries: dict[int, IndexEntry], skip: set[int], years: set[int]
) -> dict[int, Finding]:
    """Entries whose readers or metadata differ from what the database gives now (a change whose re-index
    was lost). Readers are compared for every principal some user holds or some document names, so an
    entry readable by someone the read rule no longer allows is found, not only one missing a reader."""
    from eoffice.documents.models import Document
    from eoffice.orgs.models import User
    from eoffice.permissions import principals_for
    from eoffice.processing.indexing import build_indexed_document

    wanted: dict[int, Any] = {}
    principals: set[str] = set()
    with backends.sessions() as session:
        for document in session.scalars(select(Document).order_by(Document.id)):
            if document.id in skip or document.id not in entries:
                continue
            wanted[document.id] = build_indexed_document(session, document, {})
            principals |= wanted[document.id].principals
        for user in session.scalars(select(User)):
            principals |= principals_for(user)
    readers = indexed_readers(backends.search, principals, years)
    found: dict[int, Finding] = {}
    for document_id, entry in wanted.items():
        indexed = readers.get(document_id, set())
        if indexed != set(entry.principals):
            found[document_id] = Finding(
                "search.permissions",
                f"document:{document_id}",
                f"Chỉ mục cho đọc văn bản {document_id} theo quyền khác cơ sở dữ liệu "
                f"(thừa: {', '.join(sorted(indexed - entry.principals)) or 'không'}; "
                f"thiếu: {', '.join(sorted(entry.principals - indexed)) or 'không'}).",
            )
            continue
        differ = [f for f in _COMPARED if getattr(entries[document_id], f) != getattr(entry, f)]
        if differ:
            found[document_id] = Finding(
                "search.stale",
                f"document:{document_id}",
                f"Chỉ mục ghi văn bản {document_id} khác cơ sở dữ liệu ở: {', '.join(differ)}.",
            )
    return found


def _repair_index(backends: Backends, findings: dict[int, Finding]) -> None:
    """Index (or, for a document that is gone, remove) each document, then make it visible."""
    from search import SearchError

    index_one = _indexer(backends)
    with backends.sessions() as session:
        for document_id, finding in findings.items():
            try:
                index_one(session, document_id)
            except SearchError as exc:
                finding.action = f"Không lập được chỉ mục: {exc}"
                continue
            finding.repaired = True
            finding.action = (
                "Đã lập lại chỉ mục." if finding.code != "search.orphan" else "Đã xóa khỏi chỉ mục."
            )
    try:
        backends.search.refresh()
    except SearchError as exc:
        log.warning("could not refresh the search index after repairs: %s", exc)


def _indexer(backends: Backends) -> Any:
    """The worker's one indexer: the document as the database has it, its text from the pipeline's rows."""
    from eoffice.processing.indexing import index_processed_document

    return lambda session, document_id: index_processed_document(session, backends.search, document_id)


# --- audit ----------------------------------------------------------------------------------------------


def _check_audit(backends: Backends, report: DoctorReport) -> None:
    from eoffice.audit import verify_chain

    with backends.sessions() as session:
        result = verify_chain(session)
    report.checked["audit_records"] = result.checked
    if not result.ok:
        report.findings.append(
            Finding(
                "audit.broken",
                f"audit_records:{result.broken_seq}",
                f"Chuỗi nhật ký bị phá vỡ tại bản ghi số {result.broken_seq}: {result.reason}",
            )
        )


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive (they are UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def summarize(findings: Iterable[Finding]) -> dict[str, int]:
    """Count of findings per code, for a short human summary."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
    return counts
