"""Văn bản đi: draft → versions and comments → approval route → leader's signature → number and agency
signature → release to recipients.

Every stored version is a new immutable object; the leader signs a PDF (`pdf_for_signing`), the văn thư takes
the number from the sổ đi and signs as the agency, and release hands internal recipients an incoming record
and queues outside recipients for the inter-agency exchange. Lock order: register counter, then audit head.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import PurePath
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from eoffice import clock, keys
from eoffice.audit import snapshot
from eoffice.backends import Backends
from eoffice.documents.errors import WrongState
from eoffice.documents.files import FileBatch, Upload, check_upload, store_file
from eoffice.documents.kinds import AccessReason, DocumentKind, DocumentStatus, FileRole
from eoffice.documents.models import Document, DocumentAccess, DocumentFile
from eoffice.documents.service import Actor, audit, get_readable
from eoffice.effects import documents_changed, send_outside, send_recall
from eoffice.errors import Forbidden, InvalidInput
from eoffice.exchange.directory import unreachable
from eoffice.file_kinds import DRAFTS, FileKind
from eoffice.incoming.models import Assignment, AssignmentRole, AssignmentStatus
from eoffice.incoming.service import recalled_by_issuer, receive_internal
from eoffice.notifications.events import agency_people, department_people, notify
from eoffice.notifications.models import NotificationKind
from eoffice.orgs.models import Agency, Department, Role, User
from eoffice.outgoing import links
from eoffice.outgoing.models import DeliveryStatus, DraftComment, ExternalDelivery, Recipient, RecipientKind
from eoffice.outgoing.schemas import CommentIn, OutgoingCreate, OutgoingQuery, RecipientIn
from eoffice.permissions import holds_role, readable_clause
from eoffice.registers import document_symbol, format_number, take_number
from eoffice.remote_signing import service as remote
from eoffice.remote_signing.models import RemoteProvider, RemoteSignature
from eoffice.settings import Settings
from eoffice.vietnamese_dates import format_date_line, format_long_date
from eoffice.workflow import service as workflow
from eoffice.workflow.models import Decision, RunStatus
from signing import PadesLevel, TrustSettings
from storage import ObjectStore

EDITABLE = (DocumentStatus.DRAFT, DocumentStatus.RETURNED)
ATTACHMENTS = frozenset({FileKind.PDF})  # signed by the agency at issue, so PDF only


class PdfRequired(WrongState):
    code = "outgoing.pdf_required"
    message = "Bản dự thảo mới nhất không phải PDF; hãy tải lên bản PDF để ký."


def _outgoing(session: Session, actor: Actor, document_id: int) -> Document:
    return get_readable(session, actor.user, document_id, DocumentKind.OUTGOING, lock=True)


def _require_status(document: Document, *allowed: DocumentStatus) -> None:
    if document.status not in allowed:
        raise WrongState(
            f"Văn bản đang ở trạng thái “{document.status.value}”, không thực hiện được thao tác này.",
            detail={"status": document.status.value, "allowed": [s.value for s in allowed]},
        )


def _check_recipients(session: Session, agency_id: int, recipients: Sequence[RecipientIn]) -> None:
    for index, recipient in enumerate(recipients):
        problem = None
        if recipient.kind == RecipientKind.AGENCY:
            agency = session.get(Agency, recipient.agency_id)
            if agency is None or agency.id == agency_id:
                problem = "cơ quan nhận không tồn tại (gửi trong cơ quan: dùng kind=department)"
        elif recipient.kind == RecipientKind.DEPARTMENT:
            department = session.get(Department, recipient.department_id)
            if department is None or department.agency_id != agency_id:
                problem = "đơn vị nhận không thuộc cơ quan"
        if problem:
            raise InvalidInput(
                f"Nơi nhận không hợp lệ: {problem}.",
                detail=[{"field": f"recipients.{index}", "problem": problem}],
            )


def _check_reachable(session: Session, agency_id: int, recipients: Sequence[Recipient]) -> None:
    """Release refuses every outside recipient no connection reaches (listed in the directory or not) and a
    directory entry set aside: its package could only wait and fail, so the văn thư is told now instead."""
    outside = [r for r in recipients if r.kind == RecipientKind.EXTERNAL]
    names = {r.organ_id: r.name for r in outside}
    refused = unreachable(session, agency_id, list(names), names)
    if refused:
        problems = [refused[r.organ_id] for r in outside if r.organ_id in refused]
        raise InvalidInput(
            f"Không gửi liên thông được: {'; '.join(dict.fromkeys(problems))}.",
            code="outgoing.recipient_unreachable",
            detail=[
                {"field": "recipients", "organ_id": r.organ_id, "problem": refused[r.organ_id]}
                for r in outside
                if r.organ_id in refused
            ],
        )


def _add_recipients(session: Session, document: Document, recipients: Sequence[RecipientIn]) -> None:
    for recipient in recipients:
        session.add(
            Recipient(
                document_id=document.id,
                kind=recipient.kind,
                agency_id=recipient.agency_id,
                department_id=recipient.department_id,
                organ_id=recipient.organ_id,
                name=recipient.name,
            )
        )


def create_draft(
    session: Session,
    batch: FileBatch,
    actor: Actor,
    data: OutgoingCreate,
    upload: Upload | None,
    max_bytes: int,
) -> Document:
    """Dự thảo: by anyone of the agency (usually a chuyên viên), optionally with its first version."""
    user = actor.user
    kind = check_upload(upload, DRAFTS, max_bytes) if upload is not None else None
    _check_recipients(session, user.agency_id, data.recipients)
    named = list(
        session.scalars(
            select(User.id).where(User.id.in_(data.named_user_ids), User.agency_id == user.agency_id)
        )
    )
    if len(named) != len(set(data.named_user_ids)):
        raise InvalidInput(
            "Người được xem văn bản không thuộc cơ quan.",
            detail=[{"field": "named_user_ids", "problem": "không thuộc cơ quan"}],
        )
    document = Document(
        kind=DocumentKind.OUTGOING,
        agency_id=user.agency_id,
        department_id=user.department_id,
        title=data.title,
        doc_type=data.doc_type,
        urgency=data.urgency,
        secrecy=data.secrecy,
        deadline=data.deadline,
        pages=data.pages,
        issuer=user.agency.name,
        status=DocumentStatus.DRAFT,
        created_by_id=user.id,
    )
    session.add(document)
    session.flush()
    _add_recipients(session, document, data.recipients)
    for user_id in named:
        session.add(DocumentAccess(document_id=document.id, user_id=user_id, reason=AccessReason.NAMED))
    session.flush()
    audit(session, actor, "outgoing.draft_create", document)
    links.attach(session, actor, document, data)
    if upload is not None and kind is not None:
        _stored(session, batch, actor, document, upload, kind, FileRole.DRAFT)
    documents_changed(session, document.id)
    return document


def add_version(
    session: Session, batch: FileBatch, actor: Actor, document_id: int, upload: Upload, max_bytes: int
) -> DocumentFile:
    """A new draft version (DOCX or PDF) while editable or approved. An approval binds the version it was
    given to, so a version after any approval resets the route: an approved draft goes back to "dự thảo",
    the history says why, and everyone on the route is told it must be approved again."""
    document = _outgoing(session, actor, document_id)
    _require_status(document, *EDITABLE, DocumentStatus.APPROVED)
    if document.created_by_id != actor.id:
        raise Forbidden("Chỉ người soạn thảo mới được tải lên phiên bản mới.")
    remote.refuse_if_pending(session, document.id)
    kind = check_upload(upload, DRAFTS, max_bytes)
    file = _stored(session, batch, actor, document, upload, kind, FileRole.DRAFT)
    _reset_route(session, actor, document, file)
    documents_changed(session, document.id)
    return file


def add_attachments(
    session: Session,
    batch: FileBatch,
    actor: Actor,
    document_id: int,
    uploads: Sequence[Upload],
    max_bytes: int,
) -> list[DocumentFile]:
    """Văn bản kèm theo in separate files: PDFs the drafter adds while the draft is editable. At issue the
    agency signs each one (number and symbol of the main document, top right of the first page, Phụ lục I)
    and the signed copies go out with the document."""
    document = _outgoing(session, actor, document_id)
    _require_status(document, *EDITABLE)
    if document.created_by_id != actor.id:
        raise Forbidden("Chỉ người soạn thảo mới được thêm văn bản kèm theo.")
    if not uploads:
        raise InvalidInput("Chưa chọn tệp kèm theo.", detail=[{"field": "files", "problem": "không có tệp"}])
    kinds = [check_upload(upload, ATTACHMENTS, max_bytes) for upload in uploads]
    stored = [
        _stored(session, batch, actor, document, upload, kind, FileRole.ATTACHMENT)
        for upload, kind in zip(uploads, kinds, strict=True)
    ]
    documents_changed(session, document.id)
    return stored


def _reset_route(session: Session, actor: Actor, document: Document, file: DocumentFile) -> None:
    run = workflow.reset_for_new_version(session, actor, document)
    if run is None:
        return
    before = snapshot(document)
    if document.status == DocumentStatus.APPROVED:
        document.status = DocumentStatus.DRAFT
    session.flush()
    audit(session, actor, "outgoing.route_reset", document, before=before)
    notify(
        session,
        NotificationKind.ROUTE_RESET,
        document,
        workflow.route_people(session, document, run),
        actor_id=actor.id,
        detail=f"Phiên bản {file.version} được tải lên sau khi đã duyệt; văn bản cần được trình duyệt lại.",
    )


def add_comment(session: Session, actor: Actor, document_id: int, data: CommentIn) -> DraftComment:
    """Góp ý: anyone who may read the draft, until it is released."""
    document = _outgoing(session, actor, document_id)
    if document.status == DocumentStatus.RELEASED:
        raise WrongState("Văn bản đã phát hành, không thể góp ý.")
    if data.file_version is not None and not any(f.version == data.file_version for f in document.files):
        raise InvalidInput(
            "Không có phiên bản này.", detail=[{"field": "file_version", "problem": "không tồn tại"}]
        )
    comment = DraftComment(
        document_id=document.id, author_id=actor.id, text=data.text, file_version=data.file_version
    )
    session.add(comment)
    session.flush()
    audit(session, actor, "outgoing.comment", comment)
    return comment


def submit(session: Session, actor: Actor, document_id: int) -> Document:
    """Trình duyệt: the drafter puts the draft (with at least one version) on the agency's route."""
    document = _outgoing(session, actor, document_id)
    _require_status(document, *EDITABLE)
    if document.created_by_id != actor.id:
        raise Forbidden("Chỉ người soạn thảo mới được trình văn bản.")
    if not document.files:
        raise WrongState("Cần tải lên bản dự thảo trước khi trình.", code="outgoing.no_draft")
    before = snapshot(document)
    run = workflow.start_run(session, actor, document)
    document.status = DocumentStatus.SUBMITTED
    session.flush()
    audit(session, actor, "outgoing.submit", document, before=before)
    notify(
        session,
        NotificationKind.SUBMITTED,
        document,
        workflow.waiting_for(session, document, run),
        actor_id=actor.id,
    )
    documents_changed(session, document.id)
    return document


