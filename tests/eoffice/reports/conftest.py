"""An agency whose văn thư has registered, assigned and handled documents through the real API, for the
register exports and the statistics.

The data is built once per test module and database (it takes a few seconds): incoming documents completed
on time and late, overdue, in progress, not yet assigned, secret, recalled, and one of the previous year.
Arrival times lie a few days back but always inside the current year (in the agency's time zone), so the
figures hold on any day of the year; expected values are derived from the data the API returned.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.backends import Backends
from eoffice.orgs.models import Agency, Department, Role, User
from tests.eoffice import factories
from tests.eoffice.documents.conftest import pdf_bytes
from tests.eoffice.exchange_routes import connect
from tests.eoffice.factories import login

JSONDict = dict[str, Any]


@pytest.fixture(scope="module")
def api(app: FastAPI) -> Iterator[TestClient]:
    """One client for the module's data building and its tests."""
    with TestClient(app) as test_client:
        yield test_client


@dataclass
class Office:
    agency: Agency
    other_agency: Agency
    training: Department  # Phòng Đào tạo
    home_affairs: Department  # Phòng Nội vụ
    finance: Department  # Phòng Tài chính
    health: Department  # Phòng Y tế
    clerk: User
    leader: User
    admin: User
    head: User  # lãnh đạo Phòng Nội vụ
    specialist: User  # chuyên viên Phòng Nội vụ
    finance_specialist: User
    outsider: User  # văn thư + lãnh đạo of the other agency
    timezone: str
    today: date
    docs: dict[str, JSONDict] = field(default_factory=dict)

    def headers(self, user: User, client: TestClient) -> dict[str, str]:
        return login(client, user)


def _office(session: Session, timezone: str, today: date) -> Office:
    agency = factories.create_agency(session, name=factories.unique("Ủy ban nhân dân huyện Thử nghiệm "))
    agency = session.get(Agency, agency.id)  # type: ignore[assignment]
    agency.parent_name = "Ủy ban nhân dân tỉnh Demo"
    session.commit()
    other = factories.create_agency(session, name=factories.unique("Ủy ban nhân dân huyện An Lão "))

    def department(name: str) -> Department:
        return factories.create_department(session, agency, name=name)

    training, home_affairs = department("Phòng Đào tạo"), department("Phòng Nội vụ")
    finance, health = department("Phòng Tài chính"), department("Phòng Y tế")

    def user(roles: tuple[Role, ...], unit: Department | None, **fields: Any) -> User:
        return factories.create_user(session, roles=roles, agency=agency, department=unit, **fields)

    return Office(
        agency=agency,
        other_agency=other,
        training=training,
        home_affairs=home_affairs,
        finance=finance,
        health=health,
        clerk=user((Role.CLERK,), None, position="Văn thư"),
        leader=user((Role.LEADER,), None, position="Chủ tịch", full_name="Trần Thị Bình"),
        admin=user((Role.ADMIN,), None),
        head=user((Role.DEPARTMENT_HEAD,), home_affairs, position="Trưởng phòng"),
        specialist=user((Role.SPECIALIST,), home_affairs),
        finance_specialist=user((Role.SPECIALIST,), finance),
        outsider=factories.create_user(session, roles=(Role.CLERK, Role.LEADER), agency=other),
        timezone=timezone,
        today=today,
    )


def arrival(days_back: float, timezone: str) -> datetime:
    """`days_back` days ago, but never before this year began in the agency's time zone."""
    now = datetime.now(UTC)
    year_start = datetime(now.astimezone(ZoneInfo(timezone)).year, 1, 1, tzinfo=ZoneInfo(timezone))
    return now - min(timedelta(days=days_back), (now - year_start) * 0.9)


