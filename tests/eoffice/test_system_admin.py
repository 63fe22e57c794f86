"""Hidden cross-agency admin: an agency admin used to create a second agency and keep ADMIN there, unseen by
that agency's own admin, able to reset its leader's password. Now creating agencies is the system role's
alone, the creator keeps nothing in the agency, and an agency's admins see — and can remove — every account
with power over it, wherever the account belongs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from eoffice.audit import AuditRecord
from eoffice.orgs.models import Agency, Role, RoleAssignment, User
from eoffice.settings import Settings, get_settings
from tests.eoffice.factories import login, login_with_password

API = "/api/v1"
NEW_PASSWORD = "Mat-khau-cua-ke-gian-2025"


def _new_agency(code: str, username: str) -> dict[str, object]:
    return {
        "code": code,
        "name": f"UBND xã {code}",
        "abbreviation": "UBND",
        "first_admin": {"username": username, "full_name": "Quản trị xã", "password": "Mat-khau-moi-2025"},
    }


def _code() -> str:
    """A fresh mã định danh (segments of 2–3 upper-case letters or digits)."""
    h = uuid.uuid4().hex.upper()
    return f"9{h[:2]}.{h[2:4]}.{h[4:6]}.S{h[6:8]}"


def test_an_agency_admin_cannot_create_agencies(client: TestClient, session: Session, make_user) -> None:
    admin = make_user(roles=[Role.ADMIN])
    code = _code()
    response = client.post(
        f"{API}/agencies", json=_new_agency(code, f"qt{code}"), headers=login(client, admin)
    )
    assert response.status_code == 403
    assert response.json()["code"] == "orgs.system_admin_required"
    assert "quản trị hệ thống" in response.json()["message"]
    assert session.scalar(select(Agency.id).where(Agency.code == code)) is None
    assert session.scalar(select(User.id).where(User.username == f"qt{code}")) is None


def test_the_creator_of_an_agency_cannot_act_in_it(client: TestClient, session: Session, make_user) -> None:
    creator = make_user(roles=[Role.ADMIN])
    creator.is_system_admin = True
    session.commit()
    headers = login(client, creator)
    code = _code()
    created = client.post(f"{API}/agencies", json=_new_agency(code, f"qt{code}"), headers=headers)
    assert created.status_code == 201, created.text
    agency_id = created.json()["id"]
    first_admin = session.scalars(select(User).where(User.username == f"qt{code}")).one()
    assert first_admin.agency_id == agency_id and first_admin.has_role(Role.ADMIN, agency_id)
    session.refresh(creator)
    assert all(a.agency_id != agency_id for a in creator.roles)

    # the agency's own admin adds its leader, then sees who has power over the agency: only itself
    with TestClient(client.app) as browser:
        csrf = login_with_password(browser, f"qt{code}", "Mat-khau-moi-2025")
        leader = browser.post(
            f"{API}/users",
            json={
                "username": f"ld{code}",
                "full_name": "Lãnh Đạo Xã",
                "password": "Mat-khau-lanh-dao-2025",
                "roles": ["lanh_dao_don_vi"],
            },
            headers=csrf,
        )
        assert leader.status_code == 201, leader.text
        powers = browser.get(f"{API}/agencies/{agency_id}/powers").json()
        assert [p["username"] for p in powers] == [f"qt{code}"]

    # the creator: no password reset of the leader, no role change, no new admin, no department
    attempts = [
        client.patch(f"{API}/users/{leader.json()['id']}", json={"password": NEW_PASSWORD}, headers=headers),
        client.put(f"{API}/users/{leader.json()['id']}/roles", json={"roles": ["admin"]}, headers=headers),
        client.post(
            f"{API}/users",
            params={"agency_id": agency_id},
            json={
                "username": f"kg{code}",
                "full_name": "Kẻ Gian",
                "password": NEW_PASSWORD,
                "roles": ["admin"],
            },
            headers=headers,
        ),
        client.post(
            f"{API}/departments",
            params={"agency_id": agency_id},
            json={"name": "Phòng X", "abbreviation": "X"},
            headers=headers,
        ),
        client.get(f"{API}/agencies/{agency_id}/powers", headers=headers),
    ]
    assert [a.status_code for a in attempts] == [404] * len(attempts), [a.text for a in attempts]
    with TestClient(client.app) as browser:
        assert (
            browser.post(
                f"{API}/auth/login", json={"username": f"ld{code}", "password": NEW_PASSWORD}
            ).status_code
            == 401
        )


def test_the_agency_admin_sees_and_removes_every_outside_power(
    client: TestClient, session: Session, make_agency, make_user
) -> None:
    """The state the old code left behind: an admin of agency A holding ADMIN in agency B. B's admin now
    sees it (and an outsider's clerk role too) and takes it away; the outsider can then no longer reset
    B's leader's password."""
    home, target = make_agency(), make_agency()
    hidden = make_user(agency=home, roles=[Role.ADMIN])
    hidden.roles.append(RoleAssignment(agency_id=target.id, role=Role.ADMIN))
    helper = make_user(agency=home, roles=[Role.SPECIALIST])
    helper.roles.append(RoleAssignment(agency_id=target.id, role=Role.CLERK))
    session.commit()
    own_admin = make_user(agency=target, roles=[Role.ADMIN])
    leader = make_user(agency=target, roles=[Role.LEADER])
    specialist = make_user(agency=target, roles=[Role.SPECIALIST])
    admin_headers = login(client, own_admin)

    powers = client.get(f"{API}/agencies/{target.id}/powers", headers=admin_headers)
    assert powers.status_code == 200
    by_user = {p["user_id"]: p for p in powers.json()}
    assert set(by_user) == {hidden.id, helper.id, own_admin.id}  # not the leader nor the specialist
    assert by_user[hidden.id]["outside"] is True and by_user[hidden.id]["roles"] == ["admin"]
    assert by_user[hidden.id]["home_agency_name"] == home.name
    assert by_user[helper.id]["roles"] == ["van_thu"] and by_user[own_admin.id]["outside"] is False
    assert specialist.id not in by_user
    assert client.get(f"{API}/agencies/{target.id}/powers", headers=login(client, leader)).status_code == 403

    own = client.delete(f"{API}/agencies/{target.id}/roles/{leader.id}", headers=admin_headers)
    assert own.status_code == 422 and own.json()["code"] == "orgs.not_an_outsider"
    for outsider in (hidden, helper):
        removed = client.delete(f"{API}/agencies/{target.id}/roles/{outsider.id}", headers=admin_headers)
        assert removed.status_code == 204, removed.text
    remaining = client.get(f"{API}/agencies/{target.id}/powers", headers=admin_headers).json()
    assert [p["user_id"] for p in remaining] == [own_admin.id]

    reset = client.patch(
        f"{API}/users/{leader.id}", json={"password": NEW_PASSWORD}, headers=login(client, hidden)
    )
    assert reset.status_code == 404
    actions = session.scalars(
        select(AuditRecord.action).where(AuditRecord.actor_id == own_admin.id).order_by(AuditRecord.seq)
    ).all()
    assert actions == ["user.roles", "user.roles"]


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("data_dir", "database_url", "storage_url", "search_url", "secret_key", "environment"):
        monkeypatch.setenv(f"EOFFICE_{name.upper()}", str(getattr(settings, name)))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_system_role_is_given_by_the_operator(
    cli_env: None, client: TestClient, session: Session, make_user
) -> None:
    from eoffice.cli import app

    operator = make_user(roles=[Role.ADMIN])
    runner = CliRunner()
    granted = runner.invoke(app, ["admin", "grant-system", operator.username])
    assert granted.exit_code == 0, granted.output
    code = _code()
    created = client.post(
        f"{API}/agencies", json=_new_agency(code, f"qt{code}"), headers=login(client, operator)
    )
    assert created.status_code == 201, created.text

    revoked = runner.invoke(app, ["admin", "revoke-system", operator.username])
    assert revoked.exit_code == 0, revoked.output
    code = _code()
    again = client.post(
        f"{API}/agencies", json=_new_agency(code, f"qt{code}"), headers=login(client, operator)
    )
    assert again.status_code == 403
    missing = runner.invoke(app, ["admin", "grant-system", "khong-ton-tai"])
    assert missing.exit_code != 0 and "không có người dùng" in missing.output
    changes = session.scalars(
        select(AuditRecord).where(
            AuditRecord.action == "user.system_admin", AuditRecord.entity_id == str(operator.id)
        )
    ).all()
    assert len(changes) == 2
