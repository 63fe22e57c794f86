"""`eoffice legal import` of the vbpl.vn dataset's parquet files, as published and with its known faults.

The files are written here with pyarrow in the dataset's shape: ``metadata`` (string columns, dates
``dd/mm/yyyy``, null end dates, duplicate ids, a local document, an invalid optional date) and
``relationships`` (relations as shown on ``doc_id``'s page, both sides of one replacement). The căn cứ check
then judges a draft citing a document the corpus knows only from the import.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from eoffice.backends import Backends
from eoffice.checks.legal import check_legal_basis
from eoffice.commands.legal import register
from eoffice.legal import LegalCorpus, LegalDocument, LegalStatus, load_corpus
from eoffice.legal.parquet import DATASET_SOURCE, dataset_records, read_dataset
from eoffice.settings import Settings, get_settings

COLUMNS = (
    "id",
    "title",
    "so_ky_hieu",
    "ngay_ban_hanh",
    "loai_van_ban",
    "ngay_co_hieu_luc",
    "ngay_het_hieu_luc",
    "nguon_thu_thap",
    "ngay_dang_cong_bao",
    "nganh",
    "linh_vuc",
    "co_quan_ban_hanh",
    "chuc_danh",
    "nguoi_ky",
    "pham_vi",
    "thong_tin_ap_dung",
    "tinh_trang_hieu_luc",
)
OLD, NEW, KEPT, AMENDED, AMENDING, LOCAL = "90001", "90002", "90003", "90004", "90005", "90006"


def doc(
    id_: str,
    number: str | None,
    title: str,
    issued: str,
    status: str,
    *,
    type_: str = "Thông tư",
    issuer: str = "Bộ Nội vụ",
    effective: str | None = None,
    expires: str | None = None,
) -> dict[str, Any]:
    return {
        "id": id_,
        "title": title,
        "so_ky_hieu": number,
        "ngay_ban_hanh": issued,
        "loai_van_ban": type_,
        "ngay_co_hieu_luc": effective,
        "ngay_het_hieu_luc": expires,
        "nguon_thu_thap": "Công báo",
        "ngay_dang_cong_bao": None,
        "nganh": None,
        "linh_vuc": "Tổ chức bộ máy hành chính",
        "co_quan_ban_hanh": issuer,
        "chuc_danh": "Bộ trưởng",
        "nguoi_ky": "Nguyễn Văn A",
        "pham_vi": "Toàn quốc",
        "thong_tin_ap_dung": None,
        "tinh_trang_hieu_luc": status,
    }


def metadata_rows() -> list[dict[str, Any]]:
    old = doc(OLD, "901/2017/TT-BNV", "Quy định chế độ báo cáo thống kê ngành Nội vụ", "10/05/2017",
              "Hết hiệu lực toàn bộ", effective="01/07/2017", expires="01/09/2023")  # fmt: skip
    return [
        old,
        doc(
            NEW,
            "902/2023/TT-BNV",
            "Quy định chế độ báo cáo thống kê ngành Nội vụ",
            "15/07/2023",
            "Còn hiệu lực",
            effective="01/09/2023",
        ),  # fmt: skip
        # a differing duplicate id: the last row wins (its title)
        doc(KEPT, "903/2020/TT-BNV", "Tiêu đề cũ", "20/03/2020", "Còn hiệu lực"),
        doc(
            AMENDED,
            "904/2018/TT-BTC",
            "Hướng dẫn quản lý kinh phí",
            "02/02/2018",
            "Hết hiệu lực một phần",
            issuer="Bộ Tài chính",
            expires="31/02/2030",
        ),  # fmt: skip  (an impossible optional date)
        doc(
            AMENDING,
            "905/2021/TT-BTC",
            "Sửa đổi Thông tư 904/2018/TT-BTC",
            "05/05/2021",
            "Còn hiệu lực",
            issuer="Bộ Tài chính",
        ),  # fmt: skip
        doc(
            LOCAL,
            "15/2022/QĐ-UBND",
            "Quy chế văn thư",
            "20/04/2022",
            "Còn hiệu lực",
            type_="Quyết định",
            issuer="UBND tỉnh Hà Tĩnh",
        ),  # fmt: skip
        dict(old),  # an identical duplicate id: dropped
        doc(KEPT, "903/2020/TT-BNV", "Quy định về hồ sơ điện tử", "20/03/2020", "Còn hiệu lực"),
    ]


RELATIONS = [
    # both sides of one replacement, as each document's page lists it
    (NEW, OLD, "Văn bản bị thay thế"),
    (OLD, NEW, "Văn bản thay thế"),
    (AMENDING, AMENDED, "Văn bản được sửa đổi"),
    (AMENDED, AMENDING, "Văn bản sửa đổi"),
    (NEW, KEPT, "Văn bản căn cứ"),
    (NEW, "99999999", "Văn bản dẫn chiếu"),
    (LOCAL, OLD, "Văn bản bị thay thế"),
]


def write_metadata(path: Path, rows: list[dict[str, Any]]) -> Path:
    table = pa.table({c: pa.array([r[c] for r in rows], type=pa.string()) for c in COLUMNS})
    pq.write_table(table, path)
    return path


def write_relationships(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    table = pa.table(
        {
            "doc_id": pa.array([int(r[0]) for r in rows], type=pa.int64()),
            "other_doc_id": pa.array([int(r[1]) for r in rows], type=pa.int64()),
            "relationship": pa.array([r[2] for r in rows], type=pa.string()),
        }
    )
    pq.write_table(table, path)
    return path


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
    get_settings.cache_clear()
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps typer from collapsing the group into the root
        pass

    def invoke(*args: str | Path) -> tuple[int, str, str]:
        result = CliRunner().invoke(app, ["legal", "import", *map(str, args)])
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


def test_cli_loads_the_published_files_with_their_faults_and_again_changes_nothing(
    run: Any, legal_table: Backends, tmp_path: Path
) -> None:
    _clear(legal_table)
    metadata = write_metadata(tmp_path / "metadata.parquet", metadata_rows())
    relationships = write_relationships(tmp_path / "relationships.parquet", RELATIONS)

    code, out, err = run(metadata, relationships)
    assert code == 0, err
    assert "thêm mới 5" in out and "cập nhật 0" in out
    assert "4 áp dụng" in out  # both sides of each relation, each counted
    assert "Bỏ qua 1 văn bản của chính quyền địa phương" in out
    assert f"id {KEPT} trùng" in err and "ngay_het_hieu_luc" in err and "31/02/2030" in err

    rows = _rows(legal_table)
    assert set(rows) == {"901/2017/TT-BNV", "902/2023/TT-BNV", "903/2020/TT-BNV", "904/2018/TT-BTC",
                         "905/2021/TT-BTC"}  # fmt: skip
    old = rows["901/2017/TT-BNV"]
    assert old.replaced_by == ["902/2023/TT-BNV"] and old.status == LegalStatus.EXPIRED
    assert old.source_id == OLD and old.source == DATASET_SOURCE
    assert old.expiry_date is not None and old.expiry_date.isoformat() == "2023-09-01"
    assert rows["902/2023/TT-BNV"].replaced_by == [] and rows["902/2023/TT-BNV"].expiry_date is None
    assert rows["903/2020/TT-BNV"].title == "Quy định về hồ sơ điện tử"
    amended = rows["904/2018/TT-BTC"]
    assert amended.status == LegalStatus.AMENDED and amended.amended_by == ["905/2021/TT-BTC"]
    assert amended.expiry_date is None

    code, out, _ = run(metadata, relationships)
    assert code == 0 and "không đổi 5" in out and "thêm mới 0" in out and "cập nhật 0" in out


def test_an_invalid_issue_date_loads_nothing_unless_skipped(
    run: Any, legal_table: Backends, tmp_path: Path
) -> None:
    _clear(legal_table)
    rows = metadata_rows()
    rows[1] = {**rows[1], "ngay_ban_hanh": "32/07/2023"}
    rows[4] = {**rows[4], "ngay_ban_hanh": None, "loai_van_ban": None}  # two problems, one row
    metadata = write_metadata(tmp_path / "metadata.parquet", rows)
    code, out, err = run(metadata)
    assert code != 0 and out == ""
    assert "metadata.parquet, dòng 2" in err and "32/07/2023" in err
    assert "metadata.parquet, dòng 5" in err and "chưa nạp bản ghi nào" in err
    assert _rows(legal_table) == {}

    code, out, err = run(metadata, "--skip-invalid")
    assert code == 0, err
    assert "thêm mới 3" in out and "2 dòng lỗi" in out
    assert set(_rows(legal_table)) == {"901/2017/TT-BNV", "903/2020/TT-BNV", "904/2018/TT-BTC"}


def test_a_file_of_neither_kind_is_refused(run: Any, legal_table: Backends, tmp_path: Path) -> None:
    other = tmp_path / "content.parquet"
    pq.write_table(pa.table({"id": ["1"], "content_html": ["<p>…</p>"]}), other)
    code, _, err = run(other)
    assert code != 0 and "không phải tệp metadata" in err and "content_html" in err
    not_parquet = tmp_path / "broken.parquet"
    not_parquet.write_bytes(b"PAR1 not really")
    code, _, err = run(not_parquet)
    assert code != 0 and "không phải tệp parquet hợp lệ" in err


HEADER = """BỘ NỘI VỤ
Số: 125/QĐ-BNV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 12 tháng 3 năm 2024
QUYẾT ĐỊNH
Về việc ban hành Quy chế báo cáo thống kê
BỘ TRƯỞNG BỘ NỘI VỤ
"""


def draft(line: str) -> str:
    return HEADER + line + "\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\n"


def test_a_basis_known_only_from_the_import_is_judged_by_its_imported_status_and_relations(
    legal_table: Backends, tmp_path: Path
) -> None:
    """Through the functions: metadata in one run, relationships in a later one (ids resolved from the table)."""
    _clear(legal_table)
    metadata = write_metadata(tmp_path / "metadata.parquet", metadata_rows())
    relationships = write_relationships(tmp_path / "relationships.parquet", RELATIONS[:1])
    with legal_table.sessions() as session:
        loaded = dataset_records(session, read_dataset([metadata]))
        report = load_corpus(session, legal_table.search, loaded.records)
        assert report.inserted == 5 and loaded.relations_applied == 0
    with legal_table.sessions() as session:
        linked = dataset_records(session, read_dataset([relationships]))
        assert linked.relations_applied == 1 and [r.number for r in linked.records] == ["901/2017/TT-BNV"]
        assert load_corpus(session, legal_table.search, linked.records).updated == 1
    with legal_table.sessions() as session:
        corpus = LegalCorpus.from_session(session)
    assert corpus.by_number("110/2004/NĐ-CP") is None  # only what the import brought

    replaced = (
        "Căn cứ Thông tư số 901/2017/TT-BNV ngày 10 tháng 5 năm 2017 của Bộ Nội vụ quy định chế độ báo cáo "
        "thống kê ngành Nội vụ;"
    )
    (finding,) = check_legal_basis(draft(replaced), corpus=corpus)
    assert finding.code == "legal.replaced" and finding.severity == "error"
    assert "902/2023/TT-BNV" in finding.message and "902/2023/TT-BNV" in finding.expected
    assert finding.record is not None and finding.record.number == "902/2023/TT-BNV"

    in_force = (
        "Căn cứ Thông tư số 902/2023/TT-BNV ngày 15 tháng 7 năm 2023 của Bộ Nội vụ quy định chế độ báo cáo "
        "thống kê ngành Nội vụ;"
    )
    assert check_legal_basis(draft(in_force), corpus=corpus) == []
    amended = "Căn cứ Thông tư số 904/2018/TT-BTC ngày 02 tháng 02 năm 2018 của Bộ Tài chính;"
    assert check_legal_basis(draft(amended), corpus=corpus) == []
    # before the replacement took effect the old circular was a valid basis
    earlier = check_legal_basis(draft(replaced).replace("năm 2024", "năm 2022", 1), corpus=corpus)
    assert earlier == []


def test_one_document_under_two_ids_is_one_record_and_relations_to_either_apply(
    legal_table: Backends, tmp_path: Path
) -> None:
    _clear(legal_table)
    rows = metadata_rows()[:2]
    # a joint circular listed once per ministry: the same number and year under another id, read last
    twin = doc("90011", "902/2023/TT-BNV", "Quy định chế độ báo cáo thống kê ngành Nội vụ", "15/07/2023",
               "Còn hiệu lực", issuer="Bộ Nội vụ; Bộ Tài chính")  # fmt: skip
    metadata = write_metadata(tmp_path / "metadata.parquet", [*rows, twin])
    relationships = write_relationships(
        tmp_path / "relationships.parquet", [(NEW, OLD, "Văn bản bị thay thế")]
    )
    dataset = read_dataset([metadata, relationships])
    assert dataset.canonical(NEW) == "90011" and any(f"id {NEW}" in w for w in dataset.warnings)
    with legal_table.sessions() as session:
        loaded = dataset_records(session, dataset)
        assert loaded.relations_applied == 1
        assert load_corpus(session, legal_table.search, loaded.records).inserted == 2
    rows_now = _rows(legal_table)
    assert rows_now["902/2023/TT-BNV"].source_id == "90011"
    assert rows_now["902/2023/TT-BNV"].issuer == "Bộ Nội vụ; Bộ Tài chính"
    assert rows_now["901/2017/TT-BNV"].replaced_by == ["902/2023/TT-BNV"]


def test_not_yet_in_force_and_suspended_documents_are_warned_about(tmp_path: Path) -> None:
    rows = [
        doc(
            "91001",
            "911/2023/TT-BNV",
            "Quy định về lưu trữ số",
            "01/12/2023",
            "Chưa có hiệu lực",
            effective="01/07/2024",
        ),  # fmt: skip
        doc("91002", "912/2022/TT-BNV", "Quy định về chữ ký số", "01/06/2022", "Tạm ngưng hiệu lực"),
        doc("91003", "913/2023/TT-BNV", "Quy định về thể thức", "01/10/2023", "Chưa có hiệu lực"),
    ]
    dataset = read_dataset([write_metadata(tmp_path / "metadata.parquet", rows)])
    corpus = LegalCorpus(dataset.records.values())

    not_yet = "Căn cứ Thông tư số 911/2023/TT-BNV ngày 01 tháng 12 năm 2023 của Bộ Nội vụ;"
    (finding,) = check_legal_basis(draft(not_yet), corpus=corpus)
    assert finding.code == "legal.not_in_force" and finding.severity == "warning"
    assert "có hiệu lực từ ngày 01 tháng 7 năm 2024" in finding.message
    later = draft(not_yet).replace("ngày 12 tháng 3 năm 2024", "ngày 12 tháng 8 năm 2024")
    assert check_legal_basis(later, corpus=corpus) == []  # in force by then: the stored status is stale

    unknown_date = "Căn cứ Thông tư số 913/2023/TT-BNV ngày 01 tháng 10 năm 2023 của Bộ Nội vụ;"
    assert [f.code for f in check_legal_basis(draft(unknown_date), corpus=corpus)] == ["legal.not_in_force"]

    suspended = "Căn cứ Thông tư số 912/2022/TT-BNV ngày 01 tháng 6 năm 2022 của Bộ Nội vụ;"
    (finding,) = check_legal_basis(draft(suspended), corpus=corpus)
    assert finding.code == "legal.suspended" and finding.severity == "warning"
    assert "912/2022/TT-BNV" in finding.message and "tạm ngưng" in finding.message


def test_a_basis_imported_over_the_starter_corpus_names_its_replacement_and_its_amendment(
    run: Any, legal_table: Backends, tmp_path: Path
) -> None:
    """Issue 21: documents the starter corpus lacks, imported with `eoffice legal import` beside it, are judged by
    their imported status and relations — "Văn bản thay thế" on the old circular's page, "Văn bản được sửa đổi"
    on the amending circular's page — and each finding names the other document."""
    from eoffice.legal import starter_records

    _clear(legal_table)
    with legal_table.sessions() as session:
        load_corpus(session, legal_table.search, starter_records())
    rows = [
        doc("92001", "921/2019/TT-BTC", "Hướng dẫn quản lý phí", "10/05/2019", "Hết hiệu lực toàn bộ",
            issuer="Bộ Tài chính", effective="01/07/2019", expires="01/03/2024"),
        doc("92002", "922/2024/TT-BTC", "Hướng dẫn quản lý phí", "15/01/2024", "Còn hiệu lực",
            issuer="Bộ Tài chính", effective="01/03/2024"),
        doc("92003", "923/2020/TT-BTC", "Hướng dẫn kinh phí số hóa", "02/02/2020", "Hết hiệu lực một phần",
            issuer="Bộ Tài chính", effective="20/03/2020"),
        doc("92004", "924/2023/TT-BTC", "Sửa đổi Thông tư 923/2020/TT-BTC", "05/05/2023", "Còn hiệu lực",
            issuer="Bộ Tài chính", effective="01/07/2023"),
    ]  # fmt: skip
    metadata = write_metadata(tmp_path / "metadata.parquet", rows)
    relationships = write_relationships(
        tmp_path / "relationships.parquet",
        [("92001", "92002", "Văn bản thay thế"), ("92004", "92003", "Văn bản được sửa đổi")],
    )
    code, out, err = run(metadata, relationships)
    assert code == 0, err
    assert "thêm mới 4" in out and "2 áp dụng" in out
    with legal_table.sessions() as session:
        corpus = LegalCorpus.from_session(session)
    assert corpus.by_number("30/2020/NĐ-CP") is not None and corpus.by_number("921/2019/TT-BTC") is not None

    replaced = (
        "Căn cứ Thông tư số 921/2019/TT-BTC ngày 10 tháng 5 năm 2019 của Bộ Tài chính hướng dẫn quản lý phí;"
    )
    (finding,) = check_legal_basis(draft(replaced), corpus=corpus)
    assert finding.code == "legal.replaced" and finding.severity == "error"
    assert "922/2024/TT-BTC" in finding.message and "922/2024/TT-BTC" in finding.expected
    assert finding.record is not None and finding.record.number == "922/2024/TT-BTC"

    amended = "Căn cứ Thông tư số 923/2020/TT-BTC ngày 02 tháng 02 năm 2020 của Bộ Tài chính;"
    (finding,) = check_legal_basis(draft(amended), corpus=corpus)
    assert finding.code == "legal.amended" and finding.severity == "warning"
    assert "924/2023/TT-BTC" in finding.message and "924/2023/TT-BTC" in finding.expected
    assert finding.record is not None and finding.record.number == "924/2023/TT-BTC"
    both = amended + "\nCăn cứ Thông tư số 924/2023/TT-BTC ngày 05 tháng 5 năm 2023 của Bộ Tài chính;"
    assert check_legal_basis(draft(both), corpus=corpus) == []
    # a draft of 2022, before the amendment and the replacement, had nothing to add
    early = draft(replaced + "\n" + amended).replace("năm 2024", "năm 2022", 1)
    assert check_legal_basis(early, corpus=corpus) == []
    # the starter corpus still judges beside the import
    starter_line = (
        "Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư;"
    )
    assert [f.code for f in check_legal_basis(draft(starter_line), corpus=corpus)] == ["legal.replaced"]
