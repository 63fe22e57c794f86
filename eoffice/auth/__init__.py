"""Authentication: argon2 passwords, session cookies with CSRF protection, bearer tokens, login limits."""

from eoffice.auth.deps import CurrentAuth, CurrentUser, current_user
from eoffice.auth.errors import CsrfRejected, InvalidCredentials, TokenInvalid, TooManyLogins
from eoffice.auth.models import ApiToken, LoginThrottle, TokenKind
from eoffice.auth.passwords import hash_password, verify_password
from eoffice.auth.tokens import issue_token, resolve_token, revoke_token

__all__ = [
    "ApiToken",
    "CsrfRejected",
    "CurrentAuth",
    "CurrentUser",
    "InvalidCredentials",
    "LoginThrottle",
    "TokenInvalid",
    "TokenKind",
    "TooManyLogins",
    "current_user",
    "hash_password",
    "issue_token",
    "resolve_token",
    "revoke_token",
    "verify_password",
]