_RUN_TO_STATUS = {
    RunStatus.IN_PROGRESS: DocumentStatus.SUBMITTED,
    RunStatus.APPROVED: DocumentStatus.APPROVED,
    RunStatus.RETURNED: DocumentStatus.RETURNED,
    RunStatus.REJECTED: DocumentStatus.REJECTED,
}


def decide(
    session: Session,
    actor: Actor,
    document_id: int,
    decision: Decision,
    *,
    reason: str,
    step: int | None,
    sha256: str | None = None,
) -> Document:
    """Duyệt / trả lại / không duyệt the current step of the document's route, on the version it carries."""
    document = _outgoing(session, actor, document_id)
    _require_status(document, DocumentStatus.SUBMITTED)
    before = snapshot(document)
    earlier = workflow.current_run(session, document)
    step_before = earlier.position if earlier is not None else None
    run = workflow.decide(session, actor, document, decision, reason=reason, step=step, sha256=sha256)
    document.status = _RUN_TO_STATUS[run.status]
    session.flush()
    if document.status != before["status"]:
        audit(session, actor, "outgoing.update", document, before=before)
    _notify_decision(session, actor, document, run, step_before, reason)
    documents_changed(session, document.id)
    return document


_DECISION_NOTICES = {
    DocumentStatus.APPROVED: NotificationKind.APPROVED,
    DocumentStatus.RETURNED: NotificationKind.RETURNED,
    DocumentStatus.REJECTED: NotificationKind.REJECTED,
}


