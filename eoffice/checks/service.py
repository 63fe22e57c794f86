"""Kiểm tra dự thảo từ API: run both checks on a draft's latest version, keep the result with that version,
and apply the mechanical fixes as a new version.

The checkers themselves (`check_format`, `check_legal_basis`) are pure functions of the file's bytes; this
module adds what the application needs around them: which file, who may, where the result is stored, and the
Celery task for files too large to check within a request (`CHECK_TASK`, sent through the outbox).
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.checks.errors import CheckError
from eoffice.checks.findings import Finding, Severity, group_repeated
from eoffice.checks.labels import rule_label
from eoffice.checks.models import CheckRun, CheckStatus
from eoffice.documents.errors import WrongState
from eoffice.documents.files import FileBatch, Upload, store_file
from eoffice.documents.kinds import AccessReason, DocumentKind, DocumentStatus, FileRole
from eoffice.documents.models import Document, DocumentAccess, DocumentFile
from eoffice.documents.service import Actor, audit, get_readable
from eoffice.effects import documents_changed
from eoffice.errors import Conflict, Forbidden
from eoffice.file_kinds import FileKind, is_pdf
from eoffice.orgs.models import User
from eoffice.tasks.app import celery_app
from eoffice.tasks.outbox import enqueue

CHECK_TASK = "eoffice.checks.run"
# Drafts above this size are checked by the worker; a normal draft (tens of kB) is checked in the request.
ASYNC_CHECK_BYTES = 5 * 1024 * 1024
# Statuses in which a fix may add a version: while the draft is written, and while reviewers on its route
# check form and legal basis (văn phòng kiểm tra thể thức).
FIXABLE_STATUSES = (DocumentStatus.DRAFT, DocumentStatus.RETURNED, DocumentStatus.SUBMITTED)


class NoDraftVersion(WrongState):
    code = "check.no_draft"
    message = "Văn bản chưa có bản dự thảo để kiểm tra."


class FixNeedsDocx(WrongState):
    code = "check.fix_needs_docx"
    message = "Chỉ sửa tự động được bản dự thảo Word (DOCX); bản PDF cần sửa từ tệp gốc."


class NothingToFix(Conflict):
    code = "check.nothing_to_fix"
    message = "Bản dự thảo không có lỗi nào sửa tự động được."


@dataclass(frozen=True)
class Outcome:
    """What the checks found in one file, ready to store."""

    findings: list[dict[str, Any]]
    paragraphs: list[dict[str, Any]]


def latest_draft(document: Document) -> DocumentFile:
    """The newest draft version (DOCX or PDF) — what a reviewer would open."""
    drafts = [f for f in document.files if f.role == FileRole.DRAFT]
    if not drafts:
        raise NoDraftVersion()
    return max(drafts, key=lambda f: f.version)


def finding_row(finding: Finding) -> dict[str, Any]:
    """The stable finding object plus what a screen needs: its check and whether a click can fix it."""
    row = finding.to_dict()
    row["check"] = "legal" if finding.code.startswith("legal.") else "format"
    row["fixable"] = bool(finding.fixable and finding.fix is not None)
    row.setdefault("record", None)
    row["rule"] = rule_label(finding.code)
    return row


def _legal_corpus(session: Session) -> Any:
    from eoffice.legal import CorpusUnavailable, LegalCorpus, starter_records

    try:
        corpus = LegalCorpus.from_session(session)
    except CorpusUnavailable:
        corpus = LegalCorpus(())
    # An installation that has not loaded its corpus yet still checks against the shipped starter records.
    return corpus if len(corpus) else LegalCorpus(starter_records())


def _pdf_text(data: bytes) -> str:
    from eoffice.documents_text import extract_text

    with tempfile.TemporaryDirectory(prefix="eoffice-check-") as folder:
        path = Path(folder) / "draft.pdf"
        path.write_bytes(data)
        return extract_text(path)


def check_bytes(data: bytes, corpus: Any, *, draft_date: Any = None) -> Outcome:
    """Both checks on one file's bytes (DOCX: format + legal; PDF: the PDF format checks + legal on its
    text); raises `CheckError` when the file cannot be checked at all."""
    from eoffice.checks import check_format
    from eoffice.checks.format import open_docx
    from eoffice.checks.legal import check_legal_basis
    from eoffice.checks.legal_lines import docx_paragraphs, text_paragraphs

    format_findings = check_format(data)
    if is_pdf(data):
        text = _pdf_text(data)
        paragraphs = text_paragraphs(text)
        legal = check_legal_basis(text, corpus=corpus, draft_date=draft_date)
    else:
        document = open_docx(data).document
        paragraphs = docx_paragraphs(document)
        legal = check_legal_basis(docx=document, corpus=corpus, draft_date=draft_date)
    return Outcome(
        findings=group_repeated([finding_row(f) for f in [*format_findings, *legal]]),
        paragraphs=[{"index": p.index, "text": p.text} for p in paragraphs],
    )


def _object_bytes(backends: Backends, key: str) -> bytes:
    return b"".join(backends.objects.get(key))


def complete_run(session: Session, backends: Backends, run: CheckRun) -> CheckRun:
    """Run the checks for a pending run and record the outcome (findings, or why the file is unreadable)."""
    file = session.get(DocumentFile, run.file_id)
    document = session.get(Document, run.document_id)
    assert file is not None and document is not None
    try:
        outcome = check_bytes(
            _object_bytes(backends, file.object_key), _legal_corpus(session), draft_date=document.issue_date
        )
    except CheckError as exc:
        run.status = CheckStatus.FAILED
        run.error_code, run.error_message = exc.code, exc.message
    else:
        run.status = CheckStatus.DONE
        run.findings, run.paragraphs = outcome.findings, outcome.paragraphs
        run.error_count = sum(1 for f in outcome.findings if f["severity"] == Severity.ERROR.value)
        run.warning_count = len(outcome.findings) - run.error_count
        run.fixable_count = sum(1 for f in outcome.findings if f["fixable"])
    run.finished_at = datetime.now(UTC)
    session.flush()
    return run


def start_check(
    session: Session,
    backends: Backends,
    actor: Actor,
    document_id: int,
    *,
    async_above: int = ASYNC_CHECK_BYTES,
) -> CheckRun:
    """Kiểm tra: anyone who may read the draft. Checked now, or queued for the worker when the file is large."""
    document = get_readable(session, actor.user, document_id, DocumentKind.OUTGOING)
    file = latest_draft(document)
    run = CheckRun(
        document_id=document.id,
        file_id=file.id,
        file_version=file.version,
        status=CheckStatus.PENDING,
        created_by_id=actor.id,
    )
    session.add(run)
    session.flush()
    audit(session, actor, "check.run", run, after={"document_id": document.id, "file_version": file.version})
    if file.size > async_above:
        enqueue(session, CHECK_TASK, run_id=run.id)
        return run
    return complete_run(session, backends, run)


def latest_runs(session: Session, user: User, document_id: int) -> list[CheckRun]:
    """The newest run of each version, newest version first."""
    document = get_readable(session, user, document_id, DocumentKind.OUTGOING)
    runs = session.scalars(
        select(CheckRun).where(CheckRun.document_id == document.id).order_by(CheckRun.id.desc())
    )
    newest: dict[int, CheckRun] = {}
    for run in runs:
        newest.setdefault(run.file_version, run)
    return [newest[v] for v in sorted(newest, reverse=True)]


def _may_fix(session: Session, user: User, document: Document) -> bool:
    """The draft's author, or someone on its approval route."""
    if document.created_by_id == user.id:
        return True
    on_route = session.scalar(
        select(
            exists().where(
                DocumentAccess.document_id == document.id,
                DocumentAccess.user_id == user.id,
                DocumentAccess.reason == AccessReason.ROUTE,
            )
        )
    )
    return bool(on_route)


