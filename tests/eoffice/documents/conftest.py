"""An agency with the people of a document's life — văn thư, lãnh đạo, trưởng phòng, chuyên viên — plus
a specialist of another department and one of another agency, and small real files to upload."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from eoffice.orgs.models import Agency, Department, Role, User
from tests.eoffice import factories


@dataclass
class Office:
    agency: Agency
    office_dept: Department  # Văn phòng
    home_affairs: Department  # Phòng Nội vụ
    finance: Department  # Phòng Tài chính
    clerk: User
    leader: User
    deputy: User
    head: User  # trưởng phòng Nội vụ
    specialist: User  # chuyên viên Nội vụ
    colleague: User  # chuyên viên Nội vụ
    other_department: User  # chuyên viên Tài chính
    other_agency: User  # văn thư + lãnh đạo of another agency
    admin: User


@pytest.fixture
def office(session: Session) -> Office:
    agency = factories.create_agency(session, abbreviation="UBND")
    vp = factories.create_department(session, agency, name="Văn phòng", abbreviation=factories.unique("VP"))
    nv = factories.create_department(
        session, agency, name="Phòng Nội vụ", abbreviation=factories.unique("NV")
    )
    tc = factories.create_department(
        session, agency, name="Phòng Tài chính", abbreviation=factories.unique("TC")
    )
    other = factories.create_agency(session)

    def user(roles: tuple[Role, ...], department: Department | None, **kw: object) -> User:
        return factories.create_user(session, roles=roles, agency=agency, department=department, **kw)  # type: ignore[arg-type]

    return Office(
        agency=agency,
        office_dept=vp,
        home_affairs=nv,
        finance=tc,
        clerk=user((Role.CLERK,), vp, position="Văn thư"),
        leader=user((Role.LEADER,), None, position="Chủ tịch", full_name="Nguyễn Văn An"),
        deputy=user((Role.LEADER,), None, position="Phó Chủ tịch"),
        head=user((Role.DEPARTMENT_HEAD,), nv, position="Trưởng phòng"),
        specialist=user((Role.SPECIALIST,), nv),
        colleague=user((Role.SPECIALIST,), nv),
        other_department=user((Role.SPECIALIST,), tc),
        other_agency=factories.create_user(session, roles=(Role.CLERK, Role.LEADER), agency=other),
        admin=user((Role.ADMIN,), None),
    )


def pdf_bytes(pages: int = 1) -> bytes:
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


def register(
    client: TestClient,
    headers: dict[str, str],
    *,
    files: list[tuple[str, bytes, str]] | None = None,
    **metadata: object,
) -> dict:  # type: ignore[type-arg]
    """Register an incoming document through the API; returns its detail (asserts 201).

    Without `files` it sends a one-page scan: an entry in the sổ đến needs a file."""
    import json

    if files is None:
        files = [("scan.pdf", pdf_bytes(), "application/pdf")]

    body = {"title": "Về việc triển khai cải cách hành chính", "doc_type": "cong_van", "issuer": "Sở Nội vụ"}
    body.update(metadata)
    parts = [("files", (name, content, ctype)) for name, content, ctype in files or []]
    response = client.post(
        "/api/v1/incoming",
        data={"metadata": json.dumps(body, default=str)},
        files=parts or None,
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]