def register(client: TestClient, headers: dict[str, str], **metadata: Any) -> JSONDict:
    body = {"doc_type": "cong_van", "issuer": "Sở Nội vụ"}
    body.update(metadata)
    response = client.post(
        "/api/v1/incoming",
        data={"metadata": json.dumps(body, default=str)},
        files=[("files", ("scan.pdf", pdf_bytes(), "application/pdf"))],  # an entry needs a file
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def post(
    client: TestClient, path: str, body: JSONDict, headers: dict[str, str], status: int = 200
) -> JSONDict:
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == status, response.text
    return response.json()  # type: ignore[no-any-return]


def assign(client: TestClient, doc: JSONDict, headers: dict[str, str], *items: JSONDict) -> JSONDict:
    return post(
        client, f"/api/v1/incoming/{doc['id']}/assignments", {"assignments": list(items)}, headers, 201
    )


def build_incoming(client: TestClient, office: Office) -> None:
    """The incoming documents of the agency, handled through the API, into `office.docs` by role."""
    clerk, leader = login(client, office.clerk), login(client, office.leader)
    tz, today = office.timezone, office.today
    nv, tc = office.home_affairs.id, office.finance.id

    on_time = register(
        client,
        clerk,
        title="V/v triển khai cải cách hành chính năm 2026",
        number="101",
        symbol="SNV-CCHC",
        issue_date=str(today - timedelta(days=6)),
        urgency="khan",
        arrived_at=arrival(5, tz).isoformat(),
    )
    assign(
        client,
        on_time,
        leader,
        {"role": "xu_ly_chinh", "department_id": nv, "deadline": str(today + timedelta(days=5))},
        {"role": "phoi_hop", "department_id": tc},
        {"role": "phoi_hop", "department_id": office.training.id},
        {"role": "de_biet", "user_id": office.clerk.id},
    )
    # the unit's xử lý chính is held by its head, who completes it for Phòng Nội vụ
    office.docs["on_time"] = post(
        client,
        f"/api/v1/incoming/{on_time['id']}/complete",
        {"result": "Đã báo cáo"},
        login(client, office.head),
    )

    late = register(
        client,
        clerk,
        title="V/v báo cáo tình hình thực hiện nhiệm vụ quý III",
        number="57",
        symbol="STC-NS",
        issuer="Sở Tài chính",
        doc_type="thong_bao",
        arrived_at=arrival(8, tz).isoformat(),
    )
    assign(
        client,
        late,
        leader,
        {"role": "xu_ly_chinh", "department_id": nv, "deadline": str(today - timedelta(days=3))},
    )
    office.docs["late"] = post(client, f"/api/v1/incoming/{late['id']}/complete", {}, leader)

    overdue = register(
        client, clerk, title="V/v rà soát biên chế năm 2027", arrived_at=arrival(4, tz).isoformat()
    )
    office.docs["overdue"] = assign(
        client,
        overdue,
        leader,
        {"role": "xu_ly_chinh", "department_id": tc, "deadline": str(today - timedelta(days=2))},
    )

    handling = register(
        client, clerk, title="V/v lập dự toán ngân sách", arrived_at=arrival(3, tz).isoformat()
    )
    assign(
        client,
        handling,
        leader,
        {"role": "xu_ly_chinh", "department_id": tc, "deadline": str(today + timedelta(days=10))},
    )
    office.docs["in_progress"] = post(
        client,
        f"/api/v1/incoming/{handling['id']}/notes",
        {"text": "Đang tổng hợp số liệu"},
        login(client, office.finance_specialist),
        201,
    )

    office.docs["unassigned"] = register(
        client,
        clerk,
        title="Giấy mời dự hội nghị tổng kết",
        doc_type="giay_moi",
        arrived_at=arrival(1, tz).isoformat(),
    )

    # a secret document: the văn thư registers it naming the specialist, who is given it personally
    secret = register(
        client,
        clerk,
        title="V/v kế hoạch bảo vệ bí mật nhà nước",
        secrecy="mat",
        named_user_ids=[office.specialist.id],
        arrived_at=arrival(2, tz).isoformat(),
    )
    office.docs["secret"] = assign(
        client,
        secret,
        clerk,
        {"role": "xu_ly_chinh", "user_id": office.specialist.id, "deadline": str(today + timedelta(days=3))},
    )

    recalled = register(client, clerk, title="V/v văn bản gửi nhầm", arrived_at=arrival(0.5, tz).isoformat())
    office.docs["recalled"] = post(
        client, f"/api/v1/incoming/{recalled['id']}/recall", {"reason": "Gửi nhầm cơ quan"}, clerk
    )

    last_year = datetime(today.year - 1, 12, 20, 9, 0, tzinfo=ZoneInfo(tz))
    office.docs["last_year"] = register(
        client, clerk, title="V/v tổng kết năm", arrived_at=last_year.isoformat()
    )


@pytest.fixture(scope="module")
def office(api: TestClient, backends: Backends) -> Office:
    timezone = backends.settings.timezone
    today = clock.today(timezone)
    with backends.sessions() as session:
        built = _office(session, timezone, today)
        for value in vars(built).values():  # load every column, then detach: tests read them freely
            if isinstance(value, Agency | Department | User):
                session.refresh(value)
        session.expunge_all()
    build_incoming(api, built)
    return built


OUTGOING_RECIPIENTS = [
    {"kind": "external", "organ_id": "000.00.00.G22", "name": "Sở Tài chính"},
    {"kind": "external", "organ_id": "000.00.00.G23", "name": "Đài Phát thanh và Truyền hình tỉnh"},
    {"kind": "external", "organ_id": "000.00.00.G24", "name": "Bộ Nội vụ"},
]


def build_outgoing(client: TestClient, office: Office, backends: Backends, titles: list[str]) -> None:
    """Văn bản đi drafted by the Nội vụ specialist, approved and signed by the leader, numbered and signed
    by the văn thư, released to outside agencies and the other agency — into `office.docs["out<i>"]`."""
    from signing.demo_document import DemoDocument, demo_document_pdf
    from tests.eoffice.documents.pki import SIGNING_PIN, provision

    with backends.sessions() as session:
        provision(session, backends, office.agency, [office.leader])
        # release refuses an outside agency no connection reaches
        connect(session, office.agency.id, *(r["organ_id"] for r in OUTGOING_RECIPIENTS))
    admin, specialist = login(client, office.admin), login(client, office.specialist)
    leader, clerk = login(client, office.leader), login(client, office.clerk)
    post(
        client,
        "/api/v1/workflow/routes",
        {"name": "Trình ký", "doc_type": "quyet_dinh", "steps": [{"user_ids": [office.leader.id]}]},
        admin,
        201,
    )
    pdf = demo_document_pdf(DemoDocument(signer_name=office.leader.full_name, position="CHỦ TỊCH", pages=1))
    recipients = [*OUTGOING_RECIPIENTS, {"kind": "agency", "agency_id": office.other_agency.id}]
    for index, title in enumerate(titles):
        response = client.post(
            "/api/v1/outgoing",
            data={
                "metadata": json.dumps({"title": title, "doc_type": "quyet_dinh", "recipients": recipients})
            },
            files={"file": ("du-thao.pdf", pdf, "application/pdf")},
            headers=specialist,
        )
        assert response.status_code == 201, response.text
        doc_id = response.json()["id"]
        post(client, f"/api/v1/outgoing/{doc_id}/submit", {}, specialist)
        post(client, f"/api/v1/outgoing/{doc_id}/approve", {}, leader)
        post(client, f"/api/v1/outgoing/{doc_id}/sign", {"level": "B-B", "pin": SIGNING_PIN}, leader)
        post(client, f"/api/v1/outgoing/{doc_id}/issue", {"level": "B-B", "pin": SIGNING_PIN}, clerk)
        office.docs[f"out{index}"] = post(client, f"/api/v1/outgoing/{doc_id}/release", {}, clerk)
