"""Approval routes (luồng trình duyệt) and how a document passes through one.

A route is a list of steps; a step's members are roles and/or named people. A sequential step is decided by
the first member who acts; a consultation step (góp ý song song) waits for every member. Two people deciding
the same step at the same moment cannot both succeed: on PostgreSQL the run row is locked (`FOR UPDATE`) so
the second waits and then sees the step has moved on; everywhere the run's `version` column makes a stale
update fail (SQLite). Either way the loser gets a 409. The drafter never decides a step of their own draft:
a step only they could decide is skipped, and a route left with nobody else is refused at submission.

An approval binds content: a run names the draft version it carries (file id and SHA-256), every decision
records it, and a new version after any approval resets the run (`reset_for_new_version`), so what is signed
is exactly what was approved (`approved_version`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from eoffice.audit import snapshot
from eoffice.documents.kinds import AccessReason, DocumentType, FileRole
from eoffice.documents.models import Document, DocumentAccess, DocumentFile
from eoffice.documents.service import Actor, audit
from eoffice.errors import Conflict, Forbidden, InvalidInput
from eoffice.orgs.models import Role, RoleAssignment, User
from eoffice.permissions import holds_role
from eoffice.workflow.models import (
    ApprovalDecision,
    ApprovalRoute,
    ApprovalRun,
    Decision,
    RouteStep,
    RunStatus,
)
from eoffice.workflow.schemas import RouteIn, RouteOut, StepOut


class StepTaken(Conflict):
    code = "workflow.step_taken"
    message = "Bước duyệt này đã được người khác xử lý; vui lòng tải lại văn bản."


class NoRoute(Conflict):
    code = "workflow.no_route"
    message = "Cơ quan chưa cấu hình luồng trình duyệt cho loại văn bản này."


class VersionChanged(Conflict):
    code = "workflow.version_changed"
    message = "Phiên bản dự thảo đã thay đổi so với phiên bản bạn xem; vui lòng tải lại văn bản."


class SelfApproval(Forbidden):
    code = "workflow.self_approval"
    message = "Người soạn thảo không được tự duyệt văn bản của mình."


def steps_of(route: ApprovalRoute) -> dict[int, list[RouteStep]]:
    grouped: dict[int, list[RouteStep]] = defaultdict(list)
    for member in route.steps:
        grouped[member.position].append(member)
    return dict(sorted(grouped.items()))


def route_out(route: ApprovalRoute) -> RouteOut:
    return RouteOut(
        id=route.id,
        agency_id=route.agency_id,
        name=route.name,
        doc_type=route.doc_type,
        active=route.active,
        steps=[_step_out(position, members) for position, members in steps_of(route).items()],
    )


def _step_out(position: int, members: list[RouteStep]) -> StepOut:
    return StepOut(
        position=position,
        name=members[0].name,
        consultation=members[0].consultation,
        roles=[m.role for m in members if m.role is not None],
        user_ids=[m.user_id for m in members if m.user_id is not None],
    )


def create_route(session: Session, actor: Actor, data: RouteIn) -> ApprovalRoute:
    """Cấu hình luồng: the agency's admin defines it; a new route for a type replaces the active one."""
    agency_id = actor.user.agency_id
    if not holds_role(actor.user, agency_id, Role.ADMIN):
        raise Forbidden("Chỉ quản trị của cơ quan mới được cấu hình luồng trình duyệt.")
    named = {user_id for step in data.steps for user_id in step.user_ids}
    found = set(session.scalars(select(User.id).where(User.id.in_(named), User.agency_id == agency_id)))
    if named - found:
        missing = sorted(named - found)
        raise InvalidInput(
            "Người được chỉ định không thuộc cơ quan.",
            detail=[{"field": "steps.user_ids", "problem": "không thuộc cơ quan", "ids": missing}],
        )
    for previous in session.scalars(
        select(ApprovalRoute).where(
            ApprovalRoute.agency_id == agency_id,
            ApprovalRoute.active.is_(True),
            ApprovalRoute.doc_type.is_(None)
            if data.doc_type is None
            else ApprovalRoute.doc_type == data.doc_type,
        )
    ):
        before = snapshot(previous)
        previous.active = False
        session.flush()
        audit(session, actor, "workflow.route_deactivate", previous, before=before)
    route = ApprovalRoute(agency_id=agency_id, doc_type=data.doc_type, name=data.name, active=True)
    for position, step in enumerate(data.steps, start=1):
        members = [RouteStep(role=role) for role in step.roles] + [
            RouteStep(user_id=u) for u in step.user_ids
        ]
        for member in members:
            member.position = position
            member.name = step.name
            member.consultation = step.consultation
            route.steps.append(member)
    session.add(route)
    session.flush()
    audit(session, actor, "workflow.route_create", route, after=route_out(route).model_dump(mode="json"))
    return route


