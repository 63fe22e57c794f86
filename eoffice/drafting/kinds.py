"""The shipped template kinds: quyết định, công văn, kế hoạch, báo cáo, tờ trình, thông báo, giấy mời."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TEMPLATE_KINDS", "TemplateKind"]


@dataclass(frozen=True)
class TemplateKind:
    """A shipped template: its file name, its type name (None for a công văn) and what its first page has."""

    key: str
    type_name: str | None
    title: str
    authority_title: bool = False  # a quyết định names the issuing authority above its căn cứ
    legal_bases: bool = False
    addressees: bool = False


TEMPLATE_KINDS: dict[str, TemplateKind] = {
    k.key: k
    for k in (
        TemplateKind("quyet_dinh", "QUYẾT ĐỊNH", "Quyết định", authority_title=True, legal_bases=True),
        TemplateKind("cong_van", None, "Công văn", addressees=True),
        TemplateKind("ke_hoach", "KẾ HOẠCH", "Kế hoạch", legal_bases=True),
        TemplateKind("bao_cao", "BÁO CÁO", "Báo cáo", addressees=True),
        TemplateKind("to_trinh", "TỜ TRÌNH", "Tờ trình", addressees=True),
        TemplateKind("thong_bao", "THÔNG BÁO", "Thông báo"),
        TemplateKind("giay_moi", "GIẤY MỜI", "Giấy mời", addressees=True),
    )
}
