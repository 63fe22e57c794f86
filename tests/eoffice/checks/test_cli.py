"""`eoffice check FILE --json`: the stable JSON shape, exit 0 with findings, non-zero for unreadable input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import typer
from typer.testing import CliRunner

from eoffice.checks.format.runs import set_text_keeping_runs
from eoffice.commands.check import register
from tests.eoffice.checks.injections import kinds_of


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps `check` a sub-command
        """"""

    return app


def test_json_output_shape(tmp_path: Path, clean_drafts) -> None:
    document = docx.Document(io.BytesIO(clean_drafts["cong_van"]))
    set_text_keeping_runs(kinds_of(document)["date_line"][0].element, "Hà Tĩnh, ngày 5 tháng 3 năm 2024")
    path = tmp_path / "du-thao.docx"
    document.save(path)
    result = CliRunner().invoke(_app(), ["check", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    date_rows = [r for r in rows if r["code"] == "format.date_leading_zero"]
    assert len(date_rows) == 1
    row = date_rows[0]
    assert set(row) == {"code", "severity", "where", "found", "expected", "message"}
    assert row["severity"] == "error"
    assert row["where"]["kind"] == "paragraph" and isinstance(row["where"]["index"], int)
    assert row["where"]["text"] == "Hà Tĩnh, ngày 5 tháng 3 năm 2024"
    assert (row["found"], row["expected"]) == ("ngày 5 tháng 3", "ngày 05 tháng 3")


def test_table_output_and_clean_draft(tmp_path: Path, clean_drafts) -> None:
    path = tmp_path / "sach.docx"
    path.write_bytes(clean_drafts["quyet_dinh"])
    result = CliRunner().invoke(_app(), ["check", str(path)])
    assert result.exit_code == 0
    assert "không phát hiện sai sót" in result.stdout
    result = CliRunner().invoke(_app(), ["check", str(path), "--json"])
    assert json.loads(result.stdout) == []


def test_unreadable_input_exits_non_zero_with_a_vietnamese_message(tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    path.write_bytes(b"khong phai docx")
    result = CliRunner().invoke(_app(), ["check", str(path), "--json"])
    assert result.exit_code != 0
    assert "không phải là văn bản Word" in result.stderr
    missing = CliRunner().invoke(_app(), ["check", str(tmp_path / "khong-co.docx")])
    assert missing.exit_code != 0
    assert "Không tìm thấy tệp" in missing.stderr
