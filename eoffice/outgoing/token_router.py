"""`/api/v1/outgoing/{id}/token-signature/*`: the leader signs with the USB token on his own PC.

The browser is the courier between the server and ``eoffice sign-agent --serve`` on 127.0.0.1: ``prepare``
answers the signing request (a digest, never the PDF), the browser posts it to the agent, and posts the
agent's answer to ``complete``; ``cancel`` when the agent cannot be reached.
"""

from __future__ import annotations

import base64
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, StrictInt

from eoffice.auth.deps import CurrentUser
from eoffice.deps import BackendsDep, SessionDep, SettingsDep
from eoffice.documents.files import file_batch
from eoffice.documents.route_helpers import actor_of
from eoffice.errors import InvalidInput
from eoffice.outgoing import service
from eoffice.outgoing.router import _detail
from eoffice.outgoing.schemas import Level, OutgoingDetail
from eoffice.remote_signing import token

router = APIRouter(prefix="/outgoing", tags=["outgoing"])


class TokenSignIn(BaseModel):
    level: Level | None = Field(default=None, description="Mặc định theo cấu hình EOFFICE_SIGNATURE_LEVEL")
    file_id: StrictInt | None = Field(
        default=None, description="Phiên bản dự thảo được ký; phải là phiên bản đã duyệt (409 nếu khác)"
    )
    sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 của phiên bản được ký; phải là phiên bản đã duyệt (409 nếu khác)",
    )


class TokenSigningRequest(BaseModel):
    """What the browser posts to the agent (`signing.external.SigningRequest`): bytes as standard base64."""

    id: str
    digest_algorithm: str
    digest: str
    signature_algorithm: Literal["rsassa_pkcs1v15", "ecdsa"]
    certificate_sha256: str
    subject: str


class TokenSignaturePrepared(BaseModel):
    request: TokenSigningRequest
    document: OutgoingDetail


class TokenSignatureIn(BaseModel):
    """The agent's answer (`signing.external.SigningResponse`), passed on unchanged."""

    id: str = Field(min_length=1, max_length=128)
    signature: str = Field(min_length=1, max_length=4096, description="Giá trị chữ ký, base64")


@router.post("/{document_id}/token-signature/prepare")
def prepare_outgoing_token_signature(
    document_id: int,
    body: TokenSignIn,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> TokenSignaturePrepared:
    """Ký bằng USB token, bước 1: the approved version is prepared for the leader's registered token; the
    answer holds the signing request for the agent on his PC. A second prepare while one waits is a 409."""
    row = service.prepare_token_signature(
        session,
        backends,
        settings,
        actor_of(request, user),
        document_id,
        body.level,
        file_id=body.file_id,
        sha256=body.sha256,
    )
    signing_request = token.request_of(row)
    session.commit()
    return TokenSignaturePrepared(
        request=TokenSigningRequest.model_validate(signing_request.model_dump(mode="json")),
        document=_detail(session, user, document_id),
    )


@router.post("/{document_id}/token-signature/complete")
def complete_outgoing_token_signature(
    document_id: int,
    body: TokenSignatureIn,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> OutgoingDetail:
    """Ký bằng USB token, bước 2: the agent's signature is embedded and the document signed. Only one
    complete succeeds (409 for the other); one too late leaves `remote_signature.state` "expired"."""
    try:
        signature = base64.b64decode(body.signature.replace("-", "+").replace("_", "/"), validate=True)
    except ValueError as exc:  # binascii.Error, or a character outside ASCII
        raise InvalidInput(
            "Giá trị chữ ký không phải base64.", detail=[{"field": "signature", "problem": "base64"}]
        ) from exc
    with file_batch(backends.objects) as batch:
        service.complete_token_signature(
            session,
            batch,
            backends,
            settings,
            actor_of(request, user),
            document_id,
            response_id=body.id,
            signature=signature,
        )
        session.commit()
    return _detail(session, user, document_id)


@router.post("/{document_id}/token-signature/cancel")
def cancel_outgoing_token_signature(
    document_id: int, request: Request, session: SessionDep, user: CurrentUser
) -> OutgoingDetail:
    """Hủy yêu cầu ký bằng USB token của tôi (the agent did not answer)."""
    service.cancel_token_signature(session, actor_of(request, user), document_id)
    session.commit()
    return _detail(session, user, document_id)
