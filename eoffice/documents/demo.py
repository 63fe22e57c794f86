"""Demo documents in every state, for `eoffice demo` (a `DEMO_DOCUMENT_HOOKS` function).

Idempotent: it does nothing once the demo agency has documents. It goes through the same services as the
API, so every demo document has its files, register numbers, assignments, route decisions, signatures and
audit records. Signatures are made at level B-B so the demo needs no time-stamp server.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.backends import Backends
from eoffice.documents.files import Upload, file_batch
from eoffice.documents.kinds import DocumentType, Urgency
from eoffice.documents.models import Document
from eoffice.documents.service import Actor
from eoffice.incoming import service as incoming
from eoffice.incoming.models import AssignmentRole, NoteKind
from eoffice.incoming.schemas import AssignmentIn, ForwardRequest, IncomingCreate
from eoffice.orgs.models import Role
from eoffice.outgoing import service as outgoing
from eoffice.outgoing.models import RecipientKind
from eoffice.outgoing.schemas import OutgoingCreate, RecipientIn
from eoffice.workflow import service as workflow
from eoffice.workflow.models import ApprovalRoute, Decision
from eoffice.workflow.schemas import RouteIn, StepIn

DEMO_LEVEL = "B-B"

_INCOMING = (
    (
        "Về việc triển khai Kế hoạch cải cách hành chính năm 2026",
        "Sở Nội vụ",
        "45",
        "KH-SNV",
        DocumentType.KE_HOACH,
    ),
    (
        "Về việc báo cáo tình hình thực hiện ngân sách quý I",
        "Sở Tài chính",
        "120",
        "STC-NS",
        DocumentType.CONG_VAN,
    ),
    (
        "Giấy mời dự hội nghị tổng kết công tác văn thư, lưu trữ",
        "Văn phòng UBND tỉnh",
        "18",
        "GM-VP",
        DocumentType.GIAY_MOI,
    ),
    ("Về việc phòng, chống lụt bão năm 2026", "Ban Chỉ huy PCTT", "07", "CV-BCH", DocumentType.CONG_VAN),
    ("Về việc rà soát thủ tục hành chính", "Sở Tư pháp", "233", "STP-HCTP", DocumentType.CONG_VAN),
)


def add_demo_documents(session: Session, backends: Backends, org: Any) -> None:
    """Văn bản đến chờ xử lý, đang xử lý, quá hạn, đã hoàn thành; văn bản đi from draft to released."""
    from signing.demo_document import DemoDocument, demo_document_pdf

    agency = org.agency
    if session.scalar(select(Document.id).where(Document.agency_id == agency.id).limit(1)) is not None:
        return
    users = {name: Actor(user) for name, user in org.users.items()}
    settings = backends.settings
    today = clock.today(settings.timezone)
    pdf = demo_document_pdf(DemoDocument(signer_name=org.users["lanhdao"].full_name))

    def upload(name: str) -> Upload:
        return Upload(stream=io.BytesIO(pdf), filename=name)

    with file_batch(backends.objects) as batch:
        docs = []
        for index, (title, issuer, number, symbol, doc_type) in enumerate(_INCOMING):
            deadline = today + timedelta(days=7) if index != 2 else today - timedelta(days=2)
            data = IncomingCreate(
                title=title,
                issuer=issuer,
                number=number,
                symbol=symbol,
                doc_type=doc_type,
                deadline=deadline,
                urgency=Urgency.URGENT if index == 3 else Urgency.NORMAL,
                issue_date=today - timedelta(days=3),
            )
            docs.append(
                incoming.register_incoming(
                    session,
                    batch,
                    users["vanthu"],
                    data,
                    [upload(f"{number}-{symbol}.pdf")],
                    max_upload_bytes=settings.max_upload_bytes,
                    timezone=settings.timezone,
                )
            )
        nv = org.departments["NV"].id
        for document in docs[1:]:
            incoming.assign(
                session,
                users["lanhdao"],
                document.id,
                [
                    AssignmentIn(
                        role=AssignmentRole.MAIN,
                        department_id=nv,
                        deadline=document.deadline,
                        instruction="Phòng Nội vụ chủ trì, tham mưu",
                    )
                ],
            )
        # The head of Phòng Nội vụ passes three of them to his specialist, who handles them.
        for document in docs[2:5]:
            incoming.forward(
                session,
                users["truongphong"],
                document.id,
                ForwardRequest(user_id=users["chuyenvien"].id, note="Đồng chí Bình xử lý, báo cáo kết quả"),
            )
        incoming.add_note(session, users["chuyenvien"], docs[2].id, NoteKind.NOTE, "Đang tổng hợp số liệu")
        incoming.add_note(session, users["chuyenvien"], docs[3].id, NoteKind.RESULT, "Đã xây dựng phương án")
        incoming.complete(session, users["chuyenvien"], docs[4].id, "Đã rà soát, báo cáo lãnh đạo")

        if workflow.list_routes(session, org.users["admin"]) == [] and _no_route(session, agency.id):
            workflow.create_route(
                session,
                users["admin"],
                RouteIn(
                    name="Luồng trình ký mặc định",
                    steps=[
                        StepIn(name="Trưởng phòng xem xét", roles=[Role.DEPARTMENT_HEAD]),
                        StepIn(name="Lãnh đạo duyệt, ký", roles=[Role.LEADER]),
                    ],
                ),
            )
        titles = [
            "Về việc ban hành Quy chế công tác văn thư điện tử",  # released
            "Về việc tổ chức hội nghị sơ kết 6 tháng",  # draft
            "Về việc đề nghị bổ sung biên chế năm 2026",  # submitted
            "Về việc giao chỉ tiêu kế hoạch năm 2026",  # approved, waiting for the leader's signature
        ]
        drafts = [
            outgoing.create_draft(
                session,
                batch,
                users["chuyenvien"],
                OutgoingCreate(
                    title=title,
                    doc_type=DocumentType.QUYET_DINH if i in (0, 3) else DocumentType.CONG_VAN,
                    # Internal only: the demo declares no exchange connection, and release refuses an
                    # outside agency none reaches (the partner suite adds one through the API).
                    recipients=[
                        RecipientIn(kind=RecipientKind.DEPARTMENT, department_id=org.departments["TC"].id),
                    ],
                ),
                upload("du-thao.pdf"),
                settings.max_upload_bytes,
            )
            for i, title in enumerate(titles)
        ]
        for document in (drafts[0], drafts[2], drafts[3]):
            outgoing.submit(session, users["chuyenvien"], document.id)
        for document in (drafts[0], drafts[3]):
            outgoing.decide(
                session, users["truongphong"], document.id, Decision.APPROVE, reason="", step=None
            )
            outgoing.decide(session, users["lanhdao"], document.id, Decision.APPROVE, reason="", step=None)
        # Signed with the demo keys' PINs, as their holders would (eoffice.demo.demo_signing_pin).
        from eoffice.demo import AGENCY_PIN_HOLDER, demo_signing_pin

        secret = settings.secret_key
        outgoing.sign_as_leader(
            session,
            batch,
            backends,
            settings,
            users["lanhdao"],
            drafts[0].id,
            DEMO_LEVEL,
            pin=demo_signing_pin(secret, "lanhdao"),
        )
        outgoing.issue_number(
            session,
            batch,
            backends,
            settings,
            users["vanthu"],
            drafts[0].id,
            DEMO_LEVEL,
            pin=demo_signing_pin(secret, AGENCY_PIN_HOLDER),
        )
        outgoing.release(session, users["vanthu"], drafts[0].id, [], timezone=settings.timezone)
        session.flush()


def demo_documents(session: Session, org: Any) -> list[int]:
    """The demo agency's documents (`eoffice demo` processes and indexes them before the server runs)."""
    return list(session.scalars(select(Document.id).where(Document.agency_id == org.agency.id)))


def _no_route(session: Session, agency_id: int) -> bool:
    return (
        session.scalar(select(ApprovalRoute.id).where(ApprovalRoute.agency_id == agency_id).limit(1)) is None
    )
