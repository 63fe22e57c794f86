"""Errors of doctor, backup and restore: each with a stable code and a Vietnamese message for the operator."""

from __future__ import annotations

from eoffice.errors import Conflict, EOfficeError, InvalidInput


class MaintenanceError(EOfficeError):
    """Base of every maintenance failure."""

    code = "maintenance.error"
    message = "Thao tác bảo trì thất bại."


class BackupDestinationExists(Conflict, MaintenanceError):
    code = "backup.destination_exists"
    message = "Nơi lưu bản sao lưu đã tồn tại và không rỗng."


class BackupIncomplete(MaintenanceError):
    """The backup was written, but something the database names could not be copied intact."""

    code = "backup.incomplete"
    message = "Bản sao lưu chưa đầy đủ: có tệp bị thiếu hoặc hỏng trong kho lưu trữ."


class BackupUnreadable(InvalidInput, MaintenanceError):
    """The folder or archive is not an eOffice backup, or a file in it does not match its checksum."""

    code = "backup.unreadable"
    message = "Không đọc được bản sao lưu hoặc bản sao lưu đã bị hỏng."


class RestoreTargetNotEmpty(Conflict, MaintenanceError):
    code = "restore.target_not_empty"
    message = "Hệ thống đích đã có dữ liệu; dùng --force để xóa và khôi phục đè."


class RestoreFailed(MaintenanceError):
    code = "restore.failed"
    message = "Khôi phục thất bại."
