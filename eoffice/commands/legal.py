"""`eoffice legal import FILE`: load legal-corpus records (JSON or CSV, docs/LEGAL_CORPUS.md).

A province loads the national database export this way. The whole file is validated first; a file with any
bad record loads nothing and the error lists each one. Loading is idempotent (upsert by number).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    legal_app = typer.Typer(help="Cơ sở dữ liệu văn bản pháp luật (căn cứ).", no_args_is_help=True)

    @legal_app.command("import")
    def import_command(
        file: Annotated[Path, typer.Argument(help="Tệp JSON hoặc CSV theo lược đồ docs/LEGAL_CORPUS.md")],
    ) -> None:
        """Nạp (thêm hoặc cập nhật) văn bản pháp luật vào cơ sở dữ liệu và chỉ mục tìm kiếm."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        from sqlalchemy.exc import SQLAlchemyError

        from eoffice.backends import Backends
        from eoffice.cli import err, fail
        from eoffice.legal import LegalError, load_corpus, read_corpus_file
        from eoffice.settings import get_settings
        from search.errors import SearchError

        try:
            records = read_corpus_file(file)
        except LegalError as exc:
            raise fail(exc.message) from None
        backends = Backends(get_settings())
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        try:
            with Progress(*columns, console=err, transient=True) as progress, backends.sessions() as session:
                task = progress.add_task(f"Nạp {file.name}", total=2 * len(records))
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
        typer.echo(
            f"Đã nạp {report.total} văn bản từ {file.name}: thêm mới {report.inserted}, "
            f"cập nhật {report.updated}, không đổi {report.unchanged}."
        )

    app.add_typer(legal_app, name="legal")
