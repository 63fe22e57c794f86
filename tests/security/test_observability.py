"""Operations as an operator sees them: a request id in the response and in every log line of the request,
JSON log lines, Prometheus metrics by route template (not by raw path), queue depth read from the real
broker (embedded SQLite and Redis), task outcome counters, a JSON 500 that names the request id, and
`/api/health` answering 503 with the name of whichever backend is down."""

from __future__ import annotations

import json
import logging
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from kombu import Connection
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from eoffice.api import create_app
from eoffice.web import JsonFormatter, RequestIdFilter, connect_task_metrics
from eoffice.web.observability import metrics_endpoint
from tests.security.webstack import DemoWeb, demo_web, is_vietnamese, keep_mount_last


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoWeb]:
    with demo_web(tmp_path_factory.mktemp("ops")) as installation:
        yield installation


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.addFilter(RequestIdFilter())
        self.lines: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def captured() -> Iterator[_Capture]:
    capture = _Capture()
    root = logging.getLogger()
    old = root.level
    root.addHandler(capture)
    root.setLevel(logging.INFO)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        root.setLevel(old)


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(text: str, name: str, **labels: str) -> float:
    return _samples(text).get((name, frozenset(labels.items())), 0.0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- request id and logs ------------------------------------------------------------------------------


def test_request_id_is_generated_or_accepted_and_echoed(web: DemoWeb) -> None:
    generated = web.client.get("/api/health").headers["x-request-id"]
    assert len(generated) >= 16
    assert web.client.get("/api/health").headers["x-request-id"] != generated
    assert (
        web.client.get("/api/health", headers={"X-Request-ID": "lb-7f3a.42"}).headers["x-request-id"]
        == "lb-7f3a.42"
    )
    for hostile in ("x" * 500, "a b", 'id"}{"level":"CRITICAL', b"\xe4\xff"):
        echoed = web.client.get("/api/health", headers={"X-Request-ID": hostile}).headers["x-request-id"]
        assert echoed != hostile and len(echoed) >= 16


def test_every_log_line_of_a_request_carries_its_id(web: DemoWeb, captured: _Capture) -> None:
    path = "/api/v1/_test/log"

    def noisy() -> dict[str, str]:
        logging.getLogger("eoffice.test").warning("việc trong yêu cầu")
        return {"ok": "yes"}

    web.app.add_api_route(path, noisy, include_in_schema=False)
    keep_mount_last(web.app)
    response = web.client.get(path + "?q=bi-mat-tim-kiem", headers={"X-Request-ID": "req-0001"})
    assert response.status_code == 200
    mine = [line for line in captured.lines if line["request_id"] == "req-0001"]
    inside = [line for line in mine if line["logger"] == "eoffice.test"]
    access = [line for line in mine if line["logger"] == "eoffice.access"]
    assert inside and inside[0]["message"] == "việc trong yêu cầu"
    assert len(access) == 1
    assert access[0]["status"] == 200 and access[0]["method"] == "GET" and access[0]["path"] == path
    assert isinstance(access[0]["duration_ms"], float | int)
    server_lines = [
        line for line in captured.lines if not line["logger"].startswith("httpx")
    ]  # the client's own
    assert all("bi-mat-tim-kiem" not in json.dumps(line) for line in server_lines)  # no query strings


def test_an_unexpected_error_is_a_json_500_naming_the_request(web: DemoWeb, captured: _Capture) -> None:
    path = "/api/v1/_test/boom"

    def boom() -> None:
        raise RuntimeError("hỏng ngoài dự kiến")

    web.app.add_api_route(path, boom, include_in_schema=False)
    keep_mount_last(web.app)
    response = web.client.get(path, headers={"X-Request-ID": "req-boom"})
    assert response.status_code == 500
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == "internal_error" and is_vietnamese(body["message"])
    assert body["detail"] == {"request_id": "req-boom"}
    assert "RuntimeError" not in response.text  # no internals to the user …
    assert response.headers["x-content-type-options"] == "nosniff"
    errors = [
        line for line in captured.lines if line["request_id"] == "req-boom" and line["level"] == "ERROR"
    ]
    assert errors and "RuntimeError: hỏng ngoài dự kiến" in errors[0]["exception"]  # … all of them to the log


# --- metrics ------------------------------------------------------------------------------------------


def test_metrics_count_requests_by_route_template_and_status(web: DemoWeb) -> None:
    before = web.client.get("/metrics").text
    route = "/api/v1/incoming/{document_id}"
    for document_id in (101, 202, 303):
        assert web.client.get(f"/api/v1/incoming/{document_id}").status_code == 401
    web.client.get("/khong-ton-tai/a1b2c3/../x")
    after = web.client.get("/metrics")
    assert after.status_code == 200 and after.headers["content-type"].startswith("text/plain")
    name = "eoffice_http_requests_total"
    delta = _value(after.text, name, method="GET", route=route, status="401") - _value(
        before, name, method="GET", route=route, status="401"
    )
    assert delta == 3
    count = "eoffice_http_request_duration_seconds_count"
    assert (
        _value(after.text, count, method="GET", route=route)
        - _value(before, count, method="GET", route=route)
        == 3
    )
    assert "/api/v1/incoming/101" not in after.text and "a1b2c3" not in after.text  # bounded label values


def test_queue_depth_of_the_embedded_broker(web: DemoWeb) -> None:
    first = _value(web.client.get("/metrics").text, "eoffice_queue_depth", queue="eoffice")
    with Connection(web.settings.broker_url) as connection:
        queue = connection.SimpleQueue("eoffice")
        for n in range(3):
            queue.put({"n": n})
        try:
            text = web.client.get("/metrics").text
            assert _value(text, "eoffice_broker_up") == 1
            assert _value(text, "eoffice_queue_depth", queue="eoffice") == first + 3
        finally:
            for _ in range(3):
                queue.get(timeout=5).ack()
            queue.close()


def test_queue_depth_of_redis_is_the_list_length(redis_url: str) -> None:
    name = f"eoffice-metrics-{uuid.uuid4().hex[:8]}"
    scrape = metrics_endpoint(redis_url, queues=(name,))
    assert _value(scrape(None).body.decode(), "eoffice_queue_depth", queue=name) == 0
    with Connection(redis_url) as connection:
        queue = connection.SimpleQueue(name)
        for n in range(4):
            queue.put({"n": n})
        try:
            text = scrape(None).body.decode()
            assert _value(text, "eoffice_broker_up") == 1
            assert _value(text, "eoffice_queue_depth", queue=name) == 4
        finally:
            queue.clear()
            queue.close()


def test_a_down_broker_is_reported_not_fatal() -> None:
    scrape = metrics_endpoint(f"redis://127.0.0.1:{_free_port()}/0")
    response = scrape(None)
    assert response.status_code == 200
    assert _value(response.body.decode(), "eoffice_broker_up") == 0


def test_task_outcomes_are_counted() -> None:
    from celery import Celery

    app = Celery("metrics-test", set_as_current=False)
    app.conf.task_always_eager = True

    @app.task(name="eoffice.test.ok")
    def ok() -> int:
        return 1

    @app.task(name="eoffice.test.fails")
    def fails() -> int:
        raise ValueError("không được")

    connect_task_metrics()
    connect_task_metrics()  # idempotent: counted once per task
    before_done = REGISTRY.get_sample_value("eoffice_tasks_done_total", {"task": "eoffice.test.ok"}) or 0
    before_failed = (
        REGISTRY.get_sample_value("eoffice_task_failures_total", {"task": "eoffice.test.fails"}) or 0
    )
    ok.apply()
    ok.apply()
    fails.apply()
    assert (
        REGISTRY.get_sample_value("eoffice_tasks_done_total", {"task": "eoffice.test.ok"}) == before_done + 2
    )
    assert (
        REGISTRY.get_sample_value("eoffice_task_failures_total", {"task": "eoffice.test.fails"})
        == before_failed + 1
    )


# --- health -------------------------------------------------------------------------------------------


def _down_urls(port: int) -> dict[str, tuple[str, str]]:
    return {
        "database": ("database_url", f"postgresql+psycopg://eoffice:eoffice@127.0.0.1:{port}/eoffice"),
        "storage": ("storage_url", f"s3://eoffice:eoffice-secret-key@127.0.0.1:{port}/eoffice-health"),
        "search": ("search_url", f"http://127.0.0.1:{port}?index=eoffice-health"),
        "broker": ("broker_url", f"redis://127.0.0.1:{port}/0"),
    }


@pytest.mark.parametrize("backend", ["database", "storage", "search", "broker"])
def test_health_names_the_backend_that_is_down(backend: str, tmp_path: Path) -> None:
    from eoffice.settings import Settings

    field, url = _down_urls(_free_port())[backend]
    settings = Settings(
        environment="test", data_dir=tmp_path, secret_key="eoffice-health-test-secret-key-32", **{field: url}
    )
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            response = client.get("/api/health")
    finally:
        app.state.backends.close()
    assert response.status_code == 503, response.text
    report = response.json()
    assert report["status"] == "error"
    assert report["backends"][backend]["status"] == "error"
    assert {name for name, item in report["backends"].items() if item["status"] != "ok"} == {backend}


def test_health_is_ok_when_every_backend_answers(web: DemoWeb) -> None:
    response = web.client.get("/api/health")
    assert response.status_code == 200
    assert set(response.json()["backends"]) >= {"database", "storage", "search", "broker"}
