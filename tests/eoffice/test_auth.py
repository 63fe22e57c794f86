"""Signing in and out, sessions with CSRF protection, bearer tokens and login rate limiting."""

from __future__ import annotations

import itertools
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from eoffice.auth import issue_token
from eoffice.auth.passwords import check_policy
from eoffice.demo import USERS, demo_password
from eoffice.orgs.models import Role, User
from eoffice.settings import DEVELOPMENT_SECRET
from tests.eoffice.factories import DEFAULT_PASSWORD, login, login_with_password, unique

ME = "/api/v1/auth/me"


def test_login_sets_an_httponly_session_cookie_and_me_shows_the_profile(
    client: TestClient, make_agency, make_department, make_user
) -> None:
    agency = make_agency(name="UBND xã Thử", abbreviation="UBND")
    department = make_department(agency, name="Văn phòng", abbreviation="VP")
    user = make_user(agency=agency, department=department, roles=[Role.CLERK, Role.SPECIALIST])

    response = client.post(
        "/api/v1/auth/login", json={"username": user.username, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 200
    cookie_header = response.headers["set-cookie"].lower()
    assert (
        "eoffice_session=" in cookie_header
        and "httponly" in cookie_header
        and "samesite=lax" in cookie_header
    )
    body = response.json()
    assert body["csrf_token"] and body["user"]["username"] == user.username
    me = client.get(ME).json()
    assert me["full_name"] == user.full_name
    assert me["agency"]["name"] == "UBND xã Thử"
    assert me["department"]["abbreviation"] == "VP"
    assert sorted(me["roles"]) == sorted([Role.CLERK.value, Role.SPECIALIST.value])
    assert me["csrf_token"] == body["csrf_token"]


def test_wrong_password_unknown_user_and_locked_account_get_the_same_answer(
    client: TestClient, make_user
) -> None:
    user = make_user()
    locked = make_user(is_active=False)
    answers = [
        client.post("/api/v1/auth/login", json={"username": user.username, "password": "sai-mat-khau"}),
        client.post("/api/v1/auth/login", json={"username": "khong-ton-tai-xyz", "password": "sai-mat-khau"}),
        client.post("/api/v1/auth/login", json={"username": locked.username, "password": DEFAULT_PASSWORD}),
    ]
    assert [a.status_code for a in answers] == [401, 401, 401]
    assert len({(a.json()["code"], a.json()["message"]) for a in answers}) == 1
    assert answers[0].json()["code"] == "auth.invalid_credentials"
    assert "eoffice_session" not in client.cookies


def test_passwords_never_reach_the_logs(
    client: TestClient, make_user, caplog: pytest.LogCaptureFixture
) -> None:
    user = make_user()
    caplog.set_level(logging.DEBUG)
    client.post("/api/v1/auth/login", json={"username": user.username, "password": "Bi-mat-khong-lo-9"})
    login_with_password(client, user.username)
    assert "Bi-mat-khong-lo-9" not in caplog.text
    assert DEFAULT_PASSWORD not in caplog.text


def test_requests_without_credentials_are_refused(client: TestClient) -> None:
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated" and response.json()["message"]
    bad = client.get(ME, headers={"Authorization": "Bearer eo_not-a-real-token"})
    assert bad.status_code == 401 and bad.json()["code"] == "auth.token_invalid"


def test_cookie_writes_need_the_csrf_header(client: TestClient, make_user) -> None:
    user = make_user()
    csrf = login_with_password(client, user.username)

    missing = client.post("/api/v1/auth/tokens", json={"name": "tích hợp"})
    wrong = client.post("/api/v1/auth/tokens", json={"name": "tích hợp"}, headers={"X-CSRF-Token": "0" * 64})
    right = client.post("/api/v1/auth/tokens", json={"name": "tích hợp"}, headers=csrf)

    assert missing.status_code == 403 and missing.json()["code"] == "auth.csrf"
    assert wrong.status_code == 403
    assert right.status_code == 201
    assert client.get(ME).status_code == 200  # reads need no header


def test_logout_ends_the_session(client: TestClient, make_user) -> None:
    user = make_user()
    csrf = login_with_password(client, user.username)
    session_cookie = client.cookies["eoffice_session"]

    assert client.post("/api/v1/auth/logout", headers=csrf).status_code == 204
    assert client.get(ME).status_code == 401
    client.cookies.set("eoffice_session", session_cookie)  # a stolen copy of the old cookie
    assert client.get(ME).status_code == 401


def test_bearer_tokens_for_integrations(app, make_user) -> None:
    user = make_user(roles=[Role.CLERK])
    with TestClient(app) as browser:
        csrf = login_with_password(browser, user.username)
        created = browser.post(
            "/api/v1/auth/tokens", json={"name": "phần mềm kế toán", "days": 7}, headers=csrf
        )
        assert created.status_code == 201
        token = created.json()["token"]
        assert [t["name"] for t in browser.get("/api/v1/auth/tokens").json()] == ["phần mềm kế toán"]

    with TestClient(app) as integration:
        headers = {"Authorization": f"Bearer {token}"}
        assert integration.get(ME, headers=headers).json()["username"] == user.username
        # bearer writes need no CSRF header: a browser never attaches a bearer token by itself
        other = integration.post("/api/v1/auth/tokens", json={"name": "phụ"}, headers=headers)
        assert other.status_code == 201
        revoked = integration.delete(f"/api/v1/auth/tokens/{created.json()['id']}", headers=headers)
        assert revoked.status_code == 204
        assert integration.get(ME, headers=headers).status_code == 401


def test_expired_tokens_and_locked_users_are_refused(client: TestClient, session, make_user) -> None:
    user = make_user()
    expired = issue_token(session, user, "bearer", lifetime=timedelta(seconds=-1))
    session.commit()
    assert client.get(ME, headers={"Authorization": f"Bearer {expired}"}).status_code == 401

    headers = login(client, user)
    assert client.get(ME, headers=headers).status_code == 200
    session.get(User, user.id).is_active = False
    session.commit()
    locked = client.get(ME, headers=headers)
    assert locked.status_code == 401 and locked.json()["code"] == "auth.user_inactive"


def test_login_attempts_are_rate_limited_per_username_and_client(
    client: TestClient, settings, make_user
) -> None:
    user = make_user()
    bystander = make_user()
    wrong = {"username": user.username, "password": "doan-mo-mat-khau"}
    for _ in range(settings.login_attempts_per_minute):
        assert client.post("/api/v1/auth/login", json=wrong).status_code == 401

    limited = client.post(
        "/api/v1/auth/login", json={"username": user.username, "password": DEFAULT_PASSWORD}
    )

    assert limited.status_code == 429
    assert limited.json()["code"] == "auth.too_many_attempts"
    assert "thử lại" in limited.json()["message"]
    assert "eoffice_session" not in client.cookies
    other = client.post(
        "/api/v1/auth/login", json={"username": bystander.username, "password": DEFAULT_PASSWORD}
    )
    assert other.status_code == 200


# --- throttling: parallel attempts, spraying, forwarded addresses ----------------------------------------

LOGIN = "/api/v1/auth/login"
_addresses = itertools.count(1)


def _client_from(app: FastAPI, address: str | None = None) -> TestClient:
    """A client at an address of its own, so one test's throttling never blocks another's."""
    return TestClient(app, client=(address or f"203.0.113.{next(_addresses)}", 50000))


def test_parallel_wrong_passwords_never_exceed_the_limit(app: FastAPI, settings, make_user) -> None:
    user = make_user()
    attackers = 30
    barrier = threading.Barrier(attackers)

    def guess(n: int) -> int:
        with _client_from(app) as attacker:
            barrier.wait()
            return attacker.post(LOGIN, json={"username": user.username, "password": f"doan-{n}"}).status_code

    with ThreadPoolExecutor(attackers) as pool:
        statuses = list(pool.map(guess, range(attackers)))

    checked = statuses.count(401)  # each 401 is a password actually tried
    assert checked <= settings.login_attempts_per_minute, statuses
    assert statuses.count(429) == attackers - checked
    with _client_from(app) as owner:
        locked = owner.post(LOGIN, json={"username": user.username, "password": DEFAULT_PASSWORD})
    assert locked.status_code == 429  # the account waits out the window, whoever asks


def test_spraying_passwords_over_many_accounts_is_limited_per_address(
    app: FastAPI, settings, make_user
) -> None:
    victims = [make_user() for _ in range(8)]
    fresh = make_user()
    tried = 0
    with _client_from(app) as sprayer:
        for n in range(16):
            for victim in victims:
                answer = sprayer.post(LOGIN, json={"username": victim.username, "password": f"pho-bien-{n}"})
                assert answer.status_code in (401, 429)
                tried += answer.status_code == 401
        assert tried == settings.login_attempts_per_minute_per_address
        # The address is locked, even for an account it has not touched and the right password...
        blocked = sprayer.post(LOGIN, json={"username": fresh.username, "password": DEFAULT_PASSWORD})
        assert blocked.status_code == 429 and blocked.json()["code"] == "auth.too_many_attempts"
    # ...while the owners, from their own addresses, can still sign in (8 × 16 > 8 × the account limit,
    # but the sprayer was stopped before any account reached its own limit).
    with _client_from(app) as owner:
        assert (
            owner.post(LOGIN, json={"username": fresh.username, "password": DEFAULT_PASSWORD}).status_code
            == 200
        )
        assert (
            owner.post(
                LOGIN, json={"username": victims[0].username, "password": DEFAULT_PASSWORD}
            ).status_code
            == 200
        )


def test_x_forwarded_for_from_an_untrusted_peer_does_not_reset_the_count(
    app: FastAPI, settings, make_user
) -> None:
    """Not even from loopback: only the configured proxies may say who the client is."""
    assert not settings.trusted_proxies
    victims = [make_user() for _ in range(settings.login_attempts_per_minute_per_address)]
    fresh = make_user()
    with _client_from(app, "127.0.0.1") as sprayer:
        for n, victim in enumerate(victims):
            forged = {"X-Forwarded-For": f"198.51.100.{n + 1}"}
            wrong = sprayer.post(LOGIN, json={"username": victim.username, "password": "sai"}, headers=forged)
            assert wrong.status_code == 401
        forged = {"X-Forwarded-For": "192.0.2.250"}
        blocked = sprayer.post(
            LOGIN, json={"username": fresh.username, "password": DEFAULT_PASSWORD}, headers=forged
        )
    assert blocked.status_code == 429


def test_x_forwarded_for_names_the_client_behind_a_configured_proxy(settings, session, make_user) -> None:
    from eoffice.api import create_app
    from eoffice.audit.models import AuditRecord

    behind_proxy = create_app(settings.model_copy(update={"trusted_proxies": "10.9.0.0/16"}))
    user = make_user()
    try:
        with _client_from(behind_proxy, "10.9.8.7") as proxy:
            response = proxy.post(
                LOGIN,
                json={"username": user.username, "password": DEFAULT_PASSWORD},
                headers={"X-Forwarded-For": "192.0.2.44"},
            )
        with _client_from(behind_proxy, "198.51.100.200") as direct:
            forged = direct.post(
                LOGIN,
                json={"username": user.username, "password": DEFAULT_PASSWORD},
                headers={"X-Forwarded-For": "192.0.2.45"},
            )
    finally:
        behind_proxy.state.backends.close()
    assert response.status_code == 200 and forged.status_code == 200
    addresses = session.scalars(
        select(AuditRecord.client_address)
        .where(AuditRecord.action == "auth.login", AuditRecord.actor_id == user.id)
        .order_by(AuditRecord.seq)
    ).all()
    assert addresses == ["192.0.2.44", "198.51.100.200"]


# --- passwords: policy, reset by an admin, change by the user ---------------------------------------------

PASSWORD_ENDPOINT = "/api/v1/auth/password"
NEW_PASSWORD = "Ca-phe-sang-thu-hai-7"


def test_a_password_reset_by_the_admin_ends_old_sessions_and_tokens(app: FastAPI, make_user) -> None:
    admin = make_user(roles=[Role.ADMIN])
    user = make_user(agency=admin.agency)
    with _client_from(app) as browser, _client_from(app) as integration, _client_from(app) as office:
        login_with_password(browser, user.username)
        bearer = login(integration, user)
        assert browser.get(ME).status_code == 200 and integration.get(ME, headers=bearer).status_code == 200

        reset = office.patch(
            f"/api/v1/users/{user.id}", json={"password": NEW_PASSWORD}, headers=login(office, admin)
        )
        assert reset.status_code == 200, reset.text

        assert browser.get(ME).status_code == 401  # the stolen cookie is dead...
        assert integration.get(ME, headers=bearer).status_code == 401  # ...and so is the bearer token
        old = browser.post(LOGIN, json={"username": user.username, "password": DEFAULT_PASSWORD})
        assert old.status_code == 401
        login_with_password(browser, user.username, NEW_PASSWORD)
        assert browser.get(ME).status_code == 200


def test_users_change_their_own_password_and_other_sessions_end(app: FastAPI, make_user) -> None:
    user = make_user()
    with _client_from(app) as mine, _client_from(app) as elsewhere:
        csrf = login_with_password(mine, user.username)
        login_with_password(elsewhere, user.username)

        def change(current: str, new: str, headers: dict[str, str] | None = csrf) -> Any:
            body = {"current_password": current, "new_password": new}
            return mine.post(PASSWORD_ENDPOINT, json=body, headers=headers)

        wrong = change("khong-phai", NEW_PASSWORD)
        assert wrong.status_code == 422 and wrong.json()["code"] == "auth.current_password_wrong"
        weak = change(DEFAULT_PASSWORD, "12345678")
        assert weak.status_code == 422 and weak.json()["code"] == "auth.weak_password"
        assert "12 ký tự" in weak.json()["message"]
        assert change(DEFAULT_PASSWORD, NEW_PASSWORD, headers=None).status_code == 403  # no CSRF header

        changed = change(DEFAULT_PASSWORD, NEW_PASSWORD)
        assert changed.status_code == 204, changed.text
        assert mine.get(ME).status_code == 200  # the session that changed it stays
        assert elsewhere.get(ME).status_code == 401
        old = elsewhere.post(LOGIN, json={"username": user.username, "password": DEFAULT_PASSWORD})
        assert old.status_code == 401
        login_with_password(elsewhere, user.username, NEW_PASSWORD)


def test_guessing_the_current_password_is_throttled(app: FastAPI, settings, make_user) -> None:
    user = make_user()
    with _client_from(app) as thief:
        headers = login(thief, user)  # a stolen bearer token, without the password
        answers = [
            thief.post(
                PASSWORD_ENDPOINT,
                json={"current_password": f"doan-{n}", "new_password": NEW_PASSWORD},
                headers=headers,
            ).status_code
            for n in range(settings.login_attempts_per_minute + 2)
        ]
    assert answers.count(422) == settings.login_attempts_per_minute
    assert answers[-1] == 429


@pytest.mark.parametrize(
    "password",
    ["12345678", "123456789012", "password1234", "Matkhau@123456", "qwertyuiop12", "aaaaaaaaaaaaaaa"],
)
def test_weak_passwords_are_refused_when_set(client: TestClient, make_user, password: str) -> None:
    admin = make_user(roles=[Role.ADMIN])
    user = make_user(agency=admin.agency)
    headers = login(client, admin)
    created = client.post(
        "/api/v1/users",
        json={"username": unique("moi"), "full_name": "Người Mới", "password": password},
        headers=headers,
    )
    reset = client.patch(f"/api/v1/users/{user.id}", json={"password": password}, headers=headers)
    for answer in (created, reset):
        assert answer.status_code == 422
        assert answer.json()["code"] == "auth.weak_password"
        assert answer.json()["detail"]["field"] == "password"


def test_a_password_made_of_the_username_is_refused(client: TestClient, make_user) -> None:
    admin = make_user(roles=[Role.ADMIN])
    name = unique("nguyenvanbinh")
    answer = client.post(
        "/api/v1/users",
        json={"username": name, "full_name": "Nguyễn Văn Bình", "password": name + "!"},
        headers=login(client, admin),
    )
    assert answer.status_code == 422 and answer.json()["code"] == "auth.weak_password"


def test_the_demo_passwords_meet_the_policy_and_match_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for spec in USERS:
        password = demo_password(DEVELOPMENT_SECRET, spec.username)
        check_policy(password, user_inputs=(spec.username,))
        assert f"`{password}`" in readme, spec.username
