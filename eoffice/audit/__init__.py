"""Audit trail (nhật ký): hash-chained records written in the same transaction as the change, MACed with a key
the database does not hold, and the file digests they attest."""

from eoffice.audit._files import (
    Attestations,
    FileAttestation,
    FileCheck,
    FileProblem,
    attestation_problem,
    check_file_rows,
    file_attestations,
)
from eoffice.audit._key import AuditKey, AuditKeyError, use_key
from eoffice.audit.models import AuditChainHead, AuditRecord
from eoffice.audit.service import AuditVerification, audit_key, record, snapshot, verify_chain

__all__ = [
    "Attestations",
    "AuditChainHead",
    "AuditKey",
    "AuditKeyError",
    "AuditRecord",
    "AuditVerification",
    "FileAttestation",
    "FileCheck",
    "FileProblem",
    "attestation_problem",
    "audit_key",
    "check_file_rows",
    "file_attestations",
    "record",
    "snapshot",
    "use_key",
    "verify_chain",
]
