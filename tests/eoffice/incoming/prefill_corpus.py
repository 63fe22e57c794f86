"""Bộ văn bản đến mẫu cho việc điền sẵn: incoming documents the project writes itself, with their true fields.

Each case is a document of a common type (the shipped Nghị định 30 templates) from a common kind of issuer
(UBND tỉnh/huyện/xã, a sở under its UBND, a ministry and its units, a school, a management board), signed
with each authority (TM./KT./TL./TUQ. or none), sometimes marked KHẨN/HỎA TỐC/MẬT and with a deadline in
the text. It is made as a DOCX (our templates), a text PDF (LibreOffice) and a 200-dpi scan of that PDF with
noise (skew, a red stamp, a blue signature over the position, speckle, blur, JPEG) read back through the
pipeline's OCR (`eoffice.processing._ocr`: OCRmyPDF + Tesseract ``vie``). Everything is drawn from a seeded
random generator, so the same cases come out every time; no third-party file is used.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eoffice.checks.text import tone_key
from eoffice.drafting import DraftFields, Signer, docx_to_pdf, render_draft
from eoffice.incoming.prefill import ReadFields

KINDS = ("quyet_dinh", "cong_van", "ke_hoach", "bao_cao", "to_trinh", "thong_bao", "giay_moi")
INPUT_KINDS = ("docx", "pdf", "scan")

# issuer, parent, symbol's issuer part, place, head's title, the head's deputy
_ISSUERS = (
    ("Ủy ban nhân dân tỉnh Hà Tĩnh", "", "UBND", "Hà Tĩnh", "Chủ tịch", "Phó Chủ tịch"),
    (
        "Ủy ban nhân dân thành phố Hồ Chí Minh",
        "",
        "UBND",
        "Thành phố Hồ Chí Minh",
        "Chủ tịch",
        "Phó Chủ tịch",
    ),
    ("Ủy ban nhân dân huyện Can Lộc", "", "UBND", "Can Lộc", "Chủ tịch", "Phó Chủ tịch"),
    ("Ủy ban nhân dân xã Thạch Đài", "", "UBND", "Thạch Đài", "Chủ tịch", "Phó Chủ tịch"),
    ("Sở Nội vụ", "Ủy ban nhân dân tỉnh Nghệ An", "SNV", "Nghệ An", "Giám đốc", "Phó Giám đốc"),
    ("Sở Tài chính", "Ủy ban nhân dân thành phố Đà Nẵng", "STC", "Đà Nẵng", "Giám đốc", "Phó Giám đốc"),
    (
        "Sở Thông tin và Truyền thông",
        "Ủy ban nhân dân tỉnh Quảng Trị",
        "STTTT",
        "Quảng Trị",
        "Giám đốc",
        "Phó Giám đốc",
    ),
    ("Bộ Tài chính", "", "BTC", "Hà Nội", "Bộ trưởng", "Thứ trưởng"),
    (
        "Tổng cục Thống kê",
        "Bộ Kế hoạch và Đầu tư",
        "TCTK",
        "Hà Nội",
        "Tổng cục trưởng",
        "Phó Tổng cục trưởng",
    ),
    (
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        "VP",
        "Bắc Ninh",
        "Chánh Văn phòng",
        "Phó Chánh Văn phòng",
    ),
    (
        "Phòng Giáo dục và Đào tạo",
        "Ủy ban nhân dân huyện Đức Thọ",
        "PGDĐT",
        "Đức Thọ",
        "Trưởng phòng",
        "Phó Trưởng phòng",
    ),
    ("Trường Đại học Vinh", "Bộ Giáo dục và Đào tạo", "ĐHV", "Nghệ An", "Hiệu trưởng", "Phó Hiệu trưởng"),
    (
        "Ban Quản lý các khu công nghiệp",
        "Ủy ban nhân dân tỉnh Bình Dương",
        "BQLKCN",
        "Bình Dương",
        "Trưởng ban",
        "Phó Trưởng ban",
    ),
)
_ABBREVIATIONS = {
    "quyet_dinh": "QĐ",
    "ke_hoach": "KH",
    "bao_cao": "BC",
    "to_trinh": "TTr",
    "thong_bao": "TB",
    "giay_moi": "GM",
}
_SUMMARIES = {
    "quyet_dinh": (
        "Về việc ban hành Quy chế công tác văn thư, lưu trữ",
        "Về việc thành lập Tổ công tác chuyển đổi số",
        "Về việc phê duyệt kế hoạch đào tạo, bồi dưỡng cán bộ, công chức năm 2026",
        "Về việc giao chỉ tiêu thu ngân sách nhà nước",
    ),
    "cong_van": (
        "triển khai quản lý văn bản điện tử",
        "góp ý dự thảo Quy chế phối hợp",
        "đôn đốc báo cáo kết quả thực hiện nhiệm vụ quý IV",
        "tăng cường công tác phòng chống thiên tai",
    ),
    "ke_hoach": (
        "Triển khai chuyển đổi số trong công tác văn thư năm 2026",
        "Kiểm tra công tác cải cách hành chính năm 2026",
        "Tổ chức tập huấn nghiệp vụ văn thư, lưu trữ",
    ),
    "bao_cao": (
        "Kết quả thực hiện công tác văn thư, lưu trữ năm 2025",
        "Tình hình thực hiện dự toán ngân sách 9 tháng đầu năm",
        "Sơ kết 6 tháng thực hiện Đề án 06",
    ),
    "to_trinh": (
        "Về việc đề nghị phê duyệt Đề án số hóa tài liệu lưu trữ",
        "Về việc đề nghị bổ sung kinh phí sự nghiệp",
        "Về việc đề nghị công nhận danh hiệu thi đua",
    ),
    "thong_bao": (
        "Kết luận của Chủ tịch tại cuộc họp giao ban tháng 3",
        "Lịch tiếp công dân tháng 12 năm 2026",
        "Kết quả tuyển dụng công chức năm 2026",
    ),
    "giay_moi": (
        "Dự hội nghị triển khai hệ thống quản lý văn bản điện tử",
        "Dự họp thẩm định hồ sơ dự án",
        "Dự lễ khai giảng lớp bồi dưỡng nghiệp vụ",
    ),
}
_BODY = (
    "Triển khai thực hiện chương trình chuyển đổi số, các cơ quan, đơn vị tổ chức rà soát quy trình xử lý "
    "văn bản, hồ sơ công việc trên môi trường điện tử, bảo đảm thống nhất và đúng quy định.",
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm chỉ đạo cán bộ, công chức thực hiện nghiêm việc ký số "
    "văn bản, lưu trữ hồ sơ điện tử và báo cáo kết quả định kỳ.",
)
_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư",
)
_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
_MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc")
_GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hạnh",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quang",
    "Sơn",
)
_URGENCY = (("KHẨN", "khan"), ("THƯỢNG KHẨN", "thuong_khan"), ("HỎA TỐC", "hoa_toc"))


@dataclass(frozen=True)
class Case:
    """One generated document and what a careful văn thư would type from it."""

    key: str
    kind: str
    fields: DraftFields
    truth: dict[str, Any]
    marks: tuple[str, ...] = ()
    seed: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def cases(count: int = 63, seed: int = 24) -> list[Case]:
    """``count`` cases, the types in turn, issuers and signers drawn from ``seed``."""
    rng = random.Random(seed)
    made = []
    for position in range(count):
        kind = KINDS[position % len(KINDS)]
        issuer, parent, short, place, head, deputy = _ISSUERS[(position * 5 + position // 7) % len(_ISSUERS)]
        number = rng.choice((rng.randint(1, 9), rng.randint(10, 99), rng.randint(100, 2999)))
        date = dt.date(2025, 1, 2) + dt.timedelta(days=rng.randint(0, 690))
        abbreviation = _ABBREVIATIONS.get(kind)
        symbol = (
            f"{abbreviation}-{short}" if abbreviation else f"{short}-{rng.choice(('VP', 'TH', 'KT', 'HCTC'))}"
        )
        name = f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
        collective = "Ủy ban nhân dân" if short == "UBND" else ""
        style = position % 4
        if style == 0:
            signer = Signer(head, name, (f"TM. {collective}",) if collective else ())
        elif style == 1:
            signer = Signer(
                deputy,
                name,
                ((f"TM. {collective}",) if collective and kind == "quyet_dinh" else ()) + (f"KT. {head}",),
            )
        elif style == 2:
            signer = Signer(
                "Chánh Văn phòng" if short != "VP" else "Trưởng phòng Hành chính", name, (f"TL. {head}",)
            )
        else:
            signer = Signer("Trưởng phòng Tổng hợp", name, (f"TUQ. {head}",))
        summary = rng.choice(_SUMMARIES[kind])
        body = list(_BODY)
        deadline: dict[str, Any] = {}
        if rng.random() < 0.5:
            due = date + dt.timedelta(days=rng.randint(7, 60))
            body.append(
                "Đề nghị các cơ quan, đơn vị gửi báo cáo kết quả thực hiện về cơ quan chủ trì trước ngày "
                f"{due.day:02d} tháng {due.month if due.month > 2 else f'{due.month:02d}'} năm {due.year} để tổng hợp."
            )
            deadline = {"date": due}
        elif rng.random() < 0.5:
            days = rng.choice((5, 7, 10, 15))
            body.append(
                f"Các cơ quan, đơn vị có ý kiến bằng văn bản trong thời hạn {days} ngày làm việc kể từ ngày "
                "nhận được văn bản này."
            )
            deadline = {"days": days, "working_days": True}
        marks: list[str] = []
        urgency, secrecy = "thuong", "thuong"
        if position % 5 == 2:
            mark, urgency = _URGENCY[position % 3]
            marks.append(mark)
        if position % 9 == 4:
            marks.append("MẬT")
            secrecy = "mat"
        fields = DraftFields(
            parent_agency=parent,
            issuing_agency=issuer,
            number=number,
            symbol=symbol,
            place=place,
            date=date,
            summary=summary,
            legal_bases=_BASES if kind in ("quyet_dinh", "ke_hoach") else (),
            proposal="Theo đề nghị của Chánh Văn phòng" if kind == "quyet_dinh" else "",
            authority_title=f"{head} {issuer}" if kind == "quyet_dinh" else "",
            addressees=("Các sở, ban, ngành cấp tỉnh", "Ủy ban nhân dân các huyện, thị xã")
            if kind in ("cong_van", "bao_cao", "giay_moi", "to_trinh")
            else (),
            body=tuple(body),
            signer=signer,
            recipients=("Như trên", "Lãnh đạo cơ quan"),
            archive="VT, TH",
        )
        truth = {
            "number": number,
            "symbol": symbol,
            "issuer": issuer,
            "parent_issuer": parent or None,
            "place": place,
            "issue_date": date,
            "doc_type": kind,
            "summary": summary,
            "signer_authority": " / ".join(a.upper() for a in signer.authority) or None,
            "signer_position": signer.position.upper(),
            "signer_name": name,
            "urgency": urgency,
            "secrecy": secrecy,
            "deadline": deadline or None,
        }
        made.append(
            Case(f"{position:02d}_{kind}", kind, fields, truth, tuple(marks), seed=seed * 1000 + position)
        )
    return made


FIELDS = (
    "number",
    "symbol",
    "issuer",
    "parent_issuer",
    "place",
    "issue_date",
    "doc_type",
    "summary",
    "signer_authority",
    "signer_position",
    "signer_name",
    "urgency",
    "secrecy",
    "deadline",
)
GOAL_FIELDS = ("number", "symbol", "issuer", "issue_date", "doc_type")


def _text_key(value: str | None) -> str | None:
    return tone_key(value).casefold() if value else None


def correct(field: str, read: ReadFields, truth: dict[str, Any]) -> bool:
    """Whether the pre-filled value is what the văn thư would type (case and tone placement aside)."""
    expected = truth[field]
    if field == "deadline":
        if expected is None:
            return not read.deadlines
        if "date" in expected:
            return any(d.date == expected["date"] for d in read.deadlines)
        return any(d.days == expected["days"] and d.working_days for d in read.deadlines)
    found = getattr(read, field)
    value = found.value if found is not None else None
    if field == "number":
        return value is not None and value.isdigit() and int(value) == expected
    if field in ("urgency", "secrecy"):
        return (str(value) if value is not None else "thuong") == expected
    if field == "doc_type":
        return value is not None and str(value) == expected
    if field == "issue_date":
        return value == expected
    if field == "symbol":
        return value == expected
    return _text_key(value) == _text_key(expected)


def docx_bytes(case: Case) -> bytes:
    """The case rendered from our template, with its độ khẩn / độ mật marks under the header."""
    data = render_draft(case.kind, case.fields)
    if not case.marks:
        return data
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document(io.BytesIO(data))
    anchor = document.tables[0]._tbl
    for mark in reversed(case.marks):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(mark)
        run.bold = True
        run.font.size = Pt(13)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.left_indent = Pt(40)
        anchor.addnext(paragraph._p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text_pdf(docx: bytes) -> bytes:
    """The DOCX converted by LibreOffice, as an agency would send its PDF."""
    return docx_to_pdf(docx)


def scan_pdf(pdf: bytes, seed: int) -> bytes:
    """A 200-dpi colour scan of the PDF with a stamp, a signature, skew and noise, OCR'd by the pipeline's
    function; returns the OCR'd PDF (its text layer is what registration reads)."""
    from eoffice.processing._ocr import image_to_pdf, ocr_pdf

    rng = random.Random(seed)
    pages = list(_scanned_pages(pdf, rng))
    with tempfile.TemporaryDirectory(prefix="prefill-scan-") as folder:
        tmp = Path(folder)
        image = tmp / "scan.tiff"
        pages[0].save(image, save_all=True, append_images=pages[1:], dpi=(200, 200), compression="tiff_lzw")
        image_to_pdf(image, tmp / "scan.pdf")
        ocr_pdf(tmp / "scan.pdf", tmp / "ocr.pdf", tmp / "sidecar.txt")
        return (tmp / "ocr.pdf").read_bytes()