def _notify_decision(
    session: Session, actor: Actor, document: Document, run: Any, step_before: int | None, reason: str
) -> None:
    """The next step's approvers when the route moves on; the drafter when it ends (with the reason)."""
    if document.status == DocumentStatus.SUBMITTED:
        if run.position != step_before:
            waiting = workflow.waiting_for(session, document, run)
            notify(session, NotificationKind.SUBMITTED, document, waiting, actor_id=actor.id)
        return
    kind = _DECISION_NOTICES.get(document.status)
    if kind is not None:
        notify(session, kind, document, [document.created_by_id], actor_id=actor.id, detail=reason)


def _object_bytes(objects: ObjectStore, key: str) -> bytes:
    return b"".join(objects.get(key))


class PdfConverting(WrongState):
    code = "outgoing.pdf_converting"
    message = "Bản dự thảo DOCX đang được chuyển sang PDF; vui lòng chờ chuyển đổi xong rồi ký."


class NotApprovedVersion(WrongState):
    code = "outgoing.not_approved_version"
    message = "Phiên bản được ký không phải phiên bản đã được duyệt; vui lòng tải lại văn bản."


class PdfConversionFailed(WrongState):
    code = "outgoing.pdf_conversion_failed"
    message = "Không chuyển được bản dự thảo DOCX sang PDF; hãy tải lên phiên bản mới (DOCX hoặc PDF)."


def approved_file(
    session: Session, document: Document, *, file_id: int | None = None, sha256: str | None = None
) -> DocumentFile:
    """The draft version the route approved (its SHA-256 recorded by the run), which the caller may name by
    `file_id` or `sha256`; naming any other version is a 409. A run from before approvals were bound to a
    version names none: its newest draft version stands for it."""
    run = workflow.approved_version(session, document)
    if run is not None and run.file_id is not None:
        bound = next((f for f in document.files if f.id == run.file_id and f.sha256 == run.sha256), None)
    else:
        bound = workflow.draft_version(document)
    if bound is None:
        raise PdfRequired("Văn bản chưa có bản dự thảo.")
    if (file_id is not None and file_id != bound.id) or (sha256 is not None and sha256 != bound.sha256):
        raise NotApprovedVersion(
            detail={"approved": {"file_id": bound.id, "version": bound.version, "sha256": bound.sha256}}
        )
    return bound


def pdf_for_signing(
    session: Session,
    backends: Backends,
    document: Document,
    *,
    file_id: int | None = None,
    sha256: str | None = None,
) -> tuple[DocumentFile, bytes]:
    """The PDF the leader signs: the approved draft version (`approved_file`) if it is a PDF, else the PDF the
    pipeline derived from that DOCX (LibreOffice, `eoffice.processing.converted_pdf`) — the same PDF every
    reviewer previewed. A conversion not finished yet, or failed, is a 409 with the reason; the DOCX is never
    signed as is."""
    from eoffice.processing import converted_pdf

    newest = approved_file(session, document, file_id=file_id, sha256=sha256)
    if newest.content_type == FileKind.PDF.content_type:
        return newest, _object_bytes(backends.objects, newest.object_key)
    if newest.content_type != FileKind.DOCX.content_type:
        raise PdfRequired()
    derived = converted_pdf(session, newest.id)
    if derived.ready:
        return newest, _object_bytes(backends.objects, derived.pdf_key)
    detail = {"file_id": newest.id, "version": newest.version, "processing_id": derived.processing_id}
    if derived.status.finished:
        raise PdfConversionFailed(detail={**detail, "reason": derived.error_message})
    raise PdfConverting(detail=detail)


def _signing_level(settings: Settings, level: str | None) -> str:
    return level or settings.signature_level


