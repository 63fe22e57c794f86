"""Tạo dự thảo từ mẫu: fill a DOCX template's ``{{placeholders}}`` keeping the template's formatting.

A placeholder may be split over several runs (Word does that); filling works on the paragraph's text and
puts the value in the run where the placeholder starts, so that run's font, size, bold and italic apply. A
paragraph holding nothing but a list placeholder is repeated once per item (and removed for none); a
paragraph holding nothing but an empty value (no parent agency, no ``Kính gửi``) is removed.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn

from eoffice.checks.errors import UnsafeDraft
from eoffice.checks.format import inspect_package
from eoffice.checks.format.checker import open_docx
from eoffice.checks.format.runs import paragraph_text, replace_span
from eoffice.drafting.errors import TemplateError
from eoffice.drafting.fields import PLACEHOLDERS, REQUIRED_PLACEHOLDERS, DraftFields
from eoffice.drafting.kinds import TEMPLATE_KINDS

__all__ = ["PLACEHOLDER_RE", "Template", "load_template", "render_draft", "shipped_template"]

PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@dataclass(frozen=True)
class Template:
    """A validated DOCX template: its bytes and the placeholders it uses."""

    name: str
    data: bytes
    placeholders: frozenset[str]


def shipped_template(key: str) -> Template:
    """One of the templates that come with eOffice (``quyet_dinh``, ``cong_van``, ``ke_hoach``, ...)."""
    if key not in TEMPLATE_KINDS:
        raise TemplateError(
            "template.unknown",
            f"Không có mẫu «{key}»; các mẫu có sẵn: {', '.join(TEMPLATE_KINDS)}.",
        )
    data = resources.files("eoffice.drafting").joinpath("templates", f"{key}.docx").read_bytes()
    return Template(key, data, frozenset(_placeholders(docx.Document(io.BytesIO(data)))))


def load_template(data: bytes, name: str = "mẫu tải lên") -> Template:
    """Validate an admin-uploaded template: a real, safe DOCX using known placeholders, all required ones.

    Raises the checks' ``docx.*`` errors for bad files (macros and external references are refused here,
    not just reported) and ``TemplateError`` for placeholder problems.
    """
    report = inspect_package(data)
    if report.macros:
        raise UnsafeDraft("docx.macros", "Mẫu văn bản chứa macro (VBA); không nhận mẫu có macro.")
    if report.external_references:
        raise UnsafeDraft(
            "docx.external_reference",
            "Mẫu văn bản tham chiếu tài nguyên bên ngoài (mẫu, hình ảnh liên kết); hãy nhúng hoặc bỏ liên kết.",
        )
    document = open_docx(data).document
    used = set(_placeholders(document))
    unknown = sorted(used - PLACEHOLDERS.keys())
    if unknown:
        raise TemplateError(
            "template.unknown_placeholder",
            f"Mẫu có trường không được hỗ trợ: {', '.join(unknown)}. "
            f"Các trường hợp lệ: {', '.join(PLACEHOLDERS)}.",
        )
    missing = sorted(REQUIRED_PLACEHOLDERS - used)
    if missing:
        raise TemplateError(
            "template.missing_placeholder",
            f"Mẫu thiếu các trường bắt buộc: {', '.join('{{' + m + '}}' for m in missing)}.",
        )
    return Template(name, data, frozenset(used))


def render_draft(
    template: Template | str | bytes, fields: DraftFields | Mapping[str, str | Sequence[str]]
) -> bytes:
    """The filled DOCX. ``template`` is a ``Template``, a shipped template's key, or uploaded bytes."""
    if isinstance(template, str):
        template = shipped_template(template)
    elif isinstance(template, bytes):
        template = load_template(template)
    values = fields.placeholders() if isinstance(fields, DraftFields) else dict(fields)
    missing = sorted(n for n in template.placeholders if n not in values)
    if missing:
        raise TemplateError(
            "template.missing_field", f"Chưa có nội dung cho các trường: {', '.join(missing)}."
        )
    document = docx.Document(io.BytesIO(template.data))
    for p_el in list(_paragraph_elements(document)):
        _fill(p_el, values)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph_elements(document: Document) -> Iterator[Any]:
    yield from document.element.body.iter(qn("w:p"))
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part.is_linked_to_previous:
                continue
            yield from part._element.iter(qn("w:p"))


def _placeholders(document: Document) -> Iterator[str]:
    for p_el in _paragraph_elements(document):
        for match in PLACEHOLDER_RE.finditer(paragraph_text(p_el)):
            yield match.group(1)


def _fill(p_el: Any, values: Mapping[str, str | Sequence[str]]) -> None:
    text = paragraph_text(p_el)
    matches = list(PLACEHOLDER_RE.finditer(text))
    if not matches:
        return
    whole = len(matches) == 1 and text.strip() == matches[0].group(0)
    if whole:
        value = values[matches[0].group(1)]
        items = [value] if isinstance(value, str) else list(value)
        items = [item for item in items if item.strip()]
        parent = p_el.getparent()
        if not items:
            if sum(1 for child in parent if child.tag == qn("w:p")) > 1 or parent.tag != qn("w:tc"):
                parent.remove(p_el)
            else:
                replace_span(p_el, 0, len(text), "")
            return
        anchor = p_el
        for item in items[1:]:
            clone = copy.deepcopy(p_el)
            anchor.addnext(clone)
            anchor = clone
            _replace_all(clone, {matches[0].group(1): item})
        _replace_all(p_el, {matches[0].group(1): items[0]})
        return
    flat = {name: v if isinstance(v, str) else "; ".join(v) for name, v in values.items()}
    _replace_all(p_el, flat)


def _replace_all(p_el: Any, values: Mapping[str, str | Sequence[str]]) -> None:
    text = paragraph_text(p_el)
    for match in reversed(list(PLACEHOLDER_RE.finditer(text))):
        value = values.get(match.group(1), "")
        replace_span(p_el, match.start(), match.end(), value if isinstance(value, str) else "; ".join(value))
