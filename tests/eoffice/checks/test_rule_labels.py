"""Every finding a check can give is named in Vietnamese: the screen shows the rule's name, never its code."""

from __future__ import annotations

import re
from pathlib import Path

from eoffice.checks.labels import RULE_LABELS, rule_label

ROOT = Path(__file__).resolve().parents[3]
CODE = re.compile(r"""["']((?:format|legal|docx|pdf)\.[a-z_]+)["']""")


def _codes_in_source() -> set[str]:
    files = [*(ROOT / "eoffice" / "checks").rglob("*.py"), *(ROOT / "eoffice" / "legal").rglob("*.py")]
    files.append(ROOT / "eoffice" / "docx_safety.py")
    return {code for path in files for code in CODE.findall(path.read_text(encoding="utf-8"))}


def test_every_code_the_checks_can_give_has_a_vietnamese_name() -> None:
    codes = _codes_in_source()
    assert {"format.font_family", "legal.replaced", "docx.macros"} <= codes  # the scan finds the codes
    assert sorted(codes - RULE_LABELS.keys()) == []


def test_an_unlisted_code_is_still_named_by_its_family() -> None:
    assert rule_label("format.something_new") == "Thể thức"
    assert rule_label("legal.something_new") == "Căn cứ pháp lý"
    assert rule_label("weird") == "Sai sót khác"
