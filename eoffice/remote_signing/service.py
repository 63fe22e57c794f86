"""Ký số từ xa qua VNPT SmartCA: a leader's account, and a signature that waits for his approval on the phone.

Sole control: the service keeps the key and asks the holder's approval in the SmartCA app for each signature;
eOffice never stores the holder's SmartCA password (typed at registration and at each signature, like the
PIN of a PKCS#12 key). What waits between the request and the approval — the prepared PDF and the access
token of that one session (short-lived, useless without the phone's approval) — is kept in
`remote_signatures` and cleared when the transaction ends.

Completion is pulled, not pushed: the leader's browser polls `POST /outgoing/{id}/remote-signature/check`
while the detail shows "chờ xác nhận trên điện thoại" (see `check`). A SmartCA transaction lives a few
minutes and the leader is looking at the screen meanwhile, so the browser asks at once when he has tapped
"Xác nhận", with no worker slot held or retried for minutes per signature; a pending signature nobody polls
is finished (signed, or ended as expired) by the next check, and until then it blocks a second signature.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.audit import record
from eoffice.errors import Conflict, EOfficeError, Forbidden, InvalidInput, ServiceUnavailable
from eoffice.orgs.models import User
from eoffice.remote_signing import token as token_signing
from eoffice.remote_signing.models import (
    RemoteProvider,
    RemoteSignature,
    RemoteSignatureState,
    RemoteSigningAccount,
)
from eoffice.settings import Settings
from signing.errors import (
    RemoteCredentialNotFoundError,
    RemoteSigningAuthError,
    RemoteSigningError,
    RemoteSigningUnavailableError,
)
from signing.smartca import (
    PendingRemoteSignature,
    RemoteOutcome,
    SmartCAClient,
    SmartCAConfig,
    TransactionState,
    finish_signing,
    start_signing,
)
from signing.trust import TrustSettings

PENDING_MESSAGE = "Chờ xác nhận trên điện thoại"
SESSION_ENDED = (
    "Phiên ký với VNPT SmartCA đã hết hạn trước khi có xác nhận; chữ ký chưa được tạo, hãy ký lại."
)


class RemoteSigningDisabled(Conflict):
    code = "remote_signing.disabled"
    message = "Máy chủ chưa cấu hình ký số từ xa VNPT SmartCA."


class NoRemoteAccount(Conflict):
    code = "remote_signing.no_account"
    message = "Chưa đăng ký tài khoản VNPT SmartCA; hãy đăng ký ở trang Tài khoản."


class RemotePasswordRequired(InvalidInput):
    code = "remote_signing.password_required"
    message = "Cần nhập mật khẩu tài khoản VNPT SmartCA."


class SignaturePending(Conflict):
    code = "outgoing.signature_pending"
    message = "Văn bản đang chờ người ký xác nhận chữ ký (điện thoại hoặc USB token); không thực hiện được thao tác này."


def enabled(settings: Settings) -> bool:
    return bool(settings.smartca_url)


def client(settings: Settings) -> SmartCAClient:
    if not enabled(settings):
        raise RemoteSigningDisabled()
    return SmartCAClient(
        SmartCAConfig(
            settings.smartca_url,
            settings.smartca_client_id,
            settings.smartca_client_secret,
            timeout=settings.smartca_timeout_seconds,
        )
    )


def app_error(exc: RemoteSigningError) -> EOfficeError:
    """The API's error for the signing library's remote-signing error, its code and Vietnamese message kept."""
    kind: type[EOfficeError] = Conflict
    if isinstance(exc, RemoteSigningAuthError):
        kind = Forbidden
    elif isinstance(exc, RemoteSigningUnavailableError):
        kind = ServiceUnavailable
    elif isinstance(exc, RemoteCredentialNotFoundError):
        kind = InvalidInput
    return kind(exc.message, code=exc.code, detail=exc.detail)


def account_of(session: Session, user_id: int) -> RemoteSigningAccount | None:
    return session.scalar(select(RemoteSigningAccount).where(RemoteSigningAccount.user_id == user_id))


def register(
    session: Session,
    settings: Settings,
    user: User,
    *,
    username: str,
    password: str,
    credential_id: str | None,
    client_address: str | None,
) -> RemoteSigningAccount:
    """Đăng ký tài khoản SmartCA: the holder proves the account (its password, used once and dropped) and
    names the credential that signs — the only one when he has one."""
    api = client(settings)
    try:
        token = api.login(username, password)
        credentials = api.credentials(token)
        chosen = credential_id or (credentials[0] if len(credentials) == 1 else None)
        if chosen is None:
            raise InvalidInput(
                "Tài khoản có nhiều chứng thư số; hãy chọn một.",
                code="remote_signing.choose_credential",
                detail={"credentials": credentials},
            )
        if chosen not in credentials:
            raise RemoteCredentialNotFoundError(detail=chosen)
        certificate = api.certificates(token, chosen)[0]
    except RemoteSigningError as exc:
        raise app_error(exc) from exc
    account = account_of(session, user.id)
    before = None if account is None else _account_snapshot(account)
    if account is None:
        account = RemoteSigningAccount(user_id=user.id, provider=RemoteProvider.SMARTCA)
        session.add(account)
    account.username = username
    account.credential_id = chosen
    account.subject = str(certificate.subject.native.get("common_name", ""))[:255]
    account.certificate_expires = certificate["tbs_certificate"]["validity"]["not_after"].native.astimezone(
        UTC
    )
    session.flush()
    record(
        session,
        actor_id=user.id,
        action="remote_signing.register",
        entity_type="remote_signing_accounts",
        entity_id=account.id,
        before=before,
        after=_account_snapshot(account),
        client_address=client_address,
    )
    return account


def unregister(session: Session, user: User, client_address: str | None) -> None:
    account = account_of(session, user.id)
    if account is None:
        return
    record(
        session,
        actor_id=user.id,
        action="remote_signing.unregister",
        entity_type="remote_signing_accounts",
        entity_id=account.id,
        before=_account_snapshot(account),
        after=None,
        client_address=client_address,
    )
    session.delete(account)
    session.flush()


def _account_snapshot(account: RemoteSigningAccount) -> dict[str, Any]:
    return {
        "user_id": account.user_id,
        "provider": account.provider.value,
        "username": account.username,
        "credential_id": account.credential_id,
        "subject": account.subject,
    }


def login(session: Session, settings: Settings, user: User, password: str | None) -> tuple[str, str]:
    """(access token, credential id) for the user's registered account, with the password he typed now."""
    account = account_of(session, user.id)
    if account is None:
        raise NoRemoteAccount()
    api = client(settings)
    if not password:
        raise RemotePasswordRequired()
    try:
        return api.login(account.username, password), account.credential_id
    except RemoteSigningError as exc:
        raise app_error(exc) from exc


