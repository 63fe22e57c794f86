"""Imports every feature's models so that `Base.metadata` is complete (Alembic, tests, `create_all`).

Each feature slice adds its `models` module here. `eoffice.permissions` keeps the read model
(`document_readers`) in step with every flush, so it is loaded wherever the models are.
"""

from eoffice import permissions as read_rule
from eoffice.audit import models as audit_models
from eoffice.auth import models as auth_models
from eoffice.calendar import models as calendar_models
from eoffice.checks import models as checks_models
from eoffice.db.base import Base
from eoffice.documents import links as documents_links
from eoffice.documents import models as documents_models
from eoffice.exchange import models as exchange_models
from eoffice.incoming import models as incoming_models
from eoffice.incoming.prefill import models as prefill_models
from eoffice.legal import models as legal_models
from eoffice.notifications import models as notifications_models
from eoffice.orgs import models as orgs_models
from eoffice.outgoing import models as outgoing_models
from eoffice.processing import models as processing_models
from eoffice.registers import models as registers_models
from eoffice.remote_signing import models as remote_signing_models
from eoffice.tasks import outbox as outbox_models
from eoffice.workflow import models as workflow_models

__all__ = [
    "Base",
    "audit_models",
    "auth_models",
    "calendar_models",
    "checks_models",
    "documents_links",
    "documents_models",
    "exchange_models",
    "incoming_models",
    "prefill_models",
    "legal_models",
    "notifications_models",
    "orgs_models",
    "outbox_models",
    "outgoing_models",
    "processing_models",
    "read_rule",
    "registers_models",
    "remote_signing_models",
    "workflow_models",
]
