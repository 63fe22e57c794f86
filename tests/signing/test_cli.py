"""`eoffice sign` / `eoffice verify --json` on a typer app wired to the test PKI."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from eoffice.commands.signing import SigningSettings, register
from signing import PadesLevel
from signing.demo_document import demo_document_pdf
from tests.signing.conftest import TestPKI


def _app(pki: TestPKI) -> typer.Typer:
    app = typer.Typer()
    users = {"lanhdao": "leader", "vanthu": "agency"}
    register(
        app,
        signer_for_user=lambda user, _pin: pki.signer(users[user]),
        signing_settings=lambda: SigningSettings(trust=pki.trust(), tsa_url=pki.tsa_url),
    )
    return app


def test_sign_then_verify_json(pki: TestPKI, tmp_path: Path) -> None:
    source = tmp_path / "qd.pdf"
    source.write_bytes(demo_document_pdf())
    target = tmp_path / "qd-signed.pdf"
    runner = CliRunner()
    app = _app(pki)
    result = runner.invoke(app, ["sign", str(source), str(target), "--as-user", "lanhdao", "--level", "B-LT"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["verify", str(target), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 1
    row = rows[0]
    assert set(row) == {
        "signer",
        "signing_time",
        "level",
        "intact",
        "trusted",
        "revoked",
        "valid",
        "problems",
    }
    assert row["signer"] == "Nguyễn Văn An" and row["level"] == PadesLevel.B_LT.value
    assert row["valid"] and row["intact"] and row["trusted"] and not row["revoked"] and row["problems"] == []


def test_failures_exit_non_zero_with_vietnamese_message(pki: TestPKI, tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")
    runner = CliRunner()
    app = _app(pki)
    result = runner.invoke(app, ["sign", str(bad), str(tmp_path / "out.pdf"), "--as-user", "lanhdao"])
    assert result.exit_code == 2
    assert "signing.invalid_pdf" in result.stderr and "không phải tài liệu PDF" in result.stderr
    result = runner.invoke(app, ["verify", str(bad), "--json"])
    assert result.exit_code == 2 and "signing.invalid_pdf" in result.stderr
