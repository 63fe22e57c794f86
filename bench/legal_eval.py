"""Evaluation of the căn cứ check: precision and recall per finding code on labelled citation lines.

Each case is one ``Căn cứ`` line placed in a draft dated ``date`` (the draft's own date line), with the set of
codes a careful reviewer expects. Run: ``.venv/bin/python bench/legal_eval.py [--json]`` (uses the starter
corpus shipped in ``eoffice/legal/data/starter.json``; needs no service). Results go to docs/QUALITY.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from eoffice.checks.legal import CODES, check_legal_basis
from eoffice.legal import LegalCorpus, starter_records


@dataclass(frozen=True)
class Case:
    line: str
    expected: frozenset[str]
    date: dt.date = dt.date(2024, 9, 10)


def case(line: str, *codes: str, date: dt.date | None = None) -> Case:
    return Case(line, frozenset(codes), date or dt.date(2024, 9, 10))


_AMENDED_2019 = (
    "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày "
    "22 tháng 11 năm 2019;"
)
VALID = (
    case(f"Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; {_AMENDED_2019}"),
    case("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\nCăn cứ " + _AMENDED_2019),
    case("Căn cứ " + _AMENDED_2019),
    case(
        "Căn cứ Luật Cán bộ, công chức ngày 13 tháng 11 năm 2008 và các văn bản sửa đổi, bổ sung;",
    ),
    case("Căn cứ Luật Giao dịch điện tử ngày 22 tháng 6 năm 2023;"),
    case("Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;"),
    case("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;"),
    case(
        "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, "
        "một cửa liên thông trong giải quyết thủ tục hành chính; Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 "
        "năm 2021 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP;"
    ),
    case(
        "Căn cứ Nghị định số 138/2020/NĐ-CP ngày 27/11/2020 của Chính phủ quy định về tuyển dụng, sử dụng và "
        "quản lý công chức;"
    ),
    case(
        "Căn cứ Thông tư số 02/2019/TT-BNV ngày 24 tháng 01 năm 2019 của Bộ trưởng Bộ Nội vụ quy định tiêu "
        "chuẩn dữ liệu thông tin đầu vào và yêu cầu bảo quản tài liệu lưu trữ điện tử;"
    ),
    case(
        "Căn cứ Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ phê duyệt Đề án phát "
        "triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử;"
    ),
    case("Căn cứ Quyết định số 1234/QĐ-UBND ngày 15 tháng 5 năm 2023 của Uỷ ban nhân dân tỉnh Quảng Trị;"),
    case("Căn cứ Nghị định số 30/2020/ND-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;"),
    case("Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;", date=dt.date(2025, 8, 1)),
    case(
        "Căn cứ Thông tư số 40/2021/TT-BTC ngày 01 tháng 6 năm 2021 của Bộ Tài chính hướng dẫn thuế giá trị gia "
        "tăng, thuế thu nhập cá nhân và quản lý thuế đối với hộ kinh doanh, cá nhân kinh doanh;"
    ),
)
REPLACED = (
    case(
        "Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư;",
        "legal.replaced",
    ),
    case(
        "Căn cứ Thông tư số 01/2011/TT-BNV ngày 19 tháng 01 năm 2011 của Bộ Nội vụ hướng dẫn thể thức và kỹ "
        "thuật trình bày văn bản hành chính;",
        "legal.replaced",
    ),
    case(
        "Căn cứ Nghị định số 108/2014/NĐ-CP ngày 20 tháng 11 năm 2014 của Chính phủ về chính sách tinh giản "
        "biên chế;",
        "legal.replaced",
    ),
    case(
        "Căn cứ Nghị định số 24/2010/NĐ-CP ngày 15 tháng 3 năm 2010 của Chính phủ quy định về tuyển dụng, sử "
        "dụng và quản lý công chức;",
        "legal.replaced",
    ),
    case("Căn cứ Luật Giao dịch điện tử ngày 29 tháng 11 năm 2005;", "legal.replaced"),
    case("Căn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011;", "legal.replaced", date=dt.date(2025, 9, 1)),
    case(
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "legal.replaced",
        date=dt.date(2025, 8, 15),
    ),
    case(
        "Căn cứ Nghị định số 112/2011/NĐ-CP ngày 05/12/2011 của Chính phủ về công chức xã, phường, thị trấn;",
        "legal.replaced",
    ),
    case(
        "Căn cứ Quyết định số 09/2015/QĐ-TTg ngày 25 tháng 3 năm 2015 của Thủ tướng Chính phủ ban hành Quy chế "
        "thực hiện cơ chế một cửa, cơ chế một cửa liên thông tại cơ quan hành chính nhà nước ở địa phương;",
        "legal.replaced",
    ),
    case(
        "Căn cứ Luật Giao dịch điện tử ngày 29 tháng 11 năm 2005;", "legal.replaced", date=dt.date(2024, 7, 1)
    ),
)
# Still in force but amended by a document the draft does not cite: the amendment is to be cited too.
AMENDED = (
    case("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", "legal.amended"),
    case("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;", "legal.amended"),
    case("Căn cứ Luật Cán bộ, công chức ngày 13 tháng 11 năm 2008;", "legal.amended"),
    case(
        "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, "
        "một cửa liên thông trong giải quyết thủ tục hành chính;",
        "legal.amended",
    ),
    case(
        "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, "
        "một cửa liên thông trong giải quyết thủ tục hành chính;",
        date=dt.date(2021, 10, 1),  # before the amending decree 107/2021/NĐ-CP of 6 December 2021
    ),
)
EXPIRED = (
    case(
        "Căn cứ Luật số 63/2020/QH14 ngày 18 tháng 6 năm 2020 sửa đổi, bổ sung một số điều của Luật Ban hành "
        "văn bản quy phạm pháp luật;",
        "legal.expired",
        date=dt.date(2025, 6, 2),
    ),
)
WRONG_DATE = (
    case(
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2021 của Chính phủ về công tác văn thư;",
        "legal.date_mismatch",
    ),
    case(
        "Căn cứ Nghị định số 09/2019/NĐ-CP ngày 24 tháng 02 năm 2019 của Chính phủ quy định về chế độ báo cáo "
        "của cơ quan hành chính nhà nước;",
        "legal.date_mismatch",
    ),
    case("Căn cứ Luật Cán bộ, công chức ngày 13 tháng 11 năm 2009;", "legal.date_mismatch", "legal.amended"),
    case(
        "Căn cứ Quyết định số 28/2018/QĐ-TTg ngày 12 tháng 8 năm 2018 của Thủ tướng Chính phủ về việc gửi, "
        "nhận văn bản điện tử;",
        "legal.date_mismatch",
    ),
    case("Căn cứ Luật Tiếp cận thông tin ngày 06 tháng 4 năm 2018;", "legal.date_mismatch"),
    case(
        "Căn cứ Thông tư số 10/2022/TT-BNV ngày 19 tháng 12 năm 2021 của Bộ trưởng Bộ Nội vụ quy định thời "
        "hạn bảo quản tài liệu;",
        "legal.date_mismatch",
    ),
)
WRONG_ISSUER = (
    case(
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Thủ tướng Chính phủ về công tác văn thư;",
        "legal.issuer_mismatch",
    ),
    case(
        "Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Chính phủ phê duyệt Chương trình Chuyển "
        "đổi số quốc gia;",
        "legal.issuer_mismatch",
    ),
    case(
        "Căn cứ Thông tư số 22/2020/TT-BTTTT ngày 07 tháng 9 năm 2020 của Bộ Nội vụ quy định về yêu cầu kỹ thuật "
        "đối với phần mềm quản lý văn bản và điều hành;",
        "legal.issuer_mismatch",
    ),
    case(
        "Căn cứ Thông tư số 01/2023/TT-VPCP ngày 05 tháng 4 năm 2023 của Bộ Thông tin và Truyền thông;",
        "legal.issuer_mismatch",
    ),
    case(
        "Căn cứ Nghị định số 09/2019/NĐ-CP ngày 24 tháng 01 năm 2019 của Bộ Nội vụ quy định về chế độ báo cáo;",
        "legal.issuer_mismatch",
    ),
)
UNKNOWN = (
    case(
        "Căn cứ Nghị định số 31/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
        "legal.not_found",
    ),
    case(
        "Căn cứ Thông tư số 15/2023/TT-BNV ngày 20 tháng 12 năm 2023 của Bộ Nội vụ hướng dẫn công tác văn thư;",
        "legal.not_found",
    ),
    case("Căn cứ Luật Hành chính công ngày 20 tháng 6 năm 2017;", "legal.not_found"),
    case(
        "Căn cứ Quyết định số 2999/QĐ-TTg ngày 15 tháng 12 năm 2023 của Thủ tướng Chính phủ về chuyển đổi số;",
        "legal.not_found",
    ),
    case(
        "Căn cứ Nghị định số 200/2019/NĐ-CP ngày 30/12/2019 của Chính phủ về văn bản điện tử;",
        "legal.not_found",
    ),
)
BEFORE_ISSUED = (
    case(
        "Căn cứ Luật Giao dịch điện tử ngày 22 tháng 6 năm 2023;",
        "legal.cited_before_issued",
        date=dt.date(2023, 5, 2),
    ),
    case(
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
        "legal.cited_before_issued",
        date=dt.date(2020, 2, 20),
    ),
    case(
        "Căn cứ Nghị định số 178/2024/NĐ-CP ngày 31 tháng 12 năm 2024 của Chính phủ về chính sách, chế độ đối "
        "với cán bộ, công chức, viên chức, người lao động và lực lượng vũ trang trong thực hiện sắp xếp tổ chức "
        "bộ máy của hệ thống chính trị;",
        "legal.cited_before_issued",
        date=dt.date(2024, 12, 20),
    ),
    case(
        "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;",
        "legal.cited_before_issued",
        date=dt.date(2023, 11, 30),
    ),
)
# Harder forms met in real drafts: NFD text, no Đ, dates with dashes, several citations on one line, notes.
HARD = (
    case("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013;"),
    case("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 (sửa đổi, bổ sung năm 2019);"),
    case("Căn cứ Nghị định 30/2020/NĐ-CP ngày 05-3-2020 của Chính phủ về công tác văn thư;"),
    case(
        unicodedata.normalize(
            "NFD",
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
        )
    ),
    case(
        "Căn cứ Luật Cán bộ, công chức ngày 13 tháng 11 năm 2008; Luật Viên chức ngày 15 tháng 11 năm 2010; "
        "Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức và Luật Viên chức ngày 25 tháng 11 năm 2019;"
    ),
    case(
        "Căn cứ Nghị định số 115/2020/NĐ-CP ngày 25 tháng 9 năm 2020 của Chính phủ quy định về tuyển dụng, sử "
        "dụng và quản lý viên chức; Nghị định số 85/2023/NĐ-CP ngày 07 tháng 12 năm 2023 của Chính phủ sửa đổi, "
        "bổ sung một số điều của Nghị định số 115/2020/NĐ-CP;"
    ),
    case(
        "Căn cứ Nghị định số 143/2020/NĐ-CP ngày 10/12/2020 của Chính phủ sửa đổi, bổ sung một số điều của Nghị "
        "định số 108/2014/NĐ-CP ngày 20/11/2014 của Chính phủ về chính sách tinh giản biên chế;",
        "legal.replaced",
    ),
    case(
        "- Căn cứ Quyết định số 468/QĐ-TTg ngày 27/3/2021 của Thủ tướng Chính phủ phê duyệt Đề án đổi mới việc "
        "thực hiện cơ chế một cửa, một cửa liên thông;"
    ),
    case("Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;", "legal.replaced"),
    case("Căn cứ Luật Đất đai năm 2013;", "legal.replaced"),
    case(
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Bộ Nội vụ về công tác văn thư;",
        "legal.issuer_mismatch",
    ),
    case(
        "Căn cứ Nghị quyết số 18-NQ/TW ngày 25 tháng 10 năm 2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung "
        "ương Đảng khóa XII;"
    ),
)
CASES = VALID + HARD + AMENDED + REPLACED + EXPIRED + WRONG_DATE + WRONG_ISSUER + UNKNOWN + BEFORE_ISSUED


def draft(c: Case) -> str:
    d = c.date
    return (
        "ỦY BAN NHÂN DÂN TỈNH DEMO\nSố:       /QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"Độc lập - Tự do - Hạnh phúc\nDemo, ngày {d.day:02d} tháng {d.month} năm {d.year}\nQUYẾT ĐỊNH\n"
        f"{c.line}\nTheo đề nghị của Giám đốc Sở Nội vụ.\nQUYẾT ĐỊNH:\n"
    )


def evaluate(corpus: LegalCorpus) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    misses: list[dict[str, object]] = []
    started = time.perf_counter()
    for c in CASES:
        found = {f.code for f in check_legal_basis(draft(c), corpus=corpus)}
        for code in CODES:
            if code in found and code in c.expected:
                tp[code] += 1
            elif code in found:
                fp[code] += 1
            elif code in c.expected:
                fn[code] += 1
        if found != c.expected:
            misses.append({"line": c.line, "expected": sorted(c.expected), "found": sorted(found)})
    elapsed = time.perf_counter() - started
    per_code = {}
    for code in CODES:
        predicted, actual = tp[code] + fp[code], tp[code] + fn[code]
        per_code[code] = {
            "expected": actual,
            "true_positives": tp[code],
            "false_positives": fp[code],
            "false_negatives": fn[code],
            "precision": tp[code] / predicted if predicted else None,
            "recall": tp[code] / actual if actual else None,
        }
    clean = [c for c in CASES if not c.expected]
    clean_alarms = sum(1 for m in misses if not m["expected"])
    return {
        "cases": len(CASES),
        "valid_cases": len(clean),
        "valid_cases_with_a_finding": clean_alarms,
        "exact_cases": len(CASES) - len(misses),
        "per_code": per_code,
        "misses": misses,
        "ms_per_line": round(1000 * elapsed / len(CASES), 2),
    }


def ten_page_draft_ms(corpus: LegalCorpus, repeat: int = 5) -> float:
    """Median time to check a 10-page draft: 12 căn cứ lines and ~260 body paragraphs (about 4,500 words)."""
    body = (
        "Các cơ quan, đơn vị thực hiện việc gửi, nhận văn bản điện tử theo Quyết định số 28/2018/QĐ-TTg "
        "và quản lý văn bản theo Nghị định số 30/2020/NĐ-CP; báo cáo kết quả trước ngày 15 hằng tháng về "
        "Sở Nội vụ để tổng hợp, trình Ủy ban nhân dân tỉnh."
    )
    text = draft(CASES[0]) + "\n".join(c.line for c in CASES[:12]) + "\n" + "\n".join([body] * 260)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        check_legal_basis(text, corpus=corpus)
        times.append(time.perf_counter() - started)
    return round(1000 * sorted(times)[len(times) // 2], 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args()
    corpus = LegalCorpus(starter_records())
    result = evaluate(corpus)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{result['cases']} dòng căn cứ, {result['exact_cases']} đúng hoàn toàn; "
        f"{result['valid_cases_with_a_finding']}/{result['valid_cases']} dòng hợp lệ bị báo lỗi"
    )
    print(f"{'code':28} {'n':>3} {'TP':>3} {'FP':>3} {'FN':>3} {'precision':>9} {'recall':>7}")
    for code, row in result["per_code"].items():
        p = "-" if row["precision"] is None else f"{row['precision']:.2f}"
        r = "-" if row["recall"] is None else f"{row['recall']:.2f}"
        print(
            f"{code:28} {row['expected']:>3} {row['true_positives']:>3} {row['false_positives']:>3} "
            f"{row['false_negatives']:>3} {p:>9} {r:>7}"
        )
    for miss in result["misses"]:
        print(f"  sai: {miss['line'][:90]} — cần {miss['expected']}, thấy {miss['found']}", file=sys.stderr)
    print(f"{result['ms_per_line']} ms mỗi dòng")
    print(f"dự thảo 10 trang: {ten_page_draft_ms(corpus)} ms (trung vị 5 lần)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
