"""Ký số bằng USB token trên máy của lãnh đạo: the key never leaves the token, the server never sees its PIN.

The leader registers his token's certificate (key reference ``token:<object key>`` on
`User.signing_key_ref`; the PEM of the certificate and its chain lies at that object key). A signature is
two requests, the way Vietnamese e-office products do it with a signing service on the leader's PC:

1. ``prepare`` — the server writes the signature's placeholder into the approved PDF
   (`signing.external.prepare`) and keeps the prepared PDF as a pending `RemoteSignature` (provider
   ``token``, its ``transaction_id`` the request id); the browser gets only the small
   `signing.external.SigningRequest` and posts it to ``eoffice sign-agent --serve`` on 127.0.0.1, which signs
   the digest with the token (its PIN typed into the agent, on that PC).
2. ``complete`` — the browser posts the agent's `SigningResponse`; the server checks the signature value
   against the registered certificate, embeds it and stores the signed version.

A pending token signature blocks other changes to the document like a SmartCA one, but only for
`TOKEN_SIGNATURE_TTL`: the agent answers in seconds, so one still pending after that was abandoned (tab
closed, agent never started) and ends as expired at the next change of the document. The leader's browser
cancels it at once when the agent cannot be reached.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from asn1crypto import pem, x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.audit import record
from eoffice.backends import Backends
from eoffice.errors import Conflict, Forbidden, InvalidInput
from eoffice.keys import KEYS_PREFIX, TOKEN_SCHEME, NoSigningKey, SigningKeyUnavailable
from eoffice.orgs.models import User
from eoffice.remote_signing.models import RemoteProvider, RemoteSignature, RemoteSignatureState
from signing.external import PendingSignature, SigningRequest, complete, prepare
from signing.trust import TrustSettings
from storage import StorageError

TOKEN_SIGNATURE_TTL = timedelta(minutes=5)
PENDING_MESSAGE = "Chờ ký bằng USB token trên máy của người ký"
EXPIRED_MESSAGE = "Yêu cầu ký bằng USB token đã quá thời gian chờ mà chưa có chữ ký; hãy ký lại."
CANCELLED_MESSAGE = "Người ký đã hủy yêu cầu ký bằng USB token."
MAX_CERTIFICATES = 8


class TokenCertificateInvalid(InvalidInput):
    code = "token_signing.certificate_invalid"
    message = "Tệp chứng thư số không hợp lệ; hãy chọn tệp chứng thư (.cer/.crt/.pem) của USB token."


class NotATokenKey(Conflict):
    code = "token_signing.not_registered"
    message = "Đồng chí chưa đăng ký chứng thư số của USB token; hãy đăng ký ở trang Tài khoản."


class NoTokenSignature(Conflict):
    code = "outgoing.no_token_signature"
    message = "Không có yêu cầu ký bằng USB token nào đang chờ cho văn bản này; hãy ký lại."


class StaleTokenResponse(Conflict):
    code = "outgoing.token_signature_stale"
    message = "Chữ ký gửi về không thuộc yêu cầu ký đang chờ của văn bản này; hãy ký lại."


@dataclass(frozen=True)
class TokenCertificate:
    """The registered certificate of a leader's token, first, then the CA certificates that issued it."""

    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]

    @property
    def subject(self) -> str:
        return str(self.certificate.subject.native.get("common_name", ""))

    @property
    def sha256(self) -> str:
        return str(self.certificate.sha256.hex())

    @property
    def not_after(self) -> datetime:
        value: datetime = self.certificate["tbs_certificate"]["validity"]["not_after"].native
        return value.astimezone(UTC)

    def pem(self) -> bytes:
        return b"".join(pem.armor("CERTIFICATE", cert.dump()) for cert in (self.certificate, *self.chain))


def parse_certificates(data: bytes) -> TokenCertificate:
    """The signer's certificate and its chain from what the holder uploads: PEM (one or several certificates)
    or one DER/base64-DER certificate, as a token's vendor tool exports it. The signer's certificate is the
    one that is not a CA; it must be valid now and hold an RSA or EC key."""
    try:
        if pem.detect(data):
            ders = [der for _, _, der in pem.unarmor(data, multiple=True)]
        else:
            try:
                ders = [base64.b64decode(data, validate=True)] if data.strip()[:1] != b"0" else [data]
            except binascii.Error:
                ders = [data]
        certificates = [x509.Certificate.load(der) for der in ders[:MAX_CERTIFICATES]]
        for cert in certificates:
            cert.native  # noqa: B018 — parse every field now, not on first use
    except (ValueError, TypeError, binascii.Error) as exc:
        raise TokenCertificateInvalid(detail=type(exc).__name__) from exc
    leaves = [cert for cert in certificates if not cert.ca]
    if len(leaves) != 1:
        raise TokenCertificateInvalid(
            "Tệp phải chứa đúng một chứng thư số của người ký (có thể kèm chứng thư của CA cấp).",
            detail={"signer_certificates": len(leaves)},
        )
    leaf = leaves[0]
    if leaf.public_key.algorithm not in ("rsa", "ec"):
        raise TokenCertificateInvalid("Chứng thư số phải dùng khóa RSA hoặc ECDSA.")
    validity = leaf["tbs_certificate"]["validity"]
    if not validity["not_before"].native <= clock.now() <= validity["not_after"].native:
        raise TokenCertificateInvalid(
            "Chứng thư số đã hết hạn hoặc chưa có hiệu lực.",
            detail={"not_after": validity["not_after"].native.isoformat()},
        )
    return TokenCertificate(leaf, tuple(cert for cert in certificates if cert is not leaf))


