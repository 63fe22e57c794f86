"""The transport port and its adapters: direct peer-to-peer between eOffice instances, a hub, and the
national axis (VXP, `VxpTransport`).

A `Transport` delivers one package for one recipient and returns when the other side has acknowledged it
(taken responsibility for it). Failures raise `TransportFailed`; `permanent=True` means the other side refused
the package itself (a 4xx answer), so retrying cannot help. A hub is also read from: `HubTransport.fetch`
lists what waits for this agency and `ack` removes it once it is safely stored.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx

from eoffice.exchange import _vxp
from eoffice.exchange._addresses import PeerPolicy, pin
from eoffice.exchange._hmac import sign_headers
from eoffice.exchange.errors import PeerAddressRefused, TransportFailed
from eoffice.exchange.models import ExchangePeer, TransportKind

INBOX_PATH = "/api/v1/exchange/inbox"
HUB_MESSAGES_PATH = "/hub/v1/messages"
_RETRYABLE_4XX = {401, 403, 404, 408, 409, 425, 429}  # configuration or timing: may work later
_ERROR_CODE = re.compile(r"[a-z][a-z0-9_]{0,31}(\.[a-z0-9_]{1,32}){0,3}")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Envelope:
    """One package on its way: who sends it to whom, and the key the receiver deduplicates on."""

    sender: str
    recipient: str
    idempotency_key: str
    body: bytes
    kind: str = "document"  # or "status": the VXP axis is told which (`messagetype` edoc|status)


@dataclass(frozen=True)
class Receipt:
    """The other side's acknowledgement."""

    transport: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InboundMessage:
    """A package waiting at a hub for this agency."""

    handle: str
    sender: str
    idempotency_key: str
    body: bytes


class Transport(Protocol):
    name: str

    def send(self, envelope: Envelope) -> Receipt:
        """Deliver and return the acknowledgement, or raise `TransportFailed`."""
        ...


def _error_code(response: httpx.Response) -> str:
    """The other side's error `code` when it is one of ours in shape (`exchange.auth_failed`), else ''."""
    try:
        code = response.json().get("code", "")
    except (ValueError, AttributeError):
        return ""
    return code if isinstance(code, str) and _ERROR_CODE.fullmatch(code) else ""


def _check(response: httpx.Response, what: str) -> None:
    """Raise `TransportFailed` for an error answer. The message users see (a delivery's `last_error`)
    names the status and a well-formed error code only: the peer's own text goes to the log, never to the
    screen, so a peer (or whatever an endpoint points at) cannot put its content in front of users."""
    if response.is_success:
        return
    code = _error_code(response)
    log.warning(
        "exchange: %s answered %s: %.500r", response.request.url.host, response.status_code, response.text
    )
    message = f"{what} trả lời lỗi {response.status_code}{f' ({code})' if code else ''}."
    permanent = 400 <= response.status_code < 500 and response.status_code not in _RETRYABLE_4XX
    raise TransportFailed(message, permanent=permanent)


class _Http:
    def __init__(self, endpoint: str, secret: str, timeout: float, policy: PeerPolicy) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.secret = secret
        self.timeout = timeout
        self.policy = policy

    def request(
        self, method: str, path: str, *, sender: str, recipient: str = "", key: str = "", body: bytes = b""
    ) -> httpx.Response:
        try:
            target = pin(self.endpoint + path, self.policy)
        except PeerAddressRefused as exc:
            raise TransportFailed(exc.message, code=exc.code) from exc
        headers = sign_headers(
            self.secret, method, path, sender=sender, recipient=recipient, key=key, body=body
        )
        headers["Content-Type"] = "application/xml"
        headers["Host"] = target.host_header
        try:
            # The checked address is dialled; TLS still names and verifies the host (SNI).
            with httpx.Client(timeout=self.timeout, follow_redirects=False) as client:
                return client.request(
                    method,
                    target.url,
                    content=body,
                    headers=headers,
                    extensions={"sni_hostname": target.server_name},
                )
        except httpx.HTTPError as exc:
            raise TransportFailed(f"Không kết nối được {self.endpoint}: {type(exc).__name__}.") from exc


class DirectTransport:
    """Peer to peer: POST the package to the other eOffice's inbox, authenticated by the shared secret."""

    name = TransportKind.DIRECT.value

    def __init__(self, endpoint: str, secret: str, *, policy: PeerPolicy, timeout: float = 60) -> None:
        self._http = _Http(endpoint, secret, timeout, policy)

    def send(self, envelope: Envelope) -> Receipt:
        response = self._http.request(
            "POST",
            INBOX_PATH,
            sender=envelope.sender,
            recipient=envelope.recipient,
            key=envelope.idempotency_key,
            body=envelope.body,
        )
        _check(response, "Cơ quan nhận")
        return Receipt(self.name, response.json())


class HubTransport:
    """A hub (a province's `eoffice hub`): senders POST, recipients list their queue, fetch and ack."""

    name = TransportKind.HUB.value

    def __init__(
        self, endpoint: str, secret: str, organ_id: str, *, policy: PeerPolicy, timeout: float = 60
    ) -> None:
        self._http = _Http(endpoint, secret, timeout, policy)
        self.organ_id = organ_id

    def send(self, envelope: Envelope) -> Receipt:
        response = self._http.request(
            "POST",
            HUB_MESSAGES_PATH,
            sender=envelope.sender,
            recipient=envelope.recipient,
            key=envelope.idempotency_key,
            body=envelope.body,
        )
        _check(response, "Trục liên thông")
        return Receipt(self.name, response.json())

    def fetch(self, limit: int = 20) -> list[InboundMessage]:
        """What waits for this agency, oldest first (bodies included)."""
        listing = self._http.request("GET", f"{HUB_MESSAGES_PATH}?limit={limit}", sender=self.organ_id)
        _check(listing, "Trục liên thông")
        messages = []
        for item in listing.json()["messages"]:
            response = self._http.request("GET", f"{HUB_MESSAGES_PATH}/{item['id']}", sender=self.organ_id)
            _check(response, "Trục liên thông")
            messages.append(
                InboundMessage(str(item["id"]), item["sender"], item["idempotency_key"], response.content)
            )
        return messages

    def ack(self, handle: str) -> None:
        response = self._http.request("POST", f"{HUB_MESSAGES_PATH}/{handle}/ack", sender=self.organ_id)
        _check(response, "Trục liên thông")


