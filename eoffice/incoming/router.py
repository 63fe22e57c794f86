"""`/api/v1/incoming`: văn bản đến — register, inbox views, detail, assign, forward, notes, complete, recall."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from eoffice import calendar, clock
from eoffice.auth.deps import CurrentUser
from eoffice.deps import BackendsDep, SessionDep, SettingsDep
from eoffice.documents.files import file_batch
from eoffice.documents.kinds import DocumentKind
from eoffice.documents.links import shown_links
from eoffice.documents.models import Document
from eoffice.documents.route_helpers import actor_of, parse_metadata, uploads_of
from eoffice.documents.schemas import DocumentOut, FileOut
from eoffice.documents.service import OPEN_INCOMING, get_readable
from eoffice.incoming import direction, service, slip
from eoffice.incoming.models import AssignmentStatus
from eoffice.incoming.schemas import (
    AssignmentOut,
    AssignRequest,
    CancelRegistrationRequest,
    CompleteRequest,
    ContributionOut,
    DirectionOut,
    DirectionRequest,
    ExtensionDecision,
    ExtensionIn,
    ExtensionOut,
    ForwardRequest,
    HandBackRequest,
    InboxPage,
    InboxQuery,
    InboxView,
    IncomingCreate,
    IncomingDetail,
    NoteIn,
    NoteOut,
    PresentationOut,
    PresentRequest,
    RecallRequest,
)
from eoffice.orgs.models import User
from eoffice.settings import Settings
from storage import content_disposition

router = APIRouter(prefix="/incoming", tags=["incoming"])

OPEN = (AssignmentStatus.PENDING, AssignmentStatus.IN_PROGRESS)


def _dated(document: Document, days: calendar.AgencyCalendar, today: date) -> DocumentOut:
    """The document as lists show it, quá hạn and "còn N ngày" counted as its agency counts deadlines."""
    out = DocumentOut.of(
        document, days.is_overdue(document.deadline, document.status in OPEN_INCOMING, today)
    )
    counted = "ngay_lam_viec" if days.working_days else "ngay"
    return out.model_copy(
        update={"days_left": days.days_left(document.deadline, today), "days_counted": counted}
    )


def _detail(session: SessionDep, settings: Settings, user: User, document_id: int) -> IncomingDetail:
    document = get_readable(session, user, document_id, DocumentKind.INCOMING)
    today = clock.today(settings.timezone)
    assignments, notes = service.detail_parts(session, document)
    extensions = service.extensions_of(session, document)
    available = service.available_actions(session, user, document, assignments, extensions)
    record = direction.record_of(session, document)
    days = calendar.calendar_of(session, document.agency_id)
    base = _dated(document, days, today)
    return IncomingDetail(
        **base.model_dump(),
        files=[FileOut.of(f) for f in document.files],
        assignments=[
            AssignmentOut.model_validate(a).model_copy(
                update={
                    "overdue": days.is_overdue(a.deadline, a.status in OPEN, today),
                    "days_left": days.days_left(a.deadline, today),
                    "may_take_back": a.id in available.take_back,
                }
            )
            for a in assignments
        ],
        notes=[NoteOut.model_validate(n) for n in notes],
        extensions=[
            ExtensionOut.model_validate(e).model_copy(update={"may_decide": e.id in available.decide})
            for e in extensions
        ],
        presentations=[PresentationOut.model_validate(p) for p in record.presentations],
        directions=[DirectionOut.model_validate(d) for d in record.directions],
        contributions=[ContributionOut.model_validate(c) for c in record.contributions],
        actions=available.actions,
        links=shown_links(session, user, document.id),
    )


class IncomingChange:
    """A change the signed-in user makes to one incoming document: who acts (for the audit record), and the
    answer every change ends with (`saved`)."""

    def __init__(
        self, request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
    ) -> None:
        self.session, self.settings, self.user = session, settings, user
        self.actor = actor_of(request, user)

    def saved(self, document_id: int) -> IncomingDetail:
        """Commit, and answer with the document as the user now sees it (the service wrote the re-index,
        notifications and any report to an exchange sender as effects)."""
        self.session.commit()
        return _detail(self.session, self.settings, self.user, document_id)


ChangeDep = Annotated[IncomingChange, Depends()]


@router.post("", status_code=201)
def register_incoming(
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    settings: SettingsDep,
    user: CurrentUser,
    metadata: Annotated[str, Form(description="IncomingCreate as JSON")],
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> IncomingDetail:
    """Vào sổ văn bản đến: metadata (JSON) and the received files, in one transaction."""
    data = parse_metadata(IncomingCreate, metadata)
    with file_batch(backends.objects) as batch:
        document = service.register_incoming(
            session,
            batch,
            actor_of(request, user),
            data,
            uploads_of(files),
            max_upload_bytes=settings.max_upload_bytes,
            timezone=settings.timezone,
        )
        session.commit()
    return _detail(session, settings, user, document.id)


@router.post("/{document_id}/cancel")
def cancel_incoming_registration(
    document_id: int,
    body: CancelRegistrationRequest,
    change: ChangeDep,
) -> IncomingDetail:
    """Hủy vào sổ (văn thư): the entry keeps its number and the sổ shows it cancelled with the reason."""
    service.cancel_registration(change.session, change.actor, document_id, body.reason)
    return change.saved(document_id)


@router.get("")
def list_incoming(
    session: SessionDep, settings: SettingsDep, user: CurrentUser, params: Annotated[InboxQuery, Query()]
) -> InboxPage:
    """Sổ/hộp văn bản đến: `view` chờ xử lý | đang xử lý | quá hạn | đã hoàn thành, with counts per view."""
    today = clock.today(settings.timezone)
    calendars = calendar.Calendars(session)
    # The quá hạn view is `deadline < today`; an agency counting working days moves that day back (a
    # deadline on a day off runs to the next working day), so the inbox gets its `overdue_before`.
    overdue_before = calendars.of(user.agency_id).overdue_before(today)
    documents, total, counts = service.inbox(
        session,
        user,
        params,
        timezone=settings.timezone,
        today=overdue_before,
        count_cap=settings.inbox_count_cap,
    )
    capped = {None: counts.all_capped, InboxView.DONE: counts.da_hoan_thanh_capped}
    return InboxPage(
        items=[_dated(d, calendars.of(d.agency_id), today) for d in documents],
        total=total,
        total_capped=capped.get(params.view, False),
        page=params.page,
        page_size=params.page_size,
        counts=counts,
    )


@router.get("/{document_id}")
def get_incoming(
    document_id: int, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> IncomingDetail:
    return _detail(session, settings, user, document_id)


@router.get(
    "/{document_id}/slip.pdf",
    response_class=Response,
    responses={200: {"content": {slip.PDF_MEDIA_TYPE: {}}, "description": "Phiếu xử lý văn bản đến (PDF)"}},
)
def incoming_slip(
    document_id: int, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    """Phiếu xử lý văn bản đến: the document, the direction, the assignments, forwards, returns, notes and
    result, printed as PDF; the same read rule (and 404) as the detail."""
    printed = slip.processing_slip(session, user, document_id, timezone=settings.timezone)
    return Response(
        content=printed.pdf,
        media_type=slip.PDF_MEDIA_TYPE,
        headers={
            "Content-Disposition": content_disposition(printed.filename),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.post("/{document_id}/assignments", status_code=201)
def assign_incoming(document_id: int, body: AssignRequest, change: ChangeDep) -> IncomingDetail:
    """Phân công xử lý chính / phối hợp / nhận để biết, with deadlines."""
    service.assign(change.session, change.actor, document_id, body.assignments)
    return change.saved(document_id)


@router.post("/{document_id}/present", status_code=201)
def present_incoming(document_id: int, body: PresentRequest, change: ChangeDep) -> IncomingDetail:
    """Trình (văn thư): put the document before a leader, who finds it in "chờ cho ý kiến" and is told."""
    direction.present(change.session, change.actor, document_id, body)
    return change.saved(document_id)


@router.post("/{document_id}/directions", status_code=201)
def direct_incoming(document_id: int, body: DirectionRequest, change: ChangeDep) -> IncomingDetail:
    """Cho ý kiến chỉ đạo (lãnh đạo), and with it, in one step, the assignments it decides (optional)."""
    direction.direct(change.session, change.actor, document_id, body)
    return change.saved(document_id)


@router.post("/{document_id}/contributions", status_code=201)
def contribute_incoming(
    document_id: int,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    settings: SettingsDep,
    user: CurrentUser,
    text: Annotated[str, Form(max_length=20_000, description="Ý kiến phối hợp")],
    file: Annotated[UploadFile | None, File(description="Tệp kèm theo (không bắt buộc)")] = None,
) -> IncomingDetail:
    """Ý kiến phối hợp: a cooperating unit's part, sent to the main handler; it ends my phối hợp assignment."""
    with file_batch(backends.objects) as batch:
        direction.contribute(
            session,
            batch,
            actor_of(request, user),
            document_id,
            text,
            uploads_of([file] if file is not None else None),
            max_upload_bytes=settings.max_upload_bytes,
        )
        session.commit()
    return _detail(session, settings, user, document_id)