def apply_mechanical_fixes(
    session: Session, batch: FileBatch, backends: Backends, actor: Actor, document_id: int
) -> tuple[DocumentFile, CheckRun]:
    """Sửa tự động: the latest DOCX version with every mechanical fix applied, stored as a new immutable
    version (the old one is untouched), then checked again so the reply shows what is left."""
    from eoffice.checks import apply_fixes, check_format

    document = get_readable(session, actor.user, document_id, DocumentKind.OUTGOING, lock=True)
    if not _may_fix(session, actor.user, document):
        raise Forbidden("Chỉ người soạn thảo hoặc người trong luồng duyệt mới được sửa dự thảo.")
    if document.status not in FIXABLE_STATUSES:
        raise WrongState(
            "Văn bản đã qua bước duyệt, không thể sửa dự thảo.",
            detail={"status": document.status.value, "allowed": [s.value for s in FIXABLE_STATUSES]},
        )
    source = latest_draft(document)
    if source.content_type != FileKind.DOCX.content_type:
        raise FixNeedsDocx()
    data = _object_bytes(backends, source.object_key)
    fixable = [f for f in check_format(data) if f.fixable and f.fix is not None]
    if not fixable:
        raise NothingToFix()
    fixed = apply_fixes(data, fixable)
    name = f"{PurePath(source.filename).stem}-sua-the-thuc.docx"
    stored = store_file(
        session,
        batch,
        document=document,
        upload=Upload(stream=io.BytesIO(fixed), filename=name),
        kind=FileKind.DOCX,
        role=FileRole.DRAFT,
        actor_id=actor.id,
        immutable=True,
    )
    audit(session, actor, "document_file.store", stored)
    documents_changed(session, document.id)
    audit(
        session,
        actor,
        "check.fix",
        stored,
        after={
            "from_version": source.version,
            "codes": sorted({f.code for f in fixable}),
            "count": len(fixable),
        },
    )
    run = CheckRun(
        document_id=document.id,
        file_id=stored.id,
        file_version=stored.version,
        status=CheckStatus.PENDING,
        created_by_id=actor.id,
    )
    session.add(run)
    session.flush()
    return stored, complete_run(session, backends, run)


@celery_app.task(name=CHECK_TASK)
def run_check_task(run_id: int) -> str | None:
    """Check a large draft in the worker; idempotent (a run already finished is left as it is)."""
    from eoffice.tasks.runtime import backends

    current = backends()
    with current.sessions() as session:
        run = session.get(CheckRun, run_id)
        if run is None or run.status != CheckStatus.PENDING:
            return None
        complete_run(session, current, run)
        session.commit()
        return run.status.value
