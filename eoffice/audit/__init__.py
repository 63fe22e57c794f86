"""Audit trail (nhật ký): hash-chained records written in the same transaction as the change."""

from eoffice.audit.models import AuditChainHead, AuditRecord
from eoffice.audit.service import AuditVerification, record, snapshot, verify_chain

__all__ = ["AuditChainHead", "AuditRecord", "AuditVerification", "record", "snapshot", "verify_chain"]
