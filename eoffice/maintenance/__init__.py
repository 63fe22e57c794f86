"""Keeping an installation whole: `eoffice doctor` (reconcile storage, outbox and index with the database),
`eoffice backup` and `eoffice restore` (everything, portable between SQLite and PostgreSQL, local files and S3).
"""

from eoffice.maintenance._crypto import is_encrypted
from eoffice.maintenance._progress import Progress, Silent
from eoffice.maintenance.backup import BackupResult, backup
from eoffice.maintenance.doctor import DEFAULT_GRACE, DoctorReport, Finding, Severity, run_doctor
from eoffice.maintenance.errors import (
    BackupDestinationExists,
    BackupIncomplete,
    BackupUnreadable,
    MaintenanceError,
    RestoreFailed,
    RestoreTargetNotEmpty,
)
from eoffice.maintenance.restore import RestoreResult, rebuild_index, restore

__all__ = [
    "DEFAULT_GRACE",
    "BackupDestinationExists",
    "BackupIncomplete",
    "BackupResult",
    "BackupUnreadable",
    "DoctorReport",
    "Finding",
    "MaintenanceError",
    "Progress",
    "RestoreFailed",
    "RestoreResult",
    "RestoreTargetNotEmpty",
    "Severity",
    "Silent",
    "backup",
    "is_encrypted",
    "rebuild_index",
    "restore",
    "run_doctor",
]
