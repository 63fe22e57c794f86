"""The motto typed with an en dash, without dashes or in capitals is fixed with one click — also where the
quốc hiệu and the tiêu ngữ share one paragraph split by a line break, whose quốc hiệu must survive the fix."""

from __future__ import annotations

import pytest

from eoffice.checks import apply_fixes, check_format
from tests.eoffice.checks.real_layouts import error_drafts

MOTTO_ERRORS = [
    d
    for d in error_drafts()
    if d.name.split("__")[0] in {"tieu_ngu_en_dash", "tieu_ngu_no_dash", "tieu_ngu_upper"}
]


@pytest.mark.parametrize("draft", MOTTO_ERRORS, ids=[d.name for d in MOTTO_ERRORS])
def test_a_mistyped_motto_is_fixed_into_a_clean_new_version(draft) -> None:  # type: ignore[no-untyped-def]
    findings = check_format(draft.data)
    assert [f.code for f in findings] == ["format.tieu_ngu_text"] and findings[0].fixable
    fixed = apply_fixes(draft.data, findings)
    assert check_format(fixed) == []


def test_the_three_layouts_are_covered() -> None:
    assert len(MOTTO_ERRORS) == 3
