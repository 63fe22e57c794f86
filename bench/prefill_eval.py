"""Evaluation of the register's pre-fill (issue 24): field accuracy per input kind on generated documents.

The documents come from `tests/eoffice/incoming/prefill_corpus.py` (our templates, seeded): each case as a
DOCX, as the text PDF LibreOffice makes of it, and as a noisy 200-dpi scan of that PDF OCR'd by the
pipeline's OCR function. Every file is read back with `eoffice.checks.read_layout` and
`eoffice.incoming.prefill.read_fields`, exactly as the API does, and each field is compared with the truth.

    .venv/bin/python bench/prefill_eval.py [--count 63] [--seed 24] [--keep DIR] [--kinds docx,pdf,scan] [--show-errors]

``--keep DIR`` keeps the generated files (and reuses them on the next run, so a change to the reader is
measured without regenerating the scans).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eoffice.checks import read_layout  # noqa: E402
from eoffice.incoming.prefill import read_fields  # noqa: E402
from tests.eoffice.incoming.prefill_corpus import (  # noqa: E402
    FIELDS,
    GOAL_FIELDS,
    INPUT_KINDS,
    Case,
    cases,
    correct,
    docx_bytes,
    scan_pdf,
    text_pdf,
)


def build(folder: Path, all_cases: list[Case], kinds: tuple[str, ...]) -> dict[str, float]:
    """Write each case's files (skipping those already there); returns the OCR seconds per scan."""
    ocr_seconds: dict[str, float] = {}
    for case in all_cases:
        docx_path, pdf_path, scan_path = (folder / f"{case.key}.{k}" for k in ("docx", "pdf", "scan.pdf"))
        if not docx_path.exists():
            docx_path.write_bytes(docx_bytes(case))
        if ("pdf" in kinds or "scan" in kinds) and not pdf_path.exists():
            pdf_path.write_bytes(text_pdf(docx_path.read_bytes()))
        if "scan" in kinds and not scan_path.exists():
            started = time.perf_counter()
            scan_path.write_bytes(scan_pdf(pdf_path.read_bytes(), case.seed))
            ocr_seconds[case.key] = time.perf_counter() - started
        print(f"\r{case.key}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return ocr_seconds


def evaluate(folder: Path, all_cases: list[Case], kinds: tuple[str, ...], show_errors: bool) -> None:
    hits: dict[tuple[str, str], int] = defaultdict(int)
    seconds: dict[str, list[float]] = defaultdict(list)
    suffix = {"docx": "docx", "pdf": "pdf", "scan": "scan.pdf"}
    for case in all_cases:
        for kind in kinds:
            data = (folder / f"{case.key}.{suffix[kind]}").read_bytes()
            started = time.perf_counter()
            read = read_fields(read_layout(data))
            seconds[kind].append(time.perf_counter() - started)
            for field in FIELDS:
                if correct(field, read, case.truth):
                    hits[(field, kind)] += 1
                elif show_errors:
                    found = getattr(read, field, None) if field != "deadline" else read.deadlines
                    shown = getattr(found, "value", found)
                    print(f"{case.key} {kind} {field}: read {shown!r}, true {case.truth[field]!r}")
    total = len(all_cases)
    print(f"\n{total} documents per input kind\n")
    print("| field | " + " | ".join(kinds) + " |")
    print("|---|" + "---:|" * len(kinds))
    for field in FIELDS:
        mark = " ★" if field in GOAL_FIELDS else ""
        cells = [f"{100 * hits[(field, kind)] / total:.1f} %" for kind in kinds]
        print(f"| {field}{mark} | " + " | ".join(cells) + " |")
    cells = [
        f"{100 * sum(hits[(f, k)] for f in GOAL_FIELDS) / (total * len(GOAL_FIELDS)):.1f} %" for k in kinds
    ]
    print("| ★ together | " + " | ".join(cells) + " |")
    print()
    for kind in kinds:
        values = sorted(seconds[kind])
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"reading {kind}: median {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=63)
    parser.add_argument("--seed", type=int, default=24, help="another seed gives a held-out set")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--kinds", default=",".join(INPUT_KINDS))
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    kinds = tuple(k for k in args.kinds.split(",") if k)
    all_cases = cases(args.count, args.seed)
    with tempfile.TemporaryDirectory(prefix="prefill-eval-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        ocr = build(folder, all_cases, kinds)
        if ocr:
            values = sorted(ocr.values())
            print(
                f"scan + OCR per document ({len(values)}): median {statistics.median(values):.1f} s, "
                f"p95 {values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]:.1f} s"
            )
        evaluate(folder, all_cases, kinds, args.show_errors)


if __name__ == "__main__":
    main()
