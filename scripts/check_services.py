"""Smoke check of the four test services, run by `scripts/services.sh check` with the project's virtualenv.

Each check does real work the way eOffice will (a query, a broker round trip, S3 object lock, a Vietnamese
analysis and search) and prints one line; any failure exits non-zero. It reads the same `EOFFICE_TEST_*` URLs
as the test suite. Elasticsearch is checked over plain HTTP so that the check does not depend on which major
version of the Python client is installed.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit


def check_postgres(url: str) -> str:
    import psycopg

    parts = urlsplit(url.replace("+psycopg", ""))
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port,
        user=parts.username,
        password=parts.password,
        dbname=parts.path.lstrip("/"),
        connect_timeout=5,
    ) as conn:
        row = conn.execute(
            "select current_user, version(), (select rolcreatedb from pg_roles where rolname = current_user)"
        ).fetchone()
    assert row is not None
    user, version, createdb = row
    if not createdb:
        raise RuntimeError(f"role {user} may not create databases")
    return f"{user}@{parts.path.lstrip('/')}, {version.split(' on ')[0]}, CREATEDB"


def check_redis(url: str) -> str:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5)
    key = f"eoffice-check-{uuid.uuid4().hex}"
    client.set(key, "Sổ văn bản đến", ex=10)
    value = client.get(key)
    client.delete(key)
    if value != "Sổ văn bản đến".encode():
        raise RuntimeError(f"read back {value!r}")
    return f"redis {client.info('server')['redis_version']}, set/get/delete"


def check_s3(url: str) -> str:
    from minio import Minio
    from minio.commonconfig import ENABLED, GOVERNANCE
    from minio.deleteobjects import DeleteObject
    from minio.error import S3Error
    from minio.retention import Retention
    from minio.versioningconfig import VersioningConfig

    parts = urlsplit(url)
    client = Minio(
        f"{parts.hostname}:{parts.port}",
        access_key=parts.username,
        secret_key=parts.password,
        secure=False,
    )
    bucket = f"eoffice-check-{uuid.uuid4().hex[:12]}"
    client.make_bucket(bucket, object_lock=True)
    try:
        body = "Công văn số 12/UBND-VP".encode()
        client.put_object(bucket, "thư mục/tệp.txt", io.BytesIO(body), len(body))
        response = client.get_object(bucket, "thư mục/tệp.txt")
        try:
            if response.read() != body:
                raise RuntimeError("object read back differs")
        finally:
            response.close()
            response.release_conn()
        client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
        if client.get_bucket_versioning(bucket).status != ENABLED:
            raise RuntimeError("versioning not enabled")
        result = client.put_object(
            bucket,
            "signed.pdf",
            io.BytesIO(b"%PDF-1.7 signed"),
            15,
            retention=Retention(GOVERNANCE, datetime.now(UTC) + timedelta(days=1)),
        )
        try:
            client.remove_object(bucket, "signed.pdf", version_id=result.version_id)
        except S3Error as exc:
            refused = exc.code
        else:
            raise RuntimeError("deleting a version under retention was allowed")
        return f"bucket, put/get, versioning, object-lock (delete refused: {refused})"
    finally:
        # The locked version goes too: an admin may bypass GOVERNANCE retention (COMPLIANCE could not).
        versions = [
            DeleteObject(obj.object_name or "", obj.version_id)
            for obj in client.list_objects(bucket, recursive=True, include_version=True)
        ]
        errors = list(client.remove_objects(bucket, versions, bypass_governance_mode=True))
        if errors:
            raise RuntimeError(f"cleanup of {bucket} failed: {errors[0]}")
        client.remove_bucket(bucket)


def _es(base: str, method: str, path: str, body: object | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def check_elasticsearch(url: str) -> str:
    base = url.rstrip("/")
    # the node info, not GET /: the test node (Elastic's minimal distribution) has no root endpoint
    nodes = _es(base, "GET", "/_nodes/_local?filter_path=nodes.*.version")["nodes"]
    version = next(iter(nodes.values()))["version"]
    health = _es(base, "GET", "/_cluster/health")
    if health["status"] not in ("green", "yellow"):
        raise RuntimeError(f"cluster health {health['status']}")
    index = f"eoffice-check-{uuid.uuid4().hex[:12]}"
    _es(
        base,
        "PUT",
        f"/{index}",
        {
            # only built-in analysis, as the application's index (it folds Vietnamese in Python)
            "settings": {"number_of_replicas": 0},
            "mappings": {"properties": {"title": {"type": "text", "analyzer": "standard"}}},
        },
    )
    try:
        _es(base, "PUT", f"/{index}/_doc/1?refresh=true", {"title": "Quyết định đổi tên đường Đồng Khởi"})
        hits = _es(
            base, "POST", f"/{index}/_search", {"query": {"match_phrase": {"title": "ĐƯỜNG đồng khởi"}}}
        )
        if hits["hits"]["total"]["value"] != 1:
            raise RuntimeError("a Vietnamese phrase did not find its document")
    finally:
        _es(base, "DELETE", f"/{index}")
    return f"Elasticsearch {version}, {health['status']}, index/search"


CHECKS: dict[str, tuple[str, Callable[[str], str]]] = {
    "postgres": ("EOFFICE_TEST_POSTGRES_URL", check_postgres),
    "redis": ("EOFFICE_TEST_REDIS_URL", check_redis),
    "seaweedfs": ("EOFFICE_TEST_S3_URL", check_s3),
    "elasticsearch": ("EOFFICE_TEST_ES_URL", check_elasticsearch),
}


def main(names: list[str]) -> int:
    failed = 0
    for name in names or list(CHECKS):
        variable, check = CHECKS[name]
        started = time.monotonic()
        try:
            detail = check(os.environ[variable])
        except Exception as exc:  # report every service, then fail
            failed += 1
            print(f"FAIL {name:<14} {type(exc).__name__}: {exc}")
        else:
            print(f"ok   {name:<14} {detail} ({time.monotonic() - started:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
