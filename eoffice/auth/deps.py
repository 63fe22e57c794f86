"""`CurrentUser`: who is calling, from `Authorization: Bearer` or the session cookie.

Cookie-authenticated writes must carry `X-CSRF-Token` equal to the session's CSRF value: a cross-site form
can make the browser send the cookie but cannot read the value to put in the header. Bearer requests are
exempt — a browser never attaches a bearer token on its own.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from eoffice.auth.errors import CsrfRejected
from eoffice.auth.models import ApiToken, TokenKind
from eoffice.auth.tokens import csrf_token_for, resolve_token
from eoffice.deps import SessionDep, SettingsDep
from eoffice.errors import Unauthenticated
from eoffice.orgs.models import User

SESSION_COOKIE = "eoffice_session"
CSRF_COOKIE = "eoffice_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Authentication:
    """How the current request authenticated: the token row, its kind, and the raw secret."""

    user: User
    token: ApiToken
    secret: str

    @property
    def kind(self) -> TokenKind:
        return self.token.kind


def _bearer(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def current_authentication(request: Request, session: SessionDep, settings: SettingsDep) -> Authentication:
    bearer = _bearer(request)
    if bearer is not None:
        token, user = resolve_token(session, bearer)
        return Authentication(user, token, bearer)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        raise Unauthenticated()
    token, user = resolve_token(session, cookie, TokenKind.SESSION)
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not hmac.compare_digest(sent, csrf_token_for(cookie, settings.secret_key)):
            raise CsrfRejected()
    return Authentication(user, token, cookie)


def current_user(auth: Annotated[Authentication, Depends(current_authentication)]) -> User:
    return auth.user


CurrentAuth = Annotated[Authentication, Depends(current_authentication)]
CurrentUser = Annotated[User, Depends(current_user)]