def registered(backends: Backends, user: User) -> TokenCertificate | None:
    """The user's token certificate, or None when his key is not on a token."""
    if not user.signing_key_ref.startswith(TOKEN_SCHEME):
        return None
    object_key = user.signing_key_ref[len(TOKEN_SCHEME) :]
    try:
        data = b"".join(backends.objects.get(object_key))
    except StorageError as exc:
        raise SigningKeyUnavailable("Không đọc được chứng thư số của USB token.", detail=str(exc)) from exc
    return parse_certificates(data)


def certificate_of(backends: Backends, user: User) -> TokenCertificate:
    token = registered(backends, user)
    if token is None:
        if not user.signing_key_ref:
            raise NoSigningKey(f"{user.full_name} chưa được cấp khóa ký số.")
        raise NotATokenKey()
    return token


def register(
    session: Session, backends: Backends, user: User, data: bytes, client_address: str | None
) -> TokenCertificate:
    """Đăng ký USB token: the holder's certificate becomes his signing key reference (replacing a PKCS#12 key
    reference, whose file stays in storage). Only the certificate is stored; the key stays on the token."""
    token = parse_certificates(data)
    object_key = f"{KEYS_PREFIX}users/{user.id}/token-{token.sha256[:16]}.pem"
    backends.objects.put(object_key, token.pem(), content_type="application/x-pem-file")
    before = user.signing_key_ref
    user.signing_key_ref = TOKEN_SCHEME + object_key
    session.flush()
    record(
        session,
        actor_id=user.id,
        action="token_signing.register",
        entity_type="users",
        entity_id=user.id,
        before={"signing_key_ref": before},
        after={"signing_key_ref": user.signing_key_ref, "subject": token.subject, "sha256": token.sha256},
        client_address=client_address,
    )
    return token


def unregister(session: Session, user: User, client_address: str | None) -> None:
    """Hủy đăng ký USB token: the user has no signing key until he enrols one again."""
    if not user.signing_key_ref.startswith(TOKEN_SCHEME):
        return
    record(
        session,
        actor_id=user.id,
        action="token_signing.unregister",
        entity_type="users",
        entity_id=user.id,
        before={"signing_key_ref": user.signing_key_ref},
        after={"signing_key_ref": ""},
        client_address=client_address,
    )
    user.signing_key_ref = ""
    session.flush()


def start(
    session: Session,
    user: User,
    token: TokenCertificate,
    *,
    document_id: int,
    source_file_id: int,
    pdf: bytes,
    description: str,
    **prepare_options: Any,
) -> RemoteSignature:
    """Prepare `pdf` for the token's certificate and keep it pending (not committed); call with the document
    locked, after `refuse_if_pending`, so two clicks prepare one signature. `description` is the SmartCA
    starter's; the agent shows the certificate's holder instead."""
    pending = prepare(pdf, token.certificate, token.chain, **prepare_options)
    row = RemoteSignature(
        document_id=document_id,
        user_id=user.id,
        source_file_id=source_file_id,
        provider=RemoteProvider.TOKEN,
        transaction_id=pending.id,
        state=RemoteSignatureState.PENDING,
        reason=PENDING_MESSAGE,
        access_token="",
        pending=pending.model_dump_json(),
        created_at=clock.now(),
    )
    session.add(row)
    session.flush()
    return row


def request_of(row: RemoteSignature) -> SigningRequest:
    """What the browser hands to the agent: the digest to sign and which certificate must sign it."""
    return pending_of(row).request()


def pending_of(row: RemoteSignature) -> PendingSignature:
    return PendingSignature.model_validate_json(row.pending)


def expired(row: RemoteSignature) -> bool:
    return row.created_at + TOKEN_SIGNATURE_TTL <= clock.now()


def waiting(session: Session, document_id: int) -> RemoteSignature | None:
    """The document's pending token signature, if any (expired or not)."""
    return session.scalar(
        select(RemoteSignature).where(
            RemoteSignature.document_id == document_id,
            RemoteSignature.provider == RemoteProvider.TOKEN,
            RemoteSignature.state == RemoteSignatureState.PENDING,
        )
    )


def end_expired(session: Session, document_id: int) -> None:
    """Call with the document locked: an abandoned token signature ends as expired instead of blocking."""
    row = waiting(session, document_id)
    if row is not None and expired(row):
        close(session, row, RemoteSignatureState.EXPIRED, None, EXPIRED_MESSAGE)


def own_waiting(session: Session, document_id: int, user: User) -> RemoteSignature:
    """The pending token signature the user asked for on this document (call with the document locked)."""
    row = waiting(session, document_id)
    if row is None:
        raise NoTokenSignature()
    if row.user_id != user.id:
        raise Forbidden("Chỉ người ký mới hoàn tất hoặc hủy được yêu cầu ký của mình.")
    return row


def finish(
    row: RemoteSignature,
    response_id: str,
    signature: bytes,
    *,
    tsa_url: str | None,
    trust: TrustSettings | None,
) -> bytes:
    """The signed PDF from the agent's signature value (errors: the signing library's, to translate); an
    answer to another request is refused before anything is embedded."""
    if response_id != row.transaction_id:
        raise StaleTokenResponse()
    return complete(pending_of(row), signature, tsa_url=tsa_url, trust=trust)


def close(
    session: Session,
    row: RemoteSignature,
    state: RemoteSignatureState,
    signed_file_id: int | None,
    reason: str,
) -> None:
    """The token signature ended: keep its outcome and reason, drop the prepared PDF."""
    row.state = state
    row.reason = reason
    row.signed_file_id = signed_file_id
    row.finished_at = clock.now()
    row.pending = ""
    session.flush()
