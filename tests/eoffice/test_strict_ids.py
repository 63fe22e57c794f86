"""Ids and flags in request bodies are taken only as JSON integers and booleans: `true` is not user 1 and
"4" is not user 4 (lax coercion once let `{"user_ids": [true]}` name user 1). ISO dates stay strings."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eoffice.orgs.models import Role
from tests.eoffice.factories import login

LAX_IDS: list[Any] = [True, "4", 4.0, "1"]


@pytest.fixture
def office(make_agency, make_department, make_user) -> SimpleNamespace:
    """An agency with an admin, a clerk, a leader and a head of department, and bearer headers for them."""
    agency = make_agency()
    department = make_department(agency)
    return SimpleNamespace(
        department=department,
        admin=make_user(agency=agency, roles=[Role.ADMIN]),
        clerk=make_user(agency=agency, department=department, roles=[Role.CLERK]),
        leader=make_user(agency=agency, roles=[Role.LEADER]),
        head=make_user(agency=agency, department=department, roles=[Role.DEPARTMENT_HEAD]),
    )


def _refused(response: Any, field: str) -> None:
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_input"
    assert any(item["field"].startswith(field) for item in response.json()["detail"]), response.text


@pytest.mark.parametrize("value", LAX_IDS)
def test_granting_access_takes_only_integer_user_ids(client: TestClient, office, value: Any) -> None:
    response = client.post(
        "/api/v1/documents/1/access", json={"user_ids": [value]}, headers=login(client, office.clerk)
    )
    _refused(response, "user_ids")


@pytest.mark.parametrize(
    ("field", "value"), [("is_active", "false"), ("is_active", 0), ("department_id", "1")]
)
def test_user_admin_takes_only_json_types(client: TestClient, office, field: str, value: Any) -> None:
    headers = login(client, office.admin)
    target = office.head.id
    response = client.patch(f"/api/v1/users/{target}", json={field: value}, headers=headers)
    _refused(response, field)
    assert client.get(f"/api/v1/users/{target}", headers=headers).json()["is_active"] is True


def test_delegations_take_integer_ids_and_iso_dates(client: TestClient, office) -> None:
    headers = login(client, office.admin)
    body: dict[str, Any] = {
        "principal_id": str(office.leader.id),
        "delegate_id": office.head.id,
        "kind": "KT",
        "starts_on": "2026-01-05",
        "ends_on": "2026-01-09",
    }
    _refused(client.post("/api/v1/delegations", json=body, headers=headers), "principal_id")
    body["principal_id"] = office.leader.id
    created = client.post("/api/v1/delegations", json=body, headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["starts_on"] == "2026-01-05"
    revoke = client.patch(
        f"/api/v1/delegations/{created.json()['id']}", json={"revoked": "true"}, headers=headers
    )
    _refused(revoke, "revoked")


def test_approval_route_steps_take_integer_user_ids_and_boolean_flags(client: TestClient, office) -> None:
    headers = login(client, office.admin)
    steps: list[dict[str, Any]] = [
        {"user_ids": [True]},
        {"user_ids": ["4"]},
        {"user_ids": [office.leader.id], "consultation": 1},
    ]
    for step in steps:
        response = client.post(
            "/api/v1/workflow/routes", json={"name": "Luồng thử", "steps": [step]}, headers=headers
        )
        _refused(response, "steps")


def test_upload_metadata_takes_integer_user_ids(client: TestClient, office) -> None:
    metadata = {"named_user_ids": ["4"]}
    response = client.post(
        "/api/v1/incoming", data={"metadata": json.dumps(metadata)}, headers=login(client, office.clerk)
    )
    _refused(response, "named_user_ids")
