"""`eoffice legal import FILE`: JSON and CSV exports load; a malformed file loads nothing and says why."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from eoffice.backends import Backends
from eoffice.commands.legal import register
from eoffice.legal import LegalDocument, LegalStatus
from eoffice.settings import Settings, get_settings
from search import SearchQuery, open_search_index

RECORD = {
    "number": "30/2020/NĐ-CP",
    "type": "Nghị định",
    "issuer": "Chính phủ",
    "issue_date": "2020-03-05",
    "title": "Về công tác văn thư",
    "status": "Còn hiệu lực",
    "source": "Công báo",
}
CSV = (
    "number;type;issuer;issue_date;title;status;replaced_by;source\n"
    "110/2004/NĐ-CP;Nghị định;Chính phủ;08/04/2004;Về công tác văn thư;Bị thay thế;30/2020/NĐ-CP;Công báo\n"
    "09/2010/NĐ-CP;Nghị định;Chính phủ;08/02/2010;Sửa đổi, bổ sung Nghị định 110/2004/NĐ-CP;"
    "Hết hiệu lực;30/2020/NĐ-CP;Công báo\n"
)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, settings: Settings, legal_table: Backends) -> Iterator[object]:
    for name, value in {
        "EOFFICE_DATA_DIR": str(settings.data_dir),
        "EOFFICE_DATABASE_URL": settings.database_url,
        "EOFFICE_STORAGE_URL": settings.storage_url,
        "EOFFICE_SEARCH_URL": settings.search_url,
        "EOFFICE_ENVIRONMENT": "test",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps typer from collapsing the group into the root
        pass

    def invoke(path: Path) -> tuple[int, str, str]:
        result = CliRunner().invoke(app, ["legal", "import", str(path)])
        return result.exit_code, result.stdout, result.stderr

    yield invoke
    get_settings.cache_clear()


def _rows(backends: Backends) -> dict[str, LegalDocument]:
    with backends.sessions() as session:
        return {row.number or "": row for row in session.scalars(select(LegalDocument))}


def _clear(backends: Backends) -> None:
    with backends.sessions() as session:
        session.query(LegalDocument).delete()
        session.commit()


def test_import_json_then_csv_and_again(
    run, legal_table: Backends, settings: Settings, tmp_path: Path
) -> None:
    _clear(legal_table)
    json_file = tmp_path / "corpus.json"
    json_file.write_text(json.dumps([RECORD], ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(json_file)
    assert code == 0 and "thêm mới 1" in out

    csv_file = tmp_path / "export.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    code, out, _ = run(csv_file)
    assert code == 0 and "thêm mới 2" in out
    code, out, _ = run(csv_file)
    assert code == 0 and "không đổi 2" in out

    rows = _rows(legal_table)
    assert set(rows) == {"30/2020/NĐ-CP", "110/2004/NĐ-CP", "09/2010/NĐ-CP"}
    assert rows["09/2010/NĐ-CP"].status == LegalStatus.EXPIRED
    index = open_search_index(settings.search_url)
    try:
        hits = index.query(SearchQuery(principals=frozenset({"public"}), text="110/2004/ND-CP")).hits
        assert hits[0].number == "110/2004/NĐ-CP"
    finally:
        index.close()


def test_malformed_file_loads_nothing(run, legal_table: Backends, tmp_path: Path) -> None:
    _clear(legal_table)
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV.replace("08/04/2004", "32/04/2004"), encoding="utf-8")
    code, out, err = run(bad)
    assert code != 0 and out == ""
    assert "dòng 2" in err and "issue_date" in err and "chưa nạp bản ghi nào" in err
    assert _rows(legal_table) == {}

    broken = tmp_path / "broken.json"
    broken.write_text('[{"number": "30/2020/NĐ-CP",', encoding="utf-8")
    code, _, err = run(broken)
    assert code != 0 and "không phải JSON hợp lệ" in err
    assert _rows(legal_table) == {}
