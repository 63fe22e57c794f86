"""The common document record (văn bản đến and văn bản đi), its stored files and the people named on it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.db.base import Base, Timestamped, UTCDateTime, str_enum, utcnow
from eoffice.documents.kinds import (
    AccessReason,
    DocumentKind,
    DocumentStatus,
    DocumentType,
    FileRole,
    Secrecy,
    Urgency,
)


class Document(Base, Timestamped):
    """A document as the agency holds it: metadata of DOMAIN.md plus where it is on its path.

    `number` is the register number as written (`05`), `symbol` the ký hiệu (`QĐ-UBND`); for an incoming
    document they are the sender's, and `register_number` is its arrival number in the sổ đến.
    """

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("register_id", "register_number"),
        # Covers the inbox lists and their per-view counts (measured at 1 M documents, docs/BENCHMARKS.md).
        Index(
            "ix_documents_inbox",
            "agency_id",
            "kind",
            "status",
            "deadline",
            postgresql_include=["secrecy", "created_by_id", "id"],
        ),
        # The duplicate warning when registering (same number, symbol and issuer in the agency's sổ đến).
        Index("ix_documents_agency_number", "agency_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind, 16))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))  # drafting unit
    title: Mapped[str] = mapped_column(Text)  # trích yếu
    doc_type: Mapped[DocumentType] = mapped_column(str_enum(DocumentType))
    urgency: Mapped[Urgency] = mapped_column(str_enum(Urgency, 16), default=Urgency.NORMAL)
    secrecy: Mapped[Secrecy] = mapped_column(str_enum(Secrecy, 16), default=Secrecy.NONE)
    status: Mapped[DocumentStatus] = mapped_column(str_enum(DocumentStatus))
    number: Mapped[str] = mapped_column(String(32), default="")
    symbol: Mapped[str] = mapped_column(String(64), default="")
    issuer: Mapped[str] = mapped_column(String(255), default="")  # cơ quan ban hành
    issue_date: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    pages: Mapped[int | None] = mapped_column(Integer)
    register_id: Mapped[int | None] = mapped_column(ForeignKey("registers.id"))
    register_number: Mapped[int | None] = mapped_column(Integer)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # the outgoing document an internal release made this incoming copy from
    source_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))

    files: Mapped[list[DocumentFile]] = relationship(
        back_populates="document", order_by="DocumentFile.version", cascade="all, delete-orphan"
    )
    access: Mapped[list[DocumentAccess]] = relationship(cascade="all, delete-orphan")

    @property
    def number_symbol(self) -> str:
        """`05/QĐ-UBND` once numbered, else empty."""
        if self.number and self.symbol:
            return f"{self.number}/{self.symbol}"
        return self.number or self.symbol


class DocumentFile(Base, Timestamped):
    """A stored file, kept byte for byte under `object_key`; immutable ones are never replaced.

    `version` orders a document's files; a new draft or a signed copy is a new row and a new object.
    `filename` is for display only (sanitised, NFC) and never part of the key.
    """

    __tablename__ = "document_files"
    __table_args__ = (UniqueConstraint("document_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    role: Mapped[FileRole] = mapped_column(str_enum(FileRole, 16))
    version: Mapped[int] = mapped_column(Integer)
    object_key: Mapped[str] = mapped_column(String(512))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    immutable: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    document: Mapped[Document] = relationship(back_populates="files")


class DocumentReader(Base):
    """The read model of the read rule: one row per document and principal that may read it.

    A principal is what `eoffice.permissions.principals_for` gives a user (`user:<id>`,
    `agency:<id>:readers`, `department:<id>`), the same strings the search index stores. Rows are derived
    from the document (creator, agency, độ mật), its grants and its assignments, and rewritten in the same
    flush as any change to them (`eoffice.permissions`), so a list can ask "documents whose readers include
    one of mine" with an index instead of an `OR EXISTS` over the unit's assignments on every row.

    Each row also carries the document's agency, kind, status and deadline: the inbox counts its views from
    the reader's own index entries (one range per principal) instead of joining the archive to its readers.
    """

    __tablename__ = "document_readers"
    __table_args__ = (
        Index("ix_document_readers_principal", "principal", "document_id"),
        # The big views' capped counts ("tất cả", "đã hoàn thành"): a range of one principal's entries.
        Index(
            "ix_document_readers_views",
            "principal",
            "kind",
            "status",
            "agency_id",
            "is_secret",
            "document_id",
        ),
        # The open views' exact counts: only the readers of documents still being handled (a few per cent).
        Index(
            "ix_document_readers_open",
            "principal",
            "kind",
            "agency_id",
            "document_id",
            "status",
            "deadline",
            "is_secret",
            postgresql_where=text("is_open"),
            sqlite_where=text("is_open = 1"),
        ),
    )

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    principal: Mapped[str] = mapped_column(String(64), primary_key=True)
    # the document's status is one of OPEN_INCOMING (kept with the status, like the principals)
    is_open: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    agency_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind, 16))
    status: Mapped[DocumentStatus] = mapped_column(str_enum(DocumentStatus))
    deadline: Mapped[date | None] = mapped_column(Date)
    # độ mật: then only `user:` principals read it (`eoffice.permissions.entries_once` relies on it)
    is_secret: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ReaderTally(Base):
    """How many `document_readers` entries share a principal, agency, kind, status, độ mật and — for a
    document still being handled — deadline: the inbox's counts without visiting one entry per document.

    Each rewrite of a document's readers appends what it removed (`n` < 0) and what it added (`n` > 0), so
    writers only ever insert and never wait on one another's counter row; the sum over a key is the count.
    A periodic fold (`eoffice.permissions.fold_tallies`) replaces each key's rows by their sum; the counts
    are exact with or without it, the fold only keeps the rows few (a key per principal and deadline).
    """

    __tablename__ = "reader_tallies"
    __table_args__ = (Index("ix_reader_tallies_principal", "principal", "kind", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    principal: Mapped[str] = mapped_column(String(64))
    agency_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind, 16))
    status: Mapped[DocumentStatus] = mapped_column(str_enum(DocumentStatus))
    deadline: Mapped[date | None] = mapped_column(Date)  # only while open: the quá hạn view needs it
    is_secret: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    n: Mapped[int] = mapped_column(Integer)


class DocumentAccess(Base, Timestamped):
    """A person named on a document; for a document with độ mật these are the only readers besides its creator."""

    __tablename__ = "document_access"
    __table_args__ = (
        UniqueConstraint("document_id", "user_id", "reason"),
        Index("ix_document_access_user_document", "user_id", "document_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[AccessReason] = mapped_column(str_enum(AccessReason, 16))
