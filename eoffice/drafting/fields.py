"""Thông tin dự thảo: the metadata a template is filled with, and the placeholders it becomes.

The rules of the decree that concern wording live here, not in the templates: upper-case agency names and
positions, the number's leading zero, the date written the Vietnamese way, ``;`` after each legal basis and
``.`` after the last, ``- …;`` recipient lines ending with ``- Lưu: VT, …``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from eoffice.vietnamese_dates import format_long_date

__all__ = ["LIST_PLACEHOLDERS", "PLACEHOLDERS", "REQUIRED_PLACEHOLDERS", "DraftFields", "Signer"]

# name → what it holds (shown to admins who write their own templates)
PLACEHOLDERS: dict[str, str] = {
    "co_quan_chu_quan": "Tên cơ quan chủ quản (in hoa), có thể để trống",
    "co_quan_ban_hanh": "Tên cơ quan ban hành (in hoa)",
    "so": "Số văn bản (để trống khi chưa cấp số)",
    "ky_hieu": "Ký hiệu, VD: QĐ-UBND",
    "dia_danh": "Địa danh",
    "ngay_thang_nam": "ngày … tháng … năm …",
    "trich_yeu": "Trích yếu nội dung",
    "tham_quyen_ban_hanh": "Thẩm quyền ban hành của quyết định (in hoa)",
    "can_cu": "Các dòng căn cứ (và «Theo đề nghị của …»)",
    "kinh_gui": "Dòng «Kính gửi»",
    "noi_dung": "Các đoạn nội dung",
    "tham_quyen_ky": "Quyền hạn ký: TM. / KT. / TL. / TUQ. / Q. …",
    "chuc_vu_ky": "Chức vụ người ký (in hoa)",
    "ho_ten_ky": "Họ và tên người ký",
    "noi_nhan": "Các dòng nơi nhận, dòng cuối «- Lưu: VT, …»",
}
LIST_PLACEHOLDERS = frozenset({"can_cu", "kinh_gui", "noi_dung", "tham_quyen_ky", "noi_nhan"})
REQUIRED_PLACEHOLDERS = frozenset(
    {"co_quan_ban_hanh", "so", "ky_hieu", "dia_danh", "ngay_thang_nam", "trich_yeu", "noi_dung"}
    | {"chuc_vu_ky", "ho_ten_ky", "noi_nhan"}
)

PlaceholderValues = Mapping[str, str | Sequence[str]]


@dataclass(frozen=True)
class Signer:
    """Người ký: ``authority`` lines come first (``TM. ỦY BAN NHÂN DÂN``, ``KT. CHỦ TỊCH``), then the
    position (``PHÓ CHỦ TỊCH``) and the full name without academic titles."""

    position: str
    full_name: str
    authority: tuple[str, ...] = ()


@dataclass(frozen=True)
class DraftFields:
    issuing_agency: str
    symbol: str
    place: str
    summary: str
    signer: Signer
    body: tuple[str, ...]
    recipients: tuple[str, ...] = ()
    archive: str = "VT"  # ``- Lưu: VT, VP.``: the văn thư and the drafting unit
    parent_agency: str = ""
    number: int | None = None  # None: the văn thư issues it later
    date: dt.date | None = None
    year: int | None = None  # the year printed while the date is still blank
    legal_bases: tuple[str, ...] = ()
    proposal: str = ""  # ``Theo đề nghị của Giám đốc Sở Nội vụ``
    authority_title: str = ""  # a quyết định's ``CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …``
    addressees: tuple[str, ...] = ()  # ``Kính gửi``
    extra: Mapping[str, str] = field(default_factory=dict)

    def placeholders(self) -> dict[str, str | list[str]]:
        values: dict[str, str | list[str]] = {
            "co_quan_chu_quan": self.parent_agency.upper(),
            "co_quan_ban_hanh": self.issuing_agency.upper(),
            "so": f"{self.number:02d}" if self.number is not None else "      ",
            "ky_hieu": self.symbol,
            "dia_danh": self.place,
            "ngay_thang_nam": format_long_date(self.date, year=self.year),
            "trich_yeu": self.summary,
            "tham_quyen_ban_hanh": self.authority_title.upper(),
            "can_cu": _legal_basis_lines(self.legal_bases, self.proposal),
            "kinh_gui": _addressee_lines(self.addressees),
            "noi_dung": list(self.body),
            "tham_quyen_ky": [line.upper() for line in self.signer.authority],
            "chuc_vu_ky": self.signer.position.upper(),
            "ho_ten_ky": self.signer.full_name,
            "noi_nhan": _recipient_lines(self.recipients, self.archive),
        }
        values.update(self.extra)
        return values


def _strip_end(text: str) -> str:
    return text.strip().rstrip(";.,").strip()


def _legal_basis_lines(bases: Sequence[str], proposal: str) -> list[str]:
    lines = [_strip_end(b) for b in bases if b.strip()]
    if proposal.strip():
        lines.append(_strip_end(proposal))
    return [line + (";" if i < len(lines) - 1 else ".") for i, line in enumerate(lines)]


def _addressee_lines(addressees: Sequence[str]) -> list[str]:
    names = [_strip_end(a.lstrip("-– ")) for a in addressees if a.strip()]
    if not names:
        return []
    if len(names) == 1:
        return [f"Kính gửi: {names[0]}."]
    return ["Kính gửi:"] + [f"- {n}{';' if i < len(names) - 1 else '.'}" for i, n in enumerate(names)]


def _recipient_lines(recipients: Sequence[str], archive: str) -> list[str]:
    names = [_strip_end(r.lstrip("-– ")) for r in recipients if r.strip()]
    archive = _strip_end(archive) or "VT"
    if not archive.upper().startswith("VT"):
        archive = f"VT, {archive}"
    return [f"- {n};" for n in names] + [f"- Lưu: {archive}."]
