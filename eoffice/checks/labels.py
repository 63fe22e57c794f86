"""Tên quy tắc: the Vietnamese name of each finding code.

Codes (``format.font_family``) are for programs; a clerk sees "Phông chữ".
"""

from __future__ import annotations

__all__ = ["RULE_LABELS", "rule_label"]

RULE_LABELS: dict[str, str] = {
    # thể thức (Nghị định 30/2020/NĐ-CP, Phụ lục I)
    "format.paper_size": "Khổ giấy",
    "format.orientation": "Hướng trang",
    "format.margin_top": "Lề trên",
    "format.margin_bottom": "Lề dưới",
    "format.margin_left": "Lề trái",
    "format.margin_right": "Lề phải",
    "format.page_number": "Số trang",
    "format.font_family": "Phông chữ",
    "format.font_size": "Cỡ chữ",
    "format.font_color": "Màu chữ",
    "format.bold": "Chữ đậm",
    "format.italic": "Chữ nghiêng",
    "format.uppercase": "Chữ in hoa",
    "format.quoc_hieu_text": "Quốc hiệu",
    "format.tieu_ngu_text": "Tiêu ngữ",
    "format.tieu_ngu_line": "Đường kẻ dưới tiêu ngữ",
    "format.issuer_line": "Đường kẻ dưới tên cơ quan ban hành",
    "format.summary_line": "Đường kẻ dưới trích yếu",
    "format.number_format": "Số, ký hiệu văn bản",
    "format.number_leading_zero": "Số văn bản (số 0 đứng trước)",
    "format.number_year": "Năm trong số, ký hiệu",
    "format.symbol_type_mismatch": "Chữ viết tắt tên loại trong ký hiệu",
    "format.date_line_format": "Địa danh và thời gian ban hành",
    "format.date_leading_zero": "Ngày, tháng (số 0 đứng trước)",
    "format.place_name": "Địa danh",
    "format.vv_text": "Chữ “V/v” của trích yếu công văn",
    "format.signer_prefix": "Quyền hạn người ký (TM., KT., TL., TUQ., Q.)",
    "format.signer_authority": "Thẩm quyền ký",
    "format.signer_title": "Chức vụ người ký",
    "format.signer_position": "Chức vụ người ký",
    "format.signer_name": "Họ tên người ký",
    "format.noi_nhan_punctuation": "Dấu câu ở nơi nhận",
    "format.luu_vt_missing": "Dòng “Lưu: VT” ở nơi nhận",
    "format.luu_vt_format": "Dòng “Lưu: VT” ở nơi nhận",
    "format.kinh_gui_punctuation": "Dấu câu ở “Kính gửi”",
    "format.can_cu_format": "Dòng căn cứ",
    "format.body_alignment": "Căn lề nội dung",
    "format.first_line_indent": "Thụt đầu dòng",
    "format.paragraph_spacing": "Khoảng cách giữa các đoạn",
    "format.line_spacing": "Khoảng cách giữa các dòng",
    "format.missing_element": "Thành phần thể thức bị thiếu",
    # tệp không đọc được hoặc không an toàn
    "docx.not_a_docx": "Tệp không phải DOCX",
    "docx.empty": "Tệp rỗng",
    "docx.encrypted": "Tệp có mật khẩu",
    "docx.too_large": "Tệp quá lớn",
    "docx.malformed_xml": "Tệp hỏng",
    "docx.macros": "Tệp chứa macro",
    "docx.external_reference": "Liên kết ra ngoài tệp",
    "docx.dtd": "Khai báo DTD trong tệp",
    "pdf.unreadable": "Tệp PDF không đọc được",
    "pdf.encrypted": "Tệp PDF có mật khẩu",
    "pdf.no_text": "Tệp PDF không có lớp chữ",
    # căn cứ pháp lý
    "legal.not_found": "Văn bản căn cứ không có trong cơ sở dữ liệu",
    "legal.replaced": "Văn bản căn cứ đã bị thay thế",
    "legal.amended": "Văn bản căn cứ đã được sửa đổi, bổ sung",
    "legal.expired": "Văn bản căn cứ đã hết hiệu lực",
    "legal.not_in_force": "Văn bản căn cứ chưa có hiệu lực",
    "legal.suspended": "Văn bản căn cứ đang bị ngưng hiệu lực",
    "legal.date_mismatch": "Ngày ban hành văn bản căn cứ",
    "legal.issuer_mismatch": "Cơ quan ban hành văn bản căn cứ",
    "legal.cited_before_issued": "Văn bản căn cứ ban hành sau dự thảo",
    "legal.invalid_file": "Tệp không đọc được",
    "legal.error": "Không kiểm tra được căn cứ",
    "legal.corpus_unavailable": "Cơ sở dữ liệu văn bản pháp luật không dùng được",
    "legal.gateway_unavailable": "Không kết nối được cổng văn bản pháp luật",
}

_FAMILY = {"format": "Thể thức", "docx": "Tệp dự thảo", "pdf": "Tệp dự thảo", "legal": "Căn cứ pháp lý"}


def rule_label(code: str) -> str:
    """The rule's Vietnamese name; a code added without one is still named by its family, never shown raw."""
    return RULE_LABELS.get(code) or _FAMILY.get(code.split(".", 1)[0], "Sai sót khác")