@router.post("/{document_id}/forward", status_code=201)
def forward_incoming(document_id: int, body: ForwardRequest, change: ChangeDep) -> IncomingDetail:
    """Chuyển tiếp my assignment to another person or unit."""
    service.forward(change.session, change.actor, document_id, body)
    return change.saved(document_id)


@router.post("/{document_id}/notes", status_code=201)
def add_incoming_note(document_id: int, body: NoteIn, change: ChangeDep) -> IncomingDetail:
    """Ý kiến or kết quả xử lý."""
    service.add_note(change.session, change.actor, document_id, body.kind, body.text)
    return change.saved(document_id)


@router.post("/{document_id}/complete")
def complete_incoming(document_id: int, body: CompleteRequest, change: ChangeDep) -> IncomingDetail:
    service.complete(change.session, change.actor, document_id, body.result)
    return change.saved(document_id)


@router.post("/{document_id}/recall")
def recall_incoming(document_id: int, body: RecallRequest, change: ChangeDep) -> IncomingDetail:
    service.recall(change.session, change.actor, document_id, body.reason)
    return change.saved(document_id)


@router.post("/{document_id}/seen")
def mark_incoming_seen(document_id: int, change: ChangeDep) -> IncomingDetail:
    """Đã xem: the informed person (nhận để biết) records having read the document."""
    service.mark_seen(change.session, change.actor, document_id)
    return change.saved(document_id)


