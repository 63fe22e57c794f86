"""Exchange settings (`EOFFICE_EXCHANGE_*`), read like the main `Settings` and validated at start-up.

They live here rather than in `eoffice.settings` so the exchange slice stays one folder; the values are
operational knobs (limits, back-off, polling), while who the peers are lives in the database
(`exchange_peers`, managed through the API). Routers take them as a dependency (`ExchangeSettingsDep`), so
an app or a test can override them (`app.dependency_overrides[get_exchange_settings]`); the worker's tasks
call `get_exchange_settings()`.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from eoffice.exchange._addresses import PeerPolicy
from eoffice.exchange._parse import Limits


class ExchangeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EOFFICE_EXCHANGE_", env_file=".env", extra="ignore")

    max_package_bytes: int = Field(default=64 * 1024 * 1024, gt=0)
    max_file_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    max_total_bytes: int = Field(default=200 * 1024 * 1024, gt=0)
    # Delivery back-off: base * 2**attempt seconds, capped; the sweeper re-sends what is due.
    retry_base_seconds: float = Field(default=30, gt=0)
    retry_max_seconds: float = Field(default=3600, gt=0)
    sweep_seconds: float = Field(default=15, gt=0)
    # A delivery still failing this long after it was queued ends as "failed" (shown per recipient).
    give_up_seconds: float = Field(default=3 * 24 * 3600, gt=0)
    poll_seconds: float = Field(default=60, gt=0)  # how often a hub queue and the VXP axis are read
    directory_sync_seconds: float = Field(default=24 * 3600, gt=0)  # the agency directory from the axis
    request_timeout_seconds: float = Field(default=60, gt=0)
    clock_skew_seconds: int = Field(default=900, gt=0)  # how old a signed transport request may be
    # Refuse packages whose PDF signatures chain to no configured trust root (intact is always required).
    require_trusted_signature: bool = True
    # Where peers and hubs may be (checked when configured and at every connection, on resolved addresses):
    # these schemes; only these host names when any are given; and no loopback, private, link-local or
    # reserved address unless its network is listed here (e.g. a province's private network "10.20.0.0/16";
    # tests and development on one machine: "127.0.0.0/8"). All comma-separated.
    peer_schemes: str = "https,http"
    peer_hosts: str = ""
    peer_networks: str = ""

    @field_validator("peer_networks")
    @classmethod
    def _networks_parse(cls, value: str) -> str:
        for item in _split(value):
            ipaddress.ip_network(item, strict=False)  # ValueError names the bad entry
        return value

    @property
    def peer_policy(self) -> PeerPolicy:
        return PeerPolicy(
            schemes=frozenset(s.lower() for s in _split(self.peer_schemes)),
            hosts=frozenset(h.lower().rstrip(".") for h in _split(self.peer_hosts)),
            networks=tuple(ipaddress.ip_network(n, strict=False) for n in _split(self.peer_networks)),
        )

    @property
    def limits(self) -> Limits:
        return Limits(
            max_package_bytes=self.max_package_bytes,
            max_file_bytes=self.max_file_bytes,
            max_total_bytes=self.max_total_bytes,
        )


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


@lru_cache
def get_exchange_settings() -> ExchangeSettings:
    return ExchangeSettings()


ExchangeSettingsDep = Annotated[ExchangeSettings, Depends(get_exchange_settings)]
