"""What the citation parser knows about Vietnamese legal drafting: type words, symbol codes, agencies, laws.

All strings are NFC with the canonical tone placement of ``_citation_text.canonical_tones`` (``Hòa``,
``Ủy``); symbol-code keys are ``fold_key`` forms (upper case, Đ → D) so that ``NĐ`` and a typed ``ND`` agree.
"""

from __future__ import annotations

# Type words as they open a citation (lower case) → the normalised type name.
TYPE_WORDS: dict[str, str] = {
    "hiến pháp": "Hiến pháp",
    "bộ luật": "Bộ luật",
    "luật": "Luật",
    "pháp lệnh": "Pháp lệnh",
    "lệnh": "Lệnh",
    "nghị quyết liên tịch": "Nghị quyết liên tịch",
    "nghị quyết": "Nghị quyết",
    "nghị định": "Nghị định",
    "quyết định": "Quyết định",
    "thông tư liên tịch": "Thông tư liên tịch",
    "thông tư": "Thông tư",
    "chỉ thị": "Chỉ thị",
    "kế hoạch": "Kế hoạch",
    "công văn": "Công văn",
    "công điện": "Công điện",
    "văn bản hợp nhất": "Văn bản hợp nhất",
    "văn bản": "Văn bản",
    "thông báo kết luận": "Thông báo",
    "thông báo": "Thông báo",
    "thông tri": "Thông tri",
    "kết luận": "Kết luận",
    "quy định": "Quy định",
    "quy chế": "Quy chế",
    "hướng dẫn": "Hướng dẫn",
    "chương trình": "Chương trình",
    "đề án": "Đề án",
    "báo cáo": "Báo cáo",
    "tờ trình": "Tờ trình",
    "giấy mời": "Giấy mời",
}

# Types cited by name ("Luật Đất đai"): only with a capital letter, since "luật" is also an ordinary noun.
NAMED_TYPES = frozenset({"Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh"})
# Types whose lower-case word is too common in prose to open a citation without "số" and a full symbol.
CAPITAL_ONLY_TYPES = NAMED_TYPES | {"Lệnh"}
# Joint documents, the only ones whose issuer phrase may name several agencies.
JOINT_TYPES = frozenset({"Thông tư liên tịch", "Nghị quyết liên tịch"})

# Type abbreviations in a state symbol (``QĐ`` in ``114/QĐ-UBND``); exact spelling first, then folded.
SYMBOL_TYPES_EXACT: dict[str, str] = {"ĐA": "Đề án", "DA": "Dự án", "HĐ": "Hợp đồng", "CĐ": "Công điện"}
SYMBOL_TYPES: dict[str, str] = {
    "ND": "Nghị định",
    "QD": "Quyết định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch",
    "CT": "Chỉ thị",
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "KL": "Kết luận",
    "HD": "Hướng dẫn",
    "QC": "Quy chế",
    "QYD": "Quy định",
    "QDI": "Quy định",
    "CTR": "Chương trình",
    "PA": "Phương án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTR": "Tờ trình",
    "TC": "Thông cáo",
    "GM": "Giấy mời",
    "GP": "Giấy phép",
    "VBHN": "Văn bản hợp nhất",
    "PL": "Pháp lệnh",
    "L": "Lệnh",
    "CV": "Công văn",
    "TTRI": "Thông tri",
}

