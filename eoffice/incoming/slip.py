"""Phiếu xử lý văn bản đến: the printable slip an office files with a received document.

The clerk, the leader and the handlers each sign off on paper in many offices, and the archive keeps the
slip beside the document: what arrived (sổ, số đến, ngày đến; số và ký hiệu, cơ quan ban hành, trích yếu),
to which leader it was presented (trình), what the leader directed (ý kiến chỉ đạo, as he wrote it), who handled it in which role and by when (xử lý chính / phối
hợp / nhận để biết), how it was passed on or sent back and why, what was noted, and the result.

The slip is composed as a DOCX (python-docx; Times New Roman 13/14 as Nghị định 30/2020/NĐ-CP documents use)
and printed to PDF by the one isolated LibreOffice runner (`eoffice.libreoffice`), because every text on it
was typed by people, some of another agency. Dates are the agency's days (`eoffice.clock`), written as the
decree writes them (`eoffice.vietnamese_dates`). The data comes from the incoming service's public functions
after the read rule: whoever may not read the document gets the same 404 as for a missing one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from sqlalchemy.orm import Session

from eoffice import clock
from eoffice.documents.kinds import DocumentKind, Secrecy, Urgency
from eoffice.documents.models import Document
from eoffice.documents.service import get_readable
from eoffice.errors import ServiceUnavailable
from eoffice.incoming import direction, service
from eoffice.incoming.models import Assignment, AssignmentRole, HandlingNote, NoteKind
from eoffice.libreoffice import ConversionTimeout, ConverterMissing, LibreOfficeError, convert_to_pdf
from eoffice.orgs.models import Agency, Department, User
from eoffice.registers import Register, format_number
from eoffice.vietnamese_dates import format_long_date

__all__ = [
    "PDF_MEDIA_TYPE",
    "ProcessingSlip",
    "SlipConversionFailed",
    "SlipConverterMissing",
    "processing_slip",
    "slip_docx",
]

PDF_MEDIA_TYPE = "application/pdf"
DEFAULT_TIMEOUT = 90.0
FONT = "Times New Roman"
BODY_SIZE = Pt(13)
TITLE_SIZE = Pt(14)


class SlipConverterMissing(ServiceUnavailable):
    code = "incoming.slip_converter_missing"
    message = "Máy chủ chưa cài LibreOffice (soffice) nên không in được phiếu xử lý văn bản đến."


class SlipConversionFailed(ServiceUnavailable):
    code = "incoming.slip_conversion_failed"
    message = "LibreOffice không chuyển được phiếu xử lý văn bản đến sang PDF; vui lòng thử lại sau."


@dataclass(frozen=True)
class ProcessingSlip:
    """The slip as the browser downloads it."""

    pdf: bytes
    filename: str


ROLE_LABELS = service.ROLE_LABELS
# Stored slugs as words; keyed by value so that a state or a kind added later still prints (as itself).
STATUS_LABELS = {
    "pending": "Chờ xử lý",
    "in_progress": "Đang xử lý",
    "done": "Đã hoàn thành",
    "forwarded": "Đã chuyển xử lý",
    "recalled": "Đã thu hồi",
    "informed": "Chưa xem",
    "seen": "Đã xem",
    "closed": "Đã kết thúc",
    "returned": "Đã trả lại",
    "taken_back": "Đã thu hồi",
}
NOTE_LABELS = {
    "note": "Ý kiến",
    "result": "Kết quả",
    "forward": "Chuyển xử lý",
    "complete": "Hoàn thành",
    "recall": "Thu hồi",
    "return": "Trả lại",
    "take_back": "Thu hồi phân công",
    "extension": "Gia hạn",
}
REPORTED = "Đã gửi ý kiến phối hợp"
URGENCY_LABELS = {Urgency.URGENT: "Khẩn", Urgency.VERY_URGENT: "Thượng khẩn", Urgency.FLASH: "Hỏa tốc"}
SECRECY_LABELS = {Secrecy.SECRET: "Mật", Secrecy.TOP_SECRET: "Tối mật", Secrecy.MOST_SECRET: "Tuyệt mật"}
# Entries that send the document back or take it away: printed with the forwards, with their reasons.
SENT_BACK_KINDS = frozenset({"return", "take_back", "recall"})

# XML 1.0 refuses control characters; a title pasted from another program may carry them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str | None) -> str:
    """Text as it may stand in the DOCX: what XML cannot hold is dropped, everything else kept as typed."""
    return _NOT_XML.sub("", text or "")


# ---------------------------------------------------------------- what the slip says


@dataclass(frozen=True)
class Row:
    """One line of a table of the slip, already in words."""

    cells: tuple[str, ...]


@dataclass(frozen=True)
class SlipContent:
    """Everything the slip prints, as Vietnamese text: composing the page needs nothing else."""

    parent_name: str
    agency_name: str
    facts: tuple[tuple[str, str], ...]
    directions: tuple[Row, ...]  # người chỉ đạo, ngày, ý kiến
    assignments: tuple[Row, ...]  # TT, vai trò, người/đơn vị, hạn, trạng thái
    passes: tuple[Row, ...]  # ngày, từ, đến / việc, lý do
    notes: tuple[Row, ...]  # ngày, người, loại, nội dung
    result: tuple[tuple[str, str], ...]
    printed: str


class _Names:
    """Names of the people and units the slip mentions, read once each."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def user(self, user_id: int | None) -> str:
        person = self.session.get(User, user_id) if user_id is not None else None
        if person is None:
            return ""
        return clean(f"{person.full_name} ({person.position})" if person.position else person.full_name)

    def department(self, department_id: int | None) -> str:
        unit = self.session.get(Department, department_id) if department_id is not None else None
        return clean(unit.name) if unit is not None else ""

    def assignee(self, assignment: Assignment) -> str:
        if assignment.user_id is not None:
            return self.user(assignment.user_id)
        return self.department(assignment.department_id)


