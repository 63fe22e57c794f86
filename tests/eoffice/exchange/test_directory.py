"""The agency directory (danh bạ cơ quan liên thông): synced from the local VXP simulator (real HTTP on loopback,
HMAC checked by the simulator), edited by the agency's admin, searched without diacritics, and used by release,
which refuses a listed agency no connection reaches and queues every reachable one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.audit.models import AuditRecord
from eoffice.backends import Backends
from eoffice.documents.kinds import DocumentKind, DocumentStatus, DocumentType, FileRole
from eoffice.documents.models import Document, DocumentFile
from eoffice.effects import SEND_OUTSIDE
from eoffice.exchange import tasks as exchange_tasks
from eoffice.exchange.models import OutboundPackage
from eoffice.exchange.settings import get_exchange_settings
from eoffice.orgs.models import Agency, Role
from eoffice.outgoing.models import ExternalDelivery, Recipient
from eoffice.tasks.outbox import OutboxMessage
from tests.eoffice import factories
from tests.eoffice.documents import conftest as documents
from tests.eoffice.documents.conftest import Office, pdf_bytes
from tests.eoffice.factories import login
from tests.simulators.vxp import System, running

office = documents.office  # the fixture: the documents tests' agency with its people
API = "/api/v1/exchange/directory"
SECRET = "bi-mat-cua-co-quan-tai-truc-0123456789"
NOI_VU = "000.00.12.H40"
TAI_CHINH = "000.00.13.H40"
TINH = "000.00.00.H40"


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The simulator and the test peers listen on loopback, which the production default refuses."""
    monkeypatch.setenv("EOFFICE_EXCHANGE_PEER_NETWORKS", "127.0.0.0/8")
    get_exchange_settings.cache_clear()
    yield
    get_exchange_settings.cache_clear()


def _axis(office: Office) -> list[System]:
    return [
        System("vxp.self", SECRET, office.agency.code, office.agency.name),
        System("vxp.tinh", SECRET + "-tinh", TINH, "Ủy ban nhân dân tỉnh Demo"),
        System("vxp.noivu", SECRET + "-noivu", NOI_VU, "Sở Nội vụ", TINH),
        System("vxp.taichinh", SECRET + "-taichinh", TAI_CHINH, "Sở Tài chính", TINH),
    ]


def _peer(client: TestClient, admin: dict[str, str], organ_id: str, **body: str) -> None:
    response = client.put(f"/api/v1/exchange/peers/{organ_id}", json=body, headers=admin)
    assert response.status_code == 200, response.text


