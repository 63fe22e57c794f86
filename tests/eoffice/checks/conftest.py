from __future__ import annotations

import pytest

from eoffice.drafting import TEMPLATE_KINDS, render_draft
from eoffice.drafting.samples import sample_fields


@pytest.fixture(scope="session")
def clean_drafts() -> dict[str, bytes]:
    """One correct draft per shipped template."""
    return {kind: render_draft(kind, sample_fields(kind)) for kind in TEMPLATE_KINDS}