def _pades(signer: Any, settings: Settings, level: str, trust: Any, **extra: Any) -> Any:
    from signing import PadesLevel, PadesSigner

    chosen = PadesLevel(level)
    return PadesSigner(
        signer,
        default_level=chosen,
        tsa_url=settings.tsa_url or None,
        trust=trust if chosen.needs_revocation_info else None,
        **extra,
    )


def _signing_error(exc: Exception) -> Exception:
    from eoffice.errors import EOfficeError

    code = getattr(exc, "code", "signing.error")
    message = getattr(exc, "message", "Lỗi ký số.")
    return EOfficeError(message, code=code, status_code=409, detail=getattr(exc, "detail", None))


def _leader_appearance(objects: ObjectStore, user: User, agency: Agency, pdf: bytes) -> Any:
    from signing import LeaderAppearance, SignerBlock

    if not user.signature_image_key:
        return None
    image = _object_bytes(objects, user.signature_image_key)
    return LeaderAppearance(
        signature_image=image,
        place=SignerBlock(name=user.full_name, position=user.position.upper() or None),
        signer_name=user.full_name,
        agency=agency.name,
    )


def _fallback_box(pdf: bytes) -> Any:
    """When the text names no signer (or leaves no room between position and name): the free spot on the
    last page nearest its lower right, under the last line, clear of every text (`signing.fallback_box`)."""
    from signing import fallback_box

    return fallback_box(pdf)


def _stored_pdf(
    session: Session,
    batch: FileBatch,
    document: Document,
    data: bytes,
    name: str,
    role: FileRole,
    actor: Actor,
) -> DocumentFile:
    upload = Upload(stream=io.BytesIO(data), filename=name)
    return _stored(session, batch, actor, document, upload, FileKind.PDF, role)


def _stored(
    session: Session,
    batch: FileBatch,
    actor: Actor,
    document: Document,
    upload: Upload,
    kind: FileKind,
    role: FileRole,
) -> DocumentFile:
    """A new immutable file of the outgoing document (a version, an attachment, a signed copy), audited."""
    file = store_file(
        session,
        batch,
        document=document,
        upload=upload,
        kind=kind,
        role=role,
        actor_id=actor.id,
        immutable=True,
    )
    audit(session, actor, "document_file.store", file)
    return file


def _checked(
    session: Session,
    actor: Actor,
    document_id: int,
    status: DocumentStatus,
    role: Role,
    refusal: str,
    *,
    lock: bool,
) -> Document:
    """The outgoing document, in `status`, for an actor holding `role` in its agency (else `refusal`)."""
    document = get_readable(session, actor.user, document_id, DocumentKind.OUTGOING, lock=lock)
    _require_status(document, status)
    if not holds_role(actor.user, document.agency_id, role):
        raise Forbidden(refusal)
    return document


def _to_sign(session: Session, actor: Actor, document_id: int, *, lock: bool) -> Document:
    """The approved outgoing document, for a leader of its agency: what every way of signing checks."""
    return _checked(
        session,
        actor,
        document_id,
        DocumentStatus.APPROVED,
        Role.LEADER,
        "Chỉ lãnh đạo mới được ký văn bản.",
        lock=lock,
    )


def sign_as_leader(
    session: Session,
    batch: FileBatch,
    backends: Backends,
    settings: Settings,
    actor: Actor,
    document_id: int,
    level: str | None = None,
    *,
    pin: str | None = None,
    file_id: int | None = None,
    sha256: str | None = None,
) -> DocumentFile:
    """Lãnh đạo ký: the approved PDF gets the leader's PAdES signature; the result is a new immutable version.
    The leader's key opens only with the leader's own `pin` (`eoffice.keys`)."""
    from dataclasses import replace

    from eoffice import keys
    from signing import SignerBlockNotFoundError, SigningError
    from signing.issue_fields import add_issue_fields

    _to_sign(session, actor, document_id, lock=False)
    # The PIN is tried, the try counted and committed, before the document is locked (eoffice.keys).
    signer = keys.signer_for_user(session, backends, actor.user, pin)
    document = _to_sign(session, actor, document_id, lock=True)
    remote.refuse_if_pending(session, document.id)
    source, pdf = pdf_for_signing(session, backends, document, file_id=file_id, sha256=sha256)
    agency = session.get(Agency, document.agency_id)
    assert agency is not None
    pades = _pades(
        signer,
        settings,
        _signing_level(settings, level),
        keys.trust_for_agency(backends, agency),
        reason="Phê duyệt, ký ban hành",
        location=agency.place or None,
    )
    try:  # the number and date fields the văn thư fills at issue (form filling: this signature stays valid)
        pdf = add_issue_fields(pdf)
    except SigningError as exc:
        raise _signing_error(exc) from exc
    appearance = _leader_appearance(backends.objects, actor.user, agency, pdf)
    try:
        try:
            signed = pades.sign(pdf, appearance=appearance)
        except SignerBlockNotFoundError:
            signed = pades.sign(pdf, appearance=replace(appearance, place=_fallback_box(pdf)))
    except SigningError as exc:
        raise _signing_error(exc) from exc
    return _record_leader_signature(session, batch, actor, document, source, signed)


