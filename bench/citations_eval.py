"""Evaluation of citation reading: field accuracy on labelled citations in drafts rendered as TXT, DOCX and PDF.

Six drafts hold 36 labelled citations (decrees, circulars, decisions of the Prime Minister and of a UBND, a
Party resolution, laws and codes cited by name with a date or only a year, the constitution). Each draft is
written as TXT (one paragraph per line), as DOCX (narrow text columns, a manual line break inside a law's
name) and as the PDF LibreOffice makes of that DOCX, where the narrow columns make lines wrap inside issuers
("Chính ⏎phủ"), laws' names and symbols ("NĐ-⏎CP", which PDFium returns as U+FFFE). The text is extracted
as ``eoffice citations`` extracts it and read by ``eoffice.legal.read_citations``; the raw parser
(``search.find_citations`` on the same text) is measured beside it.

*Citation field accuracy*: of the fields a citation writes (number and symbol, type, issuer, date; name and
year for laws, codes and the constitution), the fraction read exactly.

    .venv/bin/python bench/citations_eval.py [--no-pdf] [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eoffice.documents_text import extract_text  # noqa: E402
from eoffice.legal.citations import read_citations  # noqa: E402
from search.citations import Citation, find_citations  # noqa: E402

FIELDS = ("number", "type", "issuer", "date", "name", "year")


@dataclass(frozen=True)
class Cite:
    """One labelled citation: the phrase as written and the fields a reader must get from it."""

    text: str
    type: str
    number: str | None = None
    issuer: str | None = None
    date: dt.date | None = None
    name: str | None = None
    year: int | None = None

    def expected(self) -> dict[str, Any]:
        """The fields this citation writes (a law's year also when only its date is written)."""
        values: dict[str, Any] = {"type": self.type}
        for name in ("number", "issuer", "date", "name"):
            if getattr(self, name) is not None:
                values[name] = getattr(self, name)
        if self.name is not None:
            values["year"] = self.year if self.year is not None else self.date.year if self.date else None
        return values


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a draft: text around citations; ``break_in`` puts a manual line break (DOCX) there."""

    parts: tuple[str | Cite, ...]
    break_after: str | None = None

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)


@dataclass(frozen=True)
class Draft:
    name: str
    width_cm: float  # the text column of the DOCX (A4, left margin 3 cm)
    paragraphs: tuple[Paragraph, ...]

    @property
    def citations(self) -> list[Cite]:
        return [p for paragraph in self.paragraphs for p in paragraph.parts if isinstance(p, Cite)]


def d(day: int, month: int, year: int) -> dt.date:
    return dt.date(year, month, day)


def basis(cite: Cite, tail: str = ";", *, break_after: str | None = None) -> Paragraph:
    return Paragraph(("Căn cứ ", cite, tail), break_after)


HEADER = (
    Paragraph(("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",)),
    Paragraph(("Số: 125/QĐ-UBND",)),
    Paragraph(("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",)),
    Paragraph(("Độc lập - Tự do - Hạnh phúc",)),
    Paragraph(("Hà Tĩnh, ngày 12 tháng 11 năm 2024",)),
    Paragraph(("QUYẾT ĐỊNH",)),
)
TCCQDP = Cite(
    "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
    "Luật",
    date=d(19, 6, 2015),
    name="Luật Tổ chức chính quyền địa phương",
)
ND30 = Cite(
    "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ",
    "Nghị định",
    "30/2020/NĐ-CP",
    "Chính phủ",
    d(5, 3, 2020),
)

DRAFTS: tuple[Draft, ...] = (
    Draft(
        "quyet-dinh-van-thu",
        9.0,
        (
            *HEADER,
            basis(TCCQDP),
            basis(
                Cite(
                    "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
                    "địa phương ngày 22 tháng 11 năm 2019",
                    "Luật",
                    date=d(22, 11, 2019),
                    name="Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính "
                    "quyền địa phương",
                )
            ),
            basis(ND30, " về công tác văn thư;"),
            basis(
                Cite(
                    "Nghị định số 138/2020/NĐ-CP ngày 27 tháng 11 năm 2020 của Chính phủ",
                    "Nghị định",
                    "138/2020/NĐ-CP",
                    "Chính phủ",
                    d(27, 11, 2020),
                ),
                " quy định về tuyển dụng, sử dụng và quản lý công chức;",
            ),
            basis(
                Cite(
                    "Quyết định số 28/2018/QĐ-TTg ngày 12 tháng 7 năm 2018 của Thủ tướng Chính phủ",
                    "Quyết định",
                    "28/2018/QĐ-TTg",
                    "Thủ tướng Chính phủ",
                    d(12, 7, 2018),
                ),
                " về việc gửi, nhận văn bản điện tử giữa các cơ quan trong hệ thống hành chính nhà nước;",
            ),
            basis(
                Cite(
                    "Thông tư số 01/2011/TT-BNV ngày 19 tháng 01 năm 2011 của Bộ Nội vụ",
                    "Thông tư",
                    "01/2011/TT-BNV",
                    "Bộ Nội vụ",
                    d(19, 1, 2011),
                ),
                " hướng dẫn thể thức và kỹ thuật trình bày văn bản hành chính;",
            ),
            Paragraph(("Theo đề nghị của Giám đốc Sở Nội vụ.",)),
        ),
    ),
    Draft(
        "quyet-dinh-dat-dai",
        8.2,
        (
            *HEADER,
            basis(
                Cite(
                    "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013",
                    "Hiến pháp",
                    name="Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam",
                    year=2013,
                )
            ),
            basis(Cite("Luật Đất đai năm 2013", "Luật", name="Luật Đất đai", year=2013)),
            basis(
                Cite("Bộ luật Dân sự năm 2015", "Bộ luật", name="Bộ luật Dân sự", year=2015),
                break_after="Dân sự",
            ),
            basis(
                Cite(
                    "Luật Đất đai ngày 18 tháng 01 năm 2024", "Luật", date=d(18, 1, 2024), name="Luật Đất đai"
                )
            ),
            basis(
                Cite(
                    "Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015",
                    "Luật",
                    date=d(25, 6, 2015),
                    name="Luật Ngân sách nhà nước",
                )
            ),
            basis(
                Cite(
                    "Quyết định số 1234/QĐ-UBND ngày 15 tháng 5 năm 2023 của Ủy ban nhân dân tỉnh Quảng Trị",
                    "Quyết định",
                    "1234/QĐ-UBND",
                    "UBND tỉnh Quảng Trị",
                    d(15, 5, 2023),
                )
            ),
        ),
    ),
    Draft(
        "cong-van-lao-dong",
        10.4,
        (
            *HEADER[:4],
            Paragraph(("Hà Tĩnh, ngày 05 tháng 12 năm 2024",)),
            Paragraph(("Kính gửi: Các sở, ban, ngành cấp tỉnh.",)),
            Paragraph(
                (
                    "Thực hiện ",
                    Cite("Bộ luật Lao động 2019", "Bộ luật", name="Bộ luật Lao động", year=2019),
                    " và ",
                    Cite("Hiến pháp năm 2013", "Hiến pháp", name="Hiến pháp", year=2013),
                    ", Ủy ban nhân dân tỉnh đề nghị các cơ quan rà soát chế độ đối với người lao động.",
                )
            ),
            Paragraph(
                (
                    "Căn cứ ",
                    Cite(
                        "Bộ luật Lao động ngày 20 tháng 11 năm 2019",
                        "Bộ luật",
                        date=d(20, 11, 2019),
                        name="Bộ luật Lao động",
                    ),
                    " và ",
                    Cite(
                        "Nghị định số 115/2020/NĐ-CP ngày 25 tháng 9 năm 2020 của Chính phủ",
                        "Nghị định",
                        "115/2020/NĐ-CP",
                        "Chính phủ",
                        d(25, 9, 2020),
                    ),
                    " quy định về tuyển dụng, sử dụng và quản lý viên chức, các đơn vị báo cáo trước ngày 20.",
                )
            ),
            Paragraph(
                (
                    "Theo ",
                    Cite(
                        "Kế hoạch số 215/KH-UBND ngày 10 tháng 8 năm 2024 của UBND huyện Cẩm Xuyên",
                        "Kế hoạch",
                        "215/KH-UBND",
                        "UBND huyện Cẩm Xuyên",
                        d(10, 8, 2024),
                    ),
                    ", các xã hoàn thành việc rà soát trong tháng 12.",
                )
            ),
            Paragraph(
                (
                    "Việc quản lý văn bản thực hiện theo ",
                    Cite(
                        "Luật Cán bộ, công chức ngày 13 tháng 11 năm 2008",
                        "Luật",
                        date=d(13, 11, 2008),
                        name="Luật Cán bộ, công chức",
                    ),
                    ".",
                )
            ),
        ),
    ),
    Draft(
        "cong-van-tai-chinh",
        7.6,
        (
            *HEADER[:4],
            Paragraph(("Hà Tĩnh, ngày 20 tháng 11 năm 2024",)),
            Paragraph(
                (
                    "Thực hiện ",
                    Cite(
                        "Thông tư số 40/2021/TT-BTC ngày 01 tháng 6 năm 2021 của Bộ Tài chính",
                        "Thông tư",
                        "40/2021/TT-BTC",
                        "Bộ Tài chính",
                        d(1, 6, 2021),
                    ),
                    " hướng dẫn thuế đối với hộ kinh doanh, Sở Tài chính đề nghị các huyện triển khai.",
                )
            ),
            Paragraph(
                (
                    "Hóa đơn, chứng từ thực hiện theo ",
                    Cite(
                        "Nghị định số 123/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính phủ",
                        "Nghị định",
                        "123/2020/NĐ-CP",
                        "Chính phủ",
                        d(19, 10, 2020),
                    ),
                    ".",
                )
            ),
            basis(
                Cite(
                    "Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ",
                    "Quyết định",
                    "749/QĐ-TTg",
                    "Thủ tướng Chính phủ",
                    d(3, 6, 2020),
                ),
                " phê duyệt Chương trình Chuyển đổi số quốc gia;",
            ),
            basis(
                Cite(
                    "Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ",
                    "Quyết định",
                    "06/QĐ-TTg",
                    "Thủ tướng Chính phủ",
                    d(6, 1, 2022),
                ),
                " phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư;",
            ),
            basis(
                Cite(
                    "Thông tư số 22/2020/TT-BTTTT ngày 07 tháng 9 năm 2020 của Bộ Thông tin và Truyền thông",
                    "Thông tư",
                    "22/2020/TT-BTTTT",
                    "Bộ Thông tin và Truyền thông",
                    d(7, 9, 2020),
                ),
                " quy định về yêu cầu kỹ thuật đối với phần mềm quản lý văn bản;",
            ),
        ),
    ),
    Draft(
        "quyet-dinh-mot-cua",
        8.6,
        (
            *HEADER,
            basis(
                Cite(
                    "Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ",
                    "Nghị định",
                    "61/2018/NĐ-CP",
                    "Chính phủ",
                    d(23, 4, 2018),
                ),
                " về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính;",
            ),
            basis(
                Cite(
                    "Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ",
                    "Nghị định",
                    "107/2021/NĐ-CP",
                    "Chính phủ",
                    d(6, 12, 2021),
                ),
                " sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP;",
            ),
            basis(
                Cite(
                    "Quyết định số 468/QĐ-TTg ngày 27 tháng 3 năm 2021 của Thủ tướng Chính phủ",
                    "Quyết định",
                    "468/QĐ-TTg",
                    "Thủ tướng Chính phủ",
                    d(27, 3, 2021),
                ),
                " phê duyệt Đề án đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông;",
            ),
            basis(
                Cite(
                    "Nghị quyết số 18-NQ/TW ngày 25 tháng 10 năm 2017 của Ban Chấp hành Trung ương Đảng",
                    "Nghị quyết",
                    "18-NQ/TW",
                    "Ban Chấp hành Trung ương",
                    d(25, 10, 2017),
                ),
                " về tiếp tục đổi mới, sắp xếp tổ chức bộ máy;",
            ),
            basis(
                Cite(
                    "Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ",
                    "Nghị định",
                    "09/2019/NĐ-CP",
                    "Chính phủ",
                    d(24, 1, 2019),
                ),
                " quy định về chế độ báo cáo của cơ quan hành chính nhà nước;",
            ),
            basis(
                Cite(
                    "Thông tư số 02/2019/TT-BNV ngày 24 tháng 01 năm 2019 của Bộ trưởng Bộ Nội vụ",
                    "Thông tư",
                    "02/2019/TT-BNV",
                    "Bộ Nội vụ",
                    d(24, 1, 2019),
                ),
                " quy định tiêu chuẩn dữ liệu thông tin đầu vào;",
            ),
        ),
    ),
    Draft(
        "quyet-dinh-so-ky-hieu",
        6.9,
        (
            *HEADER,
            basis(
                Cite(
                    "Luật Giao dịch điện tử ngày 22 tháng 6 năm 2023",
                    "Luật",
                    date=d(22, 6, 2023),
                    name="Luật Giao dịch điện tử",
                )
            ),
            basis(
                Cite(
                    "Luật Lưu trữ ngày 21 tháng 6 năm 2024", "Luật", date=d(21, 6, 2024), name="Luật Lưu trữ"
                )
            ),
            basis(
                Cite(
                    "Nghị định số 29/2023/NĐ-CP ngày 03 tháng 6 năm 2023 của Chính phủ",
                    "Nghị định",
                    "29/2023/NĐ-CP",
                    "Chính phủ",
                    d(3, 6, 2023),
                ),
                " quy định về tinh giản biên chế;",
            ),
            basis(
                Cite(
                    "Quyết định số 09/2015/QĐ-TTg ngày 25 tháng 3 năm 2015 của Thủ tướng Chính phủ",
                    "Quyết định",
                    "09/2015/QĐ-TTg",
                    "Thủ tướng Chính phủ",
                    d(25, 3, 2015),
                ),
                " ban hành Quy chế thực hiện cơ chế một cửa;",
            ),
            basis(
                Cite(
                    "Luật số 20/2023/QH15 ngày 22 tháng 6 năm 2023 của Quốc hội",
                    "Luật",
                    "20/2023/QH15",
                    "Quốc hội",
                    d(22, 6, 2023),
                )
            ),
            basis(
                Cite(
                    "Nghị định số 112/2020/NĐ-CP ngày 18 tháng 9 năm 2020 của Chính phủ",
                    "Nghị định",
                    "112/2020/NĐ-CP",
                    "Chính phủ",
                    d(18, 9, 2020),
                ),
                " về xử lý kỷ luật cán bộ, công chức, viên chức;",
            ),
        ),
    ),
)


def labelled() -> list[Cite]:
    return [c for draft in DRAFTS for c in draft.citations]


# --- rendering ---------------------------------------------------------------------------------------------


def render_txt(draft: Draft) -> bytes:
    return ("\n".join(p.text for p in draft.paragraphs) + "\n").encode()


def render_docx(draft: Draft) -> bytes:
    """A4, Times New Roman 14, justified, the text column ``width_cm`` wide so that lines wrap in citations."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(21 - 3 - draft.width_cm)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)  # type: ignore[attr-defined]
    for paragraph in draft.paragraphs:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        text = paragraph.text
        if paragraph.break_after and paragraph.break_after in text:
            head, tail = text.split(paragraph.break_after, 1)
            p.add_run(head + paragraph.break_after).add_break()  # Shift+Enter inside the citation
            p.add_run(tail.lstrip())
        else:
            p.add_run(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_pdf(docx_bytes: bytes) -> bytes:
    from eoffice.drafting.pdf import docx_to_pdf

    return docx_to_pdf(docx_bytes, timeout=120)


def text_of(data: bytes, suffix: str) -> str:
    with tempfile.TemporaryDirectory(prefix="eoffice-citations-") as folder:
        path = Path(folder) / f"draft{suffix}"
        path.write_bytes(data)
        return extract_text(path)


# --- scoring -----------------------------------------------------------------------------------------------


@dataclass
class Score:
    citations: int = 0
    found: int = 0
    fields: int = 0
    correct: int = 0
    exact: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.fields if self.fields else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "citations": self.citations,
            "found": self.found,
            "fields": self.fields,
            "fields_correct": self.correct,
            "citations_exact": self.exact,
            "field_accuracy": round(self.accuracy, 4),
            "misses": self.misses,
        }


def _value(c: Citation, name: str) -> Any:
    return getattr(c, name)


def _matches(expected: Cite, c: Citation) -> bool:
    if expected.number is not None:
        return c.number is not None and c.number.split("/")[0] == expected.number.split("/")[0]
    return c.name is not None and c.type == expected.type and c.number is None


def score(draft: Draft, found: Sequence[Citation], into: Score) -> list[Citation]:
    """Align the expected citations with those read, in order, and count the fields read exactly; returns the
    citations read that were aligned with a labelled one."""
    matched: list[Citation] = []
    remaining = list(found)
    for expected in draft.citations:
        wanted = expected.expected()
        into.citations += 1
        into.fields += len(wanted)
        match = next((c for c in remaining if _matches(expected, c)), None)
        if match is None:
            into.misses.append(f"{draft.name}: không thấy «{expected.text}»")
            continue
        remaining = remaining[remaining.index(match) + 1 :]
        matched.append(match)
        into.found += 1
        wrong = [f"{k}={_value(match, k)!r} (cần {v!r})" for k, v in wanted.items() if _value(match, k) != v]
        into.correct += len(wanted) - len(wrong)
        if wrong:
            into.misses.append(f"{draft.name}: «{expected.text}»: " + "; ".join(wrong))
        else:
            into.exact += 1
    return matched


@dataclass
class Wraps:
    """How hard the PDF text is: line breaks and PDFium hyphens inside the labelled citations' spans."""

    citations_wrapped: int = 0
    hyphen_breaks: int = 0


def count_wraps(text: str, matched: Sequence[Citation], wraps: Wraps) -> None:
    """Count, among the labelled citations read (``score``'s result), those wrapped and the hyphen breaks."""
    for c in matched:
        span = text[c.start : c.end]
        if "\n" in span or "\ufffe" in span:
            wraps.citations_wrapped += 1
        wraps.hyphen_breaks += span.count("\ufffe") + span.count("-\n")


Reader = Callable[[str], Sequence[Citation]]
READERS: dict[str, Reader] = {"read_citations": read_citations, "find_citations (raw)": find_citations}


def evaluate(
    drafts: Sequence[Draft] = DRAFTS, *, pdf: bool = True, keep: Path | None = None
) -> dict[str, Any]:
    from eoffice.checks.legal import check_legal_basis
    from eoffice.legal import LegalCorpus, starter_records

    corpus = LegalCorpus(starter_records())
    scores: dict[tuple[str, str], Score] = {}
    wraps = Wraps()
    same_findings: dict[str, int] = {}
    differing: list[str] = []
    for draft in drafts:
        docx_bytes = render_docx(draft)
        files = {".txt": render_txt(draft), ".docx": docx_bytes}
        if pdf:
            files[".pdf"] = render_pdf(docx_bytes)
        for suffix, data in files.items():
            if keep:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"{draft.name}{suffix}").write_bytes(data)
            text = text_of(data, suffix)
            for reader_name, reader in READERS.items():
                matched = score(draft, reader(text), scores.setdefault((suffix[1:], reader_name), Score()))
                if suffix == ".pdf" and reader is read_citations:
                    count_wraps(text, matched, wraps)
            # the căn cứ check must judge the TXT and the PDF as it judges the DOCX they come from
            if suffix != ".docx":
                findings = sorted(
                    (f.code, f.found, f.expected) for f in check_legal_basis(text, corpus=corpus)
                )
                reference = sorted(
                    (f.code, f.found, f.expected) for f in check_legal_basis(docx=docx_bytes, corpus=corpus)
                )
                same = findings == reference
                same_findings[suffix[1:]] = same_findings.get(suffix[1:], 0) + same
                if not same:
                    differing.append(f"{draft.name}{suffix}: {findings} ≠ DOCX {reference}")
    return {
        "scores": {f"{fmt} / {reader}": s.as_dict() for (fmt, reader), s in scores.items()},
        "drafts": len(drafts),
        "findings_as_docx": same_findings,
        "findings_differing": differing,
        "pdf_citations_wrapped": wraps.citations_wrapped,
        "pdf_hyphen_breaks": wraps.hyphen_breaks,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="only TXT and DOCX")
    parser.add_argument("--keep", type=Path, help="write every draft (TXT, DOCX, PDF) to this folder")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args()
    result = evaluate(pdf=not args.no_pdf, keep=args.keep)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"{len(DRAFTS)} dự thảo, {len(labelled())} trích dẫn có nhãn")
    print(
        f"{'định dạng / bộ đọc':34} {'trích dẫn':>9} {'thấy':>5} {'trường':>7} {'đúng':>5} {'đúng hết':>9} {'độ chính xác':>13}"
    )
    for label, s in result["scores"].items():
        print(
            f"{label:34} {s['citations']:>9} {s['found']:>5} {s['fields']:>7} {s['fields_correct']:>5} "
            f"{s['citations_exact']:>9} {s['field_accuracy']:>13.1%}"
        )
    if not args.no_pdf:
        print(
            f"PDF: {result['pdf_citations_wrapped']} trích dẫn bị ngắt dòng, "
            f"{result['pdf_hyphen_breaks']} lần ngắt ở dấu gạch nối"
        )
    for fmt, same in result["findings_as_docx"].items():
        print(f"kết quả kiểm tra căn cứ của bản {fmt} giống bản DOCX: {same}/{result['drafts']} dự thảo")
    for line in result["findings_differing"]:
        print(f"  khác: {line}", file=sys.stderr)
    for label, s in result["scores"].items():
        if label.endswith("read_citations"):
            for miss in s["misses"]:
                print(f"  {label}: {miss}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
