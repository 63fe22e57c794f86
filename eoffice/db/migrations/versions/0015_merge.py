"""one schema again: handling rules (seen, extension requests), several sổ đến with cancelled entries, and
mailed notifications were added side by side and meet here

Revision ID: 0015_merge
Revises: 0012_handling, 0013_registers, 0014_notification_mail
Create Date: 2026-12-04 06:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0015_merge"
down_revision: str | Sequence[str] | None = ("0012_handling", "0013_registers", "0014_notification_mail")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables."""


def downgrade() -> None:
    """Nothing to undo."""