def list_routes(session: Session, user: User) -> list[ApprovalRoute]:
    return list(
        session.scalars(
            select(ApprovalRoute)
            .where(ApprovalRoute.agency_id == user.agency_id, ApprovalRoute.active.is_(True))
            .order_by(ApprovalRoute.id)
        )
    )


def route_for(session: Session, agency_id: int, doc_type: DocumentType) -> ApprovalRoute:
    """The active route for this type, else the agency's default route."""
    candidates = list(
        session.scalars(
            select(ApprovalRoute).where(
                ApprovalRoute.agency_id == agency_id,
                ApprovalRoute.active.is_(True),
                or_(ApprovalRoute.doc_type == doc_type, ApprovalRoute.doc_type.is_(None)),
            )
        )
    )
    candidates.sort(key=lambda r: (r.doc_type is None, -r.id))
    if not candidates:
        raise NoRoute()
    return candidates[0]


def members_of(session: Session, document: Document, members: list[RouteStep]) -> set[int]:
    """The people a step waits for. A lãnh đạo phòng step means the head of the drafting department."""
    people = {m.user_id for m in members if m.user_id is not None}
    for member in members:
        if member.role is None:
            continue
        query = (
            select(User.id)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(
                RoleAssignment.agency_id == document.agency_id,
                RoleAssignment.role == member.role,
                User.is_active.is_(True),
            )
        )
        if member.role == Role.DEPARTMENT_HEAD and document.department_id is not None:
            query = query.where(User.department_id == document.department_id)
        people.update(session.scalars(query))
    return people


def approvers(session: Session, document: Document, members: list[RouteStep]) -> set[int]:
    """Who may decide a step: its members except the drafter, who never approves their own draft — a trưởng
    phòng's draft skips the "lãnh đạo phòng" step he alone holds, a leader's waits for another leader."""
    return members_of(session, document, members) - {document.created_by_id}


def _next_position(
    session: Session, document: Document, steps: dict[int, list[RouteStep]], after: int
) -> int | None:
    """The first step after `after` that someone other than the drafter can decide (others are skipped)."""
    return next(
        (p for p, members in steps.items() if p > after and approvers(session, document, members)), None
    )


def current_run(session: Session, document: Document, *, lock: bool = False) -> ApprovalRun | None:
    query = select(ApprovalRun).where(ApprovalRun.document_id == document.id).order_by(ApprovalRun.id.desc())
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalars(query.limit(1)).first()


def draft_version(document: Document) -> DocumentFile | None:
    """The newest draft version: what a run submitted now carries."""
    drafts = [f for f in document.files if f.role == FileRole.DRAFT]
    return drafts[-1] if drafts else None


def start_run(session: Session, actor: Actor, document: Document) -> ApprovalRun:
    """Trình: put the document's newest draft version on its route; every member of every step is named on
    it (may read it)."""
    route = route_for(session, document.agency_id, document.doc_type)
    steps = steps_of(route)
    if not steps:
        raise NoRoute()
    participants: set[int] = set()
    for members in steps.values():
        participants |= members_of(session, document, members)
    if not participants:
        raise NoRoute("Luồng trình duyệt không có người duyệt nào đang hoạt động.")
    first = _next_position(session, document, steps, after=min(steps) - 1)
    if first is None:
        raise NoRoute(
            "Luồng trình duyệt không có người duyệt nào khác ngoài người soạn thảo; "
            "người soạn thảo không được tự duyệt văn bản của mình.",
            code="workflow.no_other_approver",
        )
    known = set(
        session.scalars(
            select(DocumentAccess.user_id).where(
                DocumentAccess.document_id == document.id, DocumentAccess.reason == AccessReason.ROUTE
            )
        )
    )
    for user_id in sorted(participants - known):
        session.add(DocumentAccess(document_id=document.id, user_id=user_id, reason=AccessReason.ROUTE))
    version = draft_version(document)
    run = ApprovalRun(
        document_id=document.id,
        route_id=route.id,
        position=first,
        started_by_id=actor.id,
        file_id=version.id if version is not None else None,
        sha256=version.sha256 if version is not None else "",
    )
    session.add(run)
    session.flush()
    audit(session, actor, "workflow.run_start", run)
    return run


