"""SSRF through exchange peers: an agency admin points a peer or hub at loopback, link-local, a private
network or another scheme. Under the production default (`EOFFICE_EXCHANGE_PEER_*` unset) the API refuses
to store it, a row that is already there (from before, or a name whose DNS answer changed) gets no
connection, and a peer's own reply text never reaches the message users see. Loopback is allowed only when
a test opts in explicitly.
"""

from __future__ import annotations

import http.server
import ipaddress
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.exchange import PeerPolicy
from eoffice.exchange.errors import TransportFailed
from eoffice.exchange.flow import poll_hubs
from eoffice.exchange.models import ExchangePeer, TransportKind
from eoffice.exchange.settings import ExchangeSettings, get_exchange_settings
from eoffice.exchange.transport import DirectTransport, Envelope
from eoffice.orgs.models import Role
from tests.eoffice.factories import login

SECRET = "khoa-dung-chung-0123456789abcdef"
PEER_SAYS = "TRANG-NOI-BO-CUA-MAY-CHU-KHAC"  # what the other side answers; must never reach a user


class _Listener(http.server.ThreadingHTTPServer):
    """Counts every request and answers 400 with text of its own."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                listener.hits.append(f"{self.command} {self.path}")
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                body = ('{"code": "x", "message": "' + PEER_SAYS + '"}').encode()
                self.send_response(400)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, format: str, *args: object) -> None:
                del format, args

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


@pytest.fixture
def listener() -> Iterator[_Listener]:
    server = _Listener()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def production_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[ExchangeSettings]:
    """The exchange settings with no `EOFFICE_EXCHANGE_PEER_*` at all, as the API reads them."""
    for name in ("PEER_SCHEMES", "PEER_HOSTS", "PEER_NETWORKS"):
        monkeypatch.delenv(f"EOFFICE_EXCHANGE_{name}", raising=False)
    get_exchange_settings.cache_clear()
    yield get_exchange_settings()
    get_exchange_settings.cache_clear()


def test_the_api_refuses_peers_on_internal_addresses_and_other_schemes(
    client: TestClient, make_user, production_default: ExchangeSettings, listener: _Listener
) -> None:
    admin = make_user(roles=[Role.ADMIN])
    headers = login(client, admin)
    refused = {
        f"http://127.0.0.1:{listener.port}": "exchange.peer_address_refused",
        f"http://localhost:{listener.port}/": "exchange.peer_address_refused",  # by its resolved address
        f"http://[::1]:{listener.port}": "exchange.peer_address_refused",
        f"http://[::ffff:127.0.0.1]:{listener.port}": "exchange.peer_address_refused",
        "http://169.254.169.254/latest/meta-data": "exchange.peer_address_refused",
        "http://10.0.0.5:8080": "exchange.peer_address_refused",
        "http://192.168.1.1": "exchange.peer_address_refused",
        "http://0.0.0.0:80": "exchange.peer_address_refused",
        "file:///etc/passwd": "",  # not even a URL the schema takes
        "ftp://203.0.113.7/x": "",
    }
    for number, (endpoint, code) in enumerate(refused.items()):
        for transport in ("direct", "hub"):
            response = client.put(
                f"/api/v1/exchange/peers/000.00.00.X{number:02d}",
                json={"transport": transport, "endpoint": endpoint, "secret": SECRET},
                headers=headers,
            )
            assert response.status_code == 422, (endpoint, response.text)
            body = response.json()
            if code:
                assert body["code"] == code
                assert "không được phép" in body["message"]
    assert client.get("/api/v1/exchange/peers", headers=headers).json() == []
    assert listener.hits == []


def test_a_stored_internal_peer_gets_no_connection(
    session: Session, backends: Backends, make_user, production_default: ExchangeSettings, listener: _Listener
) -> None:
    """A peer row already on loopback (stored before this check, or a name whose DNS now answers
    127.0.0.1): neither polling a hub nor sending connects."""
    admin = make_user(roles=[Role.ADMIN])
    for organ, kind in (("000.00.00.Y01", TransportKind.HUB), ("000.00.00.Y02", TransportKind.DIRECT)):
        session.add(
            ExchangePeer(
                agency_id=admin.agency_id,
                organ_id=organ,
                transport=kind,
                endpoint=f"http://127.0.0.1:{listener.port}",
                secret=SECRET,
            )
        )
    session.commit()

    assert poll_hubs(backends, production_default) == 0
    direct = session.scalars(
        select(ExchangePeer).where(
            ExchangePeer.agency_id == admin.agency_id, ExchangePeer.organ_id == "000.00.00.Y02"
        )
    ).one()
    transport = DirectTransport(direct.endpoint, direct.secret, policy=production_default.peer_policy)
    with pytest.raises(TransportFailed) as refused:
        transport.send(Envelope("000.00.00.G22", direct.organ_id, "k-1", b"<edXML/>"))
    assert refused.value.code == "exchange.peer_address_refused"
    assert listener.hits == []


def test_loopback_only_when_opted_in_and_the_peers_reply_is_not_shown(
    client: TestClient, make_user, listener: _Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EOFFICE_EXCHANGE_PEER_NETWORKS", "127.0.0.0/8")
    get_exchange_settings.cache_clear()
    try:
        admin = make_user(roles=[Role.ADMIN])
        endpoint = f"http://127.0.0.1:{listener.port}"
        stored = client.put(
            "/api/v1/exchange/peers/000.00.00.Z01",
            json={"transport": "direct", "endpoint": endpoint, "secret": SECRET},
            headers=login(client, admin),
        )
        assert stored.status_code == 200, stored.text
        policy = get_exchange_settings().peer_policy
    finally:
        get_exchange_settings.cache_clear()
    assert policy.allows_address(ipaddress.ip_address("127.0.0.1"))
    assert not PeerPolicy().allows_address(ipaddress.ip_address("127.0.0.1"))  # the production default

    transport = DirectTransport(endpoint, SECRET, policy=policy)
    with pytest.raises(TransportFailed) as failed:
        transport.send(Envelope("000.00.00.G22", "000.00.00.Z01", "k-2", b"<edXML/>"))
    assert listener.hits == ["POST /api/v1/exchange/inbox"]
    assert "400" in failed.value.message and PEER_SAYS not in failed.value.message
