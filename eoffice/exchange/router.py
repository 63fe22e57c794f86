"""`/api/v1/exchange`: the inbox other eOffice instances deliver to, per-recipient statuses of a sent
document, the văn thư's queue of received packages (accept / refuse), and the agency's peers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import select

from eoffice.auth.deps import CurrentUser
from eoffice.deps import BackendsDep, SessionDep
from eoffice.documents.files import file_batch
from eoffice.documents.kinds import DocumentKind
from eoffice.documents.route_helpers import actor_of
from eoffice.documents.service import get_readable
from eoffice.exchange import _views, flow
from eoffice.exchange._hmac import RECIPIENT, SENDER, key_from, verify_headers
from eoffice.exchange._incoming import CLERKS, package_of
from eoffice.exchange._package_body import read_package_body
from eoffice.exchange.directory.router import router as directory_router
from eoffice.exchange.errors import PeerUnknown, ReceivedNotFound, TransportAuthFailed
from eoffice.exchange.models import ExchangePeer, ReceivedState, TransportKind
from eoffice.exchange.schemas import (
    AcceptIn,
    AcceptPrefill,
    DocumentStatuses,
    PeerIn,
    PeerOut,
    ReceivedDetail,
    ReceivedOut,
    ReceivedPage,
    RefuseIn,
    ReplacedOut,
)
from eoffice.exchange.settings import ExchangeSettingsDep, get_exchange_settings
from eoffice.orgs.errors import NotAdmin
from eoffice.orgs.models import Agency, Role, User
from eoffice.permissions import holds_role
from eoffice.web.body_limit import body_limit

router = APIRouter(prefix="/exchange", tags=["exchange"])
router.include_router(directory_router)


async def _inbox_body(request: Request, xsettings: ExchangeSettingsDep) -> bytes:
    return await read_package_body(request, xsettings.max_package_bytes)


InboxBody = Annotated[bytes, Depends(_inbox_body)]


@router.post("/inbox")
@body_limit(lambda _settings: get_exchange_settings().max_package_bytes)
def exchange_inbox(
    request: Request, body: InboxBody, backends: BackendsDep, xsettings: ExchangeSettingsDep
) -> dict[str, object]:
    """Nhận gói tin edXML trực tiếp từ hệ thống của cơ quan khác (kênh xác thực bằng HMAC với khóa dùng chung).

    Answers once the package is stored (the sender's acknowledgement); a copy of a package already received
    (same sender and `X-Edxml-Key`) is answered the same way and stored once.
    """
    sender, recipient = request.headers.get(SENDER, ""), request.headers.get(RECIPIENT, "")
    with backends.sessions() as session:
        agency = session.scalar(select(Agency).where(Agency.code == recipient))
        peer = (
            session.scalar(
                select(ExchangePeer).where(
                    ExchangePeer.agency_id == agency.id,
                    ExchangePeer.organ_id == sender,
                    ExchangePeer.transport == TransportKind.DIRECT,
                )
            )
            if agency is not None
            else None
        )
        if agency is None or peer is None:
            raise TransportAuthFailed(f"Không có kết nối liên thông trực tiếp giữa {sender} và {recipient}.")
        verify_headers(
            peer.secret,
            "POST",
            request.url.path,
            request.headers,
            body,
            max_skew=xsettings.clock_skew_seconds,
        )
        agency_id = agency.id
    key = key_from(request.headers)
    if not key:
        raise PeerUnknown("Thiếu khóa chống gửi trùng (X-Edxml-Key).", code="exchange.key_missing")
    return flow.take_in(
        backends,
        xsettings,
        agency_id,
        sender=sender,
        idempotency_key=key,
        body=body,
        transport=TransportKind.DIRECT.value,
    )


@router.get("/documents/{document_id}/statuses")
def exchange_document_statuses(document_id: int, session: SessionDep, user: CurrentUser) -> DocumentStatuses:
    """Tình trạng văn bản đã gửi liên thông, theo từng cơ quan nhận (gửi, đã đến, tiếp nhận/từ chối…)."""
    return _views.document_statuses(session, user, document_id)


@router.post("/documents/{document_id}/deliveries")
def exchange_send_document(
    document_id: int,
    session: SessionDep,
    backends: BackendsDep,
    user: CurrentUser,
    xsettings: ExchangeSettingsDep,
) -> DocumentStatuses:
    """Gửi liên thông văn bản đã phát hành tới các nơi nhận bên ngoài chưa được gửi, và gửi lại tới nơi nhận
    đã gửi thất bại khi nay đã có kết nối (an toàn khi gọi lại)."""
    document = get_readable(session, user, document_id, DocumentKind.OUTGOING)
    if not holds_role(user, document.agency_id, Role.CLERK):
        raise ReceivedNotFound("Chỉ văn thư mới được gửi liên thông văn bản.", code="exchange.clerk_required")
    flow.send_document(session, backends, xsettings, document.id)
    session.commit()
    return _views.document_statuses(session, user, document_id)


def _clerk_agency(user: User) -> int:
    if not holds_role(user, user.agency_id, *CLERKS):
        raise ReceivedNotFound("Chỉ văn thư của cơ quan mới xem được văn bản liên thông đến.")
    return user.agency_id


@router.get("/received")
def exchange_received(
    session: SessionDep,
    user: CurrentUser,
    state: ReceivedState | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ReceivedPage:
    """Văn bản liên thông đến của cơ quan (mặc định: tất cả; `state=pending`: chờ văn thư tiếp nhận)."""
    rows, total = _views.received_page(session, _clerk_agency(user), state, limit, offset)
    return ReceivedPage(items=[ReceivedOut.model_validate(r) for r in rows], total=total)


@router.get("/received/{received_id}")
def exchange_received_detail(
    received_id: int,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    user: CurrentUser,
    xsettings: ExchangeSettingsDep,
) -> ReceivedDetail:
    """Chi tiết: siêu dữ liệu của gói tin và báo cáo xác thực chữ ký số của từng tệp."""
    item = flow.received_for(session, actor_of(request, user), received_id)
    replaced = flow.replaced_here(session, backends, xsettings, item)
    return ReceivedDetail.model_validate(item).model_copy(
        update={
            "replaces": [
                ReplacedOut(incoming_document_id=d.id, number_symbol=d.number_symbol, title=d.title)
                for d in replaced
            ]
        }
    )


@router.get("/received/{received_id}/files/{index}")
def exchange_received_file(
    received_id: int,
    index: int,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    user: CurrentUser,
    xsettings: ExchangeSettingsDep,
) -> Response:
    """Tệp thứ `index` (từ 0) của gói tin, để văn thư xem trước khi tiếp nhận."""
    item = flow.received_for(session, actor_of(request, user), received_id)
    package = package_of(backends, xsettings, item)
    if not 0 <= index < len(package.attachments):
        raise ReceivedNotFound("Gói tin không có tệp này.")
    attachment = package.attachments[index]
    return Response(
        attachment.data,
        media_type=attachment.content_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(attachment.name)}"},
    )


@router.get("/received/{received_id}/prefill")
def exchange_accept_prefill(
    received_id: int,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    user: CurrentUser,
    xsettings: ExchangeSettingsDep,
) -> AcceptPrefill:
    """Điền sẵn khi tiếp nhận: các trường vào sổ theo gói tin; trường gói tin không có thì đọc từ tệp văn bản
    (bản quét: nhận dạng ký tự trong hộp cát, có giới hạn thời gian), kèm nguồn và vị trí đã đọc."""
    return flow.prefill_for_accept(session, backends, xsettings, actor_of(request, user), received_id)


@router.post("/received/{received_id}/accept")
def exchange_accept(
    received_id: int,
    data: AcceptIn,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    user: CurrentUser,
    xsettings: ExchangeSettingsDep,
) -> ReceivedDetail:
    """Tiếp nhận: vào sổ văn bản đến và báo trạng thái 03 cho cơ quan gửi."""
    with file_batch(backends.objects) as batch:
        item = flow.accept(
            session,
            backends,
            xsettings,
            batch,
            actor_of(request, user),
            received_id,
            data,
        )
        session.commit()
    return ReceivedDetail.model_validate(item)


@router.post("/received/{received_id}/refuse")
def exchange_refuse(
    received_id: int,
    data: RefuseIn,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    user: CurrentUser,
    xsettings: ExchangeSettingsDep,
) -> ReceivedDetail:
    """Từ chối tiếp nhận, với lý do gửi lại cơ quan gửi (trạng thái 02)."""
    item = flow.refuse(session, backends, xsettings, actor_of(request, user), received_id, data.reason)
    session.commit()
    return ReceivedDetail.model_validate(item)


@router.post("/received/{received_id}/recall/agree")
def exchange_agree_recall(
    received_id: int,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    user: CurrentUser,
    xsettings: ExchangeSettingsDep,
) -> ReceivedDetail:
    """Đồng ý thu hồi: văn bản đến tương ứng bị đánh dấu thu hồi, báo trạng thái 15 cho cơ quan gửi."""
    item = flow.agree_recall(session, backends, xsettings, actor_of(request, user), received_id)
    session.commit()
    return ReceivedDetail.model_validate(item)


@router.post("/received/{received_id}/recall/refuse")
def exchange_refuse_recall(
    received_id: int,
    data: RefuseIn,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    user: CurrentUser,
    xsettings: ExchangeSettingsDep,
) -> ReceivedDetail:
    """Từ chối thu hồi, với lý do gửi lại cơ quan gửi (trạng thái 16); văn bản đến giữ nguyên."""
    item = flow.refuse_recall(session, backends, xsettings, actor_of(request, user), received_id, data.reason)
    session.commit()
    return ReceivedDetail.model_validate(item)


def _admin_agency(user: User) -> int:
    if not holds_role(user, user.agency_id, Role.ADMIN):
        raise NotAdmin()
    return user.agency_id


@router.get("/peers")
def exchange_peers(session: SessionDep, user: CurrentUser) -> list[PeerOut]:
    """Các kết nối liên thông của cơ quan (khóa bí mật không bao giờ được trả về)."""
    return [PeerOut.model_validate(p) for p in _views.peers(session, _admin_agency(user))]


@router.put("/peers/{organ_id}")
def exchange_set_peer(
    organ_id: str,
    data: PeerIn,
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    xsettings: ExchangeSettingsDep,
) -> PeerOut:
    """Khai báo cách gửi tới một cơ quan (`*`: mọi cơ quan khác): trực tiếp hoặc qua trục liên thông."""
    peer = flow.set_peer(
        session,
        actor_of(request, user),
        _admin_agency(user),
        organ_id.strip(),
        transport=data.transport,
        endpoint=str(data.endpoint),
        secret=data.secret,
        name=data.name,
        account=data.account,
        policy=xsettings.peer_policy,
    )
    session.commit()
    return PeerOut.model_validate(peer)


@router.delete("/peers/{organ_id}", status_code=204)
def exchange_remove_peer(organ_id: str, request: Request, session: SessionDep, user: CurrentUser) -> None:
    """Bỏ một kết nối liên thông; phát hành tới cơ quan không còn kết nối nào sẽ bị từ chối."""
    flow.remove_peer(session, actor_of(request, user), _admin_agency(user), organ_id.strip())
    session.commit()


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
