"""Session-wide fixtures: the service URLs, each checked once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.services import require, service_urls


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """SQLAlchemy URL of the test PostgreSQL server (database ``eoffice``)."""
    return require("PostgreSQL", service_urls().postgres)


@pytest.fixture(scope="session")
def redis_url() -> str:
    return require("Redis", service_urls().redis)


@pytest.fixture(scope="session")
def s3_url() -> str:
    """``s3://ACCESS:SECRET@HOST:PORT/BUCKET`` of the SeaweedFS S3 gateway."""
    return require("S3 (SeaweedFS)", service_urls().s3)


@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    return require("Elasticsearch", service_urls().elasticsearch)


# The agency's day changes at 17:00 UTC (midnight in Vietnam), the machine's at 00:00 UTC. A test marked
# `agency_clock` runs once on the real clock and once pinned just before and just after each of the next two
# midnights, so a test or product code that takes "today" from the machine's zone fails at any hour, not
# only when CI happens to run in the evening. The pins lie ahead of the real clock (certificates and tokens
# made earlier stay valid) and time keeps running from them.
AGENCY_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
CLOCK_PINS = ("real", "vn-23h30", "vn-00h30", "utc-23h30", "utc-00h30")


def clock_pin(name: str, now: datetime | None = None) -> datetime | None:
    """The instant a pin stands for, seen from `now` (the real clock by default); None for "real"."""
    if name == "real":
        return None
    now = now or datetime.now(UTC)
    half_hour = timedelta(minutes=30)
    vietnam_midnight = datetime.combine(
        now.astimezone(AGENCY_ZONE).date() + timedelta(days=1), time(), AGENCY_ZONE
    )
    utc_midnight = datetime.combine(now.date() + timedelta(days=1), time(), UTC)
    return {
        "vn-23h30": vietnam_midnight - half_hour,
        "vn-00h30": vietnam_midnight + half_hour,
        "utc-23h30": utc_midnight - half_hour,
        "utc-00h30": utc_midnight + half_hour,
    }[name]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("agency_clock") is not None:
        metafunc.parametrize("pinned_clock", CLOCK_PINS, indirect=True)


@pytest.fixture(autouse=True)
def pinned_clock(request: pytest.FixtureRequest) -> Iterator[datetime | None]:
    """For an `agency_clock` test, travel to its pin for the test's body (every thread, every
    `datetime.now` / `date.today`); autouse, so that pinning never depends on a test naming it."""
    instant = clock_pin(getattr(request, "param", "real"))
    if instant is None:
        yield None
        return
    with time_machine.travel(instant, tick=True):
        yield instant
