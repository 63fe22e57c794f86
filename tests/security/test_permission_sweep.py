"""The full permission sweep: every operation of the OpenAPI spec × every demo role × a user of a second
agency, aimed at documents that user may not read. Nothing may come back: no 2xx on a document operation,
no title, file digest or file byte in any response, and no list total, inbox count or search total that
counts a hidden document.

The operations are read from the live spec, so an endpoint added later is swept as soon as it exists;
path parameters are filled with the ids of what the caller must not reach (documents and files it may not
read; another agency's agency, users and departments). Who may read what is decided by the one rule
(`eoffice.permissions.may_read`), not restated here. The data is built through the API, except the second
agency's accounts (organisation set-up, as `eoffice demo` does for the first).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from eoffice import clock
from eoffice.api import create_app
from eoffice.documents.models import Document
from eoffice.notifications.reminders import send_deadline_reminders
from eoffice.orgs.models import Role, User
from eoffice.permissions import may_read, readable_clause
from tests.eoffice import factories
from tests.eoffice.documents.pki import SIGNING_PIN
from tests.eoffice.maintenance import flows

MARKER = "Hồ sơ rà soát phân quyền qwzx"
DEMO_ROLES = ("admin", "vanthu", "chuyenvien", "truongphong", "lanhdao")
OTHER = "other_agency"
MISSING_ID = 987_654_321

# A body an authorised user could send, so only the permission check can refuse it (by path suffix).
SAMPLE_JSON: dict[str, Any] = {
    "/token-signature/complete": {"id": "x", "signature": "AAAA"},  # before "/complete"
    "/assignments": {"assignments": [{"role": "phoi_hop", "department_id": 0}]},
    "/forward": {"department_id": 0},
    "/notes": {"text": "ý kiến"},
    "/complete": {"result": "xong"},
    "/recall": {"reason": "thu hồi"},
    "/cancel": {"reason": "vào sổ nhầm"},
    "/take-back": {"reason": "thu hồi phân công"},
    "/extensions": {"deadline": "2099-12-31", "reason": "cần thêm thời gian"},
    "/decision": {"granted": True},
    "/present": {"leader_id": 0},
    "/directions": {"text": "ý kiến chỉ đạo"},
    "/access": {"user_ids": [0]},
    "/comments": {"text": "góp ý"},
    "/approve": {},
    "/return": {"reason": "sửa"},
    "/reject": {"reason": "không duyệt"},
    "/sign": {"level": "B-B", "pin": SIGNING_PIN},
    "/issue": {"level": "B-B", "pin": SIGNING_PIN},
    "/release": {},
    "/accept": {},
    "/refuse": {"reason": "không nhận"},
    "/roles": {"roles": ["lanh_dao_don_vi", "admin"]},
    "/signing-pin": {"current_pin": SIGNING_PIN, "new_pin": "con dau moi 2026"},
}


@dataclass
class Target:
    id: int
    title: str
    file_id: int
    sha256: str
    label: bytes  # bytes only this document's file contains


@dataclass
class World:
    client: TestClient
    backends: Any
    users: dict[str, User]
    headers: dict[str, dict[str, str]]
    targets: list[Target]
    agencies: dict[str, int]  # "demo" / "other" → agency id
    departments: dict[str, int]
    clerk_ids: dict[str, int]


def _pdf(label: str) -> tuple[bytes, bytes]:
    marker = f"nhan-rieng-{label}".encode()
    return flows.pdf_bytes(label) + b"%" + marker + b"\n", marker


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    stack = flows.embedded_stack(tmp_path_factory.mktemp("sweep"))
    ids = flows.migrate_and_demo(stack.settings)
    app = create_app(stack.settings)
    backends = app.state.backends
    with backends.sessions() as session:
        other = factories.create_agency(session, name="UBND huyện Khác")
        other_department = factories.create_department(session, other, name="Văn phòng huyện")
        outsider = factories.create_user(
            session, roles=(Role.ADMIN, Role.CLERK, Role.LEADER), agency=other, department=other_department
        )
        other_id, other_department_id, outsider_id = other.id, other_department.id, outsider.id
    with TestClient(app) as client:
        headers = {name: flows.bearer(stack.settings, ids[name]) for name in DEMO_ROLES}
        headers[OTHER] = flows.bearer(stack.settings, outsider_id)
        created: list[dict[str, Any]] = []
        labels: dict[int, bytes] = {}

        def incoming(who: str, suffix: str, **metadata: Any) -> dict[str, Any]:
            data, label = _pdf(suffix)
            detail = flows.register_incoming(
                client, headers[who], f"{MARKER} {suffix}", [(f"{suffix}.pdf", data)], **metadata
            )
            labels[detail["id"]] = label
            created.append(detail)
            return detail

        def outgoing(who: str, suffix: str, **metadata: Any) -> dict[str, Any]:
            data, label = _pdf(suffix)
            body = {"title": f"{MARKER} {suffix}", "doc_type": "to_trinh", **metadata}
            response = client.post(
                "/api/v1/outgoing",
                data={"metadata": json.dumps(body)},
                files={"file": (f"{suffix}.pdf", data, flows.PDF)},
                headers=headers[who],
            )
            assert response.status_code == 201, response.text
            labels[response.json()["id"]] = label
            created.append(response.json())
            return response.json()  # type: ignore[no-any-return]

        secret = incoming("vanthu", "den-mat", secrecy="mat")
        overdue = {
            "role": "xu_ly_chinh",
            "department_id": ids["dept:NV"],
            "deadline": str(clock.today() - timedelta(days=1)),
        }
        response = client.post(
            f"/api/v1/incoming/{secret['id']}/assignments",
            json={"assignments": [overdue]},
            headers=headers["vanthu"],
        )
        assert response.status_code == 201, response.text  # a secret document overdue in Phòng Nội vụ
        finance = incoming("vanthu", "den-tai-chinh")
        flows.assign_to_department(client, headers["vanthu"], finance["id"], ids["dept:TC"])
        outgoing("chuyenvien", "di-mat", secrecy="mat")
        outgoing("chuyenvien", "di-du-thao")
        incoming(OTHER, "den-huyen")
        outgoing(OTHER, "di-huyen")
        targets = [
            Target(d["id"], d["title"], d["files"][0]["id"], d["files"][0]["sha256"], labels[d["id"]])
            for d in created
        ]
        factories.settle(backends)  # the worker's part: the changes' effects, so search sees them
        with backends.sessions() as session:  # and the daily reminder sweep, so /notifications has its say
            send_deadline_reminders(session, clock.today())
            session.commit()
        with backends.sessions() as session:
            users = {name: session.get(User, ids[name]) for name in DEMO_ROLES}
            users[OTHER] = session.get(User, outsider_id)
            for user in users.values():
                session.expunge(user)  # type: ignore[arg-type]
        yield World(
            client,
            backends,
            users,  # type: ignore[arg-type]
            headers,
            targets,
            {"demo": ids["agency"], "other": other_id},
            {"demo": ids["dept:NV"], "other": other_department_id},
            {"demo": ids["vanthu"], "other": outsider_id},
        )
    backends.close()


def _hidden(world: World, caller: str) -> list[Target]:
    with world.backends.sessions() as session:
        user = session.get(User, world.users[caller].id)
        return [t for t in world.targets if not may_read(session, user, session.get(Document, t.id))]


def _readable_count(world: World, caller: str, kind: str | None = None) -> int:
    with world.backends.sessions() as session:
        user = session.get(User, world.users[caller].id)
        query = (
            select(func.count())
            .select_from(Document)
            .where(readable_clause(user), Document.title.contains(MARKER))
        )
        if kind is not None:
            query = query.where(Document.kind == kind)
        return int(session.scalar(query) or 0)


def _operations(world: World) -> list[tuple[str, str, dict[str, Any]]]:
    spec = world.client.app.openapi()  # type: ignore[attr-defined]
    return sorted(
        (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if path.startswith("/api/")
    )


def _foreign_ids(world: World, caller: str) -> dict[str, int]:
    """Ids of things in an agency the caller does not belong to."""
    away = "demo" if caller == OTHER else "other"
    return {
        "agency_id": world.agencies[away],
        "department_id": world.departments[away],
        "user_id": world.clerk_ids[away],
        "principal_id": world.clerk_ids[away],
        "delegate_id": world.clerk_ids[away],
    }


def _body(method: str, path: str, operation: dict[str, Any], foreign: dict[str, int]) -> dict[str, Any]:
    content = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        data, _ = _pdf("tep-them")
        if path.endswith("/versions"):
            return {"files": {"file": ("v.pdf", data, flows.PDF)}}
        if path.endswith("/contributions"):
            return {"data": {"text": "ý kiến phối hợp"}, "files": {"file": ("y-kien.pdf", data, flows.PDF)}}
        return {"files": {"files": ("them.pdf", data, flows.PDF)}}
    if "application/json" in content:
        for suffix, sample in SAMPLE_JSON.items():
            if path.endswith(suffix):
                text = json.dumps(sample).replace(": 0", f": {foreign['department_id']}")
                text = text.replace("[0]", f"[{foreign['user_id']}]")
                return {"content": text, "headers": {"Content-Type": "application/json"}}
        return {"json": {}}
    return {}


def _assert_no_leak(response: Any, hidden: list[Target], where: str) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
    for target in hidden:
        assert target.title not in response.text, f"{where} shows the title of document {target.id}"
        assert target.sha256 not in response.text, f"{where} shows a file digest of document {target.id}"
        assert target.label not in response.content, f"{where} sends file bytes of document {target.id}"


SKIP_CREATE = {
    # creating things has no id to misuse; their own slices test who may create
    ("POST", "/api/v1/incoming"),
    ("POST", "/api/v1/outgoing"),
    ("POST", "/api/v1/agencies"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/auth/tokens"),
    ("POST", "/api/v1/workflow/routes"),
    ("POST", "/api/v1/exchange/inbox"),
}


@pytest.mark.parametrize("caller", [*DEMO_ROLES, OTHER])
def test_no_operation_reaches_a_document_the_caller_may_not_read(world: World, caller: str) -> None:
    hidden = _hidden(world, caller)
    assert hidden, f"{caller} should have documents they may not read"
    headers = world.headers[caller]
    foreign = _foreign_ids(world, caller)
    swept = 0
    for method, path, operation in _operations(world):
        if (method, path) in SKIP_CREATE:
            continue
        params = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        query = {
            p["name"]: foreign[p["name"]]
            for p in operation.get("parameters", [])
            if p["in"] == "query" and p["name"] in foreign
        }
        if "q" in {p["name"] for p in operation.get("parameters", [])}:
            query["q"] = MARKER

        def fill(url: str, params: set[str] = params) -> str:
            for name in params:
                url = url.replace("{" + name + "}", str(foreign.get(name, MISSING_ID)))
            return url

        cases: list[tuple[str, Target | None]] = [(fill(path), None)]
        if "document_id" in params:
            cases = [
                (fill(path.replace("{document_id}", str(t.id)).replace("{file_id}", str(t.file_id))), t)
                for t in hidden
            ]
        for url, target in cases:
            kwargs = _body(method, path, operation, foreign)
            extra = kwargs.pop("headers", {})
            response = world.client.request(method, url, params=query, headers={**headers, **extra}, **kwargs)
            where = f"{method} {url} as {caller}"
            _assert_no_leak(response, hidden, where)
            if target is not None or params & {"agency_id", "user_id", "department_id"} and method != "GET":
                assert response.status_code in (403, 404), (
                    f"{where}: {response.status_code} {response.text[:300]}"
                )
            swept += 1
    assert swept >= 40


@pytest.mark.parametrize("caller", [*DEMO_ROLES, OTHER])
def test_totals_and_counts_count_only_readable_documents(world: World, caller: str) -> None:
    headers = world.headers[caller]
    found = world.client.get("/api/v1/search", params={"q": MARKER, "page_size": 100}, headers=headers).json()
    assert found["total"] == _readable_count(world, caller) == len(found["items"]), found
    for kind in ("incoming", "outgoing"):
        listing = world.client.get(f"/api/v1/{kind}", params={"q": MARKER, "page_size": 100}, headers=headers)
        assert listing.status_code == 200, listing.text
        body = listing.json()
        assert body["total"] == len(body["items"]) == _readable_count(world, caller, kind), (
            kind,
            body["total"],
        )
        if "counts" in body:
            everything = world.client.get(f"/api/v1/{kind}", headers=headers).json()
            with world.backends.sessions() as session:
                user = session.get(User, world.users[caller].id)
                readable = session.scalar(
                    select(func.count())
                    .select_from(Document)
                    .where(readable_clause(user), Document.kind == kind)
                )
            assert everything["counts"]["all"] <= int(readable or 0), everything["counts"]


def test_the_sweep_is_not_vacuous(world: World) -> None:
    """Each caller is refused something, and each document is readable by someone: the rule has teeth."""
    hidden = {caller: {t.id for t in _hidden(world, caller)} for caller in [*DEMO_ROLES, OTHER]}
    assert all(hidden.values())
    assert set.intersection(*hidden.values()) == set(), "some document is readable by nobody"
