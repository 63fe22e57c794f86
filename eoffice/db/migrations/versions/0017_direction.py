"""the step between registering and assigning an incoming document: the văn thư presents it to a leader
(trình), the leader's direction (bút phê, ý kiến chỉ đạo) is its own record, and cooperating units report
their part to the main handler (ý kiến phối hợp)

Revision ID: 0017_direction
Revises: 0015_merge
Create Date: 2026-12-04 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_direction"
down_revision: str | None = "0015_merge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "presentations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("presented_by_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_presentations_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_presentations_document_id_documents")
        ),
        sa.ForeignKeyConstraint(["leader_id"], ["users.id"], name=op.f("fk_presentations_leader_id_users")),
        sa.ForeignKeyConstraint(
            ["presented_by_id"], ["users.id"], name=op.f("fk_presentations_presented_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_presentations")),
    )
    with op.batch_alter_table("presentations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_presentations_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_presentations_leader_id"), ["leader_id"], unique=False)
        batch_op.create_index(
            "ux_presentations_open",
            ["document_id"],
            unique=True,
            sqlite_where=sa.text("answered_at IS NULL"),
            postgresql_where=sa.text("answered_at IS NULL"),
        )
    op.create_table(
        "directions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_directions_author_id_users")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_directions_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directions")),
    )
    with op.batch_alter_table("directions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directions_document_id"), ["document_id"], unique=False)
    op.create_table(
        "contributions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"], ["assignments.id"], name=op.f("fk_contributions_assignment_id_assignments")
        ),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_contributions_author_id_users")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_contributions_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["document_files.id"], name=op.f("fk_contributions_file_id_document_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contributions")),
    )
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contributions_document_id"), ["document_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contributions_document_id"))
    op.drop_table("contributions")
    with op.batch_alter_table("directions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directions_document_id"))
    op.drop_table("directions")
    with op.batch_alter_table("presentations", schema=None) as batch_op:
        batch_op.drop_index("ux_presentations_open")
        batch_op.drop_index(batch_op.f("ix_presentations_leader_id"))
        batch_op.drop_index(batch_op.f("ix_presentations_document_id"))
    op.drop_table("presentations")