def _record_leader_signature(
    session: Session, batch: FileBatch, actor: Actor, document: Document, source: DocumentFile, signed: bytes
) -> DocumentFile:
    """The leader's signed PDF becomes a new immutable version; the document is signed, the clerks told."""
    before = snapshot(document)
    name = f"{PurePath(source.filename).stem}-lanh-dao-ky.pdf"
    file = _stored_pdf(session, batch, document, signed, name, FileRole.SIGNED, actor)
    document.status = DocumentStatus.SIGNED
    session.flush()
    audit(session, actor, "outgoing.sign", document, before=before)
    clerks = agency_people(session, document.agency_id, Role.CLERK)
    notify(session, NotificationKind.SIGNED, document, [*clerks, document.created_by_id], actor_id=actor.id)
    documents_changed(session, document.id)
    return file


def _trust_for_level(
    session: Session, backends: Backends, document: Document, level: PadesLevel
) -> TrustSettings | None:
    """The trust a signature finished away from the server needs: the agency's, for a level that embeds
    revocation information (B-LT, B-LTA); none otherwise."""
    if not level.needs_revocation_info:
        return None
    agency = session.get(Agency, document.agency_id)
    assert agency is not None
    return keys.trust_for_agency(backends, agency)


def _record_waited_signature(
    session: Session, batch: FileBatch, actor: Actor, document: Document, row: RemoteSignature, signed: bytes
) -> DocumentFile:
    """The signed PDF of a signature that waited (phone, USB token), recorded as the version it was asked on."""
    source = next(f for f in document.files if f.id == row.source_file_id)
    return _record_leader_signature(session, batch, actor, document, source, signed)


def sign_remotely(
    session: Session,
    backends: Backends,
    settings: Settings,
    actor: Actor,
    document_id: int,
    level: str | None = None,
    *,
    password: str | None = None,
    file_id: int | None = None,
    sha256: str | None = None,
) -> RemoteSignature:
    """Lãnh đạo ký từ xa (VNPT SmartCA): the approved PDF is prepared and its hash sent to the leader's phone;
    the document stays approved, with a signature "chờ xác nhận trên điện thoại" that `check_remote_signature`
    finishes. The SmartCA password (typed now, never stored) is tried before the document is locked; the
    request to the phone is sent under the lock, once, so a second click is a 409."""
    _to_sign(session, actor, document_id, lock=False)
    token, credential_id = remote.login(session, settings, actor.user, password)
    start = partial(remote.start, session, settings, actor.user, token=token, credential_id=credential_id)
    return _start_waiting_signature(
        session,
        backends,
        settings,
        actor,
        document_id,
        level,
        start,
        "outgoing.remote_sign_start",
        file_id,
        sha256,
    )


def _start_waiting_signature(
    session: Session,
    backends: Backends,
    settings: Settings,
    actor: Actor,
    document_id: int,
    level: str | None,
    start: Callable[..., RemoteSignature],
    action: str,
    file_id: int | None,
    sha256: str | None,
) -> RemoteSignature:
    """The leader's signature made away from the server (the SmartCA phone, the leader's USB token): under the
    document's lock, the same checks, approved version, issue fields and appearance as a local signature;
    `start` prepares the PDF and keeps the signature pending, once per document (a second click is a 409),
    and the audit records it as `action`."""
    from signing import PadesLevel, SignerBlockNotFoundError, SigningError
    from signing.issue_fields import add_issue_fields

    document = _to_sign(session, actor, document_id, lock=True)
    remote.refuse_if_pending(session, document.id)
    source, pdf = pdf_for_signing(session, backends, document, file_id=file_id, sha256=sha256)
    agency = session.get(Agency, document.agency_id)
    assert agency is not None
    chosen = PadesLevel(_signing_level(settings, level))
    options: dict[str, Any] = {
        "level": chosen,
        "tsa_url": settings.tsa_url or None,
        "trust": keys.trust_for_agency(backends, agency) if chosen.needs_revocation_info else None,
        "reason": "Phê duyệt, ký ban hành",
        "location": agency.place or None,
        "font_path": settings.signer_font_path or None,
    }
    try:
        pdf = add_issue_fields(pdf)
    except SigningError as exc:
        raise _signing_error(exc) from exc
    appearance = _leader_appearance(backends.objects, actor.user, agency, pdf)
    begin = partial(
        start,
        document_id=document.id,
        source_file_id=source.id,
        pdf=pdf,
        description=f"Ký văn bản: {document.title}"[:255],
        **options,
    )
    try:
        try:
            row = begin(appearance=appearance)
        except SignerBlockNotFoundError:
            row = begin(appearance=replace(appearance, place=_fallback_box(pdf)))
    except SigningError as exc:
        raise _signing_error(exc) from exc
    audit(session, actor, action, row, after=remote.summary(row))
    return row


def prepare_token_signature(
    session: Session,
    backends: Backends,
    settings: Settings,
    actor: Actor,
    document_id: int,
    level: str | None = None,
    *,
    file_id: int | None = None,
    sha256: str | None = None,
) -> RemoteSignature:
    """Lãnh đạo ký bằng USB token, step 1: the approved PDF is prepared for the certificate of the leader's
    registered token and kept pending; its `SigningRequest` (`token_signing.request_of`) goes to the agent on
    his PC. The document stays approved until `complete_token_signature`."""
    from eoffice.remote_signing import token as token_signing

    _to_sign(session, actor, document_id, lock=False)
    certificate = token_signing.certificate_of(backends, actor.user)
    start = partial(token_signing.start, session, actor.user, certificate)
    return _start_waiting_signature(
        session,
        backends,
        settings,
        actor,
        document_id,
        level,
        start,
        "outgoing.token_sign_start",
        file_id,
        sha256,
    )