def _short(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day is not None else ""


def _moment(moment: datetime | None, timezone: str) -> str:
    """``14 giờ 30, ngày 05 tháng 3 năm 2020`` on the agency's wall clock (a naive instant is UTC, as stored)."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    wall = aware.astimezone(clock.agency_zone(timezone))
    return f"{wall:%H} giờ {wall:%M}, {format_long_date(wall.date())}"


def _day(moment: datetime | None, timezone: str) -> str:
    return _short(clock.local_date(moment, timezone)) if moment is not None else ""


def _label(labels: dict[str, str], value: str) -> str:
    return labels.get(str(value), str(value))


def gather(
    session: Session,
    document: Document,
    assignments: Sequence[Assignment],
    notes: Sequence[HandlingNote],
    *,
    printed_by: User,
    timezone: str,
) -> SlipContent:
    """The slip's words for a document the caller has already been allowed to read."""
    names = _Names(session)
    agency = session.get(Agency, document.agency_id)
    register = session.get(Register, document.register_id) if document.register_id is not None else None
    kind = document.doc_type.label
    level = ", ".join(
        part
        for part in (URGENCY_LABELS.get(document.urgency, ""), SECRECY_LABELS.get(document.secrecy, ""))
        if part
    )
    facts: list[tuple[str, str]] = [
        ("Sổ văn bản", clean(register.name) if register is not None else ""),
        ("Số đến", format_number(document.register_number) if document.register_number is not None else ""),
        ("Ngày đến", _moment(document.arrived_at, timezone)),
        ("Cơ quan ban hành", clean(document.issuer)),
        ("Số, ký hiệu", clean(document.number_symbol)),
        ("Ngày văn bản", format_long_date(document.issue_date) if document.issue_date else ""),
        ("Loại văn bản", kind),
        ("Trích yếu", clean(document.title)),
    ]
    if level:
        facts.append(("Độ khẩn, độ mật", level))
    if document.pages:
        facts.append(("Số trang", str(document.pages)))
    if document.deadline is not None:
        facts.append(("Hạn xử lý", format_long_date(document.deadline)))
    record = direction.record_of(session, document)
    for presentation in record.presentations:
        facts.append(
            (
                "Trình lãnh đạo",
                f"{names.user(presentation.leader_id)}, {_day(presentation.created_at, timezone)}"
                + (f" — {clean(presentation.note)}" if presentation.note else ""),
            )
        )

    by_id = {a.id: a for a in assignments}
    # The leaders' directions as they wrote them (their own records), never guessed from other entries.
    directions = [
        Row((names.user(d.author_id), _day(d.created_at, timezone), clean(d.text))) for d in record.directions
    ]

    reported = {c.assignment_id for c in record.contributions}
    rows = [
        Row(
            (
                str(number),
                ROLE_LABELS.get(a.role, str(a.role)),
                names.assignee(a)
                + (f"\nÝ kiến giao: {clean(a.instruction)}" if a.instruction.strip() else ""),
                "" if a.role == AssignmentRole.INFORM else _short(a.deadline),
                REPORTED if a.id in reported else _label(STATUS_LABELS, a.status),
            )
        )
        for number, a in enumerate(assignments, start=1)
    ]

    passes: list[Row] = []
    forward_reasons = {n.assignment_id: n.text for n in notes if n.kind == NoteKind.FORWARD}
    for a in assignments:
        previous = by_id.get(a.forwarded_from_id) if a.forwarded_from_id is not None else None
        if previous is None:
            continue
        reason = forward_reasons.get(previous.id) or a.instruction
        passes.append(
            Row(
                (
                    _day(a.created_at, timezone),
                    f"Chuyển xử lý: {names.assignee(previous)} → {names.assignee(a)}",
                    clean(reason),
                )
            )
        )
    for note in notes:
        if str(note.kind) in SENT_BACK_KINDS:
            passes.append(
                Row(
                    (
                        _day(note.created_at, timezone),
                        f"{_label(NOTE_LABELS, note.kind)}: {names.user(note.author_id)}",
                        clean(note.text),
                    )
                )
            )

    shown = {NoteKind.FORWARD.value, NoteKind.COMPLETE.value, *SENT_BACK_KINDS}
    entries: list[tuple[datetime, Row]] = [
        (
            note.created_at,
            Row(
                (
                    _day(note.created_at, timezone),
                    names.user(note.author_id),
                    _label(NOTE_LABELS, note.kind),
                    clean(note.text),
                )
            ),
        )
        for note in notes
        if str(note.kind) not in shown
    ]
    # Ý kiến phối hợp among the handling notes, in the order they were written.
    files = {f.id: f.filename for f in document.files}
    entries += [
        (
            c.created_at,
            Row(
                (
                    _day(c.created_at, timezone),
                    names.user(c.author_id),
                    "Ý kiến phối hợp",
                    clean(c.text) + (f" (tệp: {clean(files.get(c.file_id, ''))})" if c.file_id else ""),
                )
            ),
        )
        for c in record.contributions
    ]
    handling = [row for _, row in sorted(entries, key=lambda entry: entry[0])]

    result: list[tuple[str, str]] = [("Tình trạng", document.status.label)]
    for note in notes:
        if note.kind == NoteKind.COMPLETE:
            result.append(
                ("Hoàn thành", f"{_moment(note.created_at, timezone)} — {names.user(note.author_id)}")
            )
            if note.text.strip():
                result.append(("Kết quả", clean(note.text)))
    today = clock.today(timezone)
    return SlipContent(
        parent_name=clean(agency.parent_name if agency else ""),
        agency_name=clean(agency.name if agency else ""),
        facts=tuple(facts),
        directions=tuple(directions),
        assignments=tuple(rows),
        passes=tuple(passes),
        notes=tuple(handling),
        result=tuple(result),
        printed=f"In {format_long_date(today)}, người in: {names.user(printed_by.id)}",
    )


# ---------------------------------------------------------------- the page


def _run_in(
    paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: Pt | None = None
) -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    if size is not None:
        run.font.size = size


def _line(
    container: object,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: Pt | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    first: bool = False,
) -> Paragraph:
    """A paragraph of `container` (the document or a cell); a cell's own empty first paragraph when `first`."""
    paragraph: Paragraph = container.paragraphs[0] if first else container.add_paragraph()  # type: ignore[attr-defined]
    _run_in(paragraph, text, bold=bold, italic=italic, size=size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _fact(document: object, label: str, value: str) -> None:
    paragraph: Paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    _run_in(paragraph, f"{label}: ", bold=True)
    _run_in(paragraph, value)


def _grid(document: object, headers: Sequence[str], widths_mm: Sequence[float], rows: Sequence[Row]) -> Table:
    table: Table = document.add_table(rows=1, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _line(cell, header, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, first=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row.cells, strict=True):
            _line(cell, text, first=True)
    _widths(table, widths_mm)
    return table


def _widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Fixed column widths, in the grid (what LibreOffice reads) and in every cell (what Word reads)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _heading(document: object, text: str) -> None:
    paragraph = _line(document, text, bold=True)
    paragraph.paragraph_format.space_before = Pt(9)
    paragraph.paragraph_format.keep_with_next = True


def _none(document: object, text: str) -> None:
    _line(document, text, italic=True)


def slip_docx(content: SlipContent) -> bytes:
    """The slip as a DOCX: A4 portrait, the decree's margins, Times New Roman 13 (the title 14)."""
    document = new_docx()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT  # type: ignore[attr-defined]
    normal.font.size = BODY_SIZE  # type: ignore[attr-defined]
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(3)  # type: ignore[attr-defined]

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    if content.parent_name:  # cơ quan chủ quản, above the agency's own name
        _line(left, content.parent_name.upper(), size=Pt(12), align=center, first=True)
    _line(
        left, content.agency_name.upper(), bold=True, size=Pt(12), align=center, first=not content.parent_name
    )
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=Pt(12), align=center, first=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, align=center)
    _widths(header, (65, 100))

    title = _line(document, "PHIẾU XỬ LÝ VĂN BẢN ĐẾN", bold=True, size=TITLE_SIZE, align=center)
    title.paragraph_format.space_before = Pt(18)
    title.paragraph_format.space_after = Pt(12)
    for label, value in content.facts:
        _fact(document, label, value)

    _heading(document, "I. Ý KIẾN CHỈ ĐẠO CỦA LÃNH ĐẠO")
    if content.directions:
        _grid(document, ("Người chỉ đạo", "Ngày", "Ý kiến chỉ đạo"), (50, 25, 90), content.directions)
    else:
        _none(document, "Chưa có ý kiến chỉ đạo.")

    _heading(document, "II. PHÂN CÔNG XỬ LÝ")
    if content.assignments:
        _grid(
            document,
            ("TT", "Vai trò", "Người, đơn vị", "Hạn xử lý", "Trạng thái"),
            (10, 30, 63, 27, 35),
            content.assignments,
        )
    else:
        _none(document, "Chưa phân công.")

    _heading(document, "III. CHUYỂN XỬ LÝ, TRẢ LẠI, THU HỒI")
    if content.passes:
        _grid(document, ("Ngày", "Việc", "Lý do, ghi chú"), (25, 75, 65), content.passes)
    else:
        _none(document, "Không có.")

    _heading(document, "IV. Ý KIẾN XỬ LÝ")
    if content.notes:
        _grid(document, ("Ngày", "Người ghi", "Loại", "Nội dung"), (25, 45, 25, 70), content.notes)
    else:
        _none(document, "Chưa có ý kiến xử lý.")

    _heading(document, "V. KẾT QUẢ XỬ LÝ")
    for label, value in content.result:
        _fact(document, label, value)

    printed = _line(document, content.printed, italic=True, size=Pt(11), align=WD_ALIGN_PARAGRAPH.RIGHT)
    printed.paragraph_format.space_before = Pt(18)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _to_pdf(docx: bytes, timeout: float) -> bytes:
    try:
        return convert_to_pdf(docx, suffix=".docx", export_filter="writer_pdf_Export", timeout=timeout)
    except ConverterMissing as exc:
        raise SlipConverterMissing() from exc
    except ConversionTimeout as exc:
        raise SlipConversionFailed(
            f"In phiếu xử lý quá {timeout:g} giây nên đã dừng; vui lòng thử lại sau.",
            detail={"timeout": timeout},
        ) from exc
    except LibreOfficeError as exc:
        raise SlipConversionFailed(detail={"stderr": exc.detail}) from exc


def slip_filename(document: Document) -> str:
    """``Phiếu xử lý văn bản đến số 05.pdf``: what the clerk sees in the download folder."""
    if document.register_number is not None:
        return f"Phiếu xử lý văn bản đến số {format_number(document.register_number)}.pdf"
    return f"Phiếu xử lý văn bản đến {document.id}.pdf"


def processing_slip(
    session: Session, user: User, document_id: int, *, timezone: str, timeout: float = DEFAULT_TIMEOUT
) -> ProcessingSlip:
    """The slip of an incoming document `user` may read (else the read rule's 404), as PDF."""
    document = get_readable(session, user, document_id, DocumentKind.INCOMING)
    assignments, notes = service.detail_parts(session, document)
    content = gather(session, document, assignments, notes, printed_by=user, timezone=timezone)
    return ProcessingSlip(pdf=_to_pdf(slip_docx(content), timeout), filename=slip_filename(document))