def waiting_for(session: Session, document: Document, run: ApprovalRun) -> set[int]:
    """Who still has to act at the run's current step."""
    if run.status != RunStatus.IN_PROGRESS:
        return set()
    members = steps_of(run.route).get(run.position, [])
    expected = approvers(session, document, members)
    done = {d.user_id for d in run.decisions if d.position == run.position}
    if members and members[0].consultation:
        return expected - done
    return set() if done else expected


def decide(
    session: Session,
    actor: Actor,
    document: Document,
    decision: Decision,
    *,
    reason: str = "",
    step: int | None = None,
    sha256: str | None = None,
) -> ApprovalRun:
    """Approve, return (with a reason) or reject (with a reason) the current step, on the version the run
    carries; `sha256`, when given, is the version the decider saw and must be that one.

    Returns the run; the document's status is the caller's to update from `run.status`.
    """
    run = current_run(session, document, lock=True)
    if run is None or run.status != RunStatus.IN_PROGRESS:
        raise StepTaken("Văn bản không ở bước trình duyệt nào.")
    if step is not None and step != run.position:
        raise StepTaken()
    newest = draft_version(document)
    if (run.file_id is not None and (newest is None or newest.id != run.file_id)) or (
        sha256 is not None and sha256 != run.sha256
    ):
        raise VersionChanged(detail={"file_id": run.file_id, "sha256": run.sha256})
    if actor.id == document.created_by_id:
        raise SelfApproval()
    steps = steps_of(run.route)
    members = steps.get(run.position, [])
    expected = approvers(session, document, members)
    if actor.id not in expected:
        earlier = any(
            actor.id in members_of(session, document, m) for p, m in steps.items() if p < run.position
        )
        if earlier:
            raise StepTaken()
        raise Forbidden("Bạn không phải người duyệt ở bước hiện tại.")
    if any(d.user_id == actor.id and d.position == run.position for d in run.decisions):
        raise StepTaken("Bạn đã cho ý kiến ở bước này.")
    before = snapshot(run)
    entry = ApprovalDecision(
        position=run.position,
        user_id=actor.id,
        decision=decision,
        reason=reason,
        file_id=run.file_id,
        sha256=run.sha256,
    )
    run.decisions.append(entry)
    if decision == Decision.RETURN:
        _finish(run, RunStatus.RETURNED)
    elif decision == Decision.REJECT:
        _finish(run, RunStatus.REJECTED)
    else:
        consultation = bool(members) and members[0].consultation
        approved = {d.user_id for d in run.decisions if d.position == run.position}
        if not consultation or expected <= approved:
            later = _next_position(session, document, steps, after=run.position)
            if later is not None:
                run.position = later
            else:
                _finish(run, RunStatus.APPROVED)
    run.decision_count = len(run.decisions)  # always touch the row: concurrent deciders collide on `version`
    try:
        session.flush()
    except StaleDataError as exc:
        raise StepTaken() from exc
    audit(session, actor, f"workflow.{decision.value}", entry)
    audit(session, actor, "workflow.run_update", run, before=before)
    return run


def approved_version(session: Session, document: Document) -> ApprovalRun | None:
    """The finished, approved run whose version (`file_id`, `sha256`) may be signed; None if there is none."""
    run = current_run(session, document)
    return run if run is not None and run.status == RunStatus.APPROVED else None


def route_people(session: Session, document: Document, run: ApprovalRun) -> set[int]:
    """Everyone on the run's route (every member of every step) and everyone who decided, but the drafter."""
    people = {d.user_id for d in run.decisions}
    for members in steps_of(run.route).values():
        people |= members_of(session, document, members)
    return people - {document.created_by_id}


def reset_for_new_version(session: Session, actor: Actor, document: Document) -> ApprovalRun | None:
    """A new draft version after any approval: the run's approvals were given to another version, so the run
    ends as `reset` and the draft must be submitted again. Returns the reset run (None: nothing approved)."""
    run = current_run(session, document, lock=True)
    if run is None or run.status not in (RunStatus.IN_PROGRESS, RunStatus.APPROVED, RunStatus.RETURNED):
        return None
    if not any(d.decision == Decision.APPROVE for d in run.decisions):
        return None
    before = snapshot(run)
    _finish(run, RunStatus.RESET)
    try:
        session.flush()
    except StaleDataError as exc:
        raise StepTaken() from exc
    audit(session, actor, "workflow.run_update", run, before=before)
    return run


def _finish(run: ApprovalRun, status: RunStatus) -> None:
    run.status = status
    run.finished_at = datetime.now(UTC)
