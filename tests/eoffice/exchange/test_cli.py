"""`eoffice exchange parse FILE [--json]`: the stable JSON shape and Vietnamese failures."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from eoffice.commands.exchange import register
from eoffice.exchange.edxml import build_document_package
from tests.eoffice.exchange.samples import PDF, document_package, tolerant_xml

KEYS = {
    "kind",
    "document_id",
    "from",
    "to",
    "number",
    "promulgation_date",
    "subject",
    "business_type",
    "status_code",
    "attachments",
    "warnings",
}


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_parse_json_prints_the_documented_shape(tmp_path: Path) -> None:
    path = tmp_path / "goi-tin.xml"
    path.write_bytes(build_document_package(document_package()))
    result = CliRunner().invoke(_app(), ["exchange", "parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == KEYS
    assert data["kind"] == "document"
    assert data["document_id"] == "000.00.00.G22,2026/03/05,05/QĐ-UBND"
    assert data["from"] == {"organ_id": "000.00.00.G22", "organ_name": "Ủy ban nhân dân tỉnh Hà Tĩnh"}
    assert [t["organ_id"] for t in data["to"]] == ["000.00.12.H40", "000.00.13.H40"]
    assert (data["number"], data["promulgation_date"]) == ("05/QĐ-UBND", "2026-03-05")
    assert (data["business_type"], data["status_code"]) == ("new", None)
    assert data["warnings"] == []
    assert data["attachments"][0] == {
        "name": "05-QD-UBND.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
    }


def test_parse_without_json_prints_a_table(tmp_path: Path) -> None:
    path = tmp_path / "goi-tin.xml"
    path.write_bytes(tolerant_xml())
    result = CliRunner().invoke(_app(), ["exchange", "parse", str(path)])
    assert result.exit_code == 0
    assert "123/STP-VP" in result.stdout and "CV 123.pdf" in result.stdout


def test_a_refused_package_exits_non_zero_with_the_reason_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "hong.xml"
    path.write_bytes(b"<edXML:edXML xmlns:edXML='http://www.mic.gov.vn/TBT/QCVN_102_2016'>")
    result = CliRunner().invoke(_app(), ["exchange", "parse", str(path), "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "edxml.not_well_formed" in result.stderr and "không đúng cú pháp" in result.stderr


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["exchange", "parse", str(tmp_path / "khong-co.xml"), "--json"])
    assert result.exit_code == 1
    assert "không đọc được tệp" in result.stderr