# Issuer codes in a symbol (``CP`` in ``NĐ-CP``) → the agency the symbol says issued the document.
SYMBOL_ISSUERS: dict[str, str] = {
    "CP": "Chính phủ",
    "TTG": "Thủ tướng Chính phủ",
    "CTN": "Chủ tịch nước",
    "VPCP": "Văn phòng Chính phủ",
    "TTCP": "Thanh tra Chính phủ",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "KTNN": "Kiểm toán nhà nước",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "HDTP": "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "UBDT": "Ủy ban Dân tộc",
    "BNV": "Bộ Nội vụ",
    "BTC": "Bộ Tài chính",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BKHDT": "Bộ Kế hoạch và Đầu tư",
    "BGDDT": "Bộ Giáo dục và Đào tạo",
    "BYT": "Bộ Y tế",
    "BTP": "Bộ Tư pháp",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BNG": "Bộ Ngoại giao",
    "BXD": "Bộ Xây dựng",
    "BGTVT": "Bộ Giao thông vận tải",
    "BCT": "Bộ Công Thương",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BLDTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "UBND": "Ủy ban nhân dân",
    "HDND": "Hội đồng nhân dân",
    "SNV": "Sở Nội vụ",
    "STC": "Sở Tài chính",
    "STP": "Sở Tư pháp",
    "SYT": "Sở Y tế",
    "STTTT": "Sở Thông tin và Truyền thông",
    "SKHDT": "Sở Kế hoạch và Đầu tư",
    "SGDDT": "Sở Giáo dục và Đào tạo",
}

# Party documents (``05-KL/TU``): the part after "/" names the Party body.
PARTY_ISSUERS: dict[str, str] = {
    "TW": "Trung ương Đảng",
    "TU": "Tỉnh ủy",
    "HU": "Huyện ủy",
    "QU": "Quận ủy",
    "TXU": "Thị ủy",
    "DU": "Đảng ủy",
    "BTCTW": "Ban Tổ chức Trung ương",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "BDVTW": "Ban Dân vận Trung ương",
    "BNCTW": "Ban Nội chính Trung ương",
    "BKTTW": "Ban Kinh tế Trung ương",
    "UBKTTW": "Ủy ban Kiểm tra Trung ương",
    "VPTW": "Văn phòng Trung ương Đảng",
}

# Written issuers a symbol issuer accepts besides itself (``/TW`` is used by three central Party bodies).
ACCEPTED_ISSUERS: dict[str, tuple[str, ...]] = {
    "Trung ương Đảng": ("Ban Chấp hành Trung ương", "Bộ Chính trị", "Ban Bí thư"),
    "Tỉnh ủy": ("Tỉnh ủy", "Thành ủy", "Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Thành ủy"),
    "Huyện ủy": ("Huyện ủy", "Ban Thường vụ Huyện ủy"),
    "Quận ủy": ("Quận ủy", "Ban Thường vụ Quận ủy"),
    "Thị ủy": ("Thị ủy", "Ban Thường vụ Thị ủy"),
    "Ủy ban nhân dân": ("UBND",),
    "Hội đồng nhân dân": ("HĐND",),
}

# Ministries and the matching provincial departments share these names ("Bộ Nội vụ", "Sở Nội vụ").
# Each entry: canonical name, then other spellings met in practice.
MINISTRY_NAMES: tuple[tuple[str, ...], ...] = (
    ("Nội vụ",),
    ("Tài chính",),
    ("Tư pháp",),
    ("Y tế",),
    ("Công an",),
    ("Quốc phòng",),
    ("Ngoại giao",),
    ("Ngoại vụ",),
    ("Xây dựng",),
    ("Công Thương", "Công thương"),
    ("Du lịch",),
    ("Giao thông vận tải", "Giao thông Vận tải"),
    ("Kế hoạch và Đầu tư",),
    ("Thông tin và Truyền thông",),
    ("Giáo dục và Đào tạo",),
    ("Khoa học và Công nghệ",),
    ("Văn hóa, Thể thao và Du lịch",),
    ("Văn hóa và Thể thao",),
    (
        "Lao động - Thương binh và Xã hội",
        "Lao động, Thương binh và Xã hội",
        "Lao động – Thương binh và Xã hội",
    ),
    ("Nông nghiệp và Phát triển nông thôn",),
    ("Tài nguyên và Môi trường",),
    ("Nông nghiệp và Môi trường",),
    ("Dân tộc và Tôn giáo",),
)

