"""The sổ đến never duplicates or skips a number, even with 50 registrations at the same moment."""

from __future__ import annotations

import io
import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.documents.files import Upload, file_batch
from eoffice.documents.kinds import DocumentType
from eoffice.documents.models import Document
from eoffice.documents.service import Actor
from eoffice.incoming.schemas import IncomingCreate
from eoffice.incoming.service import register_incoming
from eoffice.orgs.models import Role, User
from eoffice.registers import document_symbol, format_number
from tests.eoffice import factories
from tests.eoffice.documents.conftest import pdf_bytes

CONCURRENT = 50


def test_fifty_concurrent_registrations_get_numbers_1_to_50(session: Session, backends: Backends) -> None:
    agency = factories.create_agency(session)
    clerk_id = factories.create_user(session, roles=(Role.CLERK,), agency=agency).id
    barrier = threading.Barrier(CONCURRENT)
    errors: list[BaseException] = []

    def register(index: int) -> None:
        try:
            data = IncomingCreate(
                title=f"Công văn {index}", doc_type=DocumentType.CONG_VAN, issuer="Sở Nội vụ"
            )
            barrier.wait(timeout=60)  # all start together, then queue for the pool's connections
            with backends.sessions() as own:
                actor = Actor(own.get(User, clerk_id))  # type: ignore[arg-type]
                with file_batch(backends.objects) as batch:
                    scan = Upload(stream=io.BytesIO(pdf_bytes()), filename=f"cv-{index}.pdf")
                    register_incoming(
                        own, batch, actor, data, [scan], max_upload_bytes=1 << 20, timezone="Asia/Ho_Chi_Minh"
                    )
                    own.commit()
        except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=register, args=(i,)) for i in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(session.scalars(select(Document.register_number).where(Document.agency_id == agency.id)))
    assert sorted(numbers) == list(range(1, CONCURRENT + 1))


def test_numbers_and_symbols_are_written_as_the_decree_says(session: Session) -> None:
    agency = factories.create_agency(session, abbreviation="UBND")
    office = factories.create_department(session, agency, abbreviation="VP")
    assert [format_number(n) for n in (1, 5, 9, 10, 123)] == ["01", "05", "09", "10", "123"]
    assert document_symbol(DocumentType.QUYET_DINH, agency, office) == "QĐ-UBND"
    assert document_symbol(DocumentType.CONG_VAN, agency, office) == "UBND-VP"
    assert document_symbol(DocumentType.KE_HOACH, agency, None) == "KH-UBND"
