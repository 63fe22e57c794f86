"""`/api/v1/auth`: password login (session cookie + CSRF value), logout, who am I, bearer tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Request, Response, status
from sqlalchemy import select

from eoffice.audit import record
from eoffice.auth import ratelimit, tokens
from eoffice.auth.deps import CSRF_COOKIE, SESSION_COOKIE, CurrentAuth, CurrentUser
from eoffice.auth.errors import CurrentPasswordWrong, InvalidCredentials
from eoffice.auth.models import ApiToken, TokenKind
from eoffice.auth.passwords import check_policy, hash_password, needs_rehash, verify_password
from eoffice.auth.schemas import LoginIn, LoginOut, MeOut, PasswordChangeIn, TokenCreated, TokenIn, TokenOut
from eoffice.auth.tokens import csrf_token_for, issue_token, revoke_all
from eoffice.deps import SessionDep, SettingsDep
from eoffice.errors import NotFound
from eoffice.orgs.models import User
from eoffice.orgs.schemas import UserProfile

router = APIRouter(prefix="/auth", tags=["auth"])


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.post("/login", response_model=LoginOut)
def login(
    body: LoginIn, request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> LoginOut:
    """Đăng nhập bằng mật khẩu: sets the httpOnly session cookie and returns the CSRF value for writes.

    An unknown user, a wrong password and a locked account give the same answer, in the same time.
    """
    address = client_address(request)
    keys = ratelimit.keys_for(body.username, address)
    ratelimit.begin_attempt(
        session,
        keys,
        per_account=settings.login_attempts_per_minute,
        per_address=settings.login_attempts_per_minute_per_address,
    )
    user = session.scalars(select(User).where(User.username == body.username)).one_or_none()
    password_ok = verify_password(user.password_hash if user else None, body.password)
    if user is None or not password_ok or not user.is_active:
        raise InvalidCredentials()
    ratelimit.succeeded(session, keys)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(body.password)
    lifetime = timedelta(hours=settings.session_hours)
    secret = issue_token(session, user, TokenKind.SESSION, lifetime=lifetime)
    record(
        session,
        actor_id=user.id,
        action="auth.login",
        entity_type="user",
        entity_id=user.id,
        client_address=address,
    )
    session.commit()
    csrf = csrf_token_for(secret, settings.secret_key)
    secure = settings.public_url.startswith("https://")
    max_age = int(lifetime.total_seconds())
    response.set_cookie(
        SESSION_COOKIE, secret, max_age=max_age, httponly=True, samesite="lax", secure=secure, path="/"
    )
    response.set_cookie(
        CSRF_COOKIE, csrf, max_age=max_age, httponly=False, samesite="lax", secure=secure, path="/"
    )
    return LoginOut(
        csrf_token=csrf,
        expires_at=datetime.now(UTC) + lifetime,
        user=UserProfile.model_validate(user),
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(auth: CurrentAuth, request: Request, response: Response, session: SessionDep) -> Response:
    """Đăng xuất: revokes the token used for this request and clears the cookies."""
    auth.token.revoked = True
    record(
        session,
        actor_id=auth.user.id,
        action="auth.logout",
        entity_type="user",
        entity_id=auth.user.id,
        client_address=client_address(request),
    )
    session.commit()
    response.status_code = status.HTTP_204_NO_CONTENT
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.get("/me", response_model=MeOut)
def me(auth: CurrentAuth, settings: SettingsDep) -> MeOut:
    """The signed-in user: agency, department and roles (and the CSRF value of a cookie session)."""
    profile = MeOut.model_validate(auth.user)
    if auth.kind == TokenKind.SESSION:
        profile.csrf_token = csrf_token_for(auth.secret, settings.secret_key)
    return profile


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(
    body: PasswordChangeIn, auth: CurrentAuth, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """Đổi mật khẩu của chính mình, with the current password.

    Every other session and bearer token of the user is revoked; the one making the change stays valid.
    Guesses of the current password count against the same login limits as the login form.
    """
    user = auth.user
    address = client_address(request)
    keys = ratelimit.keys_for(user.username, address)
    ratelimit.begin_attempt(
        session,
        keys,
        per_account=settings.login_attempts_per_minute,
        per_address=settings.login_attempts_per_minute_per_address,
    )
    if not verify_password(user.password_hash, body.current_password):
        raise CurrentPasswordWrong(detail={"field": "current_password"})
    ratelimit.succeeded(session, keys)
    check_policy(body.new_password, user_inputs=(user.username, user.full_name))
    user.password_hash = hash_password(body.new_password)
    revoke_all(session, user.id, keep=auth.token)
    record(
        session,
        actor_id=user.id,
        action="auth.password_change",
        entity_type="user",
        entity_id=user.id,
        client_address=address,
    )
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/tokens", response_model=TokenCreated, status_code=status.HTTP_201_CREATED)
def create_api_token(body: TokenIn, user: CurrentUser, request: Request, session: SessionDep) -> TokenCreated:
    """A bearer token for an integration, valid `days` days; its secret is only shown in this response."""
    secret, token = tokens.create_token(
        session, user, TokenKind.BEARER, lifetime=timedelta(days=body.days), name=body.name
    )
    record(
        session,
        actor_id=user.id,
        action="auth.token_create",
        entity_type="api_token",
        entity_id=token.id,
        after={"name": token.name, "expires_at": token.expires_at},
        client_address=client_address(request),
    )
    session.commit()
    return TokenCreated(id=token.id, name=token.name, expires_at=token.expires_at, token=secret)


@router.get("/tokens", response_model=list[TokenOut])
def list_api_tokens(user: CurrentUser, session: SessionDep) -> list[TokenOut]:
    """The caller's live bearer tokens (never their secrets)."""
    now = datetime.now(UTC)
    rows = session.scalars(
        select(ApiToken)
        .where(
            ApiToken.user_id == user.id,
            ApiToken.kind == TokenKind.BEARER,
            ApiToken.revoked.is_(False),
            ApiToken.expires_at > now,
        )
        .order_by(ApiToken.id)
    )
    return [TokenOut(id=t.id, name=t.name, expires_at=t.expires_at) for t in rows]


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_api_token(token_id: int, user: CurrentUser, request: Request, session: SessionDep) -> Response:
    """Thu hồi a bearer token of the caller."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.kind != TokenKind.BEARER:
        raise NotFound()
    token.revoked = True
    record(
        session,
        actor_id=user.id,
        action="auth.token_revoke",
        entity_type="api_token",
        entity_id=token.id,
        client_address=client_address(request),
    )
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
