"""Who may see which report: registers for the agency's office, statistics for leaders and unit heads."""

from __future__ import annotations

from eoffice.orgs.models import Department, Role, User
from eoffice.permissions import holds_role, member_agencies
from eoffice.registers import Register
from eoffice.reports.errors import ExportForbidden, RegisterNotFound, StatisticsForbidden

EXPORTERS = (Role.CLERK, Role.LEADER, Role.ADMIN)
# Roles that see the statistics of every unit of the agency; a lãnh đạo phòng sees their own unit's.
AGENCY_WIDE = (Role.LEADER, Role.CLERK, Role.ADMIN)


def may_export(user: User, agency_id: int) -> bool:
    return holds_role(user, agency_id, *EXPORTERS)


def check_export(user: User, register: Register | None) -> Register:
    """The register if the user may export it; another agency's register does not exist for them (404)."""
    if register is None or register.agency_id not in member_agencies(user):
        raise RegisterNotFound()
    if not may_export(user, register.agency_id):
        raise ExportForbidden()
    return register


def statistics_scope(user: User, agency_id: int, department: Department | None) -> int | None:
    """The department the statistics are limited to (None: the whole agency), or 403.

    Leaders, văn thư and admins see any unit; a lãnh đạo phòng only their own, also when they ask for the
    agency as a whole.
    """
    if holds_role(user, agency_id, *AGENCY_WIDE):
        return department.id if department is not None else None
    if holds_role(user, agency_id, Role.DEPARTMENT_HEAD) and user.department_id is not None:
        if department is not None and department.id != user.department_id:
            raise StatisticsForbidden()
        return user.department_id
    raise StatisticsForbidden("Chỉ lãnh đạo, văn thư hoặc lãnh đạo phòng mới được xem thống kê.")
