"""document_readers carries the document's agency, kind, status, deadline and độ mật, for the inbox's counts

Revision ID: 0027_document_readers_views
Revises: 0026_document_readers
Create Date: 2026-12-04 20:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027_document_readers_views"
down_revision: str | Sequence[str] | None = "0026_document_readers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The rows are a function of the documents, grants and assignments: filled again rather than updated in
# place (one INSERT ... SELECT writes 4 M rows faster than an UPDATE rewrites them). Written out so the
# migration never changes with the code (eoffice.permissions.readers_select at this revision).
READERS = """
    SELECT id AS document_id, 'user:' || CAST(created_by_id AS VARCHAR) AS principal FROM documents
    UNION
    SELECT document_id, 'user:' || CAST(user_id AS VARCHAR) FROM document_access
    UNION
    SELECT id, 'agency:' || CAST(agency_id AS VARCHAR) || '\\:readers' FROM documents WHERE secrecy = 'thuong'
    UNION
    SELECT a.document_id, 'department:' || CAST(a.department_id AS VARCHAR)
    FROM assignments a JOIN documents d ON d.id = a.document_id
    WHERE d.secrecy = 'thuong' AND a.department_id IS NOT NULL AND a.status <> 'recalled'
"""
IS_OPEN = "d.status IN ('registered', 'assigned', 'in_progress')"
BACKFILL = f"""
INSERT INTO document_readers (document_id, principal, is_open, agency_id, kind, status, deadline, is_secret)
SELECT r.document_id, r.principal, {IS_OPEN}, d.agency_id, d.kind, d.status, d.deadline, d.secrecy <> 'thuong'
FROM ({READERS}) AS r JOIN documents d ON d.id = r.document_id
"""


def _table(*extra: sa.Column[object]) -> None:
    op.create_table(
        "document_readers",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("principal", sa.String(length=64), nullable=False),
        sa.Column("is_open", sa.Boolean(), server_default=sa.false(), nullable=False),
        *extra,
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_readers_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "principal", name=op.f("pk_document_readers")),
    )


def upgrade() -> None:
    """Each principal's entries answer the inbox's counts alone (an index range, not a join)."""
    op.drop_table("document_readers")
    _table(
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("is_secret", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.execute(sa.text(BACKFILL))  # in text(), a backslashed colon is a colon, not a bind parameter
    op.create_index("ix_document_readers_principal", "document_readers", ["principal", "document_id"])
    op.create_index(
        "ix_document_readers_views",
        "document_readers",
        ["principal", "kind", "status", "agency_id", "is_secret", "document_id"],
    )
    op.create_index(
        "ix_document_readers_open",
        "document_readers",
        ["principal", "kind", "agency_id", "document_id", "status", "deadline", "is_secret"],
        postgresql_where=sa.text("is_open"),
        sqlite_where=sa.text("is_open = 1"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE document_readers")


def downgrade() -> None:
    op.drop_table("document_readers")
    _table()
    op.execute(
        sa.text(
            "INSERT INTO document_readers (document_id, principal, is_open) "
            f"SELECT r.document_id, r.principal, {IS_OPEN} "
            f"FROM ({READERS}) AS r JOIN documents d ON d.id = r.document_id"
        )
    )
    op.create_index("ix_document_readers_principal", "document_readers", ["principal", "document_id"])
    op.create_index(
        "ix_document_readers_open",
        "document_readers",
        ["principal", "document_id"],
        postgresql_where=sa.text("is_open"),
        sqlite_where=sa.text("is_open = 1"),
    )
