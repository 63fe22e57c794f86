"""Ký số từ xa qua VNPT SmartCA: the key stays at the service, the holder approves each signature on the phone.

The protocol (VNPT SmartCA's integration API): an OAuth2 password grant (`POST /auth/token`, the
integration's client id/secret plus the holder's SmartCA account) gives an access token; `/csc/credentials/list`
and `/csc/credentials/info` name the holder's credentials and their certificate chain (base64 DER);
`/csc/signature/signhash` sends hashes and answers a transaction id, which the holder approves or refuses in
the SmartCA app; `/csc/credentials/gettraninfo` tells the transaction's status (1 success with the
signatures, 4000 waiting, 4001 expired, 4002 rejected).

A PDF is signed with pyHanko's interrupted signing (`signing.external.prepare` / `complete`, i.e.
``PdfSigner.digest_doc_for_signing`` … ``PdfTBSDocument.finish_signing``): :func:`start_signing` prepares the
document and sends the hash of its signed attributes, and returns a :class:`PendingRemoteSignature` —
JSON-serialisable, holding the prepared PDF and the transaction id — which a later request or a worker hands
to :func:`finish_signing` once the holder has answered, minutes later, in any process. Network and protocol
failures are this package's ``RemoteSigning*Error``s with Vietnamese messages.
"""

from __future__ import annotations

import base64
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from asn1crypto import x509
from pydantic import BaseModel, ConfigDict

from signing.errors import (
    RemoteCredentialNotFoundError,
    RemoteSigningAuthError,
    RemoteSigningError,
    RemoteSigningUnavailableError,
)
from signing.external import PendingSignature, complete, prepare
from signing.trust import TrustSettings


class TransactionState(enum.StrEnum):
    """Where the holder's approval stands."""

    WAITING = "waiting"  # 4000: chờ xác nhận trên điện thoại
    SUCCESS = "success"  # 1
    EXPIRED = "expired"  # 4001
    REJECTED = "rejected"  # 4002

    @property
    def reason(self) -> str:
        """What to tell the user, in Vietnamese."""
        return _REASONS[self]


_REASONS = {
    TransactionState.WAITING: "Chờ xác nhận trên điện thoại (ứng dụng VNPT SmartCA).",
    TransactionState.SUCCESS: "Người ký đã xác nhận trên điện thoại.",
    TransactionState.EXPIRED: "Hết thời gian xác nhận ký trên điện thoại (VNPT SmartCA); chữ ký chưa được tạo.",
    TransactionState.REJECTED: "Người ký đã từ chối ký trên ứng dụng VNPT SmartCA.",
}
_STATUS_CODES = {
    1: TransactionState.SUCCESS,
    4000: TransactionState.WAITING,
    4001: TransactionState.EXPIRED,
    4002: TransactionState.REJECTED,
}


@dataclass(frozen=True)
class SmartCAConfig:
    """Where the service is and who the integration is (the agency's client id/secret from VNPT)."""

    base_url: str
    client_id: str
    client_secret: str
    timeout: float = 15.0


@dataclass(frozen=True)
class Transaction:
    id: str
    state: TransactionState
    signatures: tuple[bytes, ...] = ()


