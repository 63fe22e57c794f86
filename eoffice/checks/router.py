"""`/api/v1/drafts/{id}/checks`: Kiểm tra thể thức và căn cứ of an outgoing draft, and the one-click fixes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from eoffice.auth.deps import CurrentUser
from eoffice.checks import service
from eoffice.checks.labels import rule_label
from eoffice.checks.models import CheckRun, CheckStatus
from eoffice.deps import BackendsDep, SessionDep, SettingsDep
from eoffice.documents.files import file_batch
from eoffice.documents.route_helpers import actor_of
from eoffice.documents.schemas import FileOut
from eoffice.settings import Settings

router = APIRouter(prefix="/drafts", tags=["checks"])


class WhereOut(BaseModel):
    """Where a finding is: `paragraph` (1-based, table cells included), `section`, `styles`, `page`, `document`."""

    kind: str
    index: int | None
    text: str


class LegalRecordOut(BaseModel):
    """The corpus record a căn cứ finding refers to."""

    key: str
    number: str
    type: str
    title: str
    issuer: str
    issue_date: str
    status: str | None


class FindingOut(BaseModel):
    code: str = Field(description="Mã ổn định: format.* / docx.* / pdf.* / legal.*")
    rule: str = Field(description="Tên quy tắc bằng tiếng Việt, để hiển thị thay cho mã")
    check: Literal["format", "legal"]
    severity: Literal["error", "warning"]
    where: WhereOut
    found: str
    expected: str
    message: str
    fixable: bool
    record: LegalRecordOut | None = None
    places: list[WhereOut] = Field(
        description="Mọi nơi có cùng sai sót (một phát hiện cho mỗi quy tắc và giá trị); `where` là nơi đầu tiên"
    )


class ParagraphOut(BaseModel):
    index: int
    text: str


class CheckRunOut(BaseModel):
    """One run of both checks on one version; `pending` while the worker checks a large file."""

    id: int
    document_id: int
    file_id: int
    file_version: int
    status: CheckStatus
    created_at: datetime
    finished_at: datetime | None
    error_count: int
    warning_count: int
    fixable_count: int
    error_code: str
    error_message: str
    findings: list[FindingOut]
    paragraphs: list[ParagraphOut]

    @classmethod
    def of(cls, run: CheckRun) -> CheckRunOut:
        return cls(
            id=run.id,
            document_id=run.document_id,
            file_id=run.file_id,
            file_version=run.file_version,
            status=run.status,
            created_at=_utc(run.created_at),
            finished_at=_utc(run.finished_at) if run.finished_at else None,
            error_count=run.error_count,
            warning_count=run.warning_count,
            fixable_count=run.fixable_count,
            error_code=run.error_code,
            error_message=run.error_message,
            findings=[FindingOut.model_validate(_with_rule(f)) for f in run.findings or []],
            paragraphs=[ParagraphOut.model_validate(p) for p in run.paragraphs or []],
        )


def _with_rule(row: dict[str, Any]) -> dict[str, Any]:
    """Runs stored before findings carried their rule's name and places get them here."""
    return {"rule": rule_label(row["code"]), "places": [row["where"]], **row}


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive UTC timestamps; send them with their offset so browsers do not shift them."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class CheckRunsOut(BaseModel):
    """The newest run of each checked version, newest version first (`items[0]` is the latest)."""

    items: list[CheckRunOut]


class FixOut(BaseModel):
    """The new version the fixes produced, and the check of that version."""

    file: FileOut
    check: CheckRunOut


def _async_threshold(settings: Settings) -> int:
    value = getattr(settings, "check_async_bytes", None)
    return int(value) if value else service.ASYNC_CHECK_BYTES


@router.post("/{document_id}/checks", status_code=201)
def check_draft(
    document_id: int,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> CheckRunOut:
    """Kiểm tra thể thức và căn cứ of the draft's latest version (large files: `pending`, then poll GET)."""
    run = service.start_check(
        session, backends, actor_of(request, user), document_id, async_above=_async_threshold(settings)
    )
    session.commit()
    return CheckRunOut.of(run)


@router.get("/{document_id}/checks")
def draft_checks(document_id: int, session: SessionDep, user: CurrentUser) -> CheckRunsOut:
    """The latest check of each version of the draft."""
    return CheckRunsOut(items=[CheckRunOut.of(r) for r in service.latest_runs(session, user, document_id)])


@router.post("/{document_id}/checks/fix", status_code=201)
def fix_draft(
    document_id: int, request: Request, session: SessionDep, backends: BackendsDep, user: CurrentUser
) -> FixOut:
    """Sửa tự động: margins, fonts, sizes, leading zeros… into a new version, checked again."""
    with file_batch(backends.objects) as batch:
        stored, run = service.apply_mechanical_fixes(
            session, batch, backends, actor_of(request, user), document_id
        )
        session.commit()
    return FixOut(file=FileOut.of(stored), check=CheckRunOut.of(run))
