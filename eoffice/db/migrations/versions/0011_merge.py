"""one schema again: the branches this round added side by side (conversion notices, the system role,
login throttles, audit MACs, exchange warnings and VXP accounts, approval binding) meet here

Revision ID: 0011_merge
Revises: 0003_convert, 0004_sysadmin, 0005_sessions, 0006_audit_key, 0008_vxp, 0010_outgoing_binding
Create Date: 2026-12-04 00:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0011_merge"
down_revision: str | Sequence[str] | None = (
    "0003_convert",
    "0004_sysadmin",
    "0005_sessions",
    "0006_audit_key",
    "0008_vxp",
    "0010_outgoing_binding",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables."""


def downgrade() -> None:
    """Nothing to undo."""
