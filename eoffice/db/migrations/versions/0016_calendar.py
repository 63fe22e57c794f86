"""agency calendars: days off and make-up working days per year (the admin's list replaces the official one
for a year), and whether the agency counts handling deadlines in working days

Revision ID: 0016_calendar
Revises: 0015_merge
Create Date: 2026-12-04 06:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_calendar"
down_revision: str | Sequence[str] | None = "0015_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No rows: every agency keeps counting calendar days until its admin turns working days on.
    op.create_table(
        "calendar_settings",
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("working_days", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_calendar_settings_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_calendar_settings_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("agency_id", name=op.f("pk_calendar_settings")),
    )
    op.create_table(
        "calendar_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_calendar_years_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_calendar_years_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_years")),
        sa.UniqueConstraint("agency_id", "year", name=op.f("uq_calendar_years_agency_id")),
    )
    op.create_index(op.f("ix_calendar_years_agency_id"), "calendar_years", ["agency_id"], unique=False)
    op.create_table(
        "calendar_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "kind", sa.Enum("nghi", "lam_bu", name="daykind", native_enum=False, length=16), nullable=False
        ),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_calendar_days_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_days")),
        sa.UniqueConstraint("agency_id", "day", name=op.f("uq_calendar_days_agency_id")),
    )
    op.create_index(op.f("ix_calendar_days_agency_id"), "calendar_days", ["agency_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_calendar_days_agency_id"), table_name="calendar_days")
    op.drop_table("calendar_days")
    op.drop_index(op.f("ix_calendar_years_agency_id"), table_name="calendar_years")
    op.drop_table("calendar_years")
    op.drop_table("calendar_settings")
