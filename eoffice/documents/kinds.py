"""The closed vocabularies of a document's metadata (DOMAIN.md, "Documents and their metadata").

Stored values are ASCII slugs so SQL, URLs and JSON stay readable; the Vietnamese names and abbreviations
are properties of each member.
"""

from __future__ import annotations

import enum


class DocumentKind(enum.StrEnum):
    """Văn bản đến (incoming) or văn bản đi (outgoing)."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"


# slug: (tên loại, viết tắt) — the 29 administrative document types of Nghị định 30/2020/NĐ-CP.
_TYPES: dict[str, tuple[str, str]] = {
    "nghi_quyet": ("Nghị quyết", "NQ"),
    "quyet_dinh": ("Quyết định", "QĐ"),
    "chi_thi": ("Chỉ thị", "CT"),
    "quy_che": ("Quy chế", "QC"),
    "quy_dinh": ("Quy định", "QyĐ"),
    "thong_cao": ("Thông cáo", "TC"),
    "thong_bao": ("Thông báo", "TB"),
    "huong_dan": ("Hướng dẫn", "HD"),
    "chuong_trinh": ("Chương trình", "CTr"),
    "ke_hoach": ("Kế hoạch", "KH"),
    "phuong_an": ("Phương án", "PA"),
    "de_an": ("Đề án", "ĐA"),
    "du_an": ("Dự án", "DA"),
    "bao_cao": ("Báo cáo", "BC"),
    "bien_ban": ("Biên bản", "BB"),
    "to_trinh": ("Tờ trình", "TTr"),
    "hop_dong": ("Hợp đồng", "HĐ"),
    "cong_van": ("Công văn", ""),
    "cong_dien": ("Công điện", "CĐ"),
    "ban_ghi_nho": ("Bản ghi nhớ", "GN"),
    "ban_thoa_thuan": ("Bản thỏa thuận", "TTh"),
    "giay_uy_quyen": ("Giấy ủy quyền", "GUQ"),
    "giay_moi": ("Giấy mời", "GM"),
    "giay_gioi_thieu": ("Giấy giới thiệu", "GGT"),
    "giay_nghi_phep": ("Giấy nghỉ phép", "GNP"),
    "phieu_gui": ("Phiếu gửi", "PG"),
    "phieu_chuyen": ("Phiếu chuyển", "PC"),
    "phieu_bao": ("Phiếu báo", "PB"),
    "thu_cong": ("Thư công", ""),
}


class DocumentType(enum.StrEnum):
    """Tên loại văn bản hành chính; `abbreviation` is what the symbol uses (`QĐ` in `05/QĐ-UBND`)."""

    NGHI_QUYET = "nghi_quyet"
    QUYET_DINH = "quyet_dinh"
    CHI_THI = "chi_thi"
    QUY_CHE = "quy_che"
    QUY_DINH = "quy_dinh"
    THONG_CAO = "thong_cao"
    THONG_BAO = "thong_bao"
    HUONG_DAN = "huong_dan"
    CHUONG_TRINH = "chuong_trinh"
    KE_HOACH = "ke_hoach"
    PHUONG_AN = "phuong_an"
    DE_AN = "de_an"
    DU_AN = "du_an"
    BAO_CAO = "bao_cao"
    BIEN_BAN = "bien_ban"
    TO_TRINH = "to_trinh"
    HOP_DONG = "hop_dong"
    CONG_VAN = "cong_van"
    CONG_DIEN = "cong_dien"
    BAN_GHI_NHO = "ban_ghi_nho"
    BAN_THOA_THUAN = "ban_thoa_thuan"
    GIAY_UY_QUYEN = "giay_uy_quyen"
    GIAY_MOI = "giay_moi"
    GIAY_GIOI_THIEU = "giay_gioi_thieu"
    GIAY_NGHI_PHEP = "giay_nghi_phep"
    PHIEU_GUI = "phieu_gui"
    PHIEU_CHUYEN = "phieu_chuyen"
    PHIEU_BAO = "phieu_bao"
    THU_CONG = "thu_cong"

    @property
    def label(self) -> str:
        """The Vietnamese name, e.g. `Quyết định`."""
        return _TYPES[self.value][0]

    @property
    def abbreviation(self) -> str:
        """Empty for the công văn and the thư công, which have none."""
        return _TYPES[self.value][1]


class Urgency(enum.StrEnum):
    """Độ khẩn."""

    NORMAL = "thuong"
    URGENT = "khan"  # Khẩn
    VERY_URGENT = "thuong_khan"  # Thượng khẩn
    FLASH = "hoa_toc"  # Hỏa tốc


class Secrecy(enum.StrEnum):
    """Độ mật; anything but NONE restricts reading to the people named on the document."""

    NONE = "thuong"
    SECRET = "mat"  # Mật
    TOP_SECRET = "toi_mat"  # Tối mật
    MOST_SECRET = "tuyet_mat"  # Tuyệt mật


class DocumentStatus(enum.StrEnum):
    """Where a document is on its path (DESIGN.md, "What flows through it")."""

    # incoming
    REGISTERED = "registered"  # vào sổ, chờ phân công
    ASSIGNED = "assigned"  # đã phân công, chờ xử lý
    IN_PROGRESS = "in_progress"  # đang xử lý
    COMPLETED = "completed"  # hoàn thành
    RECALLED = "recalled"  # thu hồi
    CANCELLED = "cancelled"  # hủy vào sổ: the entry keeps its number, the document leaves the inboxes
    # outgoing
    DRAFT = "draft"
    SUBMITTED = "submitted"  # đang trình duyệt
    RETURNED = "returned"  # trả lại để sửa
    REJECTED = "rejected"  # không duyệt
    APPROVED = "approved"  # đã duyệt, chờ ký
    SIGNED = "signed"  # lãnh đạo đã ký, chờ cấp số
    ISSUED = "issued"  # đã cấp số và ký số cơ quan
    RELEASED = "released"  # đã phát hành

    @property
    def label(self) -> str:
        """The Vietnamese name every reader sees — on the screens, in the history, in the search index (and so
        in `eoffice doctor`): one wording for a status everywhere."""
        return _STATUS_LABELS[self]


# Văn bản đến still being handled: the inbox's open views and the read model's `is_open` rows.
OPEN_INCOMING = frozenset({DocumentStatus.REGISTERED, DocumentStatus.ASSIGNED, DocumentStatus.IN_PROGRESS})

_STATUS_LABELS: dict[DocumentStatus, str] = {
    DocumentStatus.REGISTERED: "Chờ phân công",
    DocumentStatus.ASSIGNED: "Chờ xử lý",
    DocumentStatus.IN_PROGRESS: "Đang xử lý",
    DocumentStatus.COMPLETED: "Đã hoàn thành",
    DocumentStatus.RECALLED: "Đã thu hồi",
    DocumentStatus.CANCELLED: "Đã hủy vào sổ",
    DocumentStatus.DRAFT: "Dự thảo",
    DocumentStatus.SUBMITTED: "Đang trình duyệt",
    DocumentStatus.RETURNED: "Trả lại để sửa",
    DocumentStatus.REJECTED: "Không duyệt",
    DocumentStatus.APPROVED: "Đã duyệt, chờ ký",
    DocumentStatus.SIGNED: "Đã ký, chờ cấp số",
    DocumentStatus.ISSUED: "Đã cấp số",
    DocumentStatus.RELEASED: "Đã phát hành",
}


def status_label(value: str) -> str:
    """The Vietnamese name of a stored status value; a value that is no document status (an assignment's, a
    received package's) is shown as it is."""
    try:
        return DocumentStatus(value).label
    except ValueError:
        return value


class FileRole(enum.StrEnum):
    """What a stored file is for the document."""

    ORIGINAL = "original"  # the received file, byte for byte
    ATTACHMENT = "attachment"
    DRAFT = "draft"  # an outgoing draft version (DOCX or PDF)
    SIGNED = "signed"  # signed by the leader
    ISSUED = "issued"  # numbered and signed by the agency: the released document
    ISSUED_ATTACHMENT = "issued_annex"  # a separate attachment the agency signed at issue (fits 16 chars)


class AccessReason(enum.StrEnum):
    """Why a person is named on a document (the grant table `document_access`)."""

    NAMED = "named"  # explicitly granted
    ASSIGNEE = "assignee"  # assigned to handle it personally
    ROUTE = "route"  # a participant of its approval route
