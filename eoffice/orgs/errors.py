"""Organisation errors, each with a stable code and a Vietnamese message."""

from __future__ import annotations

from eoffice.errors import Conflict, Forbidden, InvalidInput, NotFound


class NotAdmin(Forbidden):
    code = "orgs.admin_required"
    message = "Chỉ quản trị viên của cơ quan mới được thực hiện thao tác này."


class AgencyNotFound(NotFound):
    code = "orgs.agency_not_found"
    message = "Không tìm thấy cơ quan."


class DepartmentNotFound(NotFound):
    code = "orgs.department_not_found"
    message = "Không tìm thấy phòng ban."


class UserNotFound(NotFound):
    code = "orgs.user_not_found"
    message = "Không tìm thấy người dùng."


class DelegationNotFound(NotFound):
    code = "orgs.delegation_not_found"
    message = "Không tìm thấy ủy quyền."


class DuplicateName(Conflict):
    code = "orgs.duplicate"
    message = "Đã tồn tại một mục với mã/tên này."


class LastAdmin(Conflict):
    code = "orgs.last_admin"
    message = "Không thể bỏ quyền quản trị của quản trị viên cuối cùng của cơ quan."


class InvalidDelegation(InvalidInput):
    code = "orgs.invalid_delegation"
    message = "Ủy quyền không hợp lệ."


class SystemAdminRequired(Forbidden):
    """Creating agencies is the system role's (quản trị hệ thống), not any agency admin's."""

    code = "orgs.system_admin_required"
    message = "Chỉ quản trị hệ thống mới được tạo cơ quan mới."


class NotAnOutsider(InvalidInput):
    code = "orgs.not_an_outsider"
    message = "Người dùng thuộc cơ quan này; hãy đổi vai trò bằng chức năng phân quyền."
