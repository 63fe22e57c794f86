"""Vietnamese words the reports print for stored slugs (độ mật, độ khẩn, vai trò xử lý)."""

from __future__ import annotations

from eoffice.documents.kinds import Secrecy, Urgency

SECRECY_LABELS = {
    Secrecy.NONE: "",
    Secrecy.SECRET: "Mật",
    Secrecy.TOP_SECRET: "Tối mật",
    Secrecy.MOST_SECRET: "Tuyệt mật",
}

URGENCY_LABELS = {
    Urgency.NORMAL: "",
    Urgency.URGENT: "Khẩn",
    Urgency.VERY_URGENT: "Thượng khẩn",
    Urgency.FLASH: "Hỏa tốc",
}

RECALLED_NOTE = "Đã thu hồi"
CANCELLED_NOTE = "Đã hủy vào sổ"
HIDDEN_SECRET_NOTE = "Văn bản mật, không hiển thị nội dung"
HIDDEN_NOTE = "Không có quyền xem nội dung"
COOPERATING_SUFFIX = " (phối hợp)"
UNASSIGNED_NAME = "Chưa phân công"


def notes_for(secrecy: Secrecy, urgency: Urgency, *extra: str) -> str:
    """The Ghi chú cell: độ mật, độ khẩn and any other remark, comma-separated."""
    return ", ".join(part for part in (SECRECY_LABELS[secrecy], URGENCY_LABELS[urgency], *extra) if part)
