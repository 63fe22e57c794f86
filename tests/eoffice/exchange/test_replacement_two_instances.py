"""Văn bản thay thế between two installations (real processes on loopback, as `test_two_instances`): A releases
a document to B, B registers it; A drafts its replacement through the API, issues it and releases it naming no
recipient; the replacement reaches B (the replaced document's recipient) as `BussinessDocType` 3, B's văn thư
sees which registered document it replaces, registers it, and B's copy shows "Đã bị thay thế bởi …"; A's
document shows it too.
"""

from __future__ import annotations

import json
from typing import Any

from eoffice import clock
from eoffice.backends import Backends
from eoffice.documents.kinds import DocumentStatus, FileRole
from eoffice.documents.models import Document, DocumentFile
from eoffice.keys import signer_for_agency
from eoffice.orgs.models import Agency
from signing import PadesSigner
from tests.eoffice.documents.pki import SIGNING_PIN
from tests.eoffice.exchange import test_two_instances as two
from tests.eoffice.exchange.test_two_instances import (
    CODES,
    Instance,
    _blank_pdf,
    _issued_document,
    _pending,
    _release,
    _wait_for,
)

network = two.network  # the fixture: A, B and C with their peers, and the hub


def _issue(instance: Instance, document_id: int, number: str) -> None:
    """The route, the leader's signature and the number as the văn thư leaves them (tested elsewhere): the
    draft becomes issued with a PDF signed by the agency key."""
    backends = Backends(instance.settings)
    with backends.sessions() as session:
        agency = session.query(Agency).one()
        signed = PadesSigner(signer_for_agency(session, backends, agency, SIGNING_PIN)).sign(_blank_pdf())
        document = session.get(Document, document_id)
        assert document is not None
        document.status, document.number, document.symbol = DocumentStatus.ISSUED, number, "QĐ-UBND"
        document.issue_date = clock.today()
        key = f"documents/{document.id}/issued.pdf"
        stored = backends.objects.put(key, signed, content_type="application/pdf", immutable=True)
        session.add(
            DocumentFile(
                document_id=document.id,
                role=FileRole.ISSUED,
                version=1,
                object_key=key,
                filename=f"{number}-QD-UBND.pdf",
                content_type="application/pdf",
                size=stored.size,
                sha256=stored.sha256,
                immutable=True,
                created_by_id=document.created_by_id,
            )
        )
        session.commit()
    backends.close()


def _links(instance: Instance, path: str) -> list[tuple[str, int, str]]:
    answer = instance.api("GET", path)
    assert answer.status_code == 200, answer.text
    return [(link["relation"], link["document_id"], link["label"]) for link in answer.json()["links"]]


def test_a_replacement_reaches_the_same_agency_which_links_its_registered_copy(
    network: dict[str, Instance],
) -> None:
    a, b = network["A"], network["B"]
    if b.process is None:
        b.start()
    today = f"{clock.today():%Y/%m/%d}"
    old_id = _issued_document(a, "21", "Về việc ban hành kế hoạch năm")
    _release(a, old_id, ["B"])
    at_b = _wait_for("the first document at B", lambda: _pending(b, f"{CODES['A']},{today},21/QĐ-UBND"))
    accepted = b.api("POST", f"/exchange/received/{at_b['id']}/accept", json={})
    assert accepted.status_code == 200, accepted.text
    old_copy = int(accepted.json()["incoming_document_id"])

    metadata = {
        "title": "Về việc ban hành kế hoạch năm (thay thế)",
        "doc_type": "quyet_dinh",
        "replaces": {"document_id": old_id, "kind": "thay_the"},
    }
    created = a.api("POST", "/outgoing", data={"metadata": json.dumps(metadata)})
    assert created.status_code == 201, created.text
    new_id = int(created.json()["id"])
    _issue(a, new_id, "22")
    _release(a, new_id, [])  # names nobody: it goes to the replaced document's recipients

    def replacement_at_b() -> dict[str, Any] | None:
        return _pending(b, f"{CODES['A']},{today},22/QĐ-UBND")

    item = _wait_for("the replacement at B", replacement_at_b)
    assert (item["state"], item["business_type"]) == ("pending", "replacement")
    detail = b.api("GET", f"/exchange/received/{item['id']}").json()
    assert [r["incoming_document_id"] for r in detail["replaces"]] == [old_copy]
    accepted = b.api("POST", f"/exchange/received/{item['id']}/accept", json={})
    assert accepted.status_code == 200, accepted.text
    new_copy = int(accepted.json()["incoming_document_id"])

    [(relation, other, label)] = _links(b, f"/incoming/{old_copy}")
    assert (relation, other) == ("bi_thay_the", new_copy) and "22/QĐ-UBND" in label
    assert _links(b, f"/incoming/{new_copy}")[0][:2] == ("thay_the", old_copy)
    [(relation, other, label)] = _links(a, f"/outgoing/{old_id}")
    assert (relation, other, label) == ("bi_thay_the", new_id, "Đã bị thay thế bởi văn bản số 22/QĐ-UBND")
