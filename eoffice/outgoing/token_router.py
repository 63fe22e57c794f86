"""`/api/v1/outgoing/{id}/token-signature/*`: the leader signs with the USB token on his own PC.

The browser is the courier between the server and ``eoffice sign-agent --serve`` on 127.0.0.1: ``prepare``
answers the signing request (a digest, never the PDF), the browser posts it to the agent, and posts the
agent's answer to ``complete``; ``cancel`` when the agent cannot be reached.
"""

from __future__ import annotations

import base64
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field, StrictInt

from eoffice.documents.files import file_batch
from eoffice.errors import InvalidInput
from eoffice.outgoing import service
from eoffice.outgoing.router import ChangeDep, _detail
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
    document_id: int, body: TokenSignIn, change: ChangeDep
) -> TokenSignaturePrepared:
    """Ký bằng USB token, bước 1: the approved version is prepared for the leader's registered token; the
    answer holds the signing request for the agent on his PC. A second prepare while one waits is a 409."""
    row = service.prepare_token_signature(
        change.session,
        change.backends,
        change.settings,
        change.actor,
        document_id,
        body.level,
        file_id=body.file_id,
        sha256=body.sha256,
    )
    signing_request = token.request_of(row)
    return TokenSignaturePrepared(
        request=TokenSigningRequest.model_validate(signing_request.model_dump(mode="json")),
        document=change.saved(document_id),
    )


@router.post("/{document_id}/token-signature/complete")
def complete_outgoing_token_signature(
    document_id: int, body: TokenSignatureIn, change: ChangeDep
) -> OutgoingDetail:
    """Ký bằng USB token, bước 2: the agent's signature is embedded and the document signed. Only one
    complete succeeds (409 for the other); one too late leaves `remote_signature.state` "expired"."""
    try:
        signature = base64.b64decode(body.signature.replace("-", "+").replace("_", "/"), validate=True)
    except ValueError as exc:  # binascii.Error, or a character outside ASCII
        raise InvalidInput(
            "Giá trị chữ ký không phải base64.", detail=[{"field": "signature", "problem": "base64"}]
        ) from exc
    with file_batch(change.backends.objects) as batch:
        service.complete_token_signature(
            change.session,
            batch,
            change.backends,
            change.settings,
            change.actor,
            document_id,
            response_id=body.id,
            signature=signature,
        )
        change.session.commit()
    return _detail(change.session, change.user, document_id)


@router.post("/{document_id}/token-signature/cancel")
def cancel_outgoing_token_signature(document_id: int, change: ChangeDep) -> OutgoingDetail:
    """Hủy yêu cầu ký bằng USB token của tôi (the agent did not answer)."""
    service.cancel_token_signature(change.session, change.actor, document_id)
    return change.saved(document_id)