# Laws whose names contain words that would otherwise end a name ("của", "theo", a comma before a capital).
# Common laws are listed too, so that a name typed in lower case ("Luật đất đai") is still recognised.
KNOWN_NAMES: tuple[str, ...] = (
    "Luật Tổ chức chính quyền địa phương",
    "Luật Tổ chức Chính phủ",
    "Luật Tổ chức Quốc hội",
    "Luật Ban hành văn bản quy phạm pháp luật",
    "Luật Cán bộ, công chức",
    "Luật Viên chức",
    "Luật Giao dịch điện tử",
    "Luật Công nghệ thông tin",
    "Luật Lưu trữ",
    "Luật Bảo vệ bí mật nhà nước",
    "Luật Ngân sách nhà nước",
    "Luật Đầu tư công",
    "Luật Đầu tư theo phương thức đối tác công tư",
    "Luật Đất đai",
    "Luật Xây dựng",
    "Luật Đấu thầu",
    "Luật Quản lý, sử dụng tài sản công",
    "Luật Thực hành tiết kiệm, chống lãng phí",
    "Luật Phòng, chống tham nhũng",
    "Luật Phòng, chống tác hại của rượu, bia",
    "Luật Phòng, chống tác hại của thuốc lá",
    "Luật Trách nhiệm bồi thường của Nhà nước",
    "Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng",
    "Luật Xử lý vi phạm hành chính",
    "Luật Khiếu nại",
    "Luật Tố cáo",
    "Luật Tiếp công dân",
    "Luật Tiếp cận thông tin",
    "Luật Thi đua, khen thưởng",
    "Luật An toàn, vệ sinh lao động",
    "Luật Phòng cháy và chữa cháy",
    "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ",
    "Luật Hòa giải ở cơ sở",
    "Luật Thủy sản",
    "Luật Thủy lợi",
    "Luật Bảo hiểm xã hội",
    "Luật Bảo hiểm y tế",
    "Luật Thống kê",
    "Luật Kế toán",
    "Luật Quy hoạch",
    "Luật Căn cước",
    "Luật Cư trú",
    "Luật Dữ liệu",
    "Luật An ninh mạng",
    "Bộ luật Lao động",
    "Bộ luật Dân sự",
    "Bộ luật Hình sự",
    "Bộ luật Tố tụng dân sự",
    "Bộ luật Tố tụng hình sự",
    "Bộ luật Hàng hải Việt Nam",
    "Pháp lệnh Ưu đãi người có công với cách mạng",
    "Pháp lệnh Thực hiện dân chủ ở xã, phường, thị trấn",
    "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam",
)

# Words that end a name guessed word by word (a known name is matched whole before this applies).
NAME_STOP_WORDS = frozenset(
    {
        "ngày", "của", "do", "đã", "được", "đang", "sẽ", "hiện", "các", "những", "này", "đó", "thì", "là",
        "tại", "để", "nhằm", "cho", "khi", "mà", "vì", "với", "trong", "theo", "về", "như", "hoặc", "không",
        "nên", "thuộc", "gồm", "đến", "từ", "nay", "hết", "qua", "phải", "cũng", "vẫn", "chưa", "có", "sau",
        "trước", "điều", "khoản", "tháng", "mới", "cũ",
    }
)  # fmt: skip
# Two-word phrases that end a guessed name ("Luật Đất đai quy định ...") though each word alone may not.
NAME_STOP_PAIRS = frozenset(
    {
        ("quy", "định"), ("hướng", "dẫn"), ("ban", "hành"), ("sửa", "đổi"), ("bổ", "sung"), ("thay", "thế"),
        ("áp", "dụng"), ("thi", "hành"),
    }
)  # fmt: skip
# Words that mean "Luật" is not a law name here ("Trường Đại học Luật Hà Nội", "Khoa Luật").
NAME_BLOCKING_PREVIOUS = frozenset({"học", "khoa", "ngành", "viện", "trường", "sinh", "cử"})
