"""Organisation: agencies (cơ quan), departments (phòng ban), users, roles per agency and delegations."""

from eoffice.orgs.models import Agency, Delegation, DelegationKind, Department, Role, RoleAssignment, User
from eoffice.orgs.service import active_delegations, delegation_between, is_admin, related_agency_ids

__all__ = [
    "Agency",
    "Delegation",
    "DelegationKind",
    "Department",
    "Role",
    "RoleAssignment",
    "User",
    "active_delegations",
    "delegation_between",
    "is_admin",
    "related_agency_ids",
]
