"""API shapes shared by incoming and outgoing documents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from eoffice.documents.kinds import DocumentKind, DocumentStatus, DocumentType, FileRole, Secrecy, Urgency
from eoffice.documents.models import Document, DocumentFile


class FileOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    document_id: int
    role: FileRole
    version: int
    filename: str
    content_type: str
    size: int
    sha256: str
    immutable: bool
    created_at: datetime
    download_path: str

    @classmethod
    def of(cls, file: DocumentFile) -> FileOut:
        return cls(
            id=file.id,
            document_id=file.document_id,
            role=file.role,
            version=file.version,
            filename=file.filename,
            content_type=file.content_type,
            size=file.size,
            sha256=file.sha256,
            immutable=file.immutable,
            created_at=file.created_at,
            download_path=f"/api/v1/documents/{file.document_id}/files/{file.id}/content",
        )


class DocumentOut(BaseModel):
    """A document as lists show it; `overdue` is computed in the agency's time zone at request time."""

    id: int
    kind: DocumentKind
    agency_id: int
    department_id: int | None
    title: str
    doc_type: DocumentType
    doc_type_label: str
    urgency: Urgency
    secrecy: Secrecy
    status: DocumentStatus
    number: str
    symbol: str
    number_symbol: str
    issuer: str
    issue_date: date | None
    deadline: date | None
    pages: int | None
    register_id: int | None = Field(default=None, description="Sổ văn bản (đến / đi) chứa số của văn bản")
    register_number: int | None
    arrived_at: datetime | None
    completed_at: datetime | None
    created_by_id: int
    created_at: datetime
    overdue: bool
    days_left: int | None = Field(
        default=None,
        description="Văn bản đến: còn N ngày đến hạn (0: hạn hôm nay; âm: quá hạn), theo ngày làm việc "
        "nếu cơ quan tính hạn như vậy",
    )
    days_counted: Literal["ngay", "ngay_lam_viec"] = Field(
        default="ngay", description="Cách đếm days_left: ngày hay ngày làm việc"
    )

    @classmethod
    def of(cls, document: Document, overdue: bool) -> DocumentOut:
        return cls(
            id=document.id,
            kind=document.kind,
            agency_id=document.agency_id,
            department_id=document.department_id,
            title=document.title,
            doc_type=document.doc_type,
            doc_type_label=document.doc_type.label,
            urgency=document.urgency,
            secrecy=document.secrecy,
            status=document.status,
            number=document.number,
            symbol=document.symbol,
            number_symbol=document.number_symbol,
            issuer=document.issuer,
            issue_date=document.issue_date,
            deadline=document.deadline,
            pages=document.pages,
            register_id=document.register_id,
            register_number=document.register_number,
            arrived_at=document.arrived_at,
            completed_at=document.completed_at,
            created_by_id=document.created_by_id,
            created_at=document.created_at,
            overdue=overdue,
        )


class GrantRequest(BaseModel):
    """Name people on a document (for one with độ mật, the only way anyone else may read it)."""

    user_ids: list[StrictInt] = Field(min_length=1)


class SearchHitOut(BaseModel):
    id: int
    filename: str | None
    title: str
    number: str | None
    score: float
    snippet: str
    kind: Literal["incoming", "outgoing"]
    date: date | None
    issuer: str | None
    status: str | None


class SearchOut(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[SearchHitOut]
