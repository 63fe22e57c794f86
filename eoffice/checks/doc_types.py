"""The 29 administrative document types (Nghị định 30/2020/NĐ-CP, Phụ lục III) and their abbreviations."""

from __future__ import annotations

from dataclasses import dataclass

from eoffice.checks.text import fold

__all__ = ["DOCUMENT_TYPES", "DocumentType", "type_by_abbreviation", "type_by_name"]


@dataclass(frozen=True)
class DocumentType:
    """Tên loại văn bản and its abbreviation in the symbol (``QĐ`` in ``05/QĐ-UBND``); a công văn has none."""

    name: str
    abbreviation: str | None

    @property
    def is_cong_van(self) -> bool:
        return self.abbreviation is None


DOCUMENT_TYPES: tuple[DocumentType, ...] = tuple(
    DocumentType(name, abbreviation)
    for name, abbreviation in (
        ("Nghị quyết", "NQ"),
        ("Quyết định", "QĐ"),
        ("Chỉ thị", "CT"),
        ("Quy chế", "QC"),
        ("Quy định", "QyĐ"),
        ("Thông cáo", "TC"),
        ("Thông báo", "TB"),
        ("Hướng dẫn", "HD"),
        ("Chương trình", "CTr"),
        ("Kế hoạch", "KH"),
        ("Phương án", "PA"),
        ("Đề án", "ĐA"),
        ("Dự án", "DA"),
        ("Báo cáo", "BC"),
        ("Biên bản", "BB"),
        ("Tờ trình", "TTr"),
        ("Hợp đồng", "HĐ"),
        ("Công văn", None),
        ("Công điện", "CĐ"),
        ("Bản ghi nhớ", "GN"),
        ("Bản thỏa thuận", "TTh"),
        ("Giấy ủy quyền", "GUQ"),
        ("Giấy mời", "GM"),
        ("Giấy giới thiệu", "GGT"),
        ("Giấy nghỉ phép", "GNP"),
        ("Phiếu gửi", "PG"),
        ("Phiếu chuyển", "PC"),
        ("Phiếu báo", "PB"),
        ("Thư công", None),
    )
)

_BY_FOLDED_NAME = {fold(t.name): t for t in DOCUMENT_TYPES}
_BY_ABBREVIATION = {t.abbreviation: t for t in DOCUMENT_TYPES if t.abbreviation}


def type_by_name(text: str) -> DocumentType | None:
    """The type whose name the text is (any case, either tone placement), else None."""
    return _BY_FOLDED_NAME.get(fold(text))


def type_by_abbreviation(abbreviation: str) -> DocumentType | None:
    """The type of an exact abbreviation (``QĐ``; ``QD`` without the Đ is not one)."""
    return _BY_ABBREVIATION.get(abbreviation)
