"""Web security as a browser and an attacker see it: security headers and the content security policy on
every kind of response, CSRF on every cookie-authenticated write (walked from the live OpenAPI document),
sessions that die on logout and at expiry, login throttling, passwords in no log line and no table, and
stored files served only as attachments."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.responses import Response
from sqlalchemy import text, update

from eoffice.auth.deps import SESSION_COOKIE
from eoffice.auth.models import ApiToken
from eoffice.auth.tokens import token_hash
from eoffice.web import JsonFormatter, RequestIdFilter
from tests.eoffice.maintenance import flows
from tests.security.webstack import PASSWORD, DemoWeb, demo_web, is_vietnamese, keep_mount_last, login_cookie

WRITE_METHODS = ("post", "put", "patch", "delete")
# Writes that are not authenticated by the session cookie at all, so CSRF does not apply to them:
# the login itself, and the inbox other agencies' servers deliver to (HMAC-signed, no user).
NOT_COOKIE_AUTHENTICATED = {("post", "/api/v1/auth/login"), ("post", "/api/v1/exchange/inbox")}


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoWeb]:
    with demo_web(tmp_path_factory.mktemp("websec"), login_attempts_per_minute=5) as installation:
        yield installation


@pytest.fixture
def browser(web: DemoWeb) -> Iterator[Any]:
    """A separate client with its own cookie jar, as a second browser would be."""
    from fastapi.testclient import TestClient

    with TestClient(web.app) as client:
        yield client


def _operations(web: DemoWeb, methods: tuple[str, ...]) -> list[tuple[str, str, dict[str, Any]]]:
    spec = web.app.openapi()
    return [
        (method, path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in methods
    ]


def _concrete(path: str) -> str:
    """Path parameters filled with an id that exists for no one: only the CSRF check can answer first."""
    return re.sub(r"\{[^}]+\}", "987654", path)


def _request_kwargs(operation: dict[str, Any]) -> dict[str, Any]:
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        return {"data": {"metadata": "{}"}, "files": {"file": ("a.pdf", b"%PDF-1.4\n", "application/pdf")}}
    if "application/json" in content:
        return {"json": {}}
    return {}


# --- headers ------------------------------------------------------------------------------------------


def _assert_security_headers(response: Any) -> None:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")
    assert "camera=()" in headers["permissions-policy"]
    assert headers["cross-origin-opener-policy"] == "same-origin"
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp or "default-src 'none'" in csp


def test_every_kind_of_response_carries_the_security_headers(web: DemoWeb) -> None:
    client = web.client
    answers = {
        "web app": client.get("/"),
        "deep link": client.get("/van-ban-den/12"),
        "health": client.get("/api/health"),
        "401": client.get("/api/v1/incoming"),
        "404": client.get("/api/v1/khong-co-duong-dan-nay"),
        "422": client.get("/api/v1/search", params={"page": "x"}, headers=web.headers["chuyenvien"]),
        "200": client.get("/api/v1/auth/me", headers=web.headers["chuyenvien"]),
        "openapi": client.get("/api/openapi.json"),
        "metrics": client.get("/metrics"),
    }
    for name, response in answers.items():
        assert response.status_code < 500, name
        _assert_security_headers(response)
    for name in ("401", "200", "422"):
        assert answers[name].headers["cache-control"] == "no-store", name


def test_the_web_app_policy_forbids_inline_scripts_and_allows_pdfjs(web: DemoWeb) -> None:
    response = web.client.get("/")
    csp = dict(
        (part.split(" ", 1) + [""])[:2]
        for part in (p.strip() for p in response.headers["content-security-policy"].split(";"))
    )
    assert csp["default-src"] == "'self'"
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert set(csp["img-src"].split()) >= {"'self'", "data:", "blob:"}
    assert set(csp["worker-src"].split()) >= {"'self'", "blob:"}
    assert csp["frame-ancestors"] == "'none'"
    if response.headers["content-type"].startswith("text/html"):
        # The built app must work under that policy: no inline <script> and no inline event handlers.
        page = response.text
        for tag in re.findall(r"<script\b[^>]*>", page, flags=re.I):
            assert "src=" in tag, f"inline script in the web app's HTML: {tag}"
        assert not re.search(r"\son[a-z]+\s*=", page, flags=re.I)


def test_downloads_are_attachments_that_cannot_be_sniffed_or_scripted(web: DemoWeb) -> None:
    pdf = flows.pdf_bytes("tai-ve") + b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>\n"
    detail = flows.register_incoming(
        web.client, web.headers["vanthu"], "Văn bản có JavaScript", [("co <script>.pdf", pdf)]
    )
    file = detail["files"][0]
    response = web.client.get(file["download_path"], headers=web.headers["vanthu"])
    assert response.status_code == 200
    assert response.content == pdf  # stored byte for byte …
    assert response.headers["content-disposition"].startswith("attachment;")  # … but never shown inline
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]
    assert "<" not in response.headers["content-disposition"]


def test_a_file_answered_inline_is_still_forced_to_be_an_attachment(web: DemoWeb) -> None:
    """Whatever an endpoint sets, a non-JSON answer under /api/v1 leaves as a sandboxed attachment."""
    path = "/api/v1/_test/inline-html"

    def inline() -> Response:
        return Response(
            b"<script>alert(document.cookie)</script>",
            media_type="text/html",
            headers={"Content-Disposition": 'inline; filename="x.html"'},
        )

    web.app.add_api_route(path, inline, include_in_schema=False)
    keep_mount_last(web.app)
    response = web.client.get(path)
    assert response.headers["content-disposition"] == 'attachment; filename="x.html"'
    assert response.headers["content-security-policy"].startswith("default-src 'none'; sandbox")


# --- CSRF ---------------------------------------------------------------------------------------------


def test_every_cookie_authenticated_write_needs_the_csrf_header(web: DemoWeb, browser: Any) -> None:
    csrf = login_cookie(browser, "admin")
    operations = _operations(web, WRITE_METHODS)
    assert len(operations) > 20  # the walk really covers the API
    walked = []
    for method, path, operation in operations:
        if (method, path) in NOT_COOKIE_AUTHENTICATED:
            continue
        url = _concrete(path)
        for headers in ({}, {"X-CSRF-Token": "0" * 64}, {"X-CSRF-Token": csrf["X-CSRF-Token"][:-1] + "x"}):
            response = browser.request(method.upper(), url, headers=headers, **_request_kwargs(operation))
            assert response.status_code == 403, f"{method.upper()} {path} {headers}: {response.status_code}"
            body = response.json()
            assert body["code"] == "auth.csrf", f"{method.upper()} {path}: {body}"
            assert is_vietnamese(body["message"])
        walked.append((method, path))
    # The session is still alive and the right header passes the check.
    assert browser.get("/api/v1/auth/me").status_code == 200
    created = browser.post("/api/v1/auth/tokens", json={"name": "csrf-ok"}, headers=csrf)
    assert created.status_code == 201, created.text
    assert len(walked) == len(operations) - len(NOT_COOKIE_AUTHENTICATED & {(m, p) for m, p, _ in operations})


def test_writes_without_a_session_are_not_authenticated_by_the_cookie(web: DemoWeb, browser: Any) -> None:
    login_cookie(browser, "admin")
    response = browser.post("/api/v1/exchange/inbox", content=b"<edXML/>")
    assert response.status_code in (401, 403)
    assert response.json()["code"] != "auth.csrf"
    assert is_vietnamese(response.json()["message"])


def test_a_bearer_token_is_not_subject_to_csrf(web: DemoWeb) -> None:
    response = web.client.post("/api/v1/auth/tokens", json={"name": "tich-hop"}, headers=web.headers["admin"])
    assert response.status_code == 201


# --- sessions -----------------------------------------------------------------------------------------


def _authenticated_gets(web: DemoWeb) -> list[str]:
    """Every GET of the API without path parameters that needs a user (lists, inboxes, search, me)."""
    return [
        path
        for method, path, operation in _operations(web, ("get",))
        if "{" not in path and path.startswith("/api/v1/") and path != "/api/v1/exchange/inbox"
    ]


def test_logout_kills_the_session_cookie_everywhere(web: DemoWeb, browser: Any) -> None:
    csrf = login_cookie(browser, "vanthu")
    cookie = browser.cookies.get(SESSION_COOKIE)
    assert browser.get("/api/v1/incoming").status_code == 200
    assert browser.post("/api/v1/auth/logout", headers=csrf).status_code == 204
    assert not browser.cookies.get(SESSION_COOKIE)  # the browser is told to forget it …
    browser.cookies.set(SESSION_COOKIE, cookie)  # … and a copy of it is worth nothing
    gets = _authenticated_gets(web)
    assert "/api/v1/incoming" in gets and "/api/v1/search" in gets
    for path in gets:
        response = browser.get(path)
        assert response.status_code == 401, f"{path}: {response.status_code}"
        assert response.json()["code"] == "auth.token_invalid"


def test_logout_of_a_bearer_token_revokes_it(web: DemoWeb) -> None:
    headers = flows.bearer(web.settings, web.ids["chuyenvien"])
    assert web.client.get("/api/v1/auth/me", headers=headers).status_code == 200
    assert web.client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert web.client.get("/api/v1/auth/me", headers=headers).status_code == 401


def _expire(web: DemoWeb, secret: str) -> None:
    with web.backends.sessions() as session:
        session.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == token_hash(secret))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        session.commit()


def test_expired_sessions_and_tokens_are_refused(web: DemoWeb, browser: Any) -> None:
    login_cookie(browser, "truongphong")
    assert browser.get("/api/v1/auth/me").status_code == 200
    _expire(web, browser.cookies.get(SESSION_COOKIE))
    expired = browser.get("/api/v1/incoming")
    assert expired.status_code == 401
    assert expired.json()["code"] == "auth.token_invalid" and is_vietnamese(expired.json()["message"])

    headers = flows.bearer(web.settings, web.ids["truongphong"])
    _expire(web, headers["Authorization"].removeprefix("Bearer "))
    assert web.client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_the_session_cookie_is_http_only_and_same_site(web: DemoWeb, browser: Any) -> None:
    response = browser.post("/api/v1/auth/login", json={"username": "lanhdao", "password": PASSWORD})
    cookies = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    session_cookie = next(c for c in cookies if c.startswith(SESSION_COOKIE + "="))
    assert "httponly" in session_cookie.lower()
    assert "samesite=lax" in session_cookie.lower() or "samesite=strict" in session_cookie.lower()


# --- login throttling and passwords -------------------------------------------------------------------


def test_login_is_throttled_after_repeated_failures(web: DemoWeb, browser: Any) -> None:
    limit = web.settings.login_attempts_per_minute
    for _ in range(limit):
        wrong = browser.post(
            "/api/v1/auth/login", json={"username": "truongphong", "password": "sai-mat-khau"}
        )
        assert wrong.status_code == 401
    blocked = browser.post("/api/v1/auth/login", json={"username": "truongphong", "password": PASSWORD})
    assert blocked.status_code == 429  # even the right password waits out the window
    assert blocked.json()["code"] == "auth.too_many_attempts"
    assert is_vietnamese(blocked.json()["message"])
    assert SESSION_COOKIE not in browser.cookies
    # Another account from the same address is not locked out by someone guessing this one.
    assert (
        browser.post("/api/v1/auth/login", json={"username": "lanhdao", "password": PASSWORD}).status_code
        == 200
    )


class _Capture(logging.Handler):
    """Every record, formatted as the JSON log line production writes."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.addFilter(RequestIdFilter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_passwords_never_reach_a_log_line_or_a_table(web: DemoWeb, browser: Any) -> None:
    secret = "Mk-lo-gi-" + "ZqX9v7Tr"
    capture = _Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)  # everything, SQL statements and parameters included
    try:
        created = web.client.post(
            "/api/v1/users",
            json={"username": "nguoi-dung-moi", "full_name": "Người Dùng Mới", "password": secret},
            headers=web.headers["admin"],
        )
        assert created.status_code == 201, created.text
        assert (
            browser.post(
                "/api/v1/auth/login", json={"username": "nguoi-dung-moi", "password": secret + "x"}
            ).status_code
            == 401
        )
        csrf = login_cookie(browser, "nguoi-dung-moi", secret)
        changed = browser.patch(
            f"/api/v1/users/{created.json()['id']}", json={"password": secret + "2"}, headers=csrf
        )
        assert changed.status_code in (200, 403)
        too_short = browser.post("/api/v1/auth/login", json={"username": "x", "password": ""})
        assert too_short.status_code == 422
    finally:
        root.removeHandler(capture)
        root.setLevel(old_level)
    assert capture.lines, "nothing was logged at all: the capture is not working"
    assert any('"logger": "eoffice.access"' in line for line in capture.lines)
    for line in capture.lines:
        assert secret not in line, line
    with web.backends.engine.connect() as connection:
        for table in ("audit_records", "users", "login_throttles", "api_tokens"):
            rows = connection.execute(text(f"SELECT * FROM {table}")).all()  # noqa: S608 — fixed names
            assert secret not in json.dumps([list(map(str, row)) for row in rows]), table
