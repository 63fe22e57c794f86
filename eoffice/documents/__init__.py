"""Văn bản: the common document record, its stored files, the read rule's helpers and search indexing.

Incoming and outgoing documents share this record; their own slices (`eoffice.incoming`,
`eoffice.outgoing`) hold what differs. Import services from their modules (`eoffice.documents.files`,
`.indexing`, `.search`, `.service`); this package exposes the vocabulary and the models.
"""

from eoffice.documents.kinds import (
    AccessReason,
    DocumentKind,
    DocumentStatus,
    DocumentType,
    FileRole,
    Secrecy,
    Urgency,
)
from eoffice.documents.models import Document, DocumentAccess, DocumentFile

__all__ = [
    "AccessReason",
    "Document",
    "DocumentAccess",
    "DocumentFile",
    "DocumentKind",
    "DocumentStatus",
    "DocumentType",
    "FileRole",
    "Secrecy",
    "Urgency",
]
