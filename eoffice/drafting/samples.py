"""Dự thảo mẫu: realistic metadata for each shipped template, for the demo, the tests and the evaluation."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from eoffice.drafting.fields import DraftFields, Signer

__all__ = ["sample_fields"]

_BODY = (
    "Triển khai thực hiện chương trình chuyển đổi số của tỉnh, các cơ quan, đơn vị tổ chức rà soát quy trình "
    "xử lý văn bản, hồ sơ công việc trên môi trường điện tử, bảo đảm thống nhất và đúng quy định.",
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm chỉ đạo cán bộ, công chức thực hiện nghiêm việc ký số "
    "văn bản, lưu trữ hồ sơ điện tử và báo cáo kết quả định kỳ hằng quý về Sở Nội vụ để tổng hợp.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh kịp thời về Văn "
    "phòng Ủy ban nhân dân tỉnh để được hướng dẫn, giải quyết theo thẩm quyền.",
)
_BASES = (
    # the law and the law that amended it, as UBND decisions cite them (the căn cứ check asks for both)
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của "
    "Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư",
)
_SYMBOLS = {
    "quyet_dinh": ("QĐ-UBND", "Về việc ban hành Quy chế công tác văn thư của Ủy ban nhân dân tỉnh"),
    "cong_van": ("UBND-VP", "triển khai quản lý văn bản điện tử"),
    "ke_hoach": ("KH-UBND", "Triển khai chuyển đổi số trong công tác văn thư năm 2024"),
    "bao_cao": ("BC-UBND", "Kết quả thực hiện công tác văn thư, lưu trữ năm 2024"),
    "to_trinh": ("TTr-UBND", "Về việc đề nghị phê duyệt Đề án số hóa tài liệu lưu trữ"),
    "thong_bao": ("TB-UBND", "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp giao ban tháng 3"),
    "giay_moi": ("GM-UBND", "Dự hội nghị triển khai hệ thống quản lý văn bản điện tử"),
}


def sample_fields(kind: str, **overrides: Any) -> DraftFields:
    """A complete, correct set of fields for the template ``kind``; keyword arguments replace fields."""
    symbol, summary = _SYMBOLS[kind]
    fields = DraftFields(
        parent_agency="",
        issuing_agency="Ủy ban nhân dân tỉnh Hà Tĩnh",
        number=5,
        symbol=symbol,
        place="Hà Tĩnh",
        date=dt.date(2024, 3, 5),
        summary=summary,
        legal_bases=_BASES if kind in ("quyet_dinh", "ke_hoach") else (),
        proposal="Theo đề nghị của Giám đốc Sở Nội vụ" if kind == "quyet_dinh" else "",
        authority_title="Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh" if kind == "quyet_dinh" else "",
        addressees=("Các sở, ban, ngành cấp tỉnh", "Ủy ban nhân dân các huyện, thành phố, thị xã")
        if kind in ("cong_van", "bao_cao", "giay_moi")
        else ("Hội đồng nhân dân tỉnh",)
        if kind == "to_trinh"
        else (),
        body=_BODY,
        signer=Signer("Phó Chủ tịch", "Nguyễn Văn An", ("KT. Chủ tịch",)),
        recipients=("Như trên", "Chủ tịch, các PCT UBND tỉnh"),
        archive="VT, NC",
    )
    if kind == "quyet_dinh":
        fields = replace(
            fields, signer=Signer("Phó Chủ tịch", "Nguyễn Văn An", ("TM. Ủy ban nhân dân", "KT. Chủ tịch"))
        )
    return replace(fields, **overrides)