def scan_pdf_image_only(pdf: bytes, seed: int) -> bytes:
    """The same scan as a PDF without any text layer (what a scanner sends), for the API's OCR path."""
    from eoffice.processing._ocr import image_to_pdf

    rng = random.Random(seed)
    pages = list(_scanned_pages(pdf, rng))
    with tempfile.TemporaryDirectory(prefix="prefill-scan-") as folder:
        tmp = Path(folder)
        image = tmp / "scan.tiff"
        pages[0].save(image, save_all=True, append_images=pages[1:], dpi=(200, 200), compression="tiff_lzw")
        image_to_pdf(image, tmp / "scan.pdf")
        return (tmp / "scan.pdf").read_bytes()


def _scanned_pages(pdf: bytes, rng: random.Random) -> Iterator[Any]:
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    from eoffice.checks.format.pdf import read_pdf_lines
    from signing.pdfium_lock import PDFIUM_LOCK

    scale = 200 / 72
    signer = [x for x in read_pdf_lines(pdf) if x.region == "footer_right" and x.box is not None]
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            rendered = []
            for number in range(len(document)):
                page = document[number]
                height = page.get_height()
                rendered.append((page.render(scale=scale).to_pil().convert("RGB"), height))
                page.close()
        finally:
            document.close()
    for number, (image, height) in enumerate(rendered, start=1):
        ink = Image.new("RGB", image.size, "white")
        draw = ImageDraw.Draw(ink)
        on_page = [x for x in signer if x.page == number and x.box is not None]
        if on_page:
            top = max(x.box[3] for x in on_page if x.box is not None)
            bottom = min(x.box[1] for x in on_page if x.box is not None)
            left = min(x.box[0] for x in on_page if x.box is not None)
            right = max(x.box[2] for x in on_page if x.box is not None)
            cx = (left + right) / 2 * scale - 200  # the seal covers the left of the signature (1 inch)
            cy = (height - (top + bottom) / 2) * scale
            radius = 0.8 * 200
            for width, r in ((7, radius), (3, radius * 0.72)):
                draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(215, 40, 45), width=width)
            for k in range(5):  # the star in the middle of the seal
                angle = math.pi / 2 + k * 4 * math.pi / 5
                nxt = angle + 4 * math.pi / 5
                draw.line(
                    (
                        cx + 30 * math.cos(angle),
                        cy - 30 * math.sin(angle),
                        cx + 30 * math.cos(nxt),
                        cy - 30 * math.sin(nxt),
                    ),
                    fill=(215, 40, 45),
                    width=4,
                )
            # the signature: a blue scribble from the position line down into the gap above the name
            sx = ((left + right) / 2 - 45) * scale
            sy = (height - bottom) * scale - 150
            points = [
                (sx + t * 3.2, sy + 40 * math.sin(t / 9 + rng.random()) + 0.5 * t * rng.uniform(-0.3, 0.3))
                for t in range(90)
            ]
            draw.line(points, fill=(30, 50, 170), width=4)
        page = ImageChops.multiply(image, ink)
        page = page.rotate(rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, fillcolor="white")
        page = page.filter(ImageFilter.GaussianBlur(0.6))
        page = _speckle(page, rng)
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=75)
        yield Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _speckle(page: Any, rng: random.Random) -> Any:
    """Scanner noise (a grey Gaussian field multiplied in) and a sprinkling of dark dust."""
    from PIL import Image, ImageChops, ImageDraw

    noise = Image.effect_noise(page.size, 7).point(lambda v: min(255, v + 128 - 7)).convert("RGB")
    page = ImageChops.multiply(page, noise.point(lambda v: min(255, v + 120)))
    draw = ImageDraw.Draw(page)
    for _ in range(int(page.size[0] * page.size[1] * 0.00003)):
        x, y = rng.randrange(page.size[0]), rng.randrange(page.size[1])
        draw.ellipse((x, y, x + rng.randint(1, 3), y + rng.randint(1, 3)), fill=(40, 40, 40))
    return page
