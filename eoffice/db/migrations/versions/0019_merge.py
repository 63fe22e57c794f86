"""one schema again: the agency calendar, the leader's direction (trình, chỉ đạo, phối hợp) and the exchange
directory were added side by side and meet here

Revision ID: 0019_merge
Revises: 0016_calendar, 0017_direction, 0018_directory
Create Date: 2026-12-04 05:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0019_merge"
down_revision: str | Sequence[str] | None = ("0016_calendar", "0017_direction", "0018_directory")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables."""


def downgrade() -> None:
    """Nothing to undo."""
