"""`eoffice legal sync` against a local simulator of the Ministry of Justice's gateway (tests/simulators).

The first sync reads everything; a later one reads back only to the last sync's newest document (less the
overlap window), pages of at most 500, and a new document's "thay thế" reference updates the one it replaces,
which the căn cứ check then reports as replaced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from eoffice.backends import Backends
from eoffice.checks.legal import check_legal_basis
from eoffice.commands.legal import register
from eoffice.legal import LegalCorpus, LegalDocument, LegalStatus
from eoffice.legal.gateway import GATEWAY_SOURCE, GatewayClient, GatewayUnavailable, sync_corpus
from eoffice.settings import Settings, get_settings
from tests.simulators.legal_gateway import Gateway, running

REPLACES, AMENDS, BASIS = 12, 10, 3


def published() -> Gateway:
    gateway = Gateway()
    gateway.publish(9001, "901/2017/TT-BNV", "Quy định chế độ báo cáo thống kê ngành Nội vụ", "2017-05-10", "HHL",
                    eff_from="2017-07-01", eff_to="2023-09-01")  # fmt: skip
    gateway.publish(9003, "903/2020/TT-BNV", "Quy định về hồ sơ điện tử", "2020-03-20", "CHL")
    gateway.publish(9004, "904/2018/TT-BTC", "Hướng dẫn quản lý kinh phí", "2018-02-02", "HHL1P",
                    agency="Bộ Tài chính")  # fmt: skip
    gateway.publish(9005, "905/2021/TT-BTC", "Sửa đổi Thông tư 904/2018/TT-BTC", "2021-05-05", "CHL",
                    agency="Bộ Tài chính", references=((AMENDS, 9004),))  # fmt: skip
    gateway.publish(9006, "15/2022/QĐ-UBND", "Quy chế văn thư", "2022-04-20", "CHL", doc_type="Quyết định",
                    agency="UBND tỉnh Hà Tĩnh")  # fmt: skip
    gateway.publish(9007, "907/2024/TT-BNV", "Quy định chế độ thông tin", "2024-06-01", "CCHL",
                    eff_from="2030-01-01")  # fmt: skip
    gateway.publish(9002, "902/2023/TT-BNV", "Quy định chế độ báo cáo thống kê ngành Nội vụ", "2023-07-15", "CHL",
                    eff_from="2023-09-01", references=((REPLACES, 9001), (BASIS, 9003)))  # fmt: skip
    return gateway


def _rows(backends: Backends) -> dict[str, LegalDocument]:
    with backends.sessions() as session:
        return {row.number or "": row for row in session.scalars(select(LegalDocument))}


def _clear(backends: Backends) -> None:
    with backends.sessions() as session:
        session.query(LegalDocument).delete()
        session.commit()


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, settings: Settings, legal_table: Backends) -> Iterator[Any]:
    for name, value in {
        "EOFFICE_DATA_DIR": str(settings.data_dir),
        "EOFFICE_DATABASE_URL": settings.database_url,
        "EOFFICE_STORAGE_URL": settings.storage_url,
        "EOFFICE_SEARCH_URL": settings.search_url,
        "EOFFICE_ENVIRONMENT": "test",
    }.items():
        monkeypatch.setenv(name, value)
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps typer from collapsing the group into the root
        pass

    def invoke(gateway_url: str, *args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("EOFFICE_LEGAL_GATEWAY_URL", gateway_url)
        get_settings.cache_clear()
        result = CliRunner().invoke(app, ["legal", "sync", *args])
        return result.exit_code, result.stdout, result.stderr

    yield invoke
    get_settings.cache_clear()


HEADER = """BỘ NỘI VỤ
Số: 125/QĐ-BNV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 12 tháng 3 năm 2026
QUYẾT ĐỊNH
Về việc ban hành Quy chế báo cáo thống kê
BỘ TRƯỞNG BỘ NỘI VỤ
"""


def draft(line: str) -> str:
    return HEADER + line + "\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\n"


def test_sync_pulls_everything_then_only_what_changed(run: Any, legal_table: Backends) -> None:
    _clear(legal_table)
    with running(published()) as (url, gateway):
        code, out, err = run(url)
        assert code == 0, err
        assert "toàn bộ" in out and "7 văn bản trên cổng" in out and "thêm mới 6" in out
        rows = _rows(legal_table)
        assert "15/2022/QĐ-UBND" not in rows  # local documents stay outside the corpus
        old = rows["901/2017/TT-BNV"]
        assert old.replaced_by == ["902/2023/TT-BNV"] and old.status == LegalStatus.EXPIRED
        assert old.source_id == "9001" and old.source == GATEWAY_SOURCE
        assert old.expiry_date == dt.date(2023, 9, 1)
        assert rows["904/2018/TT-BTC"].amended_by == ["905/2021/TT-BTC"]
        assert rows["904/2018/TT-BTC"].status == LegalStatus.AMENDED
        assert rows["907/2024/TT-BNV"].status == LegalStatus.NOT_YET_IN_FORCE
        assert rows["903/2020/TT-BNV"].replaced_by == []  # a căn cứ reference changes nothing
        assert all(r["pageSize"] <= 500 and r["sortBy"] == "issueDate" for r in gateway.list_requests)

        # the next sync reads back to the newest document less the overlap: nothing older is fetched again
        gateway.detail_requests.clear()
        code, out, err = run(url)
        assert code == 0, err
        assert "từ ngày 02/04/2024" in out and "1 văn bản trên cổng" in out and "không đổi 1" in out
        assert gateway.detail_requests == [9007]

        # a new circular replaces 902/2023, whose status the gateway now shows as expired
        gateway.publish(9008, "908/2025/TT-BNV", "Quy định chế độ báo cáo thống kê ngành Nội vụ", "2025-11-20",
                        "CHL", eff_from="2026-01-01", references=((REPLACES, 9002),))  # fmt: skip
        gateway.documents[9002]["effStatus"] = "HHL"
        gateway.documents[9002]["effTo"] = "2026-01-01"
        code, out, err = run(url)
        assert code == 0, err
        assert "thêm mới 1" in out and "cập nhật 1" in out
    rows = _rows(legal_table)
    replaced = rows["902/2023/TT-BNV"]
    assert replaced.replaced_by == ["908/2025/TT-BNV"] and replaced.status == LegalStatus.EXPIRED
    assert rows["901/2017/TT-BNV"].replaced_by == ["902/2023/TT-BNV"]

    with legal_table.sessions() as session:
        corpus = LegalCorpus.from_session(session)
    line = (
        "Căn cứ Thông tư số 901/2017/TT-BNV ngày 10 tháng 5 năm 2017 của Bộ Nội vụ quy định chế độ báo cáo "
        "thống kê ngành Nội vụ;"
    )
    (finding,) = check_legal_basis(draft(line), corpus=corpus)
    assert finding.code == "legal.replaced" and "908/2025/TT-BNV" in finding.expected  # the chain's end
    in_force = "Căn cứ Thông tư số 908/2025/TT-BNV ngày 20 tháng 11 năm 2025 của Bộ Nội vụ;"
    assert check_legal_basis(draft(in_force), corpus=corpus) == []
    not_yet = "Căn cứ Thông tư số 907/2024/TT-BNV ngày 01 tháng 6 năm 2024 của Bộ Nội vụ;"
    (finding,) = check_legal_basis(draft(not_yet), corpus=corpus)
    assert finding.code == "legal.not_in_force" and "năm 2030" in finding.message
    # a reference 10 (sửa đổi, bổ sung): the synced circular is still a basis, cited with its amendment
    amended = "Căn cứ Thông tư số 904/2018/TT-BTC ngày 02 tháng 02 năm 2018 của Bộ Tài chính;"
    (finding,) = check_legal_basis(draft(amended), corpus=corpus)
    assert finding.code == "legal.amended" and "905/2021/TT-BTC" in finding.message


def test_sync_pages_through_the_list(legal_table: Backends) -> None:
    _clear(legal_table)
    with running(published()) as (url, gateway), GatewayClient(url) as client:
        with legal_table.sessions() as session:
            report = sync_corpus(session, legal_table.search, client, page_size=2)
        assert report.listed == 7 and report.load.inserted == 6 and report.relations_applied == 2
        assert [r["pageNumber"] for r in gateway.list_requests] == [1, 2, 3, 4]
        gateway.list_requests.clear()
        with legal_table.sessions() as session:
            again = sync_corpus(session, legal_table.search, client, since=dt.date(2023, 1, 1), page_size=2)
        assert again.listed == 2 and again.load.inserted == 0 and again.load.updated == 0
        assert [r["pageNumber"] for r in gateway.list_requests] == [1, 2]


def test_a_gateway_that_fails_changes_nothing(run: Any, legal_table: Backends, tmp_path: Path) -> None:
    _clear(legal_table)
    with running(published()) as (url, _gateway):
        pass  # stopped: the port no longer answers
    code, out, err = run(url)
    assert code != 0 and out == "" and "Không kết nối được cổng văn bản pháp luật" in err
    assert _rows(legal_table) == {}

    code, _, err = run("")
    assert code != 0 and "EOFFICE_LEGAL_GATEWAY_URL" in err

    with running(published()) as (url, gateway), GatewayClient(url) as client:
        items, total = client.list_page(1, size=501)  # the client never asks for more than 500
        assert gateway.list_requests[-1]["pageSize"] == 500 and total == 7 and len(items) == 7
        with pytest.raises(GatewayUnavailable, match="HTTP 404"):
            client.document("424242")


def test_the_weekly_job_is_off_without_a_gateway_and_syncs_with_one(
    legal_table: Backends, settings: Settings
) -> None:
    from celery.schedules import crontab

    from eoffice.legal.tasks import SYNC, beat_schedule, run_sync

    assert settings.legal_gateway_url == ""
    assert beat_schedule(settings) == {} and run_sync(legal_table, settings) is None
    _clear(legal_table)
    with running(published()) as (url, _gateway):
        configured = settings.model_copy(update={"legal_gateway_url": url})
        (entry,) = beat_schedule(configured).values()
        assert entry["task"] == SYNC and entry["schedule"] == crontab(day_of_week=0, hour=2, minute=0)
        report = run_sync(legal_table, configured)
    assert report is not None and report.load.inserted == 6
    assert _rows(legal_table)["901/2017/TT-BNV"].replaced_by == ["902/2023/TT-BNV"]
