"""`/api/v1/outgoing`: văn bản đi — drafts, versions, comments, submit/approve/return/reject, sign, issue, release."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from sqlalchemy.orm import Session

from eoffice.auth.deps import CurrentUser
from eoffice.deps import BackendsDep, SessionDep, SettingsDep
from eoffice.documents.files import file_batch
from eoffice.documents.kinds import DocumentKind
from eoffice.documents.links import shown_links
from eoffice.documents.route_helpers import actor_of, parse_metadata, stored_files, uploads_of
from eoffice.documents.schemas import DocumentOut, FileOut
from eoffice.documents.service import get_readable
from eoffice.orgs.models import User
from eoffice.outgoing import service
from eoffice.outgoing.schemas import (
    CommentIn,
    CommentOut,
    DeliveryOut,
    OutgoingCreate,
    OutgoingDetail,
    OutgoingPage,
    OutgoingQuery,
    RecallRequest,
    RecipientOut,
    ReleaseRequest,
    RemoteSignatureOut,
    SignRequest,
)
from eoffice.remote_signing import service as remote
from eoffice.workflow import service as workflow
from eoffice.workflow.models import Decision
from eoffice.workflow.schemas import DecisionIn, DecisionOut, ReasonedDecisionIn, RunOut

router = APIRouter(prefix="/outgoing", tags=["outgoing"])


def _run_out(session: Session, document: object, run: object | None) -> RunOut | None:
    if run is None:
        return None
    steps = workflow.steps_of(run.route)  # type: ignore[attr-defined]
    return RunOut(
        id=run.id,  # type: ignore[attr-defined]
        route_id=run.route_id,  # type: ignore[attr-defined]
        route_name=run.route.name,  # type: ignore[attr-defined]
        status=run.status,  # type: ignore[attr-defined]
        position=run.position,  # type: ignore[attr-defined]
        steps=[workflow._step_out(p, m) for p, m in steps.items()],
        waiting_for=sorted(workflow.waiting_for(session, document, run)),  # type: ignore[arg-type]
        decisions=[DecisionOut.model_validate(d) for d in run.decisions],  # type: ignore[attr-defined]
        file_id=run.file_id,  # type: ignore[attr-defined]
        sha256=run.sha256,  # type: ignore[attr-defined]
    )


def _detail(session: Session, user: User, document_id: int) -> OutgoingDetail:
    document = get_readable(session, user, document_id, DocumentKind.OUTGOING)
    comments, recipients, deliveries = service.detail_parts(session, document)
    latest = remote.latest_for(session, document.id)
    base = DocumentOut.of(document, overdue=False)
    return OutgoingDetail(
        **base.model_dump(),
        files=[FileOut.of(f) for f in document.files],
        comments=[CommentOut.model_validate(c) for c in comments],
        run=_run_out(session, document, workflow.current_run(session, document)),
        recipients=[RecipientOut.model_validate(r) for r in recipients],
        deliveries=[DeliveryOut.model_validate(d) for d in deliveries],
        remote_signature=RemoteSignatureOut.model_validate(latest) if latest is not None else None,
        links=shown_links(session, user, document.id),
    )


class OutgoingChange:
    """A change the signed-in user makes to one outgoing document: who acts (for the audit record), the
    backends and settings a signature needs, and the answer every change ends with (`saved`)."""

    def __init__(
        self,
        request: Request,
        session: SessionDep,
        backends: BackendsDep,
        settings: SettingsDep,
        user: CurrentUser,
    ) -> None:
        self.session, self.backends, self.settings, self.user = session, backends, settings, user
        self.actor = actor_of(request, user)

    def saved(self, document_id: int) -> OutgoingDetail:
        """Commit, and answer with the document as the user now sees it (the service wrote the effects)."""
        self.session.commit()
        return _detail(self.session, self.user, document_id)


ChangeDep = Annotated[OutgoingChange, Depends()]


@router.post("", status_code=201)
def create_outgoing(
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    settings: SettingsDep,
    user: CurrentUser,
    metadata: Annotated[str, Form(description="OutgoingCreate as JSON")],
    file: Annotated[UploadFile | None, File(description="Bản dự thảo DOCX hoặc PDF")] = None,
) -> OutgoingDetail:
    """Soạn dự thảo văn bản đi, optionally with its first version."""
    data = parse_metadata(OutgoingCreate, metadata)
    upload = uploads_of([file])[0] if file is not None else None
    with file_batch(backends.objects) as batch:
        document = service.create_draft(
            session, batch, actor_of(request, user), data, upload, settings.max_upload_bytes
        )
        session.commit()
    return _detail(session, user, document.id)


@router.get("")
def list_outgoing(
    session: SessionDep, user: CurrentUser, params: Annotated[OutgoingQuery, Query()]
) -> OutgoingPage:
    documents, total = service.list_outgoing(session, user, params)
    return OutgoingPage(
        items=[DocumentOut.of(d, overdue=False) for d in documents],
        total=total,
        page=params.page,
        page_size=params.page_size,
    )


@router.get("/{document_id}")
def get_outgoing(document_id: int, session: SessionDep, user: CurrentUser) -> OutgoingDetail:
    return _detail(session, user, document_id)


@router.post("/{document_id}/attachments", status_code=201)
def add_outgoing_attachments(
    document_id: int,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    settings: SettingsDep,
    user: CurrentUser,
    files: Annotated[list[UploadFile], File(description="Văn bản kèm theo (PDF), mỗi văn bản một tệp")],
) -> list[FileOut]:
    """Thêm văn bản kèm theo (tệp riêng) vào dự thảo; văn thư ký số từng tệp khi cấp số."""
    actor, limit = actor_of(request, user), settings.max_upload_bytes
    return stored_files(session, backends.objects, actor, document_id, files, limit, service.add_attachments)


@router.post("/{document_id}/versions", status_code=201)
def add_outgoing_version(
    document_id: int,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    settings: SettingsDep,
    user: CurrentUser,
    file: Annotated[UploadFile, File(description="DOCX hoặc PDF")],
) -> FileOut:
    """Tải lên phiên bản dự thảo mới (each version is a new immutable object)."""
    with file_batch(backends.objects) as batch:
        stored = service.add_version(
            session,
            batch,
            actor_of(request, user),
            document_id,
            uploads_of([file])[0],
            settings.max_upload_bytes,
        )
        session.commit()
    return FileOut.of(stored)


@router.post("/{document_id}/comments", status_code=201)
def comment_outgoing(
    document_id: int, body: CommentIn, request: Request, session: SessionDep, user: CurrentUser
) -> CommentOut:
    comment = service.add_comment(session, actor_of(request, user), document_id, body)
    session.commit()
    return CommentOut.model_validate(comment)


@router.post("/{document_id}/submit")
def submit_outgoing(document_id: int, change: ChangeDep) -> OutgoingDetail:
    """Trình duyệt theo luồng của cơ quan."""
    service.submit(change.session, change.actor, document_id)
    return change.saved(document_id)


def _decide(decision: Decision, document_id: int, body: DecisionIn, change: OutgoingChange) -> OutgoingDetail:
    service.decide(
        change.session,
        change.actor,
        document_id,
        decision,
        reason=body.reason,
        step=body.step,
        sha256=body.sha256,
    )
    return change.saved(document_id)


@router.post("/{document_id}/approve")
def approve_outgoing(document_id: int, body: DecisionIn, change: ChangeDep) -> OutgoingDetail:
    """Duyệt bước hiện tại (or give an opinion in a consultation step)."""
    return _decide(Decision.APPROVE, document_id, body, change)


@router.post("/{document_id}/return")
def return_outgoing(document_id: int, body: ReasonedDecisionIn, change: ChangeDep) -> OutgoingDetail:
    """Trả lại để sửa, with a reason."""
    return _decide(Decision.RETURN, document_id, body, change)


@router.post("/{document_id}/reject")
def reject_outgoing(document_id: int, body: ReasonedDecisionIn, change: ChangeDep) -> OutgoingDetail:
    """Không duyệt, with a reason."""
    return _decide(Decision.REJECT, document_id, body, change)


@router.post("/{document_id}/sign")
def sign_outgoing(document_id: int, body: SignRequest, change: ChangeDep) -> OutgoingDetail:
    """Lãnh đạo ký số (PAdES) the approved version (named by `file_id` or `sha256`, else the approved one)
    as PDF; the signed file is a new immutable version. With `source: "smartca"` the signature waits for the
    leader's approval in the VNPT SmartCA app: the answer is the detail with `remote_signature.state`
    "pending" (chờ xác nhận trên điện thoại), finished by `POST /outgoing/{id}/remote-signature/check`."""
    if body.source == "smartca":
        service.sign_remotely(
            change.session,
            change.backends,
            change.settings,
            change.actor,
            document_id,
            body.level,
            password=body.pin,
            file_id=body.file_id,
            sha256=body.sha256,
        )
        return change.saved(document_id)
    sign = partial(service.sign_as_leader, file_id=body.file_id, sha256=body.sha256)
    return _signed(sign, document_id, body, change)


@router.post("/{document_id}/remote-signature/check")
def check_outgoing_remote_signature(document_id: int, change: ChangeDep) -> OutgoingDetail:
    """Hỏi kết quả xác nhận ký trên điện thoại (VNPT SmartCA), by the leader who signs; the web app calls it
    every few seconds while the signature is pending. Approved: the document is signed; refused or
    expired: it stays approved, `remote_signature.reason` says why; waiting: nothing changes."""
    with file_batch(change.backends.objects) as batch:
        service.check_remote_signature(
            change.session, batch, change.backends, change.settings, change.actor, document_id
        )
        change.session.commit()
    return _detail(change.session, change.user, document_id)


@router.post("/{document_id}/issue")
def issue_outgoing(document_id: int, body: SignRequest, change: ChangeDep) -> OutgoingDetail:
    """Văn thư cấp số, ngày and signs as the agency."""
    return _signed(service.issue_number, document_id, body, change)


def _signed(
    sign: Callable[..., object], document_id: int, body: SignRequest, change: OutgoingChange
) -> OutgoingDetail:
    """Both signatures (the leader's, the agency's at issue) store a new immutable PDF in one file batch, so
    an object written before a failed commit is removed again."""
    with file_batch(change.backends.objects) as batch:
        sign(
            change.session,
            batch,
            change.backends,
            change.settings,
            change.actor,
            document_id,
            body.level,
            pin=body.pin,
        )
        change.session.commit()
    return _detail(change.session, change.user, document_id)


@router.post("/{document_id}/release")
def release_outgoing(document_id: int, body: ReleaseRequest, change: ChangeDep) -> OutgoingDetail:
    """Phát hành: internal recipients receive it at once; the service queues the outside ones' edXML package
    as an effect (built and sent by the worker once this transaction commits)."""
    service.release(
        change.session, change.actor, document_id, body.recipients, timezone=change.settings.timezone
    )
    return change.saved(document_id)


@router.post("/{document_id}/recall")
def recall_outgoing(document_id: int, body: RecallRequest, change: ChangeDep) -> OutgoingDetail:
    """Thu hồi văn bản đã phát hành: internal recipients' copies are marked recalled at once; the service
    queues the recall package for the outside ones as an effect (their answers, 15 or 16, come back)."""
    service.recall_release(change.session, change.actor, document_id, body.reason)
    return change.saved(document_id)
