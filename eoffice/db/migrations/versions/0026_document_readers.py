"""read model of the read rule: document_readers (document, principal), backfilled from current rows

Revision ID: 0026_document_readers
Revises: 0025_legal_source_id
Create Date: 2026-12-04 17:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026_document_readers"
down_revision: str | Sequence[str] | None = "0025_legal_source_id"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The rule as it stood at this revision (eoffice.permissions.readers_select): the creator and every person
# named on a document; for a document without độ mật also its agency's leaders and clerks and every unit
# holding an assignment that was not recalled; `is_open` while the document is being handled (chờ phân
# công, chờ xử lý, đang xử lý). Written out so the migration never changes with the code.
BACKFILL = """
INSERT INTO document_readers (document_id, principal, is_open)
SELECT r.document_id, r.principal, d.status IN ('registered', 'assigned', 'in_progress')
FROM (
    SELECT id AS document_id, 'user:' || CAST(created_by_id AS VARCHAR) AS principal FROM documents
    UNION
    SELECT document_id, 'user:' || CAST(user_id AS VARCHAR) FROM document_access
    UNION
    SELECT id, 'agency:' || CAST(agency_id AS VARCHAR) || '\\:readers' FROM documents WHERE secrecy = 'thuong'
    UNION
    SELECT a.document_id, 'department:' || CAST(a.department_id AS VARCHAR)
    FROM assignments a JOIN documents d ON d.id = a.document_id
    WHERE d.secrecy = 'thuong' AND a.department_id IS NOT NULL AND a.status <> 'recalled'
) AS r
JOIN documents d ON d.id = r.document_id
"""


def upgrade() -> None:
    """Lists ask the planner for "documents one of whose readers is one of mine" through this table."""
    op.create_table(
        "document_readers",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("principal", sa.String(length=64), nullable=False),
        sa.Column("is_open", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_readers_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "principal", name=op.f("pk_document_readers")),
    )
    op.execute(sa.text(BACKFILL))  # in text(), a backslashed colon is a colon, not a bind parameter
    op.create_index("ix_document_readers_principal", "document_readers", ["principal", "document_id"])
    op.create_index(
        "ix_document_readers_open",
        "document_readers",
        ["principal", "document_id"],
        postgresql_where=sa.text("is_open"),
        sqlite_where=sa.text("is_open = 1"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE document_readers")


def downgrade() -> None:
    op.drop_index("ix_document_readers_open", table_name="document_readers")
    op.drop_index("ix_document_readers_principal", table_name="document_readers")
    op.drop_table("document_readers")
