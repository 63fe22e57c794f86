"""Fixtures of the legal corpus tests: the starter corpus in memory, and the table in the module's database.

``legal_table`` creates ``legal_documents`` when the migrations do not have it yet (``checkfirst``), so these
tests run the same before and after the table joins the baseline migration.
"""

from __future__ import annotations

import pytest

from eoffice.backends import Backends
from eoffice.legal import LegalCorpus, LegalDocument, LegalRecord, starter_records


@pytest.fixture(scope="session")
def starter() -> list[LegalRecord]:
    return starter_records()


@pytest.fixture(scope="session")
def corpus(starter: list[LegalRecord]) -> LegalCorpus:
    return LegalCorpus(starter)


@pytest.fixture(scope="module")
def legal_table(backends: Backends) -> Backends:
    LegalDocument.__table__.create(backends.engine, checkfirst=True)  # type: ignore[attr-defined]
    return backends
