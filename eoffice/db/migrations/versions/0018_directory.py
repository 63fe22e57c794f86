"""exchange: the agency directory (danh bạ cơ quan liên thông), synced from the VXP axis or entered by the
agency's admin

Revision ID: 0018_directory
Revises: 0015_merge
Create Date: 2026-12-05 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_directory"
down_revision: str | None = "0015_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "exchange_directory",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("organ_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("parent_organ_id", sa.String(length=64), nullable=False),
        sa.Column(
            "source",
            sa.Enum("vxp", "manual", name="directorysource", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("search_text", sa.String(length=640), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_exchange_directory_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_directory")),
        sa.UniqueConstraint("agency_id", "organ_id", name=op.f("uq_exchange_directory_agency_id")),
    )
    op.create_index(
        op.f("ix_exchange_directory_agency_id"), "exchange_directory", ["agency_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_exchange_directory_agency_id"), table_name="exchange_directory")
    op.drop_table("exchange_directory")
