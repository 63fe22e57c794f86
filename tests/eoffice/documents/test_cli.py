"""`eoffice import` and `eoffice search --json` against the test installation's services."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from eoffice.orgs.models import Role
from eoffice.settings import Settings, get_settings
from tests.eoffice import factories
from tests.eoffice.documents.conftest import pdf_bytes


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("data_dir", "database_url", "storage_url", "search_url", "secret_key", "environment"):
        monkeypatch.setenv(f"EOFFICE_{name.upper()}", str(getattr(settings, name)))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_import_then_search_as_the_admin_and_as_an_outsider(
    cli_env: None, session: Session, tmp_path: Path
) -> None:
    from eoffice.cli import app

    agency = factories.create_agency(session)
    factories.create_user(session, roles=(Role.ADMIN, Role.CLERK), agency=agency, username="admin")
    factories.create_user(session, roles=(Role.SPECIALIST,), agency=agency, username="chuyenvien-cli")
    scan = tmp_path / "Kế hoạch phòng chống lụt bão.pdf"
    scan.write_bytes(pdf_bytes())
    runner = CliRunner()

    imported = runner.invoke(app, ["import", str(scan)])
    assert imported.exit_code == 0, imported.output
    assert "Kế hoạch phòng chống lụt bão.pdf" in imported.output

    found = runner.invoke(app, ["search", "ke hoach lut bao", "--json"])
    assert found.exit_code == 0, found.output
    [hit] = json.loads(found.stdout)
    assert set(hit) == {"id", "filename", "title", "number", "score", "snippet"}
    assert hit["filename"] == scan.name and hit["title"] == "Kế hoạch phòng chống lụt bão"

    hidden = runner.invoke(app, ["search", "ke hoach lut bao", "--json", "--as-user", "chuyenvien-cli"])
    assert hidden.exit_code == 0 and json.loads(hidden.stdout) == []

    unknown = runner.invoke(app, ["search", "x", "--as-user", "khong-ton-tai"])
    assert unknown.exit_code == 1 and "Không tìm thấy người dùng" in unknown.output
    empty = tmp_path / "rong.pdf"
    empty.write_bytes(b"")
    refused = runner.invoke(app, ["import", str(empty)])
    assert refused.exit_code == 1 and "rỗng" in refused.output
