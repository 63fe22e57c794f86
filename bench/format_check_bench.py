"""Speed of the thể thức checker on a 10-page draft (goal: under 1 s per check).

A quyết định is rendered from the shipped template with enough body paragraphs for ten A4 pages (counted
with LibreOffice when ``--count-pages`` is given), then checked ``--rounds`` times from its bytes.

    .venv/bin/python bench/format_check_bench.py [--rounds 20] [--count-pages]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eoffice.checks import apply_fixes, check_format  # noqa: E402
from eoffice.drafting import render_draft  # noqa: E402
from eoffice.drafting.samples import sample_fields  # noqa: E402

_PARAGRAPH = (
    "Điều {n}. Các cơ quan, đơn vị có trách nhiệm tổ chức thực hiện việc tiếp nhận, đăng ký, xử lý văn bản "
    "đến và văn bản đi trên Hệ thống quản lý văn bản và điều hành; bảo đảm mọi văn bản điện tử được ký số "
    "đúng quy định, lưu trữ đầy đủ hồ sơ điện tử và kết nối liên thông với Trục liên thông văn bản quốc gia."
)


def ten_page_draft(paragraphs: int = 80) -> bytes:
    body = tuple(_PARAGRAPH.format(n=n) for n in range(1, paragraphs + 1))
    return render_draft("quyet_dinh", replace(sample_fields("quyet_dinh"), body=body))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--paragraphs", type=int, default=80)
    parser.add_argument("--count-pages", action="store_true", help="convert with LibreOffice to count pages")
    args = parser.parse_args()
    data = ten_page_draft(args.paragraphs)
    if args.count_pages:
        import pypdfium2 as pdfium

        from eoffice.drafting import docx_to_pdf

        print(f"pages: {len(pdfium.PdfDocument(docx_to_pdf(data, timeout=120)))}")
    check_format(data)  # warm-up: imports and caches
    timings = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        findings = check_format(data)
        timings.append(time.perf_counter() - start)
    assert findings == [], findings
    from tests.eoffice.checks.injections import INJECTIONS, inject

    broken, _ = inject(data, next(i for i in INJECTIONS if i.name == "phông mặc định Arial"))
    broken_findings = check_format(broken)
    start = time.perf_counter()
    apply_fixes(broken, broken_findings)
    fix_time = time.perf_counter() - start
    print(
        f"{len(data) // 1024} KiB DOCX, {args.paragraphs} body paragraphs, {args.rounds} rounds: "
        f"median {statistics.median(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms per check; "
        f"apply_fixes (default font Arial, {len(broken_findings)} finding) {fix_time * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