def complete_token_signature(
    session: Session,
    batch: FileBatch,
    backends: Backends,
    settings: Settings,
    actor: Actor,
    document_id: int,
    *,
    response_id: str,
    signature: bytes,
) -> Document:
    """Lãnh đạo ký bằng USB token, step 2: the agent's signature value is checked against the certificate and
    embedded; the signed PDF is stored and the document signed, as with a local key. Under the document's
    lock, so two completes store one signature (the other finds nothing pending: 409). A wrong signature
    leaves the request pending; one answered too late ends it as expired."""
    from eoffice.remote_signing import token as token_signing
    from eoffice.remote_signing.models import RemoteSignatureState
    from signing import SigningError

    document = _to_sign(session, actor, document_id, lock=True)
    row = token_signing.own_waiting(session, document.id, actor.user)
    if token_signing.expired(row):
        token_signing.close(session, row, RemoteSignatureState.EXPIRED, None, token_signing.EXPIRED_MESSAGE)
    else:
        trust = _trust_for_level(session, backends, document, token_signing.pending_of(row).level)
        try:
            signed = token_signing.finish(
                row, response_id, signature, tsa_url=settings.tsa_url or None, trust=trust
            )
        except SigningError as exc:
            raise _signing_error(exc) from exc
        file = _record_waited_signature(session, batch, actor, document, row, signed)
        token_signing.close(session, row, RemoteSignatureState.SIGNED, file.id, "Đã ký bằng USB token.")
    audit(session, actor, "outgoing.token_sign_end", row, after=remote.summary(row))
    return document


def cancel_token_signature(session: Session, actor: Actor, document_id: int) -> Document:
    """Hủy yêu cầu ký bằng USB token (the agent on the leader's PC did not answer): the document is free
    again at once instead of after `TOKEN_SIGNATURE_TTL`."""
    from eoffice.remote_signing import token as token_signing
    from eoffice.remote_signing.models import RemoteSignatureState

    document = get_readable(session, actor.user, document_id, DocumentKind.OUTGOING, lock=True)
    row = token_signing.own_waiting(session, document.id, actor.user)
    token_signing.close(session, row, RemoteSignatureState.CANCELLED, None, token_signing.CANCELLED_MESSAGE)
    audit(session, actor, "outgoing.token_sign_end", row, after=remote.summary(row))
    return document


def check_remote_signature(
    session: Session, batch: FileBatch, backends: Backends, settings: Settings, actor: Actor, document_id: int
) -> Document:
    """Hỏi kết quả xác nhận trên điện thoại, by the leader who asked for the signature. Approved: the signed
    PDF is stored and the document is signed, as with a local key. Refused or expired: the document stays
    approved (its state before the request) and the signature's reason says why. Still waiting: nothing
    changes. Under the document's lock, so two checks at once store one signature."""
    from signing import SigningError
    from signing.errors import RemoteCredentialNotFoundError, RemoteSigningAuthError, RemoteSigningError
    from signing.smartca import PendingRemoteSignature, RemoteOutcome, TransactionState

    document = get_readable(session, actor.user, document_id, DocumentKind.OUTGOING, lock=True)
    row = remote.pending_for(session, document.id)
    if row is None or row.provider is not RemoteProvider.SMARTCA:
        return document
    if row.user_id != actor.id:
        raise Forbidden("Chỉ người ký mới hỏi được kết quả xác nhận chữ ký của mình.")
    level = PendingRemoteSignature.model_validate_json(row.pending).signature.level
    trust = _trust_for_level(session, backends, document, level)
    reason = None
    try:
        outcome = remote.poll(settings, row, tsa_url=settings.tsa_url or None, trust=trust)
    except (RemoteSigningAuthError, RemoteCredentialNotFoundError):
        # the session's token expired or the service forgot the transaction: it can never be approved now,
        # so it ends instead of blocking the document; the leader signs again
        outcome, reason = RemoteOutcome(TransactionState.EXPIRED), remote.SESSION_ENDED
    except RemoteSigningError as exc:
        raise remote.app_error(exc) from exc
    except SigningError as exc:
        raise _signing_error(exc) from exc
    if outcome.state is TransactionState.WAITING:
        return document
    signed_file_id = None
    if outcome.pdf is not None:
        signed_file_id = _record_waited_signature(session, batch, actor, document, row, outcome.pdf).id
    remote.close(session, row, outcome, signed_file_id, reason=reason)
    audit(session, actor, "outgoing.remote_sign_end", row, after=remote.summary(row))
    return document


def _with_number_and_date(pdf: bytes, document: Document, agency: Agency, today: date) -> bytes:
    """The leader-signed PDF with its number and date fields filled (`signing.issue_fields`): form filling,
    which leaves the leader's signature valid. A PDF signed before the fields existed is issued as it is."""
    from signing.issue_fields import fill_issue_fields, has_issue_fields

    if not has_issue_fields(pdf):
        return pdf
    place = agency.place.strip()
    date_line = format_date_line(place, today) if place else format_long_date(today)
    return fill_issue_fields(pdf, number_line=f"Số: {document.number_symbol}", date_line=date_line)


