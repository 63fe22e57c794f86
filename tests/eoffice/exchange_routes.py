"""A connection (kết nối liên thông) to an outside agency, for tests that release to one.

Release refuses an outside recipient no connection reaches, so a test that releases to an outside mã định
danh first declares how the agency reaches it, through the same service the admin's "Khai báo kết nối" calls.
The endpoint is the discard port on loopback (allowed by the loopback policy given here only): nothing
listens there, so a delivery attempt a test drives fails as a refused connection, and none leaves the machine.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from eoffice.exchange import PeerPolicy
from eoffice.exchange.flow import set_peer
from eoffice.exchange.models import ExchangePeer, TransportKind

NOWHERE = "http://127.0.0.1:9"
SECRET = "khoa-ket-noi-thu-nghiem-0123456789"


def connect(session: Session, agency_id: int, *organ_ids: str) -> list[ExchangePeer]:
    """A DIRECT peer for each of `organ_ids` (or `*`, the default route), committed."""
    peers = [
        set_peer(
            session,
            None,
            agency_id,
            organ_id,
            transport=TransportKind.DIRECT,
            endpoint=NOWHERE,
            secret=SECRET,
            policy=PeerPolicy.loopback_allowed(),
        )
        for organ_id in organ_ids
    ]
    session.commit()
    return peers
