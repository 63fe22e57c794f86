"""Where a peer or a hub may be: the check behind every exchange connection (SSRF).

An agency admin types a peer's endpoint, and the server then connects to it on its own — so without a
check an endpoint on loopback, a link-local address (the cloud metadata service) or the installation's
private network lets an admin reach services nobody meant to expose. The rule (settings, `PeerPolicy`):
an http(s) URL without credentials, whose host is on the allow-list when there is one, and every address
the name resolves to is public unless its network is explicitly allowed. It is checked when a peer is
configured and again at every connection, on the resolved addresses, and the connection goes to the
address that was checked (the name is not resolved a second time, so DNS cannot change the answer in
between).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from eoffice.exchange.errors import PeerAddressRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class PeerPolicy:
    """Allowed schemes; host names (empty: any name); non-public networks allowed (empty: none)."""

    schemes: frozenset[str] = frozenset({"https", "http"})
    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def loopback_allowed(cls) -> PeerPolicy:
        """The production rule plus 127.0.0.0/8 and ::1: several instances on one machine (tests, dev)."""
        return cls(networks=(ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")))

    def allows_address(self, address: IPAddress) -> bool:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(address in network for network in self.networks):
            return True
        return address.is_global and not address.is_multicast


@dataclass(frozen=True)
class PinnedTarget:
    """A URL rewritten to the checked address, with what the request must still say about the name."""

    url: str
    host_header: str
    server_name: str


def _refuse(reason: str) -> PeerAddressRefused:
    return PeerAddressRefused(f"Địa chỉ kết nối liên thông không được phép: {reason}.")


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
        return [literal]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise _refuse(f"không phân giải được tên máy {host}") from exc
    return list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))


def pin(url: str, policy: PeerPolicy) -> PinnedTarget:
    """Check `url` against `policy` (see the module docstring) and return it aimed at a checked address.

    Raises `PeerAddressRefused` (a 422 with a Vietnamese message) when the scheme, the host or any address
    it resolves to is not allowed.
    """
    split = urlsplit(url.strip())
    scheme = split.scheme.lower()
    if scheme not in policy.schemes:
        raise _refuse(f"giao thức “{split.scheme or '(trống)'}” (chỉ {', '.join(sorted(policy.schemes))})")
    if split.username or split.password:
        raise _refuse("không được ghi tài khoản, mật khẩu trong địa chỉ")
    host = (split.hostname or "").lower().rstrip(".")
    if not host:
        raise _refuse("thiếu tên máy")
    if policy.hosts and host not in policy.hosts:
        raise _refuse(f"máy {host} không thuộc danh sách được phép")
    try:
        port = split.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise _refuse("cổng không hợp lệ") from exc
    addresses = _resolve(host, port)
    refused = [a for a in addresses if not policy.allows_address(a)]
    if refused or not addresses:
        raise _refuse(f"{host} trỏ tới địa chỉ nội bộ hoặc dành riêng ({', '.join(map(str, refused))})")
    address = addresses[0]
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{literal}:{split.port}" if split.port else literal
    host_header = split.netloc.rsplit("@", 1)[-1]
    return PinnedTarget(
        url=urlunsplit((scheme, netloc, split.path, split.query, "")),
        host_header=host_header,
        server_name=host,
    )


def check_endpoint(url: str, policy: PeerPolicy) -> None:
    """`pin` for its refusal only: when a peer or hub endpoint is configured."""
    pin(url, policy)
