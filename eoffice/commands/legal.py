"""`eoffice legal import FILE...`: load legal-corpus records (JSON, CSV, or the vbpl.vn dataset's parquet files;
docs/LEGAL_CORPUS.md).

A province loads the national database export this way. Every file is validated first; a file with any bad
record loads nothing and the error lists each one. Loading is idempotent (upsert by number).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    legal_app = typer.Typer(help="Cơ sở dữ liệu văn bản pháp luật (căn cứ).", no_args_is_help=True)

    @legal_app.command("import")
    def import_command(
        files: Annotated[
            list[Path],
            typer.Argument(
                help="Tệp JSON hoặc CSV theo lược đồ docs/LEGAL_CORPUS.md, hoặc các tệp parquet của bộ dữ liệu "
                "vbpl.vn (metadata, relationships)"
            ),
        ],
        skip_invalid: Annotated[
            bool,
            typer.Option(
                "--skip-invalid",
                help="Tệp parquet: bỏ qua các dòng lỗi (liệt kê ra) thay vì không nạp gì",
            ),
        ] = False,
    ) -> None:
        """Nạp (thêm hoặc cập nhật) văn bản pháp luật vào cơ sở dữ liệu và chỉ mục tìm kiếm."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        from sqlalchemy.exc import SQLAlchemyError

        from eoffice.backends import Backends
        from eoffice.cli import err, fail
        from eoffice.legal import LegalError, LegalRecord, load_corpus, read_corpus_file
        from eoffice.legal.parquet import Dataset, DatasetRecords, dataset_records, is_parquet, read_dataset
        from eoffice.settings import get_settings
        from search.errors import SearchError

        parquet = [f for f in files if is_parquet(f)]
        if parquet and len(parquet) != len(files):
            raise fail("Không nạp lẫn tệp parquet với tệp JSON/CSV trong một lệnh; hãy nạp riêng từng loại.")
        names = ", ".join(f.name for f in files)
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        dataset: Dataset | None = None
        records: list[LegalRecord] = []
        prepared: DatasetRecords | None = None
        backends = Backends(get_settings())
        try:
            with Progress(*columns, console=err, transient=True) as progress:
                reading = progress.add_task(f"Đọc {names}", total=len(files))
                if parquet:
                    dataset = read_dataset(
                        files, skip_invalid=skip_invalid, progress=lambda n: progress.advance(reading, n)
                    )
                else:
                    for file in files:
                        records.extend(read_corpus_file(file))
                        progress.advance(reading)
                with backends.sessions() as session:
                    if dataset is not None:
                        prepared = dataset_records(session, dataset)
                        records = prepared.records
                    task = progress.add_task(f"Nạp {names}", total=2 * len(records))
                    report = load_corpus(
                        session, backends.search, records, progress=lambda n: progress.advance(task, n)
                    )
        except SQLAlchemyError as exc:
            raise fail(
                "Không ghi được vào cơ sở dữ liệu (đã chạy `eoffice migrate` chưa?); chưa nạp bản ghi nào. "
                f"({type(exc).__name__})"
            ) from None
        except SearchError as exc:
            raise fail(f"Chỉ mục tìm kiếm lỗi: {exc}; chưa nạp bản ghi nào.") from None
        except LegalError as exc:
            raise fail(exc.message) from None
        finally:
            if "search" in backends.__dict__:
                backends.search.close()
            backends.close()
        if dataset is not None and prepared is not None:
            for warning in dataset.warnings[:20]:
                err.print(f"Cảnh báo: {warning}", markup=False, highlight=False)
            if len(dataset.warnings) > 20:
                err.print(f"Cảnh báo: … và {len(dataset.warnings) - 20} cảnh báo khác", markup=False)
        typer.echo(
            f"Đã nạp {report.total} văn bản từ {names}: thêm mới {report.inserted}, "
            f"cập nhật {report.updated}, không đổi {report.unchanged}."
        )
        if dataset is not None and prepared is not None:
            ignored = sum(prepared.relations_ignored.values())
            typer.echo(
                f"Quan hệ thay thế, sửa đổi: {prepared.relations_applied} áp dụng, "
                f"{prepared.relations_unresolved} không tìm được văn bản; {ignored} quan hệ loại khác không dùng. "
                f"Bỏ qua {len(dataset.local_ids)} văn bản của chính quyền địa phương, "
                f"{dataset.skipped_rows} dòng lỗi."
            )

    @legal_app.command("sync")
    def sync_command(
        since: Annotated[
            str | None,
            typer.Option(
                "--since",
                help="Lấy văn bản ban hành từ ngày này (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định: từ lần đồng bộ trước",
            ),
        ] = None,
    ) -> None:
        """Đồng bộ văn bản mới và văn bản bị thay thế, sửa đổi từ cổng dữ liệu văn bản pháp luật của Bộ Tư pháp."""
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
        from sqlalchemy.exc import SQLAlchemyError

        from eoffice.backends import Backends
        from eoffice.cli import err, fail
        from eoffice.legal import LegalError
        from eoffice.legal.gateway import GatewayClient, sync_corpus
        from eoffice.legal.parquet import parse_date
        from eoffice.settings import get_settings
        from search.errors import SearchError

        settings = get_settings()
        if not settings.legal_gateway_url:
            raise fail(
                "Chưa cấu hình cổng văn bản pháp luật (EOFFICE_LEGAL_GATEWAY_URL); không đồng bộ được."
            )
        try:
            start = parse_date(since) if since else None
        except ValueError as exc:
            raise fail(f"--since: {exc}.") from None
        backends = Backends(settings)
        columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
        try:
            with (
                Progress(*columns, console=err, transient=True) as progress,
                GatewayClient(
                    settings.legal_gateway_url, timeout=settings.legal_gateway_timeout_seconds
                ) as client,
                backends.sessions() as session,
            ):
                counts = {"list": 0, "detail": 0}
                task = progress.add_task("Đọc danh sách văn bản từ cổng", total=None)

                def advance(step: str, n: int) -> None:
                    counts[step] += n
                    progress.update(
                        task, description=f"Đã đọc {counts['list']} văn bản, {counts['detail']} chi tiết"
                    )

                report = sync_corpus(session, backends.search, client, since=start, progress=advance)
        except SQLAlchemyError as exc:
            raise fail(
                "Không ghi được vào cơ sở dữ liệu (đã chạy `eoffice migrate` chưa?); chưa cập nhật văn bản nào. "
                f"({type(exc).__name__})"
            ) from None
        except SearchError as exc:
            raise fail(f"Chỉ mục tìm kiếm lỗi: {exc}; chưa cập nhật văn bản nào.") from None
        except LegalError as exc:
            raise fail(f"{exc.message} Chưa cập nhật văn bản nào.") from None
        finally:
            if "search" in backends.__dict__:
                backends.search.close()
            backends.close()
        for problem in report.skipped[:20]:
            err.print(f"Cảnh báo: bỏ qua {problem}", markup=False, highlight=False)
        since_text = f"từ ngày {report.since.strftime('%d/%m/%Y')}" if report.since else "toàn bộ"
        load = report.load
        typer.echo(
            f"Đã đồng bộ ({since_text}): {report.listed} văn bản trên cổng; thêm mới {load.inserted}, "
            f"cập nhật {load.updated}, không đổi {load.unchanged}; {report.relations_applied} quan hệ thay thế, "
            f"sửa đổi; bỏ qua {len(report.skipped)}."
        )

    app.add_typer(legal_app, name="legal")