def _entries(client: TestClient, headers: dict[str, str], **params: object) -> dict[str, dict]:  # type: ignore[type-arg]
    response = client.get(API, params={"limit": 200, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return {item["organ_id"]: item for item in response.json()["items"]}


def _add(client: TestClient, admin: dict[str, str], organ_id: str, name: str, **extra: object) -> dict:  # type: ignore[type-arg]
    response = client.post(API, json={"organ_id": organ_id, "name": name, **extra}, headers=admin)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_sync_from_the_axis_fills_the_directory_and_the_next_updates_it_keeping_hand_made_entries(
    client: TestClient, session: Session, office: Office, loopback: None
) -> None:
    admin = login(client, office.admin)
    systems = _axis(office)
    with running(systems) as (url, axis):
        _peer(client, admin, "*", transport="vxp", endpoint=url, secret=SECRET, account="vxp.self")
        # The admin entered two agencies by hand: one on the province's own platform, and Sở Tài chính
        # under a name of the agency's own choosing before the axis listed it.
        _add(client, admin, "000.00.99.H40", "Trung tâm Phục vụ hành chính công tỉnh")
        _add(client, admin, TAI_CHINH, "Sở Tài chính (kết nối riêng)")

        first = client.post(f"{API}/sync", headers=admin)
        assert first.status_code == 200, first.text
        assert {k: first.json()[k] for k in ("listed", "added", "updated", "deactivated", "kept_manual")} == {
            "listed": 3,  # never the agency itself
            "added": 2,
            "updated": 0,
            "deactivated": 0,
            "kept_manual": 1,
        }
        entries = _entries(client, admin)
        assert set(entries) == {TINH, NOI_VU, TAI_CHINH, "000.00.99.H40"}
        noi_vu = entries[NOI_VU]
        assert (noi_vu["name"], noi_vu["source"], noi_vu["active"]) == ("Sở Nội vụ", "vxp", True)
        assert (noi_vu["parent_organ_id"], noi_vu["parent_name"]) == (TINH, "Ủy ban nhân dân tỉnh Demo")
        assert noi_vu["synced_at"] is not None and noi_vu["reachable"] is True
        assert noi_vu["route"] == {"organ_id": "*", "transport": "vxp", "endpoint": url, "is_default": True}
        assert entries[TAI_CHINH]["name"] == "Sở Tài chính (kết nối riêng)"
        assert entries[TAI_CHINH]["source"] == "manual" and entries[TAI_CHINH]["synced_at"] is None

        # The axis renames Sở Nội vụ and stops listing the province's committee.
        axis.systems["vxp.noivu"] = replace(systems[2], name="Sở Nội vụ tỉnh Demo")
        del axis.systems["vxp.tinh"]
        second = client.post(f"{API}/sync", headers=admin)
        assert second.status_code == 200, second.text
        assert {
            k: second.json()[k] for k in ("listed", "added", "updated", "deactivated", "kept_manual")
        } == {
            "listed": 2,
            "added": 0,
            "updated": 1,
            "deactivated": 1,
            "kept_manual": 1,
        }
        assert axis.refused == []

    entries = _entries(client, admin, include_inactive=True)
    assert entries[NOI_VU]["name"] == "Sở Nội vụ tỉnh Demo"
    assert (entries[TINH]["active"], entries[TINH]["reachable"]) == (False, False)
    assert TINH not in _entries(client, admin)  # set aside: not offered any more
    assert entries[TAI_CHINH]["name"] == "Sở Tài chính (kết nối riêng)"
    assert entries["000.00.99.H40"]["name"] == "Trung tâm Phục vụ hành chính công tỉnh"
    # An entry from the axis belongs to the axis; a hand-made one is the admin's to change.
    synced = client.patch(f"{API}/{entries[NOI_VU]['id']}", json={"name": "Tên khác"}, headers=admin)
    assert synced.status_code == 409 and synced.json()["code"] == "exchange.directory_synced"
    renamed = client.patch(
        f"{API}/{entries['000.00.99.H40']['id']}", json={"name": "Trung tâm PVHCC tỉnh"}, headers=admin
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "Trung tâm PVHCC tỉnh"
    syncs = session.scalars(
        select(AuditRecord).where(
            AuditRecord.action == "exchange.directory_sync", AuditRecord.entity_id == str(office.agency.id)
        )
    ).all()
    assert len(syncs) == 2 and syncs[0].actor_id == office.admin.id


def test_a_sync_needs_a_connection_to_the_axis(client: TestClient, office: Office) -> None:
    response = client.post(f"{API}/sync", headers=login(client, office.admin))
    assert response.status_code == 422 and response.json()["code"] == "exchange.no_vxp_connection"
    assert "VXP" in response.json()["message"]


def test_the_beat_job_syncs_every_agency_with_an_axis_connection(
    client: TestClient, backends: Backends, office: Office, loopback: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = login(client, office.admin)
    with running(_axis(office)) as (url, _axis_state):
        _peer(client, admin, "*", transport="vxp", endpoint=url, secret=SECRET, account="vxp.self")
        monkeypatch.setattr(exchange_tasks, "backends", lambda: backends)
        assert exchange_tasks.sync_directory_task() >= 1  # other modules' agencies may fail: logged, skipped
    assert set(_entries(client, login(client, office.clerk))) == {TINH, NOI_VU, TAI_CHINH}


def test_search_ignores_diacritics_and_case_and_pages(client: TestClient, office: Office) -> None:
    admin = login(client, office.admin)
    for organ_id, name in (
        (NOI_VU, "Sở Nội vụ"),
        (TAI_CHINH, "Sở Tài chính"),
        ("000.00.14.H40", "Sở Giáo dục và Đào tạo"),
        ("000.00.15.H40", "Ban Dân tộc"),
    ):
        _add(client, admin, organ_id, name, parent_organ_id=TINH)
    clerk = login(client, office.clerk)  # every user of the agency reads the directory
    assert list(_entries(client, clerk, q="so noi vu")) == [NOI_VU]
    assert list(_entries(client, clerk, q="  SỞ   nội ")) == [NOI_VU]
    assert list(_entries(client, clerk, q="noi vu so")) == [NOI_VU]
    assert list(_entries(client, clerk, q="dao tao")) == ["000.00.14.H40"]  # Đ folds to d
    assert list(_entries(client, clerk, q="ban dan toc")) == ["000.00.15.H40"]
    assert list(_entries(client, clerk, q="000.00.13")) == [TAI_CHINH]
    assert _entries(client, clerk, q="100%") == {}  # a wildcard is a character, not a pattern
    page = client.get(API, params={"q": "so", "limit": 2, "offset": 0}, headers=clerk).json()
    rest = client.get(API, params={"q": "so", "limit": 2, "offset": 2}, headers=clerk).json()
    assert page["total"] == rest["total"] == 3
    assert len(page["items"]) == 2 and len(rest["items"]) == 1
    assert {i["organ_id"] for i in page["items"] + rest["items"]} == {NOI_VU, TAI_CHINH, "000.00.14.H40"}


def test_only_the_agencys_admin_edits_syncs_and_sees_the_connections(
    client: TestClient, session: Session, office: Office
) -> None:
    admin = login(client, office.admin)
    entry = _add(client, admin, NOI_VU, "Sở Nội vụ")
    for user in (office.clerk, office.leader, office.specialist):
        headers = login(client, user)
        attempts = [
            client.post(API, json={"organ_id": TAI_CHINH, "name": "Sở Tài chính"}, headers=headers),
            client.patch(f"{API}/{entry['id']}", json={"active": False}, headers=headers),
            client.post(f"{API}/sync", headers=headers),
            client.get(f"{API}/connections", headers=headers),
        ]
        assert [r.status_code for r in attempts] == [403] * 4, [r.text for r in attempts]
        assert attempts[0].json()["code"] == "orgs.admin_required"
    other_admin = factories.create_user(
        session, roles=(Role.ADMIN,), agency=session.get(Agency, office.other_agency.agency_id)
    )
    outsider = login(client, other_admin)
    taken = client.patch(f"{API}/{entry['id']}", json={"name": "Đổi tên"}, headers=outsider)
    assert taken.status_code == 404 and taken.json()["code"] == "exchange.directory_not_found"
    assert _entries(client, outsider) == {}  # another agency's directory is its own
    assert _entries(client, admin)[NOI_VU]["name"] == "Sở Nội vụ"
    assert [r.status_code for r in (client.get(API), client.post(f"{API}/sync"))] == [401, 401]
    duplicate = client.post(API, json={"organ_id": NOI_VU, "name": "Sở Nội vụ"}, headers=admin)
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "exchange.directory_exists"
    assert client.post(API, json={"organ_id": "*", "name": "Mọi cơ quan"}, headers=admin).status_code == 422


def _issued(session: Session, backends: Backends, office: Office, number: str) -> int:
    """An outgoing document numbered by the văn thư, with its released PDF, ready to be released."""
    document = Document(
        kind=DocumentKind.OUTGOING,
        agency_id=office.agency.id,
        title="Về việc triển khai danh bạ liên thông",
        doc_type=DocumentType.CONG_VAN,
        status=DocumentStatus.ISSUED,
        number=number,
        symbol="UBND-VP",
        issue_date=clock.today(backends.settings.timezone),
        pages=1,
        created_by_id=office.clerk.id,
    )
    session.add(document)
    session.flush()
    key = f"documents/{document.id}/issued.pdf"
    stored = backends.objects.put(key, pdf_bytes(), content_type="application/pdf", immutable=True)
    session.add(
        DocumentFile(
            document_id=document.id,
            role=FileRole.ISSUED,
            version=1,
            object_key=key,
            filename=f"{number}-UBND-VP.pdf",
            content_type="application/pdf",
            size=stored.size,
            sha256=stored.sha256,
            immutable=True,
            created_by_id=office.clerk.id,
        )
    )
    session.commit()
    return int(document.id)


def _release(client: TestClient, office: Office, document_id: int, *organs: tuple[str, str]):  # type: ignore[no-untyped-def]
    recipients = [{"kind": "external", "organ_id": organ_id, "name": name} for organ_id, name in organs]
    return client.post(
        f"/api/v1/outgoing/{document_id}/release",
        json={"recipients": recipients},
        headers=login(client, office.clerk),
    )


def test_release_to_a_listed_agency_without_a_connection_is_refused_and_nothing_is_released(
    client: TestClient, session: Session, backends: Backends, office: Office, loopback: None
) -> None:
    admin = login(client, office.admin)
    _add(client, admin, NOI_VU, "Sở Nội vụ")
    _add(client, admin, TAI_CHINH, "Sở Tài chính")
    _peer(client, admin, TAI_CHINH, transport="direct", endpoint="http://127.0.0.1:9", secret=SECRET)
    shown = _entries(client, login(client, office.clerk))
    assert (shown[NOI_VU]["reachable"], shown[NOI_VU]["route"]) == (False, None)  # shown, not choosable
    assert shown[TAI_CHINH]["reachable"] is True
    document_id = _issued(session, backends, office, "31")

    refused = _release(client, office, document_id, (TAI_CHINH, "Sở Tài chính"), (NOI_VU, "Sở Nội vụ"))
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["code"] == "outgoing.recipient_unreachable"
    assert (
        body["message"]
        == "Không gửi liên thông được: chưa có kết nối liên thông tới Sở Nội vụ (000.00.12.H40)."
    )
    assert [d["organ_id"] for d in body["detail"]] == [NOI_VU]

    session.expire_all()
    document = session.get(Document, document_id)
    assert document is not None and document.status == DocumentStatus.ISSUED
    assert session.scalars(select(Recipient).where(Recipient.document_id == document_id)).all() == []
    assert (
        session.scalars(select(ExternalDelivery).where(ExternalDelivery.document_id == document_id)).all()
        == []
    )
    assert not [
        m
        for m in session.scalars(select(OutboxMessage).where(OutboxMessage.task == SEND_OUTSIDE))
        if m.kwargs.get("document_id") == document_id
    ]

    # An entry set aside is refused too, even where the default route would carry it.
    _peer(client, admin, "*", transport="hub", endpoint="http://127.0.0.1:9", secret=SECRET)
    noi_vu = _entries(client, admin)[NOI_VU]
    assert noi_vu["reachable"] is True and noi_vu["route"]["is_default"] is True
    client.patch(f"{API}/{noi_vu['id']}", json={"active": False}, headers=admin)
    set_aside = _release(client, office, document_id, (NOI_VU, "Sở Nội vụ"))
    assert set_aside.status_code == 422 and "đã ngừng sử dụng" in set_aside.json()["message"]


def test_release_to_two_reachable_entries_at_once_queues_both(
    client: TestClient,
    session: Session,
    backends: Backends,
    office: Office,
    loopback: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin = login(client, office.admin)
    _add(client, admin, NOI_VU, "Sở Nội vụ")
    _add(client, admin, TAI_CHINH, "Sở Tài chính")
    # Sở Tài chính by a direct peer of its own, everyone else through the province's hub.
    _peer(client, admin, TAI_CHINH, transport="direct", endpoint="http://127.0.0.1:9", secret=SECRET)
    _peer(client, admin, "*", transport="hub", endpoint="http://127.0.0.1:9", secret=SECRET)
    document_id = _issued(session, backends, office, "32")

    released = _release(client, office, document_id, (NOI_VU, "Sở Nội vụ"), (TAI_CHINH, "Sở Tài chính"))
    assert released.status_code == 200, released.text
    assert released.json()["status"] == "released"
    assert sorted((d["organ_id"], d["status"]) for d in released.json()["deliveries"]) == [
        (NOI_VU, "pending"),
        (TAI_CHINH, "pending"),
    ]
    # The release's effect queues one edXML package for each of them.
    [message] = [
        m
        for m in session.scalars(select(OutboxMessage).where(OutboxMessage.task == SEND_OUTSIDE))
        if m.kwargs.get("document_id") == document_id
    ]
    monkeypatch.setattr(exchange_tasks, "backends", lambda: backends)
    assert exchange_tasks.send_outside_task(**message.kwargs) == 2
    packages = session.scalars(
        select(OutboundPackage).where(OutboundPackage.document_id == document_id)
    ).all()
    assert sorted(p.organ_id for p in packages) == [NOI_VU, TAI_CHINH]

    # The directory and the connections show what waits for each, by the connection that carries it.
    entries = _entries(client, admin)
    for organ_id in (NOI_VU, TAI_CHINH):
        health = entries[organ_id]["health"]
        assert (health["state"], health["pending"], health["failed"]) == ("pending", 1, 0)
    assert entries[TAI_CHINH]["route"]["transport"] == "direct"
    assert entries[NOI_VU]["route"]["transport"] == "hub"
    connections = client.get(f"{API}/connections", headers=admin)
    assert connections.status_code == 200, connections.text
    by_organ = {c["organ_id"]: c for c in connections.json()}
    assert list(by_organ) == ["*", TAI_CHINH]
    assert by_organ["*"]["is_default"] is True and by_organ["*"]["health"]["pending"] == 1
    assert by_organ[TAI_CHINH]["health"]["pending"] == 1
    assert "secret" not in by_organ["*"]
