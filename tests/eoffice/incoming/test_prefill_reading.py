"""The register's pre-fill reads generated incoming documents (issue 24): DOCX, text PDF and OCR'd scan.

A handful of the evaluation set's documents, read the way the API reads them; the whole set and its figures
are `bench/prefill_eval.py` (docs/QUALITY.md).
"""

from __future__ import annotations

import pytest

from eoffice.checks import read_layout
from eoffice.incoming.prefill import agency_name, read_fields
from tests.eoffice.incoming.prefill_corpus import (
    FIELDS,
    GOAL_FIELDS,
    Case,
    cases,
    correct,
    docx_bytes,
    scan_pdf,
    text_pdf,
)

CASES = cases(7)  # one of each template type, issuers and signers in turn


def _wrong(case: Case, data: bytes, fields: tuple[str, ...]) -> list[str]:
    read = read_fields(read_layout(data))
    return [field for field in fields if not correct(field, read, case.truth)]


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_every_field_is_read_from_a_docx(case: Case) -> None:
    assert _wrong(case, docx_bytes(case), FIELDS) == []


@pytest.mark.parametrize("case", CASES[:3], ids=[c.key for c in CASES[:3]])
def test_every_field_is_read_from_a_text_pdf(case: Case) -> None:
    assert _wrong(case, text_pdf(docx_bytes(case)), FIELDS) == []


@pytest.mark.parametrize("case", [CASES[1], CASES[4]], ids=[CASES[1].key, CASES[4].key])
def test_number_date_issuer_and_type_are_read_from_a_noisy_scan(case: Case) -> None:
    scan = scan_pdf(text_pdf(docx_bytes(case)), case.seed)
    assert _wrong(case, scan, GOAL_FIELDS) == []


def test_each_value_says_where_it_was_read_on_the_page() -> None:
    case = CASES[0]
    read = read_fields(read_layout(text_pdf(docx_bytes(case))))
    assert read.number is not None and read.number.source.page == 1
    box = read.number.source.box
    assert box is not None and box[0] < 300 and box[3] > 600  # upper left, where the decree puts it
    assert read.signer_name is not None and read.signer_name.source.box is not None
    assert read.signer_name.source.box[1] < box[1]


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "Ủy ban nhân dân tỉnh Hà Tĩnh"),
        ("SỞ NỘI VỤ", "Sở nội vụ"),
        ("Bộ Tài chính", "Bộ Tài chính"),
    ],
)
def test_an_upper_case_agency_is_written_as_in_the_register(printed: str, typed: str) -> None:
    assert agency_name(printed) == typed


def test_deadlines_and_marks_are_read_from_the_text() -> None:
    case = next(c for c in cases(12) if c.truth["urgency"] != "thuong" and c.truth["deadline"])
    read = read_fields(read_layout(docx_bytes(case)))
    assert read.urgency is not None and read.urgency.value == case.truth["urgency"]
    assert correct("deadline", read, case.truth)
