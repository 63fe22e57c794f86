"""The shipped templates: they render from a draft's metadata, keep their formatting and check clean."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace

import docx
import pytest

from eoffice.checks import UnreadableDraft, UnsafeDraft, check_format
from eoffice.drafting import TEMPLATE_KINDS, TemplateError, load_template, render_draft, shipped_template
from eoffice.drafting.samples import sample_fields
from eoffice.vietnamese_dates import format_date_line, format_long_date, parse_long_date


def _paragraphs(data: bytes) -> list[docx.text.paragraph.Paragraph]:
    document = docx.Document(io.BytesIO(data))
    found = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += cell.paragraphs
    return found


def _paragraph(data: bytes, text: str) -> docx.text.paragraph.Paragraph:
    return next(p for p in _paragraphs(data) if p.text.strip() == text)


@pytest.mark.parametrize("kind", list(TEMPLATE_KINDS))
def test_every_template_renders_and_checks_clean(kind: str) -> None:
    data = render_draft(kind, sample_fields(kind))
    assert check_format(data) == []
    text = "\n".join(p.text for p in _paragraphs(data))
    assert "{{" not in text
    assert "Hà Tĩnh, ngày 05 tháng 3 năm 2024" in text
    assert "- Lưu: VT, NC." in text


def test_rendering_keeps_the_template_formatting() -> None:
    data = render_draft("quyet_dinh", sample_fields("quyet_dinh"))
    issuer = _paragraph(data, "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH")
    assert all(run.bold for run in issuer.runs if run.text.strip())
    date_line = _paragraph(data, "Hà Tĩnh, ngày 05 tháng 3 năm 2024")
    assert all(run.italic for run in date_line.runs if run.text.strip())
    bases = [p for p in _paragraphs(data) if p.text.startswith("Căn cứ")]
    assert [p.text[-1] for p in bases] == [";", ";"]
    assert all(run.italic for p in bases for run in p.runs if run.text.strip())
    assert _paragraph(data, "Theo đề nghị của Giám đốc Sở Nội vụ.").runs[0].italic


def test_blank_number_and_date_until_the_clerk_issues_them() -> None:
    fields = replace(sample_fields("cong_van"), number=None, date=None, year=2025, parent_agency="Bộ Nội vụ")
    data = render_draft("cong_van", fields)
    texts = [" ".join(p.text.split()) for p in _paragraphs(data)]
    assert "Số: /UBND-VP" in texts
    assert "Hà Tĩnh, ngày tháng năm 2025" in texts
    assert "BỘ NỘI VỤ" in texts
    assert check_format(data) == []


def test_a_draft_without_parent_agency_or_addressees_has_no_empty_placeholder_lines() -> None:
    data = render_draft("thong_bao", sample_fields("thong_bao"))
    assert not any("{{" in p.text for p in _paragraphs(data))
    assert not any(p.text.startswith("Kính gửi") for p in _paragraphs(data))


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2020, 3, 5), "ngày 05 tháng 3 năm 2020"),
        (dt.date(2021, 2, 9), "ngày 09 tháng 02 năm 2021"),
        (dt.date(2024, 1, 15), "ngày 15 tháng 01 năm 2024"),
        (dt.date(2024, 12, 31), "ngày 31 tháng 12 năm 2024"),
    ],
)
def test_dates_follow_the_decree_leading_zero_rule(day: dt.date, text: str) -> None:
    assert format_long_date(day) == text
    assert format_date_line("Hà Tĩnh", day) == f"Hà Tĩnh, {text}"
    assert parse_long_date(f"Hà Tĩnh, {text}") == day


def _template_with(text: str) -> bytes:
    document = docx.Document(io.BytesIO(shipped_template("thong_bao").data))
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_uploaded_template_with_split_placeholders_is_filled() -> None:
    document = docx.Document(io.BytesIO(shipped_template("thong_bao").data))
    paragraph = document.add_paragraph()
    for piece in ("Người soạn: {{ho_", "ten", "_ky}} — {{ dia_danh }}"):
        paragraph.add_run(piece).bold = True
    out = io.BytesIO()
    document.save(out)
    template = load_template(out.getvalue(), "mẫu riêng")
    data = render_draft(template, sample_fields("thong_bao"))
    filled = _paragraph(data, "Người soạn: Nguyễn Văn An — Hà Tĩnh")
    assert all(run.bold for run in filled.runs if run.text)


def test_uploaded_template_with_unknown_placeholder_is_refused() -> None:
    with pytest.raises(TemplateError) as error:
        load_template(_template_with("{{chu_ky_so}}"))
    assert error.value.code == "template.unknown_placeholder"
    assert "chu_ky_so" in error.value.message


def test_uploaded_template_without_required_placeholders_is_refused() -> None:
    document = docx.Document()
    document.add_paragraph("Mẫu trống {{trich_yeu}}")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(TemplateError) as error:
        load_template(out.getvalue())
    assert error.value.code == "template.missing_placeholder"
    assert "{{ho_ten_ky}}" in error.value.message


def _with_extra_part(data: bytes, name: str, content: bytes, replace_part: str | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != replace_part:
                target.writestr(item, source.read(item.filename))
        target.writestr(name, content)
    return out.getvalue()


def test_uploaded_template_with_macros_or_external_template_is_refused() -> None:
    data = shipped_template("thong_bao").data
    with pytest.raises(UnsafeDraft) as error:
        load_template(_with_extra_part(data, "word/vbaProject.bin", b"\x00" * 64))
    assert error.value.code == "docx.macros"
    settings_rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/attachedTemplate" Target="http://203.0.113.5/mau.dotm" TargetMode="External"/>'
        b"</Relationships>"
    )
    with pytest.raises(UnsafeDraft) as error:
        load_template(_with_extra_part(data, "word/_rels/settings.xml.rels", settings_rels))
    assert error.value.code == "docx.external_reference"


def test_uploaded_file_that_is_not_a_docx_is_refused() -> None:
    with pytest.raises(UnreadableDraft) as error:
        load_template(b"%PDF-1.7 not a template")
    assert error.value.code == "docx.not_a_docx"


def test_unknown_shipped_template() -> None:
    with pytest.raises(TemplateError) as error:
        render_draft("bien_ban_hop", sample_fields("thong_bao"))
    assert error.value.code == "template.unknown"
