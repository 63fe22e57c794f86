"""pre-fill of the sổ đến: per registered document, each field read from the file and what was saved

Revision ID: 0023_prefill
Revises: 0020_remote_signing
Create Date: 2026-12-04 10:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_prefill"
down_revision: str | None = "0020_remote_signing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incoming_prefill_fields",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("input_kind", sa.String(length=8), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("read_value", sa.Text(), nullable=False),
        sa.Column("saved_value", sa.Text(), nullable=False),
        sa.Column("corrected", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_incoming_prefill_fields_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_incoming_prefill_fields_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incoming_prefill_fields")),
    )
    op.create_index(
        op.f("ix_incoming_prefill_fields_document_id"), "incoming_prefill_fields", ["document_id"]
    )
    op.create_index(op.f("ix_incoming_prefill_fields_agency_id"), "incoming_prefill_fields", ["agency_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_incoming_prefill_fields_agency_id"), table_name="incoming_prefill_fields")
    op.drop_index(op.f("ix_incoming_prefill_fields_document_id"), table_name="incoming_prefill_fields")
    op.drop_table("incoming_prefill_fields")