@router.post("/{document_id}/return")
def return_incoming(document_id: int, body: HandBackRequest, change: ChangeDep) -> IncomingDetail:
    """Trả lại my open assignment, with the reason, to whoever passed it to me."""
    service.hand_back(change.session, change.actor, document_id, body.reason)
    return change.saved(document_id)


@router.post("/{document_id}/assignments/{assignment_id}/take-back")
def take_back_incoming_assignment(
    document_id: int,
    assignment_id: int,
    body: HandBackRequest,
    change: ChangeDep,
) -> IncomingDetail:
    """Thu hồi an assignment I gave or forwarded; the one it came from reopens."""
    service.take_back(change.session, change.actor, document_id, assignment_id, body.reason)
    return change.saved(document_id)


@router.post("/{document_id}/extensions", status_code=201)
def request_incoming_extension(document_id: int, body: ExtensionIn, change: ChangeDep) -> IncomingDetail:
    """Xin gia hạn: a later deadline for my open assignment, with the reason."""
    today = clock.today(change.settings.timezone)
    service.request_extension(change.session, change.actor, document_id, body, today=today)
    return change.saved(document_id)


@router.post("/{document_id}/extensions/{request_id}/decision")
def decide_incoming_extension(
    document_id: int,
    request_id: int,
    body: ExtensionDecision,
    change: ChangeDep,
) -> IncomingDetail:
    """Đồng ý or không đồng ý gia hạn (the assigner)."""
    service.decide_extension(change.session, change.actor, document_id, request_id, body)
    return change.saved(document_id)
