"""Imports every feature's models so that `Base.metadata` is complete (Alembic, tests, `create_all`).

Each feature slice adds its `models` module here.
"""

from eoffice.db.base import Base
from eoffice.orgs import models as orgs_models
from eoffice.tasks import outbox as outbox_models

__all__ = ["Base", "orgs_models", "outbox_models"]