VXP_MESSAGE_TYPES = ("edoc", "status")


class VxpTransport:
    """The national axis (VXP): `POST <endpoint>/<call>` with the parameters as signed headers (`_vxp`).

    Sending is `/sendEdoc` with the package as the body (`messagetype` edoc or status); receiving lists
    `/getReceivedEdocList` per message type, fetches each with `/getEdoc` and, once stored, tells the axis
    with `/updateStatus` (`done`, or `fail` when eOffice refused the package). `/getSentEdocList` and
    `/getAgenciesList` answer what the axis knows about sent packages and the connected agencies.
    Answers are JSON with `status` "OK" or "FAIL" and `ErrorDesc`.
    """

    name = TransportKind.VXP.value

    def __init__(
        self,
        endpoint: str,
        systemid: str,
        secret: str,
        organ_id: str,
        *,
        policy: PeerPolicy,
        timeout: float = 60,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.systemid = systemid
        self.secret = secret
        self.organ_id = organ_id
        self.policy = policy
        self.timeout = timeout

    def call(self, path: str, fields: dict[str, str], body: bytes | None = None) -> dict[str, Any]:
        """One signed call; its JSON answer when `status` is OK, else `TransportFailed`."""
        try:
            target = pin(f"{self.endpoint}/{path}", self.policy)
        except PeerAddressRefused as exc:
            raise TransportFailed(exc.message, code=exc.code) from exc
        headers = _vxp.request_headers(self.systemid, self.secret, fields, now=datetime.now(UTC), body=body)
        headers["Content-Type"] = "application/xml" if body is not None else "application/json"
        headers["Host"] = target.host_header
        try:
            with httpx.Client(timeout=self.timeout, follow_redirects=False) as client:
                response = client.post(
                    target.url,
                    content=body if body is not None else b"{}",
                    headers=headers,
                    extensions={"sni_hostname": target.server_name},
                )
        except httpx.HTTPError as exc:
            raise TransportFailed(
                f"Không kết nối được trục VXP {self.endpoint}: {type(exc).__name__}."
            ) from exc
        _check(response, "Trục liên thông VXP")
        try:
            answer = response.json()
        except ValueError:
            raise TransportFailed("Trục liên thông VXP trả lời không phải JSON.") from None
        if not isinstance(answer, dict) or str(answer.get("status", "")).upper() != "OK":
            description = str(answer.get("ErrorDesc", "")) if isinstance(answer, dict) else ""
            log.warning("exchange: VXP %s answered FAIL: %.500r", path, description)
            raise TransportFailed(f"Trục liên thông VXP từ chối yêu cầu {path}.")
        return answer

    def send(self, envelope: Envelope) -> Receipt:
        messagetype = "status" if envelope.kind == "status" else "edoc"
        answer = self.call(
            "sendEdoc",
            {"from": envelope.sender, "servicetype": "eDoc", "messagetype": messagetype},
            envelope.body,
        )
        return Receipt(self.name, {"docId": str(answer.get("DocID", ""))})

    def fetch(self, messagetype: str, limit: int = 50) -> list[InboundMessage]:
        """Packages of one type waiting at the axis for this agency; the handle is the axis' docId."""
        listing = self.call("getReceivedEdocList", {"servicetype": "eDoc", "messagetype": messagetype})
        messages = []
        for item in list(listing.get("data") or [])[:limit]:
            doc_id, sender = str(item.get("docId", "")), str(item.get("from", ""))
            answer = self.call("getEdoc", {"docId": doc_id})
            try:
                body = base64.b64decode(str(answer.get("data", "")), validate=True)
            except (binascii.Error, ValueError):
                raise TransportFailed(f"Trục VXP trả về gói tin {doc_id} không đúng base64.") from None
            messages.append(InboundMessage(doc_id, sender, f"vxp|{doc_id}", body))
        return messages

    def ack(self, handle: str, *, ok: bool = True) -> None:
        self.call("updateStatus", {"docId": handle, "status": "done" if ok else "fail"})

    def sent(self) -> list[dict[str, Any]]:
        """What the axis knows about this agency's sent packages (`/getSentEdocList`)."""
        return list(self.call("getSentEdocList", {"servicetype": "eDoc"}).get("data") or [])

    def agencies(self) -> list[dict[str, Any]]:
        """The agencies connected to the axis (`/getAgenciesList`): `{code, name, pcode}`."""
        return list(self.call("getAgenciesList", {}).get("agencies") or [])


def transport_for(
    peer: ExchangePeer, local_organ_id: str, *, policy: PeerPolicy, timeout: float = 60
) -> Transport:
    """The adapter a peer row names; it connects only where `policy` allows."""
    if peer.transport == TransportKind.HUB:
        return HubTransport(peer.endpoint, peer.secret, local_organ_id, policy=policy, timeout=timeout)
    if peer.transport == TransportKind.VXP:
        return VxpTransport(
            peer.endpoint, peer.account, peer.secret, local_organ_id, policy=policy, timeout=timeout
        )
    return DirectTransport(peer.endpoint, peer.secret, policy=policy, timeout=timeout)
