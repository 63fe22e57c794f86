"""Request and response bodies of the auth API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, StrictInt

from eoffice.orgs.schemas import UserProfile


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class PasswordChangeIn(BaseModel):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(
        min_length=1, max_length=1024, description="Ít nhất 12 ký tự, khó đoán (xem auth.weak_password)."
    )


class LoginOut(BaseModel):
    csrf_token: str = Field(description="Send as header X-CSRF-Token on every write made with the cookie.")
    expires_at: datetime
    user: UserProfile


class MeOut(UserProfile):
    csrf_token: str | None = Field(default=None, description="Present when authenticated by session cookie.")


class TokenIn(BaseModel):
    name: str = Field(default="", max_length=128)
    days: StrictInt = Field(default=30, ge=1, le=365)


class TokenOut(BaseModel):
    id: int
    name: str
    expires_at: datetime


class TokenCreated(TokenOut):
    token: str = Field(description="The secret; shown only once.")