def issue_number(
    session: Session,
    batch: FileBatch,
    backends: Backends,
    settings: Settings,
    actor: Actor,
    document_id: int,
    level: str | None = None,
    *,
    pin: str | None = None,
) -> Document:
    """Văn thư cấp số: number and symbol from the sổ đi (`05/QĐ-UBND`), date, then the agency's signature,
    whose key opens only with the agency's `pin` (known to its văn thư, `eoffice.keys`)."""
    from eoffice import keys
    from signing import AgencyAppearance, SigningError

    may_issue = (DocumentStatus.SIGNED, Role.CLERK, "Chỉ văn thư mới được cấp số văn bản đi.")
    document = _checked(session, actor, document_id, *may_issue, lock=False)
    agency = session.get(Agency, document.agency_id)
    assert agency is not None
    # The PIN is tried, the try counted and committed, before the document is locked (eoffice.keys).
    signer = keys.signer_for_agency(session, backends, agency, pin)
    document = _checked(session, actor, document_id, *may_issue, lock=True)
    agency = session.get(Agency, document.agency_id)
    assert agency is not None
    department = session.get(Department, document.department_id) if document.department_id else None
    signed_by_leader = next(f for f in reversed(document.files) if f.role == FileRole.SIGNED)
    pdf = _object_bytes(backends.objects, signed_by_leader.object_key)
    before = snapshot(document)
    today = clock.today(settings.timezone)
    register_id, number = take_number(session, document.agency_id, DocumentKind.OUTGOING, today.year)
    document.register_id, document.register_number = register_id, number
    document.number = format_number(number)
    document.symbol = document_symbol(document.doc_type, agency, department)
    document.issue_date = today
    appearance = None
    if agency.seal_image_key:
        appearance = AgencyAppearance(
            seal_image=_object_bytes(backends.objects, agency.seal_image_key), agency=agency.name
        )
    pades = _pades(
        signer,
        settings,
        _signing_level(settings, level),
        keys.trust_for_agency(backends, agency),
        reason=f"Số: {document.number_symbol}",
        location=agency.place or None,
    )
    try:
        issued = pades.sign(_with_number_and_date(pdf, document, agency, today), appearance=appearance)
    except SigningError as exc:
        raise _signing_error(exc) from exc
    symbol_slug = document.number_symbol.replace("/", "-")
    _stored_pdf(session, batch, document, issued, f"{symbol_slug}.pdf", FileRole.ISSUED, actor)
    _sign_attachments(session, batch, backends, actor, document, pades)
    document.status = DocumentStatus.ISSUED
    session.flush()
    audit(session, actor, "outgoing.issue", document, before=before)
    notify(session, NotificationKind.ISSUED, document, [document.created_by_id], actor_id=actor.id)
    documents_changed(session, document.id)
    return document


def _sign_attachments(
    session: Session, batch: FileBatch, backends: Backends, actor: Actor, document: Document, pades: Any
) -> None:
    """Chữ ký số trên văn bản kèm theo: the agency signs each separate attachment without an image, printing
    the main document's number and symbol and the signing time at the top right of its first page."""
    from signing import AttachmentStamp, SigningError

    stamp = AttachmentStamp(main_document_number=document.number_symbol)
    for attachment in [f for f in document.files if f.role == FileRole.ATTACHMENT]:
        try:
            signed = pades.sign(_object_bytes(backends.objects, attachment.object_key), appearance=stamp)
        except SigningError as exc:
            raise _signing_error(exc) from exc
        name = f"{PurePath(attachment.filename).stem}-ky-so.pdf"
        _stored_pdf(session, batch, document, signed, name, FileRole.ISSUED_ATTACHMENT, actor)


def released_files(document: Document) -> list[DocumentFile]:
    """What recipients get: the issued document, then the attachments the agency signed at issue."""
    issued = [f for f in document.files if f.role == FileRole.ISSUED][-1:]
    return [*issued, *(f for f in document.files if f.role == FileRole.ISSUED_ATTACHMENT)]


def release(
    session: Session, actor: Actor, document_id: int, extra: Sequence[RecipientIn], *, timezone: str
) -> list[int]:
    """Phát hành: internal recipients get an incoming record; outside ones wait for the exchange.

    Returns the ids of every document changed or created (to index after the commit).
    """
    document = _outgoing(session, actor, document_id)
    _require_status(document, DocumentStatus.ISSUED)
    if not holds_role(actor.user, document.agency_id, Role.CLERK):
        raise Forbidden("Chỉ văn thư mới được phát hành văn bản.")
    _check_recipients(session, document.agency_id, extra)
    _add_recipients(session, document, extra)
    session.flush()
    links.inherit_recipients(session, document)
    recipients = list(session.scalars(select(Recipient).where(Recipient.document_id == document.id)))
    if not recipients:
        raise InvalidInput("Văn bản chưa có nơi nhận.", detail=[{"field": "recipients", "problem": "trống"}])
    _check_reachable(session, document.agency_id, recipients)
    released = released_files(document)
    agency = session.get(Agency, document.agency_id)
    assert agency is not None
    before = snapshot(document)
    created: list[tuple[Recipient, Document]] = []
    for recipient in recipients:  # every register number first (lock order), audit records after
        if recipient.incoming_document_id is not None or recipient.kind == RecipientKind.EXTERNAL:
            continue
        target_agency = recipient.agency_id if recipient.kind == RecipientKind.AGENCY else document.agency_id
        assert target_agency is not None
        incoming = receive_internal(
            session,
            source=document,
            agency_id=target_agency,
            actor=actor,
            issuer=agency.name,
            files=released,
            timezone=timezone,
        )
        recipient.incoming_document_id = incoming.id
        created.append((recipient, incoming))
    deliveries = []
    for recipient in recipients:
        if recipient.kind == RecipientKind.EXTERNAL:
            delivery = ExternalDelivery(
                document_id=document.id,
                recipient_id=recipient.id,
                organ_id=recipient.organ_id,
                organ_name=recipient.name,
                status=DeliveryStatus.PENDING,
            )
            session.add(delivery)
            deliveries.append(delivery)
    assignments = []
    for recipient, incoming in created:
        if recipient.kind == RecipientKind.DEPARTMENT:
            assignment = Assignment(
                document_id=incoming.id,
                role=AssignmentRole.MAIN,
                department_id=recipient.department_id,
                status=AssignmentStatus.PENDING,
                assigned_by_id=actor.id,
                instruction="Văn bản phát hành nội bộ",
            )
            session.add(assignment)
            incoming.status = DocumentStatus.ASSIGNED
            assignments.append(assignment)
    document.status = DocumentStatus.RELEASED
    document.completed_at = datetime.now(UTC)
    session.flush()
    for _recipient, incoming in created:
        audit(session, actor, "incoming.receive_internal", incoming)
    for assignment in assignments:
        audit(session, actor, "incoming.assign", assignment)
    for delivery in deliveries:
        audit(session, actor, "outgoing.queue_delivery", delivery)
    audit(session, actor, "outgoing.release", document, before=before)
    _notify_internal_recipients(session, actor, created)
    changed = [document.id, *(incoming.id for _, incoming in created)]
    changed += links.after_release(session, actor, document)
    documents_changed(session, *changed)
    if deliveries:
        send_outside(session, document.id)
    return changed


