"""The paper letter the văn thư registers in the incoming journey, as a scanner sends it: the Bộ Tài chính's
công văn 2468/BTC-NSNN rendered from our Nghị định 30 template, printed to PDF by LibreOffice and scanned at
200 dpi with a stamp, a signature, skew and noise (`tests/eoffice/incoming/prefill_corpus.py`), with no text
layer, so the registration form's pre-fill must OCR it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from eoffice.drafting import DraftFields, Signer, docx_to_pdf, render_draft
from tests.eoffice.incoming.prefill_corpus import scan_pdf_image_only

SCAN_SEED = 24_2468  # the noise drawn for this scan; the same scan every run


@dataclass(frozen=True)
class ScannedLetter:
    """The scan and what a careful văn thư reads from it (the form's values: ISO date, the type's code)."""

    pdf: bytes
    issuer: str
    number: str
    symbol: str
    issue_date: str
    doc_type: str


def scanned_letter() -> ScannedLetter:
    issued = dt.date(2026, 11, 20)
    fields = DraftFields(
        issuing_agency="Bộ Tài chính",
        number=2468,
        symbol="BTC-NSNN",
        place="Hà Nội",
        date=issued,
        summary="bố trí kinh phí số hóa tài liệu lưu trữ",  # printed after "V/v"
        addressees=("Ủy ban nhân dân tỉnh Demo",),
        body=(
            "Thực hiện Luật Lưu trữ năm 2024, Bộ Tài chính đề nghị Ủy ban nhân dân tỉnh rà soát khối lượng "
            "tài liệu lưu trữ cần số hóa và dự kiến kinh phí thực hiện trong năm 2027.",
            "Bộ Tài chính sẽ tổng hợp, báo cáo Chính phủ xem xét bố trí kinh phí cho các địa phương.",
        ),
        signer=Signer("Thứ trưởng", "Võ Thành Hưng", ("KT. Bộ trưởng",)),
        recipients=("Như trên", "Lưu: VT, NSNN"),
        archive="VT, NSNN",
    )
    pdf = scan_pdf_image_only(docx_to_pdf(render_draft("cong_van", fields)), SCAN_SEED)
    return ScannedLetter(pdf, "Bộ Tài chính", "2468", "BTC-NSNN", issued.isoformat(), "cong_van")
