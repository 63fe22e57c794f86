"""`/api/v1/me/remote-signing`: a user's VNPT SmartCA account for signing from the phone, and
`/api/v1/me/signing-token`: the certificate of his USB token for signing through the agent on his PC
(both on the Tài khoản page)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from eoffice.auth.deps import CurrentUser
from eoffice.backends import Backends
from eoffice.deps import BackendsDep, SessionDep, SettingsDep
from eoffice.orgs.models import User
from eoffice.remote_signing import service, token
from eoffice.settings import Settings

router = APIRouter(tags=["remote-signing"])


class RemoteAccountIn(BaseModel):
    """The SmartCA account to register; the password proves it once and is not stored."""

    model_config = ConfigDict(str_strip_whitespace=True)

    provider: Literal["smartca"] = "smartca"
    username: str = Field(min_length=1, max_length=128, description="Tài khoản SmartCA (thường là số CCCD)")
    password: str = Field(min_length=1, max_length=256, description="Mật khẩu SmartCA; không lưu ở đâu")
    credential_id: str | None = Field(
        default=None, max_length=255, description="Chứng thư số dùng để ký; bỏ trống khi tài khoản chỉ có một"
    )


class RemoteAccountOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    provider: Literal["smartca"]
    username: str
    credential_id: str
    subject: str
    certificate_expires: datetime | None


class RemoteSigningStatus(BaseModel):
    """Whether this server offers remote signing, and the user's registered account if any."""

    enabled: bool
    account: RemoteAccountOut | None


def _address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _status(session: Session, settings: Settings, user_id: int) -> RemoteSigningStatus:
    account = service.account_of(session, user_id)
    return RemoteSigningStatus(
        enabled=service.enabled(settings),
        account=RemoteAccountOut.model_validate(account) if account is not None else None,
    )


@router.get("/me/remote-signing")
def get_my_remote_signing(
    session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> RemoteSigningStatus:
    """Tài khoản ký số từ xa của tôi."""
    return _status(session, settings, user.id)


@router.put("/me/remote-signing")
def register_my_remote_signing(
    body: RemoteAccountIn, request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> RemoteSigningStatus:
    """Đăng ký (or change) my VNPT SmartCA account: checked with the service before it is saved."""
    service.register(
        session,
        settings,
        user,
        username=body.username,
        password=body.password,
        credential_id=body.credential_id,
        client_address=_address(request),
    )
    session.commit()
    return _status(session, settings, user.id)


@router.delete("/me/remote-signing")
def remove_my_remote_signing(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> RemoteSigningStatus:
    """Hủy đăng ký tài khoản ký số từ xa."""
    service.unregister(session, user, _address(request))
    session.commit()
    return _status(session, settings, user.id)


class TokenCertificateIn(BaseModel):
    """The certificate of the leader's USB token, as its vendor tool exports it; the key stays on the token."""

    certificate: str = Field(
        min_length=1,
        max_length=65536,
        description="Chứng thư số của USB token: PEM (có thể kèm chứng thư CA cấp) hoặc DER mã hóa base64",
    )


class TokenSigningStatus(BaseModel):
    """Whether the user's signing key is on a USB token, and which certificate it holds."""

    registered: bool
    subject: str = ""
    certificate_sha256: str = ""
    not_after: datetime | None = None


def _token_status(backends: Backends, user: User) -> TokenSigningStatus:
    registered = token.registered(backends, user)
    if registered is None:
        return TokenSigningStatus(registered=False)
    return TokenSigningStatus(
        registered=True,
        subject=registered.subject,
        certificate_sha256=registered.sha256,
        not_after=registered.not_after,
    )


@router.get("/me/signing-token")
def get_my_signing_token(backends: BackendsDep, user: CurrentUser) -> TokenSigningStatus:
    """Chứng thư số USB token của tôi (ký bằng phần mềm ký số trên máy)."""
    return _token_status(backends, user)


@router.put("/me/signing-token")
def register_my_signing_token(
    body: TokenCertificateIn, request: Request, session: SessionDep, backends: BackendsDep, user: CurrentUser
) -> TokenSigningStatus:
    """Đăng ký USB token: my signing key becomes the token holding this certificate."""
    token.register(session, backends, user, body.certificate.encode("utf-8"), _address(request))
    session.commit()
    return _token_status(backends, user)


@router.delete("/me/signing-token")
def remove_my_signing_token(
    request: Request, session: SessionDep, backends: BackendsDep, user: CurrentUser
) -> TokenSigningStatus:
    """Hủy đăng ký USB token."""
    token.unregister(session, user, _address(request))
    session.commit()
    return _token_status(backends, user)