def pending_for(session: Session, document_id: int) -> RemoteSignature | None:
    return session.scalar(
        select(RemoteSignature).where(
            RemoteSignature.document_id == document_id,
            RemoteSignature.state == RemoteSignatureState.PENDING,
        )
    )


def latest_for(session: Session, document_id: int) -> RemoteSignature | None:
    return session.scalar(
        select(RemoteSignature)
        .where(RemoteSignature.document_id == document_id)
        .order_by(RemoteSignature.id.desc())
        .limit(1)
    )


def refuse_if_pending(session: Session, document_id: int) -> None:
    """Call with the document locked: a signature waiting for the phone (or the USB token) blocks any other
    change to it; an abandoned token signature ends first."""
    token_signing.end_expired(session, document_id)
    if pending_for(session, document_id) is not None:
        raise SignaturePending()


def start(
    session: Session,
    settings: Settings,
    user: User,
    *,
    token: str,
    credential_id: str,
    document_id: int,
    source_file_id: int,
    pdf: bytes,
    description: str,
    **prepare_options: Any,
) -> RemoteSignature:
    """Prepare `pdf` and send its hash to the holder's phone; the waiting signature is stored (not committed).

    Call with the document locked, after `refuse_if_pending`, so two clicks send one request to the phone."""
    try:
        pending = start_signing(
            client(settings), token, credential_id, pdf, description=description, **prepare_options
        )
    except RemoteSigningError as exc:
        raise app_error(exc) from exc
    row = RemoteSignature(
        document_id=document_id,
        user_id=user.id,
        source_file_id=source_file_id,
        provider=RemoteProvider.SMARTCA,
        transaction_id=pending.transaction_id,
        state=RemoteSignatureState.PENDING,
        reason=PENDING_MESSAGE,
        access_token=token,
        pending=pending.model_dump_json(),
    )
    session.add(row)
    session.flush()
    return row


def poll(
    settings: Settings, row: RemoteSignature, *, tsa_url: str | None, trust: TrustSettings | None
) -> RemoteOutcome:
    """Ask the service once; on approval the signed PDF comes back (errors: the library's, to translate)."""
    pending = PendingRemoteSignature.model_validate_json(row.pending)
    return finish_signing(client(settings), row.access_token, pending, tsa_url=tsa_url, trust=trust)


_ENDED = {
    TransactionState.SUCCESS: RemoteSignatureState.SIGNED,
    TransactionState.REJECTED: RemoteSignatureState.REJECTED,
    TransactionState.EXPIRED: RemoteSignatureState.EXPIRED,
}


def close(
    session: Session,
    row: RemoteSignature,
    outcome: RemoteOutcome,
    signed_file_id: int | None,
    *,
    reason: str | None = None,
) -> None:
    """The transaction ended: keep its outcome and reason, drop the prepared PDF and the access token."""
    row.state = _ENDED[outcome.state]
    row.reason = reason or outcome.reason
    row.signed_file_id = signed_file_id
    row.finished_at = clock.now()
    row.pending = ""
    row.access_token = ""
    session.flush()


def summary(row: RemoteSignature) -> dict[str, Any]:
    """What the audit records of a remote signature (never the token or the prepared PDF)."""
    return {
        "document_id": row.document_id,
        "provider": row.provider.value,
        "transaction_id": row.transaction_id,
        "state": row.state.value,
        "reason": row.reason,
    }
