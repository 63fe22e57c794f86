"""`eoffice prefill FILE [--json]`: the fields read from a received document, without the browser."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from eoffice.commands.prefill import register
from tests.eoffice.incoming.prefill_corpus import cases, docx_bytes


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps `prefill` a sub-command
        """"""

    return app


def test_json_gives_each_field_with_where_it_was_read(tmp_path: Path) -> None:
    case = cases(7)[1]
    path = tmp_path / "cong-van.docx"
    path.write_bytes(docx_bytes(case))
    result = CliRunner().invoke(_app(), ["prefill", str(path), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["input_kind"] == "docx" and "duplicates" not in body
    assert int(body["number"]["value"]) == case.truth["number"]
    assert body["symbol"]["value"] == case.truth["symbol"]
    assert body["doc_type"]["value"] == "cong_van" and body["title"]["value"] == case.truth["summary"]
    assert body["issue_date"]["value"] == case.truth["issue_date"].isoformat()
    assert body["number"]["source"]["line"] >= 1

    table = CliRunner().invoke(_app(), ["prefill", str(path)])
    assert table.exit_code == 0 and "Ký hiệu" in table.stdout and case.truth["symbol"] in table.stdout


def test_a_file_that_is_not_a_document_fails_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "ghi-chu.txt"
    path.write_text("không phải văn bản", encoding="utf-8")
    result = CliRunner().invoke(_app(), ["prefill", str(path)])
    assert result.exit_code != 0
    assert "không phải PDF, DOCX hay ảnh quét" in result.output
    missing = CliRunner().invoke(_app(), ["prefill", str(tmp_path / "khong-co.pdf")])
    assert missing.exit_code != 0 and "Không tìm thấy tệp" in missing.output