class SmartCAClient:
    """One integration's HTTP client for the SmartCA API (httpx); ``transport`` is for tests and proxies."""

    def __init__(self, config: SmartCAConfig, *, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self._transport = transport

    def _post(self, path: str, body: dict[str, Any], token: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            with httpx.Client(
                base_url=self.config.base_url.rstrip("/"),
                timeout=self.config.timeout,
                transport=self._transport,
            ) as http:
                response = http.post(path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise RemoteSigningUnavailableError(detail=f"{type(exc).__name__}: {exc}") from exc
        if response.status_code in (400, 401, 403) and path == "/auth/token":
            raise RemoteSigningAuthError(detail=response.text[:200])
        if response.status_code in (401, 403):
            raise RemoteSigningAuthError(
                "Phiên làm việc với dịch vụ ký số từ xa đã hết hạn hoặc không hợp lệ.",
                detail=response.text[:200],
            )
        if response.status_code >= 500:
            raise RemoteSigningUnavailableError(detail=f"HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError as exc:
            raise RemoteSigningUnavailableError(
                "Dịch vụ ký số từ xa trả lời không đúng định dạng.", detail=response.text[:200]
            ) from exc
        if not isinstance(data, dict):
            raise RemoteSigningUnavailableError("Dịch vụ ký số từ xa trả lời không đúng định dạng.")
        if path == "/auth/token":
            return data
        if response.status_code == 404:
            raise RemoteCredentialNotFoundError(detail=str(data.get("message", "")))
        if response.status_code >= 400 or data.get("code") != 0:
            raise RemoteSigningError(detail=f"{data.get('code')}: {data.get('message')}")
        return data.get("content")

    def login(self, username: str, password: str) -> str:
        """The access token for the holder's account (OAuth2 password grant)."""
        data = self._post(
            "/auth/token",
            {
                "grant_type": "password",
                "client_id": self.config.client_id,
                "client_secret": self.config.client_secret,
                "username": username,
                "password": password,
            },
        )
        token = data.get("access_token")
        if not isinstance(token, str) or not token:
            raise RemoteSigningUnavailableError("Dịch vụ ký số từ xa không cấp mã truy cập.")
        return token

    def credentials(self, token: str) -> list[str]:
        """The holder's credential ids (one per certificate)."""
        content = self._post("/csc/credentials/list", {}, token)
        if not isinstance(content, list):
            raise RemoteSigningUnavailableError("Danh sách chứng thư số từ dịch vụ không hợp lệ.")
        return [str(item) for item in content]

    def certificates(self, token: str, credential_id: str) -> tuple[x509.Certificate, ...]:
        """The credential's certificate chain, the signer's certificate first."""
        content = self._post(
            "/csc/credentials/info", {"credentialId": credential_id, "certificates": "chain"}, token
        )
        try:
            chain = tuple(
                x509.Certificate.load(base64.b64decode(item, validate=True))
                for item in content["cert"]["certificates"]
            )
            if not chain:
                raise ValueError("empty chain")
            _ = chain[0].public_key.algorithm  # parsed now, so a broken certificate fails here
        except (KeyError, TypeError, ValueError) as exc:
            raise RemoteSigningUnavailableError(
                "Chứng thư số từ dịch vụ ký số từ xa không đọc được.", detail=str(exc)
            ) from exc
        return chain

    def sign_hashes(
        self,
        token: str,
        credential_id: str,
        hashes: Sequence[tuple[str, bytes]],
        *,
        description: str = "",
        reference: str = "",
    ) -> str:
        """Ask the holder to sign SHA-256 ``hashes`` (name, digest); returns the transaction id. One request
        carries many hashes, so a batch needs one approval."""
        content = self._post(
            "/csc/signature/signhash",
            {
                "credentialId": credential_id,
                "refTranId": reference,
                "description": description,
                "datas": [
                    {"name": name, "hash": base64.b64encode(digest).decode()} for name, digest in hashes
                ],
            },
            token,
        )
        tran_id = content.get("tranId") if isinstance(content, dict) else None
        if not isinstance(tran_id, str) or not tran_id:
            raise RemoteSigningUnavailableError("Dịch vụ ký số từ xa không trả về mã giao dịch.")
        return tran_id

    def transaction(self, token: str, tran_id: str) -> Transaction:
        """The transaction's status, with the signatures (in the order of the hashes) once approved."""
        content = self._post("/csc/credentials/gettraninfo", {"tranId": tran_id}, token)
        try:
            state = _STATUS_CODES[int(content["tranStatus"])]
            signatures = tuple(
                base64.b64decode(d["sig"], validate=True) for d in content.get("documents") or []
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RemoteSigningUnavailableError(
                "Trạng thái giao dịch ký từ dịch vụ không hợp lệ.", detail=str(exc)
            ) from exc
        if state is TransactionState.SUCCESS and not signatures:
            raise RemoteSigningUnavailableError("Giao dịch ký thành công nhưng không có chữ ký.")
        return Transaction(tran_id, state, signatures)


class PendingRemoteSignature(BaseModel):
    """Chữ ký chờ xác nhận trên điện thoại: the prepared PDF (``signature.document``) and the transaction.

    Serialise with ``model_dump_json()``; keep it server-side (it holds the whole prepared document)."""

    model_config = ConfigDict(frozen=True)

    provider: str = "smartca"
    credential_id: str
    transaction_id: str
    signature: PendingSignature


@dataclass(frozen=True)
class RemoteOutcome:
    """What :func:`finish_signing` found: the signed PDF on success, else the state and why."""

    state: TransactionState
    pdf: bytes | None = None

    @property
    def reason(self) -> str:
        return self.state.reason


def start_signing(
    client: SmartCAClient,
    token: str,
    credential_id: str,
    pdf: bytes,
    *,
    description: str = "",
    **prepare_options: Any,
) -> PendingRemoteSignature:
    """Prepare ``pdf`` for the credential's certificate and send its hash for approval on the phone.

    ``prepare_options`` are those of ``signing.external.prepare`` (level, appearance, tsa_url, trust, reason,
    location, font_path); bad input fails before anything is sent to the service."""
    chain = client.certificates(token, credential_id)
    pending = prepare(pdf, chain[0], chain[1:], **prepare_options)
    tran_id = client.sign_hashes(
        token, credential_id, [(pending.id, pending.digest)], description=description, reference=pending.id
    )
    return PendingRemoteSignature(credential_id=credential_id, transaction_id=tran_id, signature=pending)


def finish_signing(
    client: SmartCAClient,
    token: str,
    pending: PendingRemoteSignature,
    *,
    tsa_url: str | None = None,
    trust: TrustSettings | None = None,
    tsa_timeout: float = 10.0,
) -> RemoteOutcome:
    """Ask the service once how the transaction stands; on success embed the signature and return the PDF.

    A signature that does not verify against the certificate is ``signing.external_signature_invalid``."""
    transaction = client.transaction(token, pending.transaction_id)
    if transaction.state is not TransactionState.SUCCESS:
        return RemoteOutcome(transaction.state)
    signed = complete(
        pending.signature, transaction.signatures[0], tsa_url=tsa_url, trust=trust, tsa_timeout=tsa_timeout
    )
    return RemoteOutcome(TransactionState.SUCCESS, signed)
