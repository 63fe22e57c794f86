"""Beat's fold of the inbox's tallies: each rewrite of a document's readers appends its deltas
(`eoffice.permissions.fill_readers`); every minute they are summed into one row per key, so a count reads a
few rows per principal and deadline whatever the traffic. The counts are exact with or without it."""

from __future__ import annotations

from eoffice.permissions import fold_tallies
from eoffice.tasks.app import celery_app
from eoffice.tasks.runtime import backends

FOLD_TASK = "eoffice.readers.fold"


@celery_app.task(name=FOLD_TASK)
def fold_reader_tallies() -> int:
    """How many rows the fold took away (0, and no log line, when there was nothing to fold)."""
    with backends().sessions() as session:
        folded = fold_tallies(session.connection())
        session.commit()
    return folded
