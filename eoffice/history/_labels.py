"""Vietnamese names of audit actions and of the values their details quote."""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {
    "outgoing.draft_create": "Tạo dự thảo",
    "document_file.store": "Lưu tệp",
    "outgoing.comment": "Góp ý dự thảo",
    "outgoing.submit": "Trình duyệt",
    "outgoing.update": "Chuyển trạng thái",
    "outgoing.route_reset": "Phiên bản mới sau khi đã duyệt: phải trình duyệt lại",
    "workflow.run_start": "Bắt đầu luồng duyệt",
    "workflow.approve": "Duyệt",
    "workflow.return": "Trả lại để sửa",
    "workflow.reject": "Không duyệt",
    "outgoing.sign": "Lãnh đạo ký số",
    "outgoing.issue": "Cấp số và ký số cơ quan",
    "outgoing.release": "Phát hành",
    "outgoing.link": "Liên kết văn bản (thay thế, đính chính, trả lời)",
    "outgoing.answer_draft": "Có dự thảo văn bản trả lời",
    "outgoing.replaced_by": "Bị thay thế bởi văn bản mới",
    "outgoing.corrected_by": "Được đính chính bởi văn bản mới",
    "outgoing.answered_by": "Đã được trả lời",
    "incoming.link": "Liên kết văn bản thay thế/đính chính",
    "incoming.replaced_by": "Bị thay thế bởi văn bản liên thông mới",
    "incoming.corrected_by": "Được đính chính bởi văn bản liên thông mới",
    "outgoing.queue_delivery": "Chờ gửi liên thông",
    "incoming.register": "Vào sổ văn bản đến",
    "incoming.receive_internal": "Nhận văn bản phát hành nội bộ",
    "incoming.assign": "Phân công xử lý",
    "incoming.update": "Chuyển trạng thái",
    "incoming.forward": "Chuyển tiếp xử lý",
    "incoming.note": "Ý kiến xử lý",
    "incoming.complete": "Hoàn thành xử lý",
    "incoming.recall": "Thu hồi phân công",
    "incoming.cancel": "Hủy vào sổ văn bản đến",
    "incoming.present": "Trình lãnh đạo",
    "incoming.present.answer": "Lãnh đạo đã cho ý kiến văn bản trình",
    "incoming.direct": "Ý kiến chỉ đạo",
    "incoming.contribute": "Ý kiến phối hợp",
    "incoming.assignment.report": "Đơn vị phối hợp đã gửi ý kiến",
    "register.create": "Thêm sổ văn bản",
    "document.grant": "Cho phép xem văn bản",
    "check.run": "Kiểm tra thể thức và căn cứ",
    "check.fix": "Sửa tự động lỗi thể thức",
    "exchange.queue": "Đưa vào hàng gửi liên thông",
    "exchange.receive": "Nhận văn bản liên thông",
    "exchange.reject": "Từ chối gói liên thông không hợp lệ",
    "exchange.accept": "Tiếp nhận văn bản liên thông",
    "exchange.refuse": "Từ chối tiếp nhận văn bản liên thông",
    "exchange.status": "Nhận trạng thái từ nơi nhận",
    "exchange.delivered": "Đã gửi liên thông",
    "exchange.delivery_failed": "Gửi liên thông thất bại",
    "exchange.delivery_retry": "Gửi liên thông chưa được, sẽ thử lại",
}

# internal bookkeeping the timeline leaves out: the decision records already say what happened
HIDDEN_ACTIONS = frozenset({"workflow.run_update"})

ASSIGNMENT_ROLES: dict[str, str] = {
    "xu_ly_chinh": "xử lý chính",
    "phoi_hop": "phối hợp",
    "de_biet": "nhận để biết",
}

FILE_ROLES: dict[str, str] = {
    "original": "tệp gốc",
    "attachment": "tệp đính kèm",
    "draft": "dự thảo",
    "signed": "bản lãnh đạo đã ký",
    "issued": "bản phát hành",
    "issued_annex": "văn bản kèm theo đã ký số",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, f"Thao tác khác ({action})")
