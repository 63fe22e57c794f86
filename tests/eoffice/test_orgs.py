"""Administration of agencies, departments, users, roles and delegations."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select

from eoffice.audit import AuditRecord, verify_chain
from eoffice.orgs import delegation_between
from eoffice.orgs.models import Role
from tests.eoffice.factories import login, login_with_password

API = "/api/v1"


def _admin_and_agency(make_agency, make_user):
    agency = make_agency()
    return make_user(agency=agency, roles=[Role.ADMIN]), agency


def test_admin_builds_the_organisation_and_every_change_is_audited(
    client: TestClient, session, make_agency, make_user
) -> None:
    admin, agency = _admin_and_agency(make_agency, make_user)
    headers = login(client, admin)

    department = client.post(
        f"{API}/departments", json={"name": "Phòng Nội vụ", "abbreviation": "NV"}, headers=headers
    )
    assert department.status_code == 201
    created = client.post(
        f"{API}/users",
        json={
            "username": f"chuyenvien.{agency.id}",
            "full_name": "Trần Thị Bình",
            "password": "Mat-khau-moi-2025",
            "department_id": department.json()["id"],
            "position": "Chuyên viên",
            "roles": ["chuyen_vien", "van_thu"],
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    assert sorted(created.json()["roles"]) == ["chuyen_vien", "van_thu"]
    renamed = client.patch(
        f"{API}/departments/{department.json()['id']}", json={"name": "Sở Nội vụ"}, headers=headers
    )
    assert renamed.json()["name"] == "Sở Nội vụ"
    patched = client.patch(f"{API}/agencies/{agency.id}", json={"place": "Hà Tĩnh"}, headers=headers)
    assert patched.status_code == 200 and patched.json()["place"] == "Hà Tĩnh"

    # the new user can sign in with the password the admin chose
    with TestClient(client.app) as browser:
        login_with_password(browser, f"chuyenvien.{agency.id}", "Mat-khau-moi-2025")
        assert browser.get(f"{API}/auth/me").json()["department"]["name"] == "Sở Nội vụ"

    actions = session.scalars(
        select(AuditRecord.action).where(AuditRecord.actor_id == admin.id).order_by(AuditRecord.seq)
    ).all()
    assert actions == ["department.create", "user.create", "department.update", "agency.update"]
    user_record = session.scalars(select(AuditRecord).where(AuditRecord.action == "user.create")).all()[-1]
    assert "password_hash" not in user_record.after and "Mat-khau-moi-2025" not in str(user_record.after)
    assert verify_chain(session).ok


def test_only_admins_write(client: TestClient, make_agency, make_department, make_user) -> None:
    admin, agency = _admin_and_agency(make_agency, make_user)
    department = make_department(agency)
    clerk = make_user(agency=agency, roles=[Role.CLERK, Role.LEADER])
    target = make_user(agency=agency)
    headers = login(client, clerk)

    attempts = [
        client.post(f"{API}/departments", json={"name": "Phòng X", "abbreviation": "X"}, headers=headers),
        client.patch(f"{API}/departments/{department.id}", json={"name": "Đổi tên"}, headers=headers),
        client.patch(f"{API}/agencies/{agency.id}", json={"name": "Đổi tên"}, headers=headers),
        client.post(
            f"{API}/users",
            json={"username": "ke-gian", "full_name": "Kẻ Gian", "password": "12345678abc"},
            headers=headers,
        ),
        client.patch(f"{API}/users/{target.id}", json={"is_active": False}, headers=headers),
        client.put(f"{API}/users/{clerk.id}/roles", json={"roles": ["admin"]}, headers=headers),
        client.post(
            f"{API}/delegations",
            json={
                "principal_id": admin.id,
                "delegate_id": clerk.id,
                "kind": "KT",
                "starts_on": "2025-01-01",
                "ends_on": "2025-01-31",
            },
            headers=headers,
        ),
    ]
    assert [a.status_code for a in attempts] == [403] * len(attempts)
    assert {a.json()["code"] for a in attempts} == {"orgs.admin_required"}
    new_agency = client.post(
        f"{API}/agencies",
        json={
            "code": "000.00.00.K01",
            "name": "Cơ quan mới",
            "abbreviation": "CQ",
            "first_admin": {"username": "qt-k01", "full_name": "Quản Trị", "password": "Mat-khau-moi-2025"},
        },
        headers=headers,
    )
    assert new_agency.status_code == 403 and new_agency.json()["code"] == "orgs.system_admin_required"
    # but members read their agency
    assert client.get(f"{API}/users/{target.id}", headers=headers).status_code == 200
    assert client.get(f"{API}/departments", headers=headers).status_code == 200


def test_another_agencys_objects_do_not_exist_for_the_caller(
    client: TestClient, make_agency, make_department, make_user
) -> None:
    _admin_a, agency_a = _admin_and_agency(make_agency, make_user)
    department_a = make_department(agency_a)
    user_a = make_user(agency=agency_a, department=department_a)
    admin_b, _agency_b = _admin_and_agency(make_agency, make_user)
    headers = login(client, admin_b)

    attempts = [
        client.get(f"{API}/agencies/{agency_a.id}", headers=headers),
        client.patch(f"{API}/agencies/{agency_a.id}", json={"name": "Chiếm quyền"}, headers=headers),
        client.patch(f"{API}/departments/{department_a.id}", json={"name": "Chiếm quyền"}, headers=headers),
        client.get(f"{API}/users/{user_a.id}", headers=headers),
        client.patch(f"{API}/users/{user_a.id}", json={"is_active": False}, headers=headers),
        client.put(f"{API}/users/{user_a.id}/roles", json={"roles": ["admin"]}, headers=headers),
        client.get(f"{API}/users", params={"agency_id": agency_a.id}, headers=headers),
        client.get(f"{API}/departments", params={"agency_id": agency_a.id}, headers=headers),
        client.post(
            f"{API}/users",
            params={"agency_id": agency_a.id},
            json={"username": "cai-cam", "full_name": "Cài Cắm", "password": "12345678abc"},
            headers=headers,
        ),
    ]
    assert [a.status_code for a in attempts] == [404] * len(attempts)
    for attempt in attempts:
        assert user_a.username not in attempt.text and department_a.name not in attempt.text
    assert agency_a.id not in {a["id"] for a in client.get(f"{API}/agencies", headers=headers).json()}


def test_user_list_is_the_callers_agency_with_filters(
    client: TestClient, make_agency, make_department, make_user
) -> None:
    agency = make_agency()
    office = make_department(agency, name="Văn phòng")
    finance = make_department(agency, name="Phòng Tài chính")
    clerk = make_user(agency=agency, department=office, roles=[Role.CLERK], full_name="Lê Văn Thư")
    head = make_user(agency=agency, department=finance, roles=[Role.DEPARTMENT_HEAD], full_name="Phạm Trưởng")
    stranger = make_user()  # another agency

    headers = login(client, clerk)
    everyone = client.get(f"{API}/users", headers=headers).json()
    heads = client.get(f"{API}/users", params={"role": "lanh_dao_phong"}, headers=headers).json()
    in_finance = client.get(f"{API}/users", params={"department_id": finance.id}, headers=headers).json()
    by_name = client.get(f"{API}/users", params={"q": "trưởng"}, headers=headers).json()

    assert {u["id"] for u in everyone} == {clerk.id, head.id}
    assert stranger.id not in {u["id"] for u in everyone}
    assert [u["id"] for u in heads] == [head.id]
    assert [u["id"] for u in in_finance] == [head.id]
    assert [u["id"] for u in by_name] == [head.id]
    assert "password_hash" not in everyone[0]


def test_bad_user_input_is_refused_with_the_field_named(
    client: TestClient, make_agency, make_department, make_user
) -> None:
    admin, _agency = _admin_and_agency(make_agency, make_user)
    foreign_department = make_department(make_agency())
    headers = login(client, admin)

    missing = client.post(f"{API}/users", json={"username": "x1"}, headers=headers)
    assert missing.status_code == 422
    assert {"full_name", "password"} <= {f["field"] for f in missing.json()["detail"]}
    duplicate = client.post(
        f"{API}/users",
        json={"username": admin.username, "full_name": "Trùng Tên", "password": "12345678abc"},
        headers=headers,
    )
    assert duplicate.status_code == 409
    wrong_department = client.post(
        f"{API}/users",
        json={
            "username": f"u{foreign_department.id}x",
            "full_name": "Sai Phòng",
            "password": "12345678abc",
            "department_id": foreign_department.id,
        },
        headers=headers,
    )
    assert wrong_department.status_code == 422
    assert wrong_department.json()["detail"][0]["field"] == "department_id"
    bad_code = client.post(
        f"{API}/agencies", json={"code": "H99", "name": "A", "abbreviation": "A"}, headers=headers
    )
    assert bad_code.status_code == 422 and "code" in bad_code.json()["message"]


def test_roles_change_and_the_last_admin_stays(client: TestClient, make_agency, make_user) -> None:
    admin, agency = _admin_and_agency(make_agency, make_user)
    colleague = make_user(agency=agency, roles=[Role.SPECIALIST])
    headers = login(client, admin)

    promoted = client.put(
        f"{API}/users/{colleague.id}/roles", json={"roles": ["lanh_dao_phong", "admin"]}, headers=headers
    )
    assert sorted(promoted.json()["roles"]) == ["admin", "lanh_dao_phong"]
    demoted = client.put(
        f"{API}/users/{colleague.id}/roles", json={"roles": ["chuyen_vien"]}, headers=headers
    )
    assert demoted.json()["roles"] == ["chuyen_vien"]

    self_demotion = client.put(
        f"{API}/users/{admin.id}/roles", json={"roles": ["chuyen_vien"]}, headers=headers
    )
    assert self_demotion.status_code == 409 and self_demotion.json()["code"] == "orgs.last_admin"
    lock_self = client.patch(f"{API}/users/{admin.id}", json={"is_active": False}, headers=headers)
    assert lock_self.status_code == 409


def test_locking_a_user_ends_their_access(client: TestClient, make_agency, make_user) -> None:
    admin, agency = _admin_and_agency(make_agency, make_user)
    leaver = make_user(agency=agency)
    leaver_headers = login(client, leaver)
    assert client.get(f"{API}/auth/me", headers=leaver_headers).status_code == 200

    locked = client.patch(f"{API}/users/{leaver.id}", json={"is_active": False}, headers=login(client, admin))

    assert locked.status_code == 200 and locked.json()["is_active"] is False
    assert client.get(f"{API}/auth/me", headers=leaver_headers).status_code == 401


def test_system_admin_creates_an_agency_with_its_own_first_admin(
    client: TestClient, session, make_agency, make_user
) -> None:
    """The creator keeps no role in the agency; its first admin, an account of its own, administers it."""
    creator, _agency = _admin_and_agency(make_agency, make_user)
    creator.is_system_admin = True
    session.commit()
    headers = login(client, creator)
    code = f"000.00.{creator.id % 100:02d}.K{creator.id % 100:02d}"
    first_admin = {"username": f"qt.{code}", "full_name": "Phan Văn Quản", "password": "Mat-khau-moi-2025"}

    created = client.post(
        f"{API}/agencies",
        json={
            "code": code,
            "name": "UBND xã Mới",
            "abbreviation": "UBND",
            "place": "Mới",
            "first_admin": first_admin,
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    new_id = created.json()["id"]
    assert new_id not in {a["id"] for a in client.get(f"{API}/agencies", headers=headers).json()}
    refused = client.post(
        f"{API}/departments",
        params={"agency_id": new_id},
        json={"name": "Văn phòng", "abbreviation": "VP"},
        headers=headers,
    )
    assert refused.status_code == 404
    with TestClient(client.app) as browser:
        csrf = login_with_password(browser, first_admin["username"], first_admin["password"])
        department = browser.post(
            f"{API}/departments", json={"name": "Văn phòng", "abbreviation": "VP"}, headers=csrf
        )
        assert department.status_code == 201 and department.json()["agency_id"] == new_id
    again = client.post(
        f"{API}/agencies",
        json={"code": code, "name": "Trùng", "abbreviation": "T", "first_admin": first_admin},
        headers=headers,
    )
    assert again.status_code == 409


def test_delegations_have_valid_ranges_and_are_active_on_their_dates(
    client: TestClient, session, make_agency, make_user
) -> None:
    admin, agency = _admin_and_agency(make_agency, make_user)
    leader = make_user(agency=agency, roles=[Role.LEADER], position="Chủ tịch")
    deputy = make_user(agency=agency, roles=[Role.LEADER], position="Phó Chủ tịch")
    outsider = make_user()
    headers = login(client, admin)
    body = {
        "principal_id": leader.id,
        "delegate_id": deputy.id,
        "kind": "KT",
        "starts_on": "2025-03-01",
        "ends_on": "2025-03-10",
    }

    created = client.post(f"{API}/delegations", json=body, headers=headers)
    assert created.status_code == 201, created.text
    reversed_range = client.post(
        f"{API}/delegations", json={**body, "ends_on": "2025-02-01"}, headers=headers
    )
    assert reversed_range.status_code == 422 and reversed_range.json()["detail"][0]["field"] == "ends_on"
    to_self = client.post(f"{API}/delegations", json={**body, "delegate_id": leader.id}, headers=headers)
    assert to_self.status_code == 422 and to_self.json()["detail"][0]["field"] == "delegate_id"
    to_outsider = client.post(
        f"{API}/delegations", json={**body, "delegate_id": outsider.id}, headers=headers
    )
    assert to_outsider.status_code == 422 and to_outsider.json()["detail"][0]["field"] == "delegate_id"

    def active(day: str) -> list[int]:
        listed = client.get(f"{API}/delegations", params={"active_on": day}, headers=headers).json()
        return [d["id"] for d in listed]

    delegation_id = created.json()["id"]
    assert active("2025-02-28") == [] and active("2025-03-01") == [delegation_id]
    assert active("2025-03-10") == [delegation_id] and active("2025-03-11") == []
    assert (
        delegation_between(session, principal_id=leader.id, delegate_id=deputy.id, on=date(2025, 3, 5))
        is not None
    )

    shortened = client.patch(
        f"{API}/delegations/{delegation_id}", json={"ends_on": "2025-02-01"}, headers=headers
    )
    assert shortened.status_code == 422
    revoked = client.patch(f"{API}/delegations/{delegation_id}", json={"revoked": True}, headers=headers)
    assert revoked.json()["revoked"] is True
    assert active("2025-03-05") == []
    session.expire_all()
    assert (
        delegation_between(session, principal_id=leader.id, delegate_id=deputy.id, on=date(2025, 3, 5))
        is None
    )
