"""Liên kết giữa văn bản: a newer document replaces (thay thế), corrects (đính chính) or answers (trả lời) an
older one.

Shared by the outgoing slice (a draft names what it replaces or answers), the exchange slice (a received
package that replaces a registered one) and every detail screen, so it lives beside the documents it joins and
depends on no feature. A link is `effective` once the newer document is out (released, or registered from a
received package): only then does the older one show "Đã bị thay thế bởi …". Who may see a linked document is
decided by the one read rule (`readable_clause`): a link to a document the viewer may not read is not shown.
"""

from __future__ import annotations

import enum
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import Boolean, ForeignKey, UniqueConstraint, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from eoffice.db.base import Base, Timestamped, str_enum
from eoffice.documents.kinds import DocumentKind, DocumentStatus
from eoffice.documents.models import Document
from eoffice.orgs.models import User
from eoffice.permissions import readable_clause


class LinkKind(enum.StrEnum):
    """What the newer document (`document_id`) does to the older one (`target_id`)."""

    REPLACES = "thay_the"  # văn bản thay thế
    CORRECTS = "dinh_chinh"  # văn bản đính chính
    ANSWERS = "tra_loi"  # văn bản trả lời (an outgoing document answering an incoming one)


class DocumentLink(Base, Timestamped):
    """One link from a newer document to the older one it replaces, corrects or answers."""

    __tablename__ = "document_links"
    __table_args__ = (UniqueConstraint("document_id", "target_id", "kind", name="uq_document_links_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    kind: Mapped[LinkKind] = mapped_column(str_enum(LinkKind, 16))
    effective: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


Relation = Literal["thay_the", "bi_thay_the", "dinh_chinh", "duoc_dinh_chinh", "tra_loi", "duoc_tra_loi"]


# (kind, seen from the newer document?) → the relation's API name and its Vietnamese label's lead
_RELATIONS: dict[tuple[LinkKind, bool], tuple[Relation, str]] = {
    (LinkKind.REPLACES, True): ("thay_the", "Thay thế văn bản"),
    (LinkKind.REPLACES, False): ("bi_thay_the", "Đã bị thay thế bởi văn bản"),
    (LinkKind.CORRECTS, True): ("dinh_chinh", "Đính chính văn bản"),
    (LinkKind.CORRECTS, False): ("duoc_dinh_chinh", "Đã được đính chính bởi văn bản"),
    (LinkKind.ANSWERS, True): ("tra_loi", "Trả lời văn bản"),
    (LinkKind.ANSWERS, False): ("duoc_tra_loi", "Đã được trả lời bằng văn bản"),
}

# A draft that ended here no longer replaces, corrects or answers anything.
DEAD = (DocumentStatus.REJECTED, DocumentStatus.RECALLED, DocumentStatus.CANCELLED)


class LinkOut(BaseModel):
    """A linked document as this one shows it: `relation` seen from this document and a Vietnamese label
    such as "Đã bị thay thế bởi văn bản số 12/QĐ-UBND"."""

    relation: Relation
    effective: bool = Field(description="Văn bản mới đã phát hành (hoặc đã vào sổ)")
    document_id: int
    document_kind: DocumentKind
    number_symbol: str
    title: str
    status: DocumentStatus
    label: str


def _identity(document: Document) -> str:
    if document.number:
        return f"số {document.number_symbol}"
    return f"(dự thảo, mã {document.id})"


def shown_links(session: Session, user: User, document_id: int) -> list[LinkOut]:
    """Every link of the document whose other end `user` may read, oldest first. The older document shows a
    replacement or correction once it is effective (the newer one released); answers show from the draft on,
    so whoever handles the incoming document sees the reply being written."""
    rows = session.execute(
        select(DocumentLink, Document)
        .join(
            Document,
            or_(
                (DocumentLink.document_id == document_id) & (Document.id == DocumentLink.target_id),
                (DocumentLink.target_id == document_id) & (Document.id == DocumentLink.document_id),
            ),
        )
        .where(
            or_(DocumentLink.document_id == document_id, DocumentLink.target_id == document_id),
            readable_clause(user),
        )
        .order_by(DocumentLink.id)
    ).all()
    shown = []
    for link, other in rows:
        newer = link.document_id == document_id
        if not newer and link.kind != LinkKind.ANSWERS and not link.effective:
            continue
        if not newer and other.status in DEAD:
            continue
        relation, lead = _RELATIONS[(link.kind, newer)]
        shown.append(
            LinkOut(
                relation=relation,
                effective=link.effective,
                document_id=other.id,
                document_kind=other.kind,
                number_symbol=other.number_symbol if other.number else "",
                title=other.title,
                status=other.status,
                label=f"{lead} {_identity(other)}",
            )
        )
    return shown


def links_from(session: Session, document_id: int, *kinds: LinkKind) -> list[DocumentLink]:
    """The links the newer document `document_id` holds, of `kinds` (all when none given)."""
    query = select(DocumentLink).where(DocumentLink.document_id == document_id)
    if kinds:
        query = query.where(DocumentLink.kind.in_(kinds))
    return list(session.scalars(query.order_by(DocumentLink.id)))


def live_links_to(session: Session, target_id: int, *kinds: LinkKind) -> list[tuple[DocumentLink, Document]]:
    """Links to `target_id` of `kinds` whose newer document has not ended (rejected, recalled, cancelled)."""
    return [
        (link, newer)
        for link, newer in session.execute(
            select(DocumentLink, Document)
            .join(Document, Document.id == DocumentLink.document_id)
            .where(DocumentLink.target_id == target_id, DocumentLink.kind.in_(kinds))
            .order_by(DocumentLink.id)
        ).tuples()
        if newer.status not in DEAD
    ]
