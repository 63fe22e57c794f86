"""Cơ sở dữ liệu văn bản pháp luật: the legal corpus the căn cứ check resolves citations against.

Records (``LegalRecord``) come from the shipped starter corpus or a province's import (``eoffice legal
import FILE...``: JSON, CSV, or the vbpl.vn dataset's parquet files read by ``eoffice.legal.parquet``;
docs/LEGAL_CORPUS.md); they live in the ``legal_documents`` table for exact
resolution and in the search index (kind ``legal``, principal ``public``) for people.
"""

from eoffice.legal.corpus import (
    LEGAL_PRINCIPAL,
    LoadReport,
    corpus_index_documents,
    ensure_starter_corpus,
    index_corpus,
    indexed_legal_document,
    legal_search_id,
    load_corpus,
    starter_corpus_demo_hook,
    starter_records,
)
from eoffice.legal.errors import CorpusUnavailable, InvalidCorpusFile, LegalError
from eoffice.legal.files import read_corpus_file
from eoffice.legal.models import LegalDocument
from eoffice.legal.records import LegalRecord, LegalStatus
from eoffice.legal.resolve import LegalCorpus, Resolution

__all__ = [
    "LEGAL_PRINCIPAL",
    "CorpusUnavailable",
    "InvalidCorpusFile",
    "LegalCorpus",
    "LegalDocument",
    "LegalError",
    "LegalRecord",
    "LegalStatus",
    "LoadReport",
    "Resolution",
    "corpus_index_documents",
    "ensure_starter_corpus",
    "index_corpus",
    "indexed_legal_document",
    "legal_search_id",
    "load_corpus",
    "read_corpus_file",
    "starter_corpus_demo_hook",
    "starter_records",
]
