"""Evaluation of the thể thức checker: precision and recall per finding code on generated drafts.

Drafts are rendered from the shipped templates with varied metadata, one known error is injected per
draft by script (each injection on three template kinds), and clean drafts are added. Every draft is written
to a folder and checked from the file. A finding counts as correct when its code and place (paragraph
index, section or styles) match the injected error; anything else is a false alarm.

    .venv/bin/python bench/format_eval.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eoffice.checks import check_format  # noqa: E402
from eoffice.drafting import TEMPLATE_KINDS, Signer, render_draft  # noqa: E402
from eoffice.drafting.samples import sample_fields  # noqa: E402
from tests.eoffice.checks.injections import CODES, INJECTIONS, NotApplicable, inject  # noqa: E402


def _variants(kind: str) -> list:
    base = sample_fields(kind)
    return [
        base,
        replace(
            base,
            parent_agency="Ủy ban nhân dân tỉnh Hà Tĩnh",
            issuing_agency="Sở Nội vụ",
            number=None,
            date=None,
            year=2024,
        ),
        replace(
            base,
            number=123,
            date=dt.date(2021, 2, 9),
            issuing_agency="Ủy ban nhân dân Thành phố Hồ Chí Minh",
            place="Thành phố Hồ Chí Minh",
            signer=Signer("Chánh Văn phòng", "Trần Thị Bình", ("TL. Chủ tịch",)),
        ),
    ]


def build(folder: Path) -> list[tuple[Path, set[tuple[str, tuple[str, int | None]]]]]:
    drafts = []
    kinds = list(TEMPLATE_KINDS)
    for kind in kinds:
        for number, fields in enumerate(_variants(kind)[:2]):
            path = folder / f"clean_{kind}_{number}.docx"
            path.write_bytes(render_draft(kind, fields))
            drafts.append((path, set()))
    rotation = 0
    for position, injection in enumerate(INJECTIONS):
        made = 0
        for attempt in range(len(kinds)):
            if made == 3:
                break
            kind = kinds[(position + attempt + rotation) % len(kinds)]
            fields = _variants(kind)[(position + attempt) % 3]
            try:
                data, where = inject(render_draft(kind, fields), injection)
            except NotApplicable:
                continue
            path = folder / f"{injection.code.split('.')[1]}_{position:02d}_{kind}.docx"
            path.write_bytes(data)
            drafts.append((path, {(injection.code, where)}))
            made += 1
        rotation += 1
    return drafts


def evaluate(drafts) -> dict:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    elements = false_elements = clean_elements = clean_false = 0
    false_alarms = []
    for path, truth in drafts:
        findings = check_format(path.read_bytes())
        found = {(f.code, (f.where.kind, f.where.index)) for f in findings}
        for item in found & truth:
            tp[item[0]] += 1
        for item in truth - found:
            fn[item[0]] += 1
        wrong = found - truth
        for item in wrong:
            fp[item[0]] += 1
            false_alarms.append((path.name, item))
        from eoffice.checks.format._reader import read_lines
        from eoffice.checks.format.checker import open_docx

        count = sum(1 for x in read_lines(open_docx(path.read_bytes()).document) if x.text.strip()) + 2
        wrong_places = {place for _, place in wrong}
        elements += count
        false_elements += len(wrong_places)
        if not truth:
            clean_elements += count
            clean_false += len(wrong_places)
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "elements": elements,
        "false_elements": false_elements,
        "clean_elements": clean_elements,
        "clean_false": clean_false,
        "false_alarms": false_alarms,
    }


def report(drafts, result) -> str:
    tp, fp, fn = result["tp"], result["fp"], result["fn"]
    lines = [
        f"{len(drafts)} drafts ({sum(1 for _, t in drafts if not t)} clean), "
        f"{sum(len(t) for _, t in drafts)} injected errors, {len(INJECTIONS)} injection kinds, {len(CODES)} codes",
        "",
        "| code | injected | found | precision | recall |",
        "|---|---|---|---|---|",
    ]
    for code in sorted(set(CODES) | set(fp)):
        injected = tp[code] + fn[code]
        reported = tp[code] + fp[code]
        precision = f"{100 * tp[code] / reported:.1f} %" if reported else "–"
        recall = f"{100 * tp[code] / injected:.1f} %" if injected else "–"
        lines.append(f"| `{code}` | {injected} | {tp[code]} | {precision} | {recall} |")
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    lines += [
        f"| **all** | {total_tp + total_fn} | {total_tp} | "
        f"{100 * total_tp / max(total_tp + total_fp, 1):.1f} % | {100 * total_tp / max(total_tp + total_fn, 1):.1f} % |",
        "",
        f"False alarms: {result['false_elements']} of {result['elements']} checked elements "
        f"({100 * result['false_elements'] / result['elements']:.2f} %); on the clean drafts "
        f"{result['clean_false']} of {result['clean_elements']} "
        f"({100 * result['clean_false'] / max(result['clean_elements'], 1):.2f} %).",
    ]
    for name, item in result["false_alarms"][:20]:
        lines.append(f"- false alarm in {name}: {item}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keep", type=Path, help="write the drafts to this folder and keep them")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        drafts = build(args.keep)
        print(report(drafts, evaluate(drafts)))
        return
    with tempfile.TemporaryDirectory(prefix="eoffice-format-eval-") as tmp:
        drafts = build(Path(tmp))
        print(report(drafts, evaluate(drafts)))


if __name__ == "__main__":
    main()
