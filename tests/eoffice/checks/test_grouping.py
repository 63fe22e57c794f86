"""A thể thức deviation repeated over many paragraphs is one row with its places; căn cứ rows stay one each."""

from __future__ import annotations

from eoffice.checks.findings import Finding, Location, Severity, group_repeated
from eoffice.checks.service import finding_row


def _font(index: int, found: str = "Arial") -> Finding:
    return Finding(
        "format.font_family",
        Severity.ERROR,
        Location("paragraph", index, f"đoạn {index}"),
        found,
        "Times New Roman",
        f"Đoạn {index} dùng phông {found}.",
        fixable=True,
        fix="Times New Roman",
    )


def test_repeated_rows_become_one_with_their_places_and_order_is_kept() -> None:
    citation = Finding("legal.expired", Severity.ERROR, Location("paragraph", 4), "", "", "Hết hiệu lực.")
    rows = [finding_row(f) for f in [_font(1), citation, _font(2), _font(3, "Calibri"), _font(5), citation]]
    grouped = group_repeated(rows)
    assert [(r["code"], r["found"]) for r in grouped] == [
        ("format.font_family", "Arial"),
        ("legal.expired", ""),
        ("format.font_family", "Calibri"),
        ("legal.expired", ""),
    ]
    arial = grouped[0]
    assert [p["index"] for p in arial["places"]] == [1, 2, 5] and arial["where"]["index"] == 1
    assert arial["message"] == "3 đoạn — Phông chữ: «Arial»; yêu cầu «Times New Roman»."
    assert grouped[2]["message"] == "Đoạn 3 dùng phông Calibri." and len(grouped[2]["places"]) == 1
    assert [len(r["places"]) for r in grouped[1::2]] == [1, 1]
