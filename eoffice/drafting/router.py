"""`/api/v1/drafting`: the template library and a new outgoing draft rendered from a template.

The rendered DOCX becomes the draft's first version through the outgoing service's `create_draft`, so a
draft from a template and an uploaded draft are the same thing from then on (versions, checks, route).
"""

from __future__ import annotations

import datetime as dt
import io

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from eoffice import clock
from eoffice.auth.deps import CurrentUser
from eoffice.deps import BackendsDep, SessionDep, SettingsDep
from eoffice.documents.files import Upload, file_batch
from eoffice.documents.kinds import DocumentType, Secrecy, Urgency
from eoffice.documents.route_helpers import actor_of
from eoffice.documents.schemas import DocumentOut, FileOut
from eoffice.drafting.fields import DraftFields, Signer
from eoffice.drafting.kinds import TEMPLATE_KINDS, TemplateKind
from eoffice.drafting.render import render_draft
from eoffice.errors import InvalidInput
from eoffice.orgs.models import Agency, Department
from eoffice.outgoing import service as outgoing
from eoffice.outgoing.schemas import LinksIn, OutgoingCreate, RecipientIn
from eoffice.registers import document_symbol
from eoffice.vietnamese_dates import format_date_line

router = APIRouter(prefix="/drafting", tags=["drafting"])


class TemplateOut(BaseModel):
    key: str
    name: str = Field(description="Tên mẫu tiếng Việt, VD: Quyết định")
    doc_type: DocumentType
    type_name: str | None = Field(description="Tên loại in hoa trên văn bản; không có với công văn")
    legal_bases: bool = Field(description="Mẫu có các dòng Căn cứ")
    addressees: bool = Field(description="Mẫu có dòng Kính gửi")
    authority_title: bool = Field(description="Mẫu có thẩm quyền ban hành (quyết định)")

    @classmethod
    def of(cls, kind: TemplateKind) -> TemplateOut:
        return cls(
            key=kind.key,
            name=kind.title,
            doc_type=DocumentType(kind.key),
            type_name=kind.type_name,
            legal_bases=kind.legal_bases,
            addressees=kind.addressees,
            authority_title=kind.authority_title,
        )


class TemplatesOut(BaseModel):
    items: list[TemplateOut]


class SignerIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    position: str = Field(min_length=1, max_length=255, description="Chức vụ, VD: Phó Chủ tịch")
    full_name: str = Field(min_length=1, max_length=255)
    authority: list[str] = Field(default_factory=list, max_length=3, description="VD: TM. Ủy ban nhân dân")


class DraftFromTemplate(LinksIn):
    """The draft's metadata (as `OutgoingCreate`) plus what the template prints."""

    model_config = ConfigDict(str_strip_whitespace=True)

    template: str = Field(description="Khóa mẫu, VD: quyet_dinh")
    title: str = Field(min_length=1, max_length=5000, description="Trích yếu")
    urgency: Urgency = Urgency.NORMAL
    secrecy: Secrecy = Secrecy.NONE
    deadline: dt.date | None = None
    recipients: list[RecipientIn] = Field(default_factory=list, max_length=500)
    named_user_ids: list[StrictInt] = Field(default_factory=list)
    place: str = Field(default="", max_length=128, description="Địa danh; mặc định địa danh của cơ quan")
    date: dt.date | None = Field(default=None, description="Ngày ban hành; trống đến khi cấp số")
    legal_bases: list[str] = Field(default_factory=list, max_length=50)
    proposal: str = Field(default="", max_length=1000, description="Theo đề nghị của …")
    authority_title: str = Field(default="", max_length=500)
    addressees: list[str] = Field(default_factory=list, max_length=100, description="Kính gửi")
    body: list[str] = Field(min_length=1, max_length=500, description="Các đoạn nội dung")
    signer: SignerIn
    recipient_lines: list[str] = Field(default_factory=list, max_length=100, description="Nơi nhận")
    archive: str = Field(default="VT", max_length=100, description="Lưu: VT, …")


class DraftCreatedOut(BaseModel):
    document: DocumentOut
    file: FileOut
    date_line: str = Field(description="Dòng địa danh, ngày tháng như in trên dự thảo")


@router.get("/templates")
def list_templates(user: CurrentUser) -> TemplatesOut:
    """Các mẫu văn bản theo Nghị định 30/2020/NĐ-CP."""
    del user
    return TemplatesOut(items=[TemplateOut.of(kind) for kind in TEMPLATE_KINDS.values()])


def _fields(
    body: DraftFromTemplate, kind: TemplateKind, agency: Agency, symbol: str, today: dt.date
) -> DraftFields:
    body_lines = tuple(p for p in body.body if p.strip())
    if not body_lines:
        raise InvalidInput("Cần ít nhất một đoạn nội dung.", detail=[{"field": "body", "problem": "trống"}])
    return DraftFields(
        issuing_agency=agency.name,
        parent_agency=agency.parent_name,
        symbol=symbol,
        place=body.place or agency.place,
        summary=body.title,
        date=body.date,
        year=(body.date or today).year,
        legal_bases=tuple(body.legal_bases) if kind.legal_bases else (),
        proposal=body.proposal if kind.legal_bases else "",
        authority_title=body.authority_title if kind.authority_title else "",
        addressees=tuple(body.addressees) if kind.addressees else (),
        body=body_lines,
        signer=Signer(body.signer.position, body.signer.full_name, tuple(body.signer.authority)),
        recipients=tuple(body.recipient_lines),
        archive=body.archive or "VT",
    )


@router.post("/drafts", status_code=201)
def create_draft_from_template(
    body: DraftFromTemplate,
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> DraftCreatedOut:
    """Tạo dự thảo từ mẫu: render the template with the metadata and store it as the draft's first version."""
    kind = TEMPLATE_KINDS.get(body.template)
    if kind is None:
        raise InvalidInput(
            f"Không có mẫu «{body.template}».", detail=[{"field": "template", "problem": "không tồn tại"}]
        )
    agency = session.get(Agency, user.agency_id)
    assert agency is not None
    department = session.get(Department, user.department_id) if user.department_id else None
    doc_type = DocumentType(kind.key)
    fields = _fields(
        body, kind, agency, document_symbol(doc_type, agency, department), clock.today(settings.timezone)
    )
    data = render_draft(kind.key, fields)
    metadata = OutgoingCreate(
        title=body.title,
        doc_type=doc_type,
        urgency=body.urgency,
        secrecy=body.secrecy,
        deadline=body.deadline,
        recipients=body.recipients,
        named_user_ids=body.named_user_ids,
        replaces=body.replaces,
        answers=body.answers,
    )
    upload = Upload(stream=io.BytesIO(data), filename=f"Dự thảo {kind.title.lower()}.docx")
    with file_batch(backends.objects) as batch:
        document = outgoing.create_draft(
            session, batch, actor_of(request, user), metadata, upload, settings.max_upload_bytes
        )
        session.commit()
    session.refresh(document)
    return DraftCreatedOut(
        document=DocumentOut.of(document, overdue=False),
        file=FileOut.of(document.files[-1]),
        date_line=format_date_line(fields.place, fields.date, year=fields.year),
    )
