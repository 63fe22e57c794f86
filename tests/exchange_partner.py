"""A second agency reached only through the exchange (liên thông), for suites that run a real `eoffice serve`.

The partner lives in the same installation as the demo agency, but the two only meet through edXML: each side
gets a DIRECT peer to the server's own API, so a release to the partner is a real package over HTTP to
`/api/v1/exchange/inbox`, checked and queued for the partner's văn thư, with statuses coming back. Everything
is set up through the API, as the operator and the two agencies' admins would: the system admin creates the
agency, each admin declares the connection, the demo admin adds the partner to the agency directory (so the
release form offers it). The server must run with `EXCHANGE_ENV` (loopback peers allowed, retries in seconds).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from eoffice.demo import AGENCY_CODE, AGENCY_NAME

# Retry within seconds, not minutes; a delivery's lease is still request timeout + 30 s (exchange/_outgoing).
EXCHANGE_ENV = {
    "EOFFICE_EXCHANGE_SWEEP_SECONDS": "1",
    "EOFFICE_EXCHANGE_RETRY_BASE_SECONDS": "1",
    "EOFFICE_EXCHANGE_RETRY_MAX_SECONDS": "2",
    "EOFFICE_EXCHANGE_REQUEST_TIMEOUT_SECONDS": "5",
    "EOFFICE_EXCHANGE_PEER_NETWORKS": "127.0.0.0/8",  # the partner agency is this installation, on loopback
}


@dataclass(frozen=True)
class PartnerAgency:
    """Who the partner is: its mã định danh, name, the shared HMAC secret, and its two accounts' passwords."""

    code: str = "000.00.31.H98"
    name: str = "UBND tỉnh Láng Giềng"
    abbreviation: str = "UBND"
    place: str = "Láng Giềng"
    secret: str = "khoa-lien-thong-thu-loi-0123456789"
    admin_username: str = "quantri-langgieng"
    clerk_username: str = "vanthu-langgieng"
    clerk_full_name: str = "Đỗ Thị Lan"
    password: str = "Đồi chè Láng Giềng xanh mướt tháng mười hai"


PARTNER = PartnerAgency()


@dataclass(frozen=True)
class Partner:
    """The connected partner: its code and name, and its văn thư's bearer headers (to read what arrived)."""

    code: str
    name: str
    clerk: dict[str, str]

    def recipient(self) -> dict[str, Any]:
        """The release request's entry for it (kind `external`: an edXML package goes out)."""
        return {"kind": "external", "organ_id": self.code, "name": self.name}


def _ok(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in (statuses or (200, 201)), (
        f"{response.request.method} {response.request.url.path} → {response.status_code}: {response.text[:500]}"
    )
    return response.json() if response.content else None


def _bearer(base_url: str, username: str, password: str) -> dict[str, str]:
    """Bearer headers for an account, made the way an integration gets them: log in, ask for a token."""
    with httpx.Client(base_url=base_url, timeout=60) as client:
        login = _ok(client.post("/api/v1/auth/login", json={"username": username, "password": password}))
        client.headers["X-CSRF-Token"] = login["csrf_token"]
        token = _ok(client.post("/api/v1/auth/tokens", json={"name": "kiểm thử liên thông"}), 201)
    return {"Authorization": f"Bearer {token['token']}"}


def connect_partner(system_admin: httpx.Client, endpoint: str, partner: PartnerAgency = PARTNER) -> Partner:
    """Create `partner` and connect it with the demo agency both ways over DIRECT peers at `endpoint` (the
    server's own base URL); the demo agency's directory lists it. `system_admin` is a client signed in as the
    demo admin (a quản trị hệ thống, as `eoffice demo` makes him) against the same server."""
    base_url = str(system_admin.base_url)
    _ok(
        system_admin.post(
            "/api/v1/agencies",
            json={
                "code": partner.code,
                "name": partner.name,
                "abbreviation": partner.abbreviation,
                "place": partner.place,
                "first_admin": {
                    "username": partner.admin_username,
                    "full_name": "Quản trị Láng Giềng",
                    "password": partner.password,
                },
            },
        ),
        201,
    )
    peer = {"transport": "direct", "endpoint": endpoint, "secret": partner.secret}
    partner_admin = _bearer(base_url, partner.admin_username, partner.password)
    with httpx.Client(base_url=base_url, headers=partner_admin, timeout=60) as admin:
        _ok(
            admin.post(
                "/api/v1/users",
                json={
                    "username": partner.clerk_username,
                    "full_name": partner.clerk_full_name,
                    "password": partner.password,
                    "position": "Văn thư",
                    "roles": ["van_thu"],
                },
            ),
            201,
        )
        _ok(admin.put(f"/api/v1/exchange/peers/{AGENCY_CODE}", json={**peer, "name": AGENCY_NAME}))
    _ok(system_admin.put(f"/api/v1/exchange/peers/{partner.code}", json={**peer, "name": partner.name}))
    _ok(
        system_admin.post(
            "/api/v1/exchange/directory", json={"organ_id": partner.code, "name": partner.name}
        ),
        201,
    )
    return Partner(partner.code, partner.name, _bearer(base_url, partner.clerk_username, partner.password))
