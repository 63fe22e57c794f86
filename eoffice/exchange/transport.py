"""The transport port and its two adapters: direct peer-to-peer between eOffice instances, and a hub.

A `Transport` delivers one package for one recipient and returns when the other side has acknowledged it
(taken responsibility for it). Failures raise `TransportFailed`; `permanent=True` means the other side refused
the package itself (a 4xx answer), so retrying cannot help. A hub is also read from: `HubTransport.fetch`
lists what waits for this agency and `ack` removes it once it is safely stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from eoffice.exchange._hmac import sign_headers
from eoffice.exchange.errors import TransportFailed
from eoffice.exchange.models import ExchangePeer, TransportKind

INBOX_PATH = "/api/v1/exchange/inbox"
HUB_MESSAGES_PATH = "/hub/v1/messages"
_RETRYABLE_4XX = {401, 403, 404, 408, 409, 425, 429}  # configuration or timing: may work later


@dataclass(frozen=True)
class Envelope:
    """One package on its way: who sends it to whom, and the key the receiver deduplicates on."""

    sender: str
    recipient: str
    idempotency_key: str
    body: bytes


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


def _error_message(response: httpx.Response) -> str:
    try:
        body = response.json()
        return f"{body.get('code', response.status_code)}: {body.get('message', '')}".strip()
    except ValueError:
        return f"HTTP {response.status_code}"


def _check(response: httpx.Response, what: str) -> None:
    if response.is_success:
        return
    message = f"{what} trả lời lỗi {response.status_code} ({_error_message(response)})."
    permanent = 400 <= response.status_code < 500 and response.status_code not in _RETRYABLE_4XX
    raise TransportFailed(message, permanent=permanent)


class _Http:
    def __init__(self, endpoint: str, secret: str, timeout: float) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.secret = secret
        self.timeout = timeout

    def request(
        self, method: str, path: str, *, sender: str, recipient: str = "", key: str = "", body: bytes = b""
    ) -> httpx.Response:
        headers = sign_headers(
            self.secret, method, path, sender=sender, recipient=recipient, key=key, body=body
        )
        headers["Content-Type"] = "application/xml"
        try:
            return httpx.request(
                method, self.endpoint + path, content=body, headers=headers, timeout=self.timeout
            )
        except httpx.HTTPError as exc:
            raise TransportFailed(f"Không kết nối được {self.endpoint}: {type(exc).__name__}: {exc}") from exc


class DirectTransport:
    """Peer to peer: POST the package to the other eOffice's inbox, authenticated by the shared secret."""

    name = TransportKind.DIRECT.value

    def __init__(self, endpoint: str, secret: str, *, timeout: float = 60) -> None:
        self._http = _Http(endpoint, secret, timeout)

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

    def __init__(self, endpoint: str, secret: str, organ_id: str, *, timeout: float = 60) -> None:
        self._http = _Http(endpoint, secret, timeout)
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


def transport_for(peer: ExchangePeer, local_organ_id: str, *, timeout: float = 60) -> Transport:
    """The adapter a peer row names."""
    if peer.transport == TransportKind.HUB:
        return HubTransport(peer.endpoint, peer.secret, local_organ_id, timeout=timeout)
    return DirectTransport(peer.endpoint, peer.secret, timeout=timeout)