def recall_release(session: Session, actor: Actor, document_id: int, reason: str) -> list[int]:
    """Thu hồi văn bản đã phát hành, by the issuing agency's văn thư or a leader, with a reason.

    Copies in this installation (units, other agencies here) are marked recalled at once; the outside
    recipients get the recall package through the exchange (`send_recall` effect) and answer 15 or 16.
    Of two clicks the second finds the document recalled (409). Returns the ids of the documents changed.
    """
    document = _outgoing(session, actor, document_id)
    if not holds_role(actor.user, document.agency_id, Role.CLERK, Role.LEADER):
        raise Forbidden("Chỉ văn thư hoặc lãnh đạo cơ quan ban hành mới được thu hồi văn bản đã phát hành.")
    _require_status(document, DocumentStatus.RELEASED)
    before = snapshot(document)
    copies = [
        r.incoming_document_id
        for r in session.scalars(
            select(Recipient).where(Recipient.document_id == document.id).order_by(Recipient.id)
        )
        if r.incoming_document_id is not None
    ]
    recalled = [
        copy.id
        for copy_id in copies
        if (copy := recalled_by_issuer(session, actor, copy_id, reason)) is not None
    ]
    outside = session.scalar(
        select(func.count(ExternalDelivery.id)).where(ExternalDelivery.document_id == document.id)
    )
    document.status = DocumentStatus.RECALLED
    session.flush()
    audit(session, actor, "outgoing.recall", document, before=before)
    documents_changed(session, document.id, *recalled)
    if outside:
        send_recall(session, document.id, reason, actor.user.full_name)
    return [document.id, *recalled]


def _notify_internal_recipients(
    session: Session, actor: Actor, created: list[tuple[Recipient, Document]]
) -> None:
    """A department recipient's head is told it was assigned; a receiving agency's văn thư that it arrived."""
    heads = department_people(session, [r.department_id for r, _ in created if r.department_id is not None])
    for recipient, incoming in created:
        if recipient.kind == RecipientKind.DEPARTMENT and recipient.department_id is not None:
            people = heads.get(recipient.department_id, [])
            notify(session, NotificationKind.ASSIGNED, incoming, people, actor_id=actor.id)
        else:
            clerks = agency_people(session, incoming.agency_id, Role.CLERK)
            notify(session, NotificationKind.RECEIVED, incoming, clerks, actor_id=actor.id)


def list_outgoing(session: Session, user: User, params: OutgoingQuery) -> tuple[list[Document], int]:
    query = select(Document).where(Document.kind == DocumentKind.OUTGOING, readable_clause(user))
    if params.status is not None:
        query = query.where(Document.status == params.status)
    if params.q:
        pattern = f"%{params.q.lower()}%"
        query = query.where(
            or_(
                func.lower(Document.title).like(pattern),
                func.lower(Document.number + "/" + Document.symbol).like(pattern),
            )
        )
    if params.awaiting_me:
        query = query.where(Document.status == DocumentStatus.SUBMITTED)
        candidates = list(session.scalars(query.order_by(Document.id.desc())))
        waiting = [
            d
            for d in candidates
            if (run := workflow.current_run(session, d)) is not None
            and user.id in workflow.waiting_for(session, d, run)
        ]
        start = (params.page - 1) * params.page_size
        return waiting[start : start + params.page_size], len(waiting)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Document.updated_at.desc(), Document.id.desc())
        .offset((params.page - 1) * params.page_size)
        .limit(params.page_size)
    )
    return list(rows), int(total)


def detail_parts(
    session: Session, document: Document
) -> tuple[list[DraftComment], list[Recipient], list[ExternalDelivery]]:
    comments = list(
        session.scalars(
            select(DraftComment).where(DraftComment.document_id == document.id).order_by(DraftComment.id)
        )
    )
    recipients = list(
        session.scalars(select(Recipient).where(Recipient.document_id == document.id).order_by(Recipient.id))
    )
    deliveries = list(
        session.scalars(
            select(ExternalDelivery)
            .where(ExternalDelivery.document_id == document.id)
            .order_by(ExternalDelivery.id)
        )
    )
    return comments, recipients, deliveries
