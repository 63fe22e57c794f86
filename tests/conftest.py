"""Session-wide fixtures: the service URLs, each checked once."""

from __future__ import annotations

import pytest

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
