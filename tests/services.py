"""Where the test services live, and what to do when one is not there.

`make test` starts PostgreSQL, Redis, SeaweedFS (S3) and Elasticsearch with `scripts/services.sh` and exports
their URLs as ``EOFFICE_TEST_*``. With ``EOFFICE_REQUIRE_SERVICES=1`` (set by `make test` and CI) a service
that does not answer fails the test; without it (a developer running one file by hand) the test is skipped
with the reason, so nothing silently passes.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest


def _default(name: str, value: str) -> str:
    return os.environ.get(name) or value


@dataclass(frozen=True)
class ServiceURLs:
    postgres: str
    redis: str
    s3: str
    elasticsearch: str


def service_urls() -> ServiceURLs:
    """The URLs `scripts/services.env` derives; kept in step with its defaults."""
    return ServiceURLs(
        postgres=_default(
            "EOFFICE_TEST_POSTGRES_URL", "postgresql+psycopg://eoffice:eoffice@127.0.0.1:55432/eoffice"
        ),
        redis=_default("EOFFICE_TEST_REDIS_URL", "redis://127.0.0.1:56379/0"),
        s3=_default("EOFFICE_TEST_S3_URL", "s3://eoffice:eoffice-secret-key@127.0.0.1:58333/eoffice-test"),
        elasticsearch=_default("EOFFICE_TEST_ES_URL", "http://127.0.0.1:59200"),
    )


def services_required() -> bool:
    return os.environ.get("EOFFICE_REQUIRE_SERVICES", "") not in ("", "0", "false", "no")


def port_open(url: str, timeout: float = 1.0) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port
    if port is None:
        return False
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def require(name: str, url: str) -> str:
    """Return ``url`` when the service answers; otherwise fail (CI) or skip (by hand)."""
    if port_open(url):
        return url
    message = f"test service {name} is not reachable at {urlsplit(url).netloc}; run `make services`"
    if services_required():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
