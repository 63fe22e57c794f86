"""The read model (`document_readers`) follows every change that moves who may read a document, and the
inbox's big views stop counting at the configured cap ("hơn 10 000"), on both database backends.

What a user notices: after a head forwards a document to his specialist, the specialist finds it in his
inbox and opens it; a specialist of another unit still does not; a document with độ mật reaches only the
people named on it. After each step the stored readers equal the rule computed from the rows
(`document_principals`), so a write path that skipped the read model would show here.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.backends import Backends
from eoffice.documents.kinds import OPEN_INCOMING, Secrecy
from eoffice.documents.models import Document, DocumentReader, ReaderTally
from eoffice.permissions import TALLY_GROUPS, document_principals, fill_readers, fold_tallies
from eoffice.settings import Settings
from tests.eoffice.documents.conftest import Office, register
from tests.eoffice.factories import login

CAP = 3


@pytest.fixture(scope="module")
def settings(settings: Settings) -> Settings:
    """The suite's settings with a small count cap, so a capped view needs four documents, not 10 001."""
    return settings.model_copy(update={"inbox_count_cap": CAP})


def _inbox(client: TestClient, headers: dict[str, str], **params: str) -> dict:  # type: ignore[type-arg]
    response = client.get("/api/v1/incoming", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _listed(client: TestClient, headers: dict[str, str], document_id: int) -> bool:
    return document_id in [d["id"] for d in _inbox(client, headers, page_size="100")["items"]]


def _opens(client: TestClient, headers: dict[str, str], document_id: int) -> bool:
    status = client.get(f"/api/v1/incoming/{document_id}", headers=headers).status_code
    assert status in (200, 403, 404), status
    return status == 200


def _assert_read_model_in_step(session: Session, *document_ids: int) -> None:
    session.expire_all()
    for document_id in document_ids:
        document = session.get_one(Document, document_id)
        rows = session.execute(
            select(DocumentReader.principal, DocumentReader.is_open).where(
                DocumentReader.document_id == document_id
            )
        ).all()
        assert {principal for principal, _ in rows} == document_principals(document), document_id
        # the open views find it through the open readers exactly while it is being handled
        assert {is_open for _, is_open in rows} == {document.status in OPEN_INCOMING}, document.status
        # and each entry carries the columns the inbox counts by, as they are now
        carried = session.execute(
            select(
                DocumentReader.agency_id,
                DocumentReader.kind,
                DocumentReader.status,
                DocumentReader.deadline,
                DocumentReader.is_secret,
            ).where(DocumentReader.document_id == document_id)
        ).all()
        secret = document.secrecy != Secrecy.NONE
        assert set(carried) == {
            (document.agency_id, document.kind, document.status, document.deadline, secret)
        }
    _assert_tallies_in_step(session)


def _tallies(session: Session) -> dict[tuple[Any, ...], int]:
    """The tallies' sum per key, keys whose sum is 0 left out."""
    sums = session.execute(
        select(*(ReaderTally.__table__.c[g] for g in TALLY_GROUPS), func.sum(ReaderTally.n)).group_by(
            *(ReaderTally.__table__.c[g] for g in TALLY_GROUPS)
        )
    ).all()
    return {tuple(row[:-1]): row[-1] for row in sums if row[-1]}


def _assert_tallies_in_step(session: Session) -> None:
    """Every key's tally is the number of reader entries with that key, counted afresh."""
    entries = session.execute(
        select(
            DocumentReader.principal,
            DocumentReader.agency_id,
            DocumentReader.kind,
            DocumentReader.status,
            DocumentReader.deadline,
            DocumentReader.is_open,
            DocumentReader.is_secret,
        )
    ).all()
    counted: Counter[tuple[Any, ...]] = Counter()
    for principal, agency_id, kind, status, deadline, is_open, is_secret in entries:
        counted[(principal, agency_id, kind, status, deadline if is_open else None, is_secret)] += 1
    assert _tallies(session) == dict(counted)


def test_forwarded_document_reaches_the_specialist_and_only_the_readers(
    client: TestClient, office: Office, session: Session
) -> None:
    clerk, leader, head = (
        login(client, office.clerk),
        login(client, office.leader),
        login(client, office.head),
    )
    specialist, colleague = login(client, office.specialist), login(client, office.colleague)
    outsider, stranger = login(client, office.other_department), login(client, office.other_agency)
    doc = register(client, clerk, title="Về việc rà soát biên chế năm nay")
    _assert_read_model_in_step(session, doc["id"])
    assert not _listed(client, specialist, doc["id"]) and not _opens(client, specialist, doc["id"])

    response = client.post(
        f"/api/v1/incoming/{doc['id']}/assignments",
        json={"assignments": [{"role": "xu_ly_chinh", "department_id": office.home_affairs.id}]},
        headers=leader,
    )
    assert response.status_code == 201, response.text
    response = client.post(
        f"/api/v1/incoming/{doc['id']}/forward", json={"user_id": office.specialist.id}, headers=head
    )
    assert response.status_code == 201, response.text
    _assert_read_model_in_step(session, doc["id"])

    # the specialist finds it among what waits for him and opens it; his unit reads it too
    assert _listed(client, specialist, doc["id"]) and _opens(client, specialist, doc["id"])
    waiting = _inbox(client, specialist, view="cho_xu_ly", mine="true")
    assert doc["id"] in [d["id"] for d in waiting["items"]] and waiting["counts"]["cho_xu_ly"] >= 1
    assert _listed(client, colleague, doc["id"]) and _opens(client, colleague, doc["id"])
    # another unit's specialist and another agency still see nothing of it
    for headers in (outsider, stranger):
        assert not _listed(client, headers, doc["id"]) and not _opens(client, headers, doc["id"])

    # recalled (thu hồi): the readers are recomputed, the other unit still sees nothing, the specialist keeps it
    response = client.post(f"/api/v1/incoming/{doc['id']}/recall", json={"reason": "Thu hồi"}, headers=clerk)
    assert response.status_code == 200, response.text
    _assert_read_model_in_step(session, doc["id"])
    assert not _listed(client, outsider, doc["id"]) and not _opens(client, outsider, doc["id"])
    assert _opens(client, specialist, doc["id"])
    # and it has left the open views (the open readers' index no longer holds it)
    assert doc["id"] not in [d["id"] for d in _inbox(client, specialist, view="cho_xu_ly")["items"]]


def test_a_secret_document_reaches_only_the_people_named_on_it(
    client: TestClient, office: Office, session: Session
) -> None:
    clerk, leader, head = (
        login(client, office.clerk),
        login(client, office.leader),
        login(client, office.head),
    )
    specialist, colleague = login(client, office.specialist), login(client, office.colleague)
    doc = register(
        client, clerk, title="Về công tác bảo vệ bí mật", secrecy="mat", named_user_ids=[office.leader.id]
    )
    _assert_read_model_in_step(session, doc["id"])
    assert _opens(client, leader, doc["id"]) and not _opens(client, head, doc["id"])

    response = client.post(
        f"/api/v1/incoming/{doc['id']}/assignments",
        json={"assignments": [{"role": "xu_ly_chinh", "user_id": office.specialist.id}]},
        headers=leader,
    )
    assert response.status_code == 201, response.text
    _assert_read_model_in_step(session, doc["id"])
    assert _listed(client, specialist, doc["id"]) and _opens(client, specialist, doc["id"])
    # độ mật: the unit's other members and its head are not readers
    assert not _listed(client, colleague, doc["id"]) and not _opens(client, head, doc["id"])

    # a grant names one more person, in the same transaction as the read model
    response = client.post(
        f"/api/v1/documents/{doc['id']}/access", json={"user_ids": [office.colleague.id]}, headers=leader
    )
    assert response.status_code == 204, response.text
    _assert_read_model_in_step(session, doc["id"])
    assert _listed(client, colleague, doc["id"]) and _opens(client, colleague, doc["id"])


def test_big_views_stop_counting_at_the_cap_and_open_views_stay_exact(
    client: TestClient, office: Office
) -> None:
    clerk, specialist = login(client, office.clerk), login(client, office.specialist)
    for k in range(CAP + 2):
        register(client, clerk, title=f"Về việc tổng hợp số liệu đợt {k}")

    page = _inbox(client, clerk)
    counts = page["counts"]
    # "tất cả": more than the cap, so the count says "hơn 3" rather than counting on
    assert counts["all"] == CAP + 1 and counts["all_capped"] is True
    assert page["total"] == CAP + 1 and page["total_capped"] is True
    assert len(_inbox(client, clerk, page_size="100")["items"]) == CAP + 2  # the list itself is whole
    # chờ xử lý is an open view: exact, even above the cap
    pending = _inbox(client, clerk, view="cho_xu_ly")
    assert pending["total"] == CAP + 2 and pending["total_capped"] is False
    assert pending["counts"]["cho_xu_ly"] == CAP + 2
    # nothing completed yet: exact and not capped
    done = _inbox(client, clerk, view="da_hoan_thanh")
    assert (
        done["total"] == 0
        and done["total_capped"] is False
        and done["counts"]["da_hoan_thanh_capped"] is False
    )
    # a reader of none of them counts none of them
    nothing = _inbox(client, specialist)
    assert nothing["counts"]["all"] == 0 and nothing["counts"]["all_capped"] is False


COUNTED = ("all", "cho_xu_ly", "dang_xu_ly", "qua_han", "da_hoan_thanh", "all_capped", "da_hoan_thanh_capped")


def test_a_plain_inbox_counts_from_the_read_model_what_a_filtered_one_counts_from_the_documents(
    client: TestClient, office: Office, session: Session, settings: Settings
) -> None:
    """The counts of a plain view come from the readers' own entries, a filtered view's from the documents;
    a filter every document passes must give the same numbers, for every role and through every state."""
    clerk, leader = login(client, office.clerk), login(client, office.leader)
    head, specialist = login(client, office.head), login(client, office.specialist)
    people = {
        "văn thư": clerk,
        "lãnh đạo": leader,
        "trưởng phòng": head,
        "chuyên viên": specialist,
        "đồng nghiệp": login(client, office.colleague),
        "phòng khác": login(client, office.other_department),
    }
    yesterday = clock.today(settings.timezone) - timedelta(days=3)

    def assign(doc: dict, **target: object) -> None:  # type: ignore[type-arg]
        body = {"assignments": [{"role": "xu_ly_chinh", **target}]}
        response = client.post(f"/api/v1/incoming/{doc['id']}/assignments", json=body, headers=leader)
        assert response.status_code == 201, response.text

    # two for the unit, one of them overdue; two with độ mật for the specialist alone: the union of his
    # principals passes the cap (3) while neither of them alone does
    for_unit = []
    for k, deadline in enumerate((yesterday, None)):
        for_unit.append(register(client, clerk, title=f"Về việc phân công số {k}"))
        assign(
            for_unit[-1],
            department_id=office.home_affairs.id,
            **({"deadline": str(deadline)} if deadline else {}),
        )
    # the head passes the overdue one to his specialist, who then reads it twice: as himself and as the unit
    response = client.post(
        f"/api/v1/incoming/{for_unit[0]['id']}/forward", json={"user_id": office.specialist.id}, headers=head
    )
    assert response.status_code in (200, 201), response.text
    for k in range(2):
        secret = register(
            client, clerk, title=f"Về việc bảo mật số {k}", secrecy="mat", named_user_ids=[office.leader.id]
        )
        assign(secret, user_id=office.specialist.id)
    # one finished and one cancelled, named to people who read little, so that their counts are exact
    finished = register(client, clerk, title="Về việc đã xong", named_user_ids=[office.other_department.id])
    response = client.post(f"/api/v1/incoming/{finished['id']}/complete", json={}, headers=leader)
    assert response.status_code == 200, response.text
    dropped = register(client, clerk, title="Về việc vào sổ nhầm", named_user_ids=[office.colleague.id])
    response = client.post(
        f"/api/v1/incoming/{dropped['id']}/cancel", json={"reason": "Vào sổ nhầm"}, headers=clerk
    )
    assert response.status_code == 200, response.text

    seen = set()
    for who, headers in people.items():
        plain = _inbox(client, headers)["counts"]
        filtered = _inbox(client, headers, arrived_from="2000-01-01")["counts"]
        assert {k: plain[k] for k in COUNTED} == {k: filtered[k] for k in COUNTED}, who
        seen.add((plain["all"], plain["all_capped"]))
    specialist_counts = _inbox(client, specialist)["counts"]
    assert specialist_counts["all"] == CAP + 1 and specialist_counts["all_capped"] is True
    assert _inbox(client, head)["counts"]["qua_han"] == 1
    assert _inbox(client, people["đồng nghiệp"])["counts"]["all"] == 2  # the cancelled entry is not counted
    assert _inbox(client, people["phòng khác"])["counts"]["da_hoan_thanh"] == 1
    assert len(seen) > 2  # the people see different inboxes, so the comparison compared something

    # the clerk's and the leader's counts are sums of tallies: folding them changes no count, only the rows
    _assert_tallies_in_step(session)
    before = {who: _inbox(client, headers)["counts"] for who, headers in people.items()}
    rows = session.scalar(select(func.count()).select_from(ReaderTally))
    folded = fold_tallies(session.connection())
    session.commit()
    left = session.scalar(select(func.count()).select_from(ReaderTally))
    assert folded > 0 and left == rows - folded == len(_tallies(session))  # a row per key with a count
    assert fold_tallies(session.connection()) == 0  # nothing left to fold
    _assert_tallies_in_step(session)
    assert {who: _inbox(client, headers)["counts"] for who, headers in people.items()} == before
    # nor does rebuilding every reader and tally from the documents (what the 1 M benchmark's generator does)
    fill_readers(session.connection())
    session.commit()
    _assert_tallies_in_step(session)
    assert {who: _inbox(client, headers)["counts"] for who, headers in people.items()} == before


def test_below_the_cap_the_office_counts_are_exact_and_leave_out_a_cancelled_registration(
    client: TestClient, office: Office, session: Session
) -> None:
    """A new office: two letters registered, one cancelled as registered by mistake, one completed, one
    with độ mật for the leader. The clerk and the leader (counted from tallies) see each number exactly."""
    clerk, leader = login(client, office.clerk), login(client, office.leader)
    register(client, clerk, title="Về việc còn chờ")
    dropped = register(client, clerk, title="Về việc vào sổ nhầm")
    response = client.post(
        f"/api/v1/incoming/{dropped['id']}/cancel", json={"reason": "Vào sổ nhầm"}, headers=clerk
    )
    assert response.status_code == 200, response.text
    finished = register(client, clerk, title="Về việc đã xong")
    response = client.post(f"/api/v1/incoming/{finished['id']}/complete", json={}, headers=leader)
    assert response.status_code == 200, response.text
    register(client, clerk, title="Về việc bảo mật", secrecy="mat", named_user_ids=[office.leader.id])
    expected = {"all": 3, "cho_xu_ly": 2, "dang_xu_ly": 0, "qua_han": 0, "da_hoan_thanh": 1}
    for headers in (clerk, leader):
        counts = _inbox(client, headers)["counts"]
        assert {k: counts[k] for k in expected} == expected
        assert counts["all_capped"] is False
    _assert_tallies_in_step(session)


def test_two_rewrites_of_one_documents_readers_at_once_count_it_once(
    client: TestClient, office: Office, session: Session, backends: Backends
) -> None:
    """Two transactions rewrite the same document's readers at the same time (two people acting on it at
    once): the second finds the first's rows, and the tallies count the document once."""
    document = register(client, login(client, office.clerk), title="Về việc hai người cùng xử lý")
    first_wrote, first_may_commit = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def rewrite(wait: threading.Event | None, then: threading.Event | None) -> None:
        try:
            with backends.sessions() as own:
                fill_readers(own.connection(), [document["id"]])
                if then is not None:
                    then.set()
                if wait is not None:
                    wait.wait(10)
                own.commit()
        except BaseException as error:  # noqa: BLE001 - reported by the test's thread below
            errors.append(error)

    first = threading.Thread(target=rewrite, args=(first_may_commit, first_wrote))
    first.start()
    assert first_wrote.wait(10)
    second = threading.Thread(target=rewrite, args=(None, None))
    second.start()  # waits for the first's rows (PostgreSQL) or the database (SQLite)
    second.join(0.5)
    first_may_commit.set()
    first.join(30)
    second.join(30)
    assert not errors, errors
    _assert_read_model_in_step(session, document["id"])
