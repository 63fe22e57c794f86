"""Relevance set for Vietnamese search (issue 22): documents the project wrote and queries typed as clerks type.

Two parts, both deterministic:

- ``TRAPS``: hand-written groups of a document a query is about and documents that merely contain the
  query's syllables — scattered ("cán bộ … bài thơ" against Cần Thơ), adjacent across words with other
  diacritics ("làm đồng" against Lâm Đồng, "thuê đất" against "thuế đất"), in the body instead of the title,
  or a person's name whose syllables belong to two people.
- Generated documents (``random.Random(22)`` over our templates): plans, decisions, reports and công văn
  of provincial agencies, each about one topic in one province (a unique pair), whose bodies also mention
  other topics, provinces and officials — so a query for a topic in a province has many documents matching
  every syllable and one about it.

``QUERIES`` give the expected top document of each query; half are typed without diacritics.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from search import DocumentKind, IndexedDocument, fold

PRINCIPALS = frozenset({"agency:1"})


@dataclass(frozen=True)
class RelevanceCase:
    """One query and the document a clerk typing it is looking for; ``what`` says what it exercises."""

    query: str
    expected: str
    what: str


def _doc(
    doc_id: str,
    title: str,
    body: str,
    *,
    number: str,
    issuer: str,
    type_: str,
    date: str,
    kind: DocumentKind = DocumentKind.INCOMING,
) -> IndexedDocument:
    return IndexedDocument(
        id=doc_id,
        title=title,
        body=body,
        number=number,
        issuer=issuer,
        type=type_,
        kind=kind,
        date=dt.date.fromisoformat(date),
        status="đã ban hành",
        filename=number.replace("/", "-") + ".pdf",
        principals=PRINCIPALS,
    )


TRAPS: tuple[IndexedDocument, ...] = (
    _doc(
        "trap-cantho",
        "Kế hoạch phát triển du lịch thành phố Cần Thơ giai đoạn 2025 - 2030",
        "Thành phố Cần Thơ là trung tâm vùng Đồng bằng sông Cửu Long. Kế hoạch tập trung phát triển du lịch "
        "sông nước, chợ nổi Cái Răng và các khu du lịch sinh thái ven sông Hậu.",
        number="215/KH-UBND",
        issuer="UBND thành phố Cần Thơ",
        type_="Kế hoạch",
        date="2025-03-12",
    ),
    _doc(
        "trap-canbo-tho",
        "Thông báo tổ chức cuộc thi sáng tác thơ về ngành giáo dục",
        "Công đoàn ngành giáo dục tổ chức cuộc thi sáng tác thơ dành cho cán bộ, giáo viên. Mỗi cán bộ được "
        "gửi tối đa hai bài thơ; ban giám khảo gồm các nhà thơ của Hội Văn học nghệ thuật tỉnh.",
        number="48/TB-CĐN",
        issuer="Công đoàn ngành Giáo dục",
        type_="Thông báo",
        date="2025-04-02",
    ),
    _doc(
        "trap-canthiet-tho",
        "Công văn về việc cử cán bộ tham dự hội thảo văn học",
        "Đề nghị các đơn vị cử cán bộ có năng lực, cần thiết phải có tác phẩm thơ đã xuất bản, tham dự hội "
        "thảo. Hội thảo bàn về thơ ca cách mạng và việc giữ gìn sự trong sáng của tiếng Việt.",
        number="1204/SVHTT-QLVH",
        issuer="Sở Văn hóa, Thể thao và Du lịch",
        type_="Công văn",
        date="2025-05-20",
    ),
    _doc(
        "trap-hatinh",
        "Quyết định phê duyệt đề án phát triển kinh tế biển tỉnh Hà Tĩnh",
        "Phê duyệt đề án phát triển kinh tế biển tỉnh Hà Tĩnh đến năm 2030. Khu kinh tế Vũng Áng là động lực "
        "tăng trưởng; các huyện ven biển phát triển nuôi trồng và chế biến thủy sản.",
        number="1570/QĐ-UBND",
        issuer="UBND tỉnh Hà Tĩnh",
        type_="Quyết định",
        date="2024-06-18",
    ),
    _doc(
        "trap-hatinh-tinh",
        "Báo cáo kết quả kiểm tra việc tính tiền sử dụng đất",
        "Đoàn kiểm tra làm việc tại xã Hà Linh: việc tính tiền sử dụng đất của 12 hộ chưa đúng giá đất. "
        "Xã báo cáo huyện trước ngày 30; huyện tổng hợp báo cáo tỉnh. Hồ sơ lưu tại xã Hà Linh và Sở Tài chính.",
        number="77/BC-STC",
        issuer="Sở Tài chính",
        type_="Báo cáo",
        date="2024-07-01",
    ),
    _doc(
        "trap-hanoi-tinh",
        "Công văn về việc học tập kinh nghiệm chuyển đổi số tại Hà Nội",
        "Đoàn công tác của tỉnh học tập kinh nghiệm chuyển đổi số tại thành phố Hà Nội. Sau chuyến đi, tỉnh "
        "ban hành kế hoạch áp dụng; thành viên đoàn gồm đại diện Sở Nội vụ và Văn phòng UBND tỉnh Hà Giang.",
        number="905/UBND-KGVX",
        issuer="UBND tỉnh Hà Giang",
        type_="Công văn",
        date="2024-09-09",
    ),
    _doc(
        "trap-lamdong",
        "Kế hoạch phát triển nông nghiệp công nghệ cao tỉnh Lâm Đồng",
        "Tỉnh Lâm Đồng phát triển nông nghiệp công nghệ cao gắn với thương hiệu rau, hoa Đà Lạt. Kế hoạch hỗ "
        "trợ nhà kính, tưới nhỏ giọt và liên kết tiêu thụ sản phẩm.",
        number="88/KH-UBND",
        issuer="UBND tỉnh Lâm Đồng",
        type_="Kế hoạch",
        date="2025-01-15",
    ),
    _doc(
        "trap-lamdong-field",
        "Báo cáo tình hình sản xuất vụ đông xuân",
        "Vụ đông xuân năm nay bà con nông dân xuống đồng sớm; nhiều hộ làm đồng bằng máy, giảm công lao động. "
        "Cán bộ khuyến nông hướng dẫn bà con làm đất, bón phân đúng quy trình.",
        number="31/BC-SNN",
        issuer="Sở Nông nghiệp và Phát triển nông thôn",
        type_="Báo cáo",
        date="2025-02-10",
    ),
    _doc(
        "trap-bentre",
        "Báo cáo tình hình xâm nhập mặn tại tỉnh Bến Tre",
        "Mùa khô năm nay, nước mặn xâm nhập sâu vào các huyện của tỉnh Bến Tre. Tỉnh đã đắp đập tạm, trữ nước "
        "ngọt và hỗ trợ người dân nuôi trồng thủy sản chuyển đổi mùa vụ.",
        number="56/BC-UBND",
        issuer="UBND tỉnh Bến Tre",
        type_="Báo cáo",
        date="2025-03-28",
    ),
    _doc(
        "trap-bentre-side",
        "Công văn về việc bảo vệ hành lang kênh thủy lợi",
        "Dọc bờ kênh, bên tre và bên dừa, người dân lấn chiếm hành lang để dựng lều quán. Đề nghị xã tháo "
        "dỡ công trình vi phạm, bảo vệ hành lang an toàn kênh thủy lợi.",
        number="417/SNN-TL",
        issuer="Sở Nông nghiệp và Phát triển nông thôn",
        type_="Công văn",
        date="2025-04-11",
    ),
    _doc(
        "trap-thue-dat",
        "Công văn về việc thu thuế đất phi nông nghiệp năm 2025",
        "Cục Thuế đề nghị các chi cục đôn đốc thu thuế đất phi nông nghiệp, xử lý nợ đọng tiền thuế đất của "
        "các hộ gia đình và tổ chức đúng thời hạn.",
        number="2231/CT-QLN",
        issuer="Cục Thuế tỉnh",
        type_="Công văn",
        date="2025-06-05",
    ),
    _doc(
        "trap-thue-dat-lease",
        "Quyết định cho Công ty TNHH Minh Phát thuê đất để xây dựng nhà xưởng",
        "Cho Công ty TNHH Minh Phát thuê đất tại khu công nghiệp, diện tích 2,5 ha, thời hạn 50 năm, trả "
        "tiền thuê đất hằng năm. Công ty có trách nhiệm sử dụng đất đúng mục đích.",
        number="932/QĐ-UBND",
        issuer="UBND tỉnh",
        type_="Quyết định",
        date="2025-06-09",
    ),
    _doc(
        "trap-baove-rung",
        "Kế hoạch bảo vệ và phát triển rừng năm 2025",
        "Tăng cường bảo vệ rừng, phòng cháy chữa cháy rừng trong mùa khô; giao khoán bảo vệ rừng cho cộng "
        "đồng dân cư thôn bản và xử lý nghiêm hành vi phá rừng.",
        number="64/KH-UBND",
        issuer="UBND tỉnh",
        type_="Kế hoạch",
        date="2025-02-20",
    ),
    _doc(
        "trap-baove-reported",
        "Báo cáo nhanh thiệt hại do mưa lũ",
        "Các xã báo về huyện: mưa lũ làm sạt lở đường vào rừng phòng hộ, 03 nhà bị tốc mái. Huyện đã báo về "
        "tỉnh và cử lực lượng hỗ trợ người dân.",
        number="19/BC-BCH",
        issuer="Ban Chỉ huy phòng chống thiên tai huyện",
        type_="Báo cáo",
        date="2025-09-14",
    ),
    _doc(
        "trap-nguyenvanan",
        "Quyết định khen thưởng ông Nguyễn Văn An, Chủ tịch UBND xã Tân Phú",
        "Tặng Bằng khen cho ông Nguyễn Văn An đã có thành tích xuất sắc trong xây dựng nông thôn mới.",
        number="1301/QĐ-UBND",
        issuer="UBND tỉnh",
        type_="Quyết định",
        date="2024-12-01",
    ),
    _doc(
        "trap-nguyenvanbinh-an",
        "Quyết định điều động cán bộ về huyện An Phú",
        "Điều động ông Nguyễn Văn Bình, chuyên viên Văn phòng UBND tỉnh, về công tác tại huyện An Phú; "
        "ông Trần An tiếp nhận nhiệm vụ. Nguyễn Thị Hoa và Văn phòng huyện làm thủ tục bàn giao.",
        number="1302/QĐ-UBND",
        issuer="UBND tỉnh",
        type_="Quyết định",
        date="2024-12-02",
    ),
    _doc(
        "trap-tranthithuha",
        "Giấy mời bà Trần Thị Thu Hà dự họp Hội đồng thẩm định",
        "Kính mời bà Trần Thị Thu Hà, Phó Giám đốc Sở Kế hoạch và Đầu tư, dự họp Hội đồng thẩm định dự án.",
        number="36/GM-UBND",
        issuer="UBND tỉnh",
        type_="Giấy mời",
        date="2025-07-07",
    ),
    _doc(
        "trap-tranthithu-ha",
        "Giấy mời dự hội nghị sơ kết công tác thu ngân sách",
        "Thành phần: bà Trần Thị Lan, Giám đốc Kho bạc; ông Lê Văn Thu, Trưởng phòng; đại diện UBND huyện "
        "Hà Quảng. Nội dung: sơ kết thu ngân sách 6 tháng.",
        number="37/GM-UBND",
        issuer="UBND tỉnh",
        type_="Giấy mời",
        date="2025-07-08",
    ),
    _doc(
        "trap-cchc",
        "Kế hoạch cải cách hành chính năm 2025",
        "Đẩy mạnh cải cách hành chính, trọng tâm là cải cách thủ tục hành chính, nâng cao chỉ số hài lòng "
        "của người dân đối với sự phục vụ của cơ quan hành chính nhà nước.",
        number="12/KH-UBND",
        issuer="UBND tỉnh",
        type_="Kế hoạch",
        date="2025-01-08",
    ),
    _doc(
        "trap-cchc-scattered",
        "Báo cáo hoạt động của Trung tâm Phục vụ hành chính công",
        "Trung tâm tiếp nhận 12.450 hồ sơ. Cách thức tiếp nhận đã cải tiến: hồ sơ hành chính nộp trực tuyến "
        "được ưu tiên; một số chính sách mới được phổ biến để cải thiện chất lượng phục vụ.",
        number="14/BC-TTPVHCC",
        issuer="Trung tâm Phục vụ hành chính công",
        type_="Báo cáo",
        date="2025-01-09",
    ),
    _doc(
        "trap-gpmb",
        "Thông báo thu hồi đất để giải phóng mặt bằng dự án đường vành đai",
        "Thu hồi đất của các hộ gia đình để thực hiện giải phóng mặt bằng dự án đường vành đai phía Tây; "
        "Hội đồng bồi thường sẽ kiểm đếm từ ngày 15.",
        number="122/TB-UBND",
        issuer="UBND huyện",
        type_="Thông báo",
        date="2025-05-05",
    ),
    _doc(
        "trap-gpmb-scattered",
        "Báo cáo về mặt bằng giá đất và công tác giải quyết khiếu nại",
        "Mặt bằng giá đất tăng; việc giải quyết khiếu nại được phóng viên phản ánh. Phòng Tài nguyên giải "
        "trình về phóng khoáng trong định giá và đề xuất mặt bằng chung.",
        number="123/BC-UBND",
        issuer="UBND huyện",
        type_="Báo cáo",
        date="2025-05-06",
    ),
    _doc(
        "trap-nd30",
        "Công văn hướng dẫn thể thức văn bản theo Nghị định 30/2020/NĐ-CP",
        "Các cơ quan trình bày văn bản hành chính đúng thể thức quy định tại Nghị định số 30/2020/NĐ-CP về "
        "công tác văn thư.",
        number="310/SNV-VTLT",
        issuer="Sở Nội vụ",
        type_="Công văn",
        date="2024-03-03",
    ),
    _doc(
        "trap-ngaydam",
        "Thông báo lịch tiếp công dân của Chủ tịch UBND tỉnh tháng 10",
        "Chủ tịch UBND tỉnh tiếp công dân định kỳ vào ngày 15 hằng tháng tại Trụ sở tiếp công dân tỉnh; "
        "công dân đăng ký trước tại Ban Tiếp công dân.",
        number="512/TB-VP",
        issuer="Văn phòng UBND tỉnh",
        type_="Thông báo",
        date="2025-09-25",
    ),
    _doc(
        "trap-dongthap",
        "Công văn về việc tiêu thụ xoài cho nông dân tỉnh Đồng Tháp",
        "Tỉnh Đồng Tháp đề nghị các siêu thị hỗ trợ tiêu thụ xoài cho bà con nông dân vùng Cao Lãnh.",
        number="733/UBND-KT",
        issuer="UBND tỉnh Đồng Tháp",
        type_="Công văn",
        date="2025-05-15",
    ),
    _doc(
        "trap-dongthap-tower",
        "Báo cáo kiểm tra an toàn tháp nước và hệ thống đồng hồ đo nước",
        "Đoàn kiểm tra tháp nước của nhà máy: đồng hồ đo nước chạy sai; thấp hơn tiêu chuẩn áp lực. Đồng "
        "thời đề nghị thay tháp nước cũ.",
        number="90/BC-SXD",
        issuer="Sở Xây dựng",
        type_="Báo cáo",
        date="2025-05-16",
    ),
)

# Harder: the document sought names the query only in its body; a decoy has the syllables in its title.
TRAPS += (
    _doc(
        "hard-haiphong",
        "Công văn về việc phối hợp đón đoàn công tác",
        "Đề nghị UBND thành phố Hải Phòng phối hợp đón đoàn công tác của tỉnh tham quan cảng Lạch Huyện và "
        "khu công nghiệp Đình Vũ trong hai ngày 12 và 13 tháng 11.",
        number="1187/UBND-TH",
        issuer="UBND tỉnh",
        type_="Công văn",
        date="2025-10-30",
    ),
    _doc(
        "hard-haiphong-rooms",
        "Thông báo bố trí hai phòng họp trực tuyến phục vụ hội nghị",
        "Văn phòng bố trí hai phòng họp trực tuyến: phòng số 1 cho Thường trực, phòng số 2 cho các sở. "
        "Đường truyền do Sở Thông tin và Truyền thông bảo đảm.",
        number="530/TB-VP",
        issuer="Văn phòng UBND tỉnh",
        type_="Thông báo",
        date="2025-10-28",
    ),
    _doc(
        "hard-danang",
        "Giấy mời dự hội thảo chính quyền đô thị",
        "Kính mời đại diện lãnh đạo dự hội thảo chính quyền đô thị tổ chức tại thành phố Đà Nẵng; chi phí "
        "đi lại do cơ quan cử người chi trả.",
        number="41/GM-SNV",
        issuer="Sở Nội vụ",
        type_="Giấy mời",
        date="2025-08-04",
    ),
    _doc(
        "hard-danang-hall",
        "Quyết định đầu tư xây dựng nhà thi đấu đa năng của tỉnh",
        "Đầu tư nhà thi đấu đa năng 3.000 chỗ ngồi; nhà thi đấu đa năng phục vụ các giải thể thao và hội "
        "nghị lớn. Kinh phí từ ngân sách tỉnh.",
        number="1410/QĐ-UBND",
        issuer="UBND tỉnh",
        type_="Quyết định",
        date="2025-08-01",
    ),
    _doc(
        "hard-phutho",
        "Báo cáo kết quả học tập kinh nghiệm phát triển chè",
        "Đoàn công tác đã làm việc với tỉnh Phú Thọ về vùng chè tập trung và chế biến chè xuất khẩu.",
        number="68/BC-SNN",
        issuer="Sở Nông nghiệp và Phát triển nông thôn",
        type_="Báo cáo",
        date="2025-04-22",
    ),
    _doc(
        "hard-phutho-decoy",
        "Kế hoạch mừng thọ người cao tuổi phường Phú Lợi và phường Phú Hòa",
        "Tổ chức mừng thọ, chúc thọ người cao tuổi tròn 70, 75, 80 tuổi; quà tặng do phường Phú Lợi và "
        "phường Phú Hòa chuẩn bị.",
        number="27/KH-UBND",
        issuer="UBND thành phố",
        type_="Kế hoạch",
        date="2025-04-20",
    ),
    _doc(
        "hard-levantam",
        "Quyết định cử cán bộ đi học lớp bồi dưỡng",
        "Cử ông Lê Văn Tám, chuyên viên Phòng Tổ chức cán bộ, tham dự lớp bồi dưỡng kiến thức quản lý nhà "
        "nước ngạch chuyên viên chính.",
        number="402/QĐ-SNV",
        issuer="Sở Nội vụ",
        type_="Quyết định",
        date="2025-03-17",
    ),
    _doc(
        "hard-levantam-decoy",
        "Danh sách Lê Thị Tâm, Lê Văn Hùng và Tám cán bộ được nâng lương trước hạn",
        "Nâng lương trước hạn cho bà Lê Thị Tâm, ông Lê Văn Hùng và tám cán bộ khác có thành tích xuất sắc.",
        number="403/QĐ-SNV",
        issuer="Sở Nội vụ",
        type_="Quyết định",
        date="2025-03-18",
    ),
    _doc(
        "hard-chutichnuoc",
        "Công văn về việc lập hồ sơ đề nghị đặc xá năm 2025",
        "Thực hiện Quyết định của Chủ tịch nước về đặc xá năm 2025, đề nghị trại tạm giam lập hồ sơ phạm "
        "nhân đủ điều kiện.",
        number="2210/CAT-PV",
        issuer="Công an tỉnh",
        type_="Công văn",
        date="2025-07-25",
    ),
    _doc(
        "hard-chutichnuoc-decoy",
        "Chủ tịch UBND tỉnh chỉ đạo bảo đảm nước sạch mùa khô",
        "Chủ tịch UBND tỉnh yêu cầu công ty cấp nước bảo đảm nước sạch; Chủ tịch UBND các huyện kiểm tra "
        "nguồn nước, chống thất thoát nước.",
        number="588/UBND-KT",
        issuer="UBND tỉnh",
        type_="Công văn",
        date="2025-07-20",
    ),
    _doc(
        "hard-qhsdd",
        "Tờ trình thông qua danh mục công trình năm 2026 của huyện",
        "Kính trình HĐND huyện thông qua danh mục công trình, dự án thu hồi đất năm 2026 theo quy hoạch sử "
        "dụng đất đến năm 2030 đã được phê duyệt.",
        number="95/TTr-UBND",
        issuer="UBND huyện",
        type_="Tờ trình",
        date="2025-11-12",
    ),
    _doc(
        "hard-qhsdd-decoy",
        "Quy hoạch mạng lưới trường học và sử dụng quỹ đất dành cho giáo dục",
        "Quy hoạch mạng lưới trường học; sử dụng hiệu quả quỹ đất dành cho giáo dục, ưu tiên đất sạch để xây "
        "trường mới.",
        number="96/QĐ-UBND",
        issuer="UBND huyện",
        type_="Quyết định",
        date="2025-11-10",
    ),
)

TRAP_QUERIES: tuple[RelevanceCase, ...] = (
    RelevanceCase("can tho", "trap-cantho", "place typed without diacritics vs 'cán bộ … thơ'"),
    RelevanceCase("Cần Thơ", "trap-cantho", "place with diacritics"),
    RelevanceCase("du lich can tho", "trap-cantho", "topic and place, no diacritics"),
    RelevanceCase("ha tinh", "trap-hatinh", "place vs 'xã Hà Linh … tính … tỉnh'"),
    RelevanceCase("Hà Tĩnh", "trap-hatinh", "place with diacritics"),
    RelevanceCase("kinh te bien ha tinh", "trap-hatinh", "multi-word term and place"),
    RelevanceCase("lam dong", "trap-lamdong", "place vs 'làm đồng' (folded twins)"),
    RelevanceCase("Lâm Đồng", "trap-lamdong", "exact diacritics decide"),
    RelevanceCase("làm đồng", "trap-lamdong-field", "exact diacritics decide the other way"),
    RelevanceCase("ben tre", "trap-bentre", "place vs 'bên tre'"),
    RelevanceCase("Bến Tre", "trap-bentre", "place with diacritics"),
    RelevanceCase("thuế đất", "trap-thue-dat", "tax, not lease: exact diacritics decide"),
    RelevanceCase("thuê đất", "trap-thue-dat-lease", "lease, not tax: exact diacritics decide"),
    RelevanceCase("bảo vệ rừng", "trap-baove-rung", "protect the forest vs 'báo về … rừng'"),
    RelevanceCase("bao ve rung", "trap-baove-rung", "same, without diacritics"),
    RelevanceCase("báo về", "trap-baove-reported", "exact diacritics decide"),
    RelevanceCase("nguyen van an", "trap-nguyenvanan", "person's name vs 'Nguyễn Văn Bình … An Phú'"),
    RelevanceCase("Nguyễn Văn An", "trap-nguyenvanan", "person's name with diacritics"),
    RelevanceCase("tran thi thu ha", "trap-tranthithuha", "person's name vs 'Trần Thị Lan … Thu … Hà'"),
    RelevanceCase("cai cach hanh chinh", "trap-cchc", "multi-word term vs its syllables scattered"),
    RelevanceCase("cải cách hành chính", "trap-cchc", "multi-word term with diacritics"),
    RelevanceCase("giai phong mat bang", "trap-gpmb", "multi-word term vs 'mặt bằng … giải … phóng'"),
    RelevanceCase("30/2020/ND-CP", "trap-nd30", "number typed without Đ"),
    RelevanceCase("dong thap", "trap-dongthap", "place vs 'đồng hồ … tháp'"),
    RelevanceCase("tiep cong dan", "trap-ngaydam", "multi-word term in title and body"),
    RelevanceCase("932/QĐ-UBND", "trap-thue-dat-lease", "number with Đ"),
    RelevanceCase("Hải Phòng", "hard-haiphong", "city named in the body vs 'hai phòng' in a title"),
    RelevanceCase("Đà Nẵng", "hard-danang", "city named in the body vs 'đa năng' in a title"),
    RelevanceCase("phu tho", "hard-phutho", "province in the body vs 'thọ … Phú' in a title"),
    RelevanceCase("le van tam", "hard-levantam", "person in the body vs 'Lê Thị Tâm, Lê Văn Hùng và Tám'"),
    RelevanceCase("chu tich nuoc", "hard-chutichnuoc", "term in the body vs 'Chủ tịch … nước' in a title"),
    RelevanceCase("quy hoach su dung dat", "hard-qhsdd", "term in the body vs its words in a title"),
)

# -- generated documents --------------------------------------------------------------------------------

PROVINCES = (
    "Cao Bằng", "Hà Giang", "Lào Cai", "Sơn La", "Điện Biên", "Lai Châu", "Yên Bái", "Tuyên Quang",
    "Thái Nguyên", "Bắc Giang", "Bắc Ninh", "Quảng Ninh", "Hải Dương", "Hưng Yên", "Thái Bình", "Nam Định",
    "Ninh Bình", "Hà Nam", "Thanh Hóa", "Nghệ An", "Quảng Bình", "Quảng Trị", "Quảng Nam", "Quảng Ngãi",
    "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk",
    "Đắk Nông", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Long An", "Tiền Giang", "Vĩnh Long",
    "Trà Vinh", "An Giang", "Kiên Giang", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau",
)  # fmt: skip

TOPICS = (
    "chuyển đổi số", "phòng chống thiên tai", "xây dựng nông thôn mới", "bảo vệ môi trường",
    "an toàn thực phẩm", "phòng cháy chữa cháy", "tiêm chủng mở rộng", "giảm nghèo bền vững",
    "quản lý đất đai", "an toàn giao thông", "dịch vụ công trực tuyến", "phát triển du lịch",
    "thu hút đầu tư", "bảo hiểm y tế", "phổ cập giáo dục", "phòng chống tham nhũng",
    "cấp nước sinh hoạt", "trồng rừng thay thế", "hỗ trợ doanh nghiệp nhỏ", "đào tạo nghề nông thôn",
)  # fmt: skip

KINDS = (
    ("Kế hoạch", "KH", "Kế hoạch triển khai {topic} trên địa bàn tỉnh {province} năm {year}"),
    ("Quyết định", "QĐ", "Quyết định phê duyệt đề án {topic} tỉnh {province} giai đoạn {year} - {end}"),
    ("Báo cáo", "BC", "Báo cáo kết quả thực hiện {topic} tại tỉnh {province} năm {year}"),
    ("Công văn", "", "Công văn về việc đẩy mạnh {topic} ở tỉnh {province}"),
    ("Thông báo", "TB", "Thông báo kết luận của Chủ tịch UBND tỉnh {province} về {topic}"),
)

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc")
GIVEN = ("Hùng", "Lan", "Dũng", "Hương", "Tuấn", "Mai", "Long", "Hạnh", "Phúc", "Thảo", "Khoa", "Yến")
POSITIONS = (
    "Phó Chủ tịch UBND tỉnh",
    "Giám đốc Sở Nội vụ",
    "Chánh Văn phòng UBND tỉnh",
    "Giám đốc Sở Tài chính",
)
DEPARTMENTS = (
    "Sở Nội vụ", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Tài nguyên và Môi trường", "Sở Giao thông vận tải", "Sở Thông tin và Truyền thông",
)  # fmt: skip


@dataclass(frozen=True)
class _Generated:
    document: IndexedDocument
    topic: str
    province: str


def _generated(count: int = 200, seed: int = 22) -> list[_Generated]:
    rng = random.Random(seed)
    pairs = [(t, p) for t in TOPICS for p in PROVINCES]
    rng.shuffle(pairs)
    made: list[_Generated] = []
    for i, (topic, province) in enumerate(pairs[:count]):
        type_, abbr, title_pattern = KINDS[i % len(KINDS)]
        year = 2022 + i % 4
        other_topic = rng.choice([t for t in TOPICS if t != topic])
        other_province = rng.choice([p for p in PROVINCES if p != province])
        person = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        lead, partner = rng.sample(DEPARTMENTS, 2)
        serial = 100 + i * 7
        number = f"{serial}/UBND-VX" if not abbr else f"{serial}/{abbr}-UBND"
        title = title_pattern.format(topic=topic, province=province, year=year, end=year + 5)
        body = " ".join(
            (
                f"Thực hiện chỉ đạo của Chính phủ về {other_topic}, UBND tỉnh {province} ban hành văn bản này "
                f"nhằm tổ chức thực hiện {topic} năm {year}.",
                f"Giao {lead} chủ trì, phối hợp với {partner} và UBND các huyện, thị xã, thành phố theo dõi, "
                f"đôn đốc, báo cáo kết quả trước ngày 15 tháng 12.",
                f"Tham khảo kinh nghiệm của tỉnh {other_province} trong {other_topic}.",
                f"Đồng chí {person}, {rng.choice(POSITIONS)}, trực tiếp chỉ đạo.",
            )
        )
        document = _doc(
            f"gen-{i:03d}",
            title,
            body,
            number=number,
            issuer=f"UBND tỉnh {province}",
            type_=type_,
            date=f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            kind=DocumentKind.INCOMING if i % 3 else DocumentKind.OUTGOING,
        )
        made.append(_Generated(document, topic, province))
    return made


def _generated_queries(made: list[_Generated]) -> list[RelevanceCase]:
    """Every eighth document by topic and province (even ones folded), every 16th by number."""
    cases: list[RelevanceCase] = []
    for j, g in enumerate(made[::8]):
        text = f"{g.topic} {g.province}"
        typed = fold(text) if j % 2 == 0 else text
        cases.append(RelevanceCase(typed, g.document.id, "topic and province"))
    for j, g in enumerate(made[4::16]):
        number = g.document.number or ""
        typed = number.replace("Đ", "D") if j % 2 == 0 else number
        cases.append(RelevanceCase(typed, g.document.id, "number and symbol"))
    return cases


_MADE = _generated()
DOCUMENTS: tuple[IndexedDocument, ...] = (*TRAPS, *(g.document for g in _MADE))
QUERIES: tuple[RelevanceCase, ...] = (*TRAP_QUERIES, *_generated_queries(_MADE))
