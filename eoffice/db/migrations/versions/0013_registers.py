"""several sổ văn bản per agency and year (a code and a secret flag per sổ), cancelled entries (hủy vào sổ),
and an index for the duplicate warning

Revision ID: 0013_registers
Revises: 0011_merge
Create Date: 2026-12-04 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_registers"
down_revision: str | Sequence[str] | None = "0011_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every existing register becomes its agency's sổ chung for that direction and year.
    with op.batch_alter_table("registers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=32), nullable=False, server_default="chung"))
        batch_op.add_column(sa.Column("secret", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.drop_constraint("uq_registers_agency_id", type_="unique")
        batch_op.create_unique_constraint("uq_registers_agency_id", ["agency_id", "kind", "year", "code"])
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index("ix_documents_agency_number", ["agency_id", "number"], unique=False)
    op.create_table(
        "register_cancellations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("cancelled_by_id", sa.Integer(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_register_cancellations_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["cancelled_by_id"], ["users.id"], name=op.f("fk_register_cancellations_cancelled_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_cancellations")),
        sa.UniqueConstraint("document_id", name=op.f("uq_register_cancellations_document_id")),
    )


def downgrade() -> None:
    op.drop_table("register_cancellations")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_agency_number")
    with op.batch_alter_table("registers", schema=None) as batch_op:
        batch_op.drop_constraint("uq_registers_agency_id", type_="unique")
        batch_op.create_unique_constraint("uq_registers_agency_id", ["agency_id", "kind", "year"])
        batch_op.drop_column("secret")
        batch_op.drop_column("code")
