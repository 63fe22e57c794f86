"""document links: a document that replaces (thay thế), corrects (đính chính) or answers (trả lời) another

Revision ID: 0021_replacement
Revises: 0020_remote_signing
Create Date: 2026-12-04 10:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_replacement"
down_revision: str | None = "0020_remote_signing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("thay_the", "dinh_chinh", "tra_loi", name="linkkind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("effective", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_document_links_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["documents.id"], name=op.f("fk_document_links_target_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_document_links_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_links")),
        sa.UniqueConstraint("document_id", "target_id", "kind", name="uq_document_links_pair"),
    )
    op.create_index(op.f("ix_document_links_document_id"), "document_links", ["document_id"], unique=False)
    op.create_index(op.f("ix_document_links_target_id"), "document_links", ["target_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_document_links_target_id"), table_name="document_links")
    op.drop_index(op.f("ix_document_links_document_id"), table_name="document_links")
    op.drop_table("document_links")
