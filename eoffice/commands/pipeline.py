"""`eoffice reindex`: rebuild the whole search index from the database, with a progress bar.

Each document's entry is built from its metadata and the text the pipeline stored for its files (no file is
parsed again), and the search backend swaps the new index in at once, so searches keep answering meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Any

import typer


def register(app: typer.Typer) -> None:
    @app.command("reindex")
    def reindex() -> None:
        """Lập lại toàn bộ chỉ mục tìm kiếm từ cơ sở dữ liệu."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
        from sqlalchemy import func, select

        from eoffice.backends import Backends
        from eoffice.cli import fail
        from eoffice.documents.models import Document
        from eoffice.legal.corpus import corpus_index_documents
        from eoffice.legal.models import LegalDocument
        from eoffice.processing import iter_indexed_documents
        from eoffice.settings import get_settings

        backends = Backends(get_settings())
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        try:
            with (
                backends.sessions() as session,
                backends.sessions() as reader,
                Progress(*columns) as progress,
            ):
                total = session.scalar(select(func.count()).select_from(Document)) or 0
                total += session.scalar(select(func.count()).select_from(LegalDocument)) or 0
                task = progress.add_task("Đang lập chỉ mục", total=total)

                def entries() -> Iterator[Any]:
                    # A full rebuild replaces the whole index, so the legal corpus goes in with the documents.
                    for entry in chain(iter_indexed_documents(reader), corpus_index_documents(session)):
                        yield entry
                        progress.advance(task)

                count = backends.search.reindex(entries())
        except Exception as exc:
            message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
            raise fail(f"Không lập lại được chỉ mục tìm kiếm: {message}") from exc
        finally:
            backends.close()
        typer.echo(f"Đã lập chỉ mục {count} văn bản (gồm cả văn bản pháp luật).")
