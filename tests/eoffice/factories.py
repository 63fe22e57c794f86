"""Builders for organisation data and logins, shared by every application test.

Names are unique per call (a counter plus a random suffix) because a module's tests share one database.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from functools import cache

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from eoffice.auth import hash_password, issue_token
from eoffice.backends import Backends
from eoffice.orgs.models import Agency, Department, Role, RoleAssignment, User

DEFAULT_PASSWORD = "Mat-khau-thu-nghiem-1"
_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}{uuid.uuid4().hex[:6]}"


@cache
def _password_hash(password: str) -> str:
    """argon2 is slow on purpose; tests reuse one hash per password."""
    return hash_password(password)


def create_agency(
    session: Session,
    *,
    code: str | None = None,
    name: str | None = None,
    abbreviation: str = "UBND",
    place: str = "Demo",
    parent_name: str = "",
) -> Agency:
    suffix = unique("")
    agency = Agency(
        code=code or f"000.00.{suffix[:2]}.T{suffix[-6:]}",
        name=name or f"Ủy ban nhân dân thử nghiệm {suffix}",
        abbreviation=abbreviation,
        place=place,
        parent_name=parent_name,
    )
    session.add(agency)
    session.commit()
    return agency


def create_department(
    session: Session, agency: Agency, *, name: str | None = None, abbreviation: str | None = None
) -> Department:
    abbreviation = abbreviation or unique("P")
    department = Department(
        agency_id=agency.id, name=name or f"Phòng {abbreviation}", abbreviation=abbreviation
    )
    session.add(department)
    session.commit()
    return department


def create_user(
    session: Session,
    *,
    roles: Iterable[Role | str] = (Role.SPECIALIST,),
    agency: Agency | None = None,
    department: Department | None = None,
    username: str | None = None,
    password: str = DEFAULT_PASSWORD,
    full_name: str | None = None,
    position: str = "Chuyên viên",
    is_active: bool = True,
) -> User:
    """A committed user holding `roles` in `agency` (a new agency when omitted)."""
    if agency is None:
        agency = department.agency if department is not None else create_agency(session)
    username = username or unique("user")
    user = User(
        username=username,
        full_name=full_name or f"Nguyễn Văn {username}",
        password_hash=_password_hash(password),
        agency_id=agency.id,
        department_id=department.id if department is not None else None,
        position=position,
        is_active=is_active,
    )
    user.roles = [RoleAssignment(agency_id=agency.id, role=Role(role)) for role in roles]
    session.add(user)
    session.commit()
    return user


def login(client: TestClient, user: User) -> dict[str, str]:
    """Bearer headers for `user`, issued directly (no password round trip, no rate limit involved)."""
    backends = client.app.state.backends  # type: ignore[attr-defined]
    with backends.sessions() as session:
        token = issue_token(session, session.get(User, user.id), kind="bearer")
        session.commit()
    return {"Authorization": f"Bearer {token}"}


def login_with_password(
    client: TestClient, username: str, password: str = DEFAULT_PASSWORD
) -> dict[str, str]:
    """Browser-style login: the client keeps the session cookie; returns the CSRF header for writes."""
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}


def register_file(backends: Backends, clerk_id: int, filename: str, content: bytes, title: str = "") -> int:
    """Vào sổ one received file as `clerk_id` through the incoming service, committed; returns the document id.

    The service writes the pipeline and index effect itself; a worker (or `settle`) carries it out.
    """
    import io

    from eoffice.documents.files import Upload, file_batch
    from eoffice.documents.kinds import DocumentType
    from eoffice.documents.service import Actor
    from eoffice.incoming.schemas import IncomingCreate
    from eoffice.incoming.service import register_incoming

    with backends.sessions() as session:
        clerk = session.get(User, clerk_id)
        assert clerk is not None
        data = IncomingCreate(
            title=title or f"Văn bản {filename}", doc_type=DocumentType.CONG_VAN, issuer="Sở Nội vụ tỉnh Demo"
        )
        with file_batch(backends.objects) as batch:
            document = register_incoming(
                session,
                batch,
                Actor(clerk),
                data,
                [Upload(stream=io.BytesIO(content), filename=filename)],
                max_upload_bytes=backends.settings.max_upload_bytes,
                timezone=backends.settings.timezone,
            )
            session.commit()
        return document.id


_SETTLED: dict[str, int] = {}


def settle(backends: Backends, *only: int) -> list[int]:
    """Carry out, in this process, every `documents_changed` effect written since the last call (what the
    worker does: pipeline stages, then the index), and make the index current; returns the documents.
    With `only`, just those documents' effects: a module's earlier documents, each a few pipeline child
    processes, are not the test's concern.

    Tests whose app has no worker call this between a change and a search, instead of sleeping."""
    from sqlalchemy import select

    from eoffice.effects import DOCUMENT_CHANGED
    from eoffice.processing import apply_changes_now
    from eoffice.tasks.outbox import OutboxMessage

    if only:
        apply_changes_now(backends, list(only))
        backends.search.refresh()
        return list(only)

    key = backends.settings.database_url
    with backends.sessions() as session:
        rows = session.execute(
            select(OutboxMessage.id, OutboxMessage.kwargs)
            .where(OutboxMessage.task == DOCUMENT_CHANGED, OutboxMessage.id > _SETTLED.get(key, 0))
            .order_by(OutboxMessage.id)
        ).all()
    if rows:
        _SETTLED[key] = rows[-1].id
    document_ids = list(dict.fromkeys(int(kwargs["document_id"]) for _id, kwargs in rows))
    apply_changes_now(backends, document_ids)
    backends.search.refresh()
    return document_ids
