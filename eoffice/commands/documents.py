"""`eoffice import FILE...` and `eoffice search QUERY`: documents from the command line.

`import` registers each file as an incoming document (stored byte for byte, numbered in the sổ đến, text
extracted and indexed); `search` lists what the user may read, `--json` giving
`[{id, filename, title, number, score, snippet}]`. `--as-user` defaults to the demo admin `admin`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

DEFAULT_USER = "admin"


def _user(session, username: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from eoffice.cli import fail
    from eoffice.orgs.models import User

    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.is_active:
        raise fail(f"Không tìm thấy người dùng “{username}” (hoặc tài khoản đã bị khóa).")
    return user


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_files(
        files: Annotated[list[Path], typer.Argument(help="Tệp PDF, DOCX, PNG, JPEG hoặc TIFF")],
        as_user: Annotated[str, typer.Option("--as-user", help="Người vào sổ")] = DEFAULT_USER,
        no_wait: Annotated[
            bool, typer.Option("--no-wait", help="Không chờ trích xuất nội dung và lập chỉ mục")
        ] = False,
    ) -> None:
        """Vào sổ các tệp như văn bản đến: lưu trữ, trích xuất nội dung, lập chỉ mục tìm kiếm."""
        from rich.progress import Progress

        from eoffice.backends import Backends
        from eoffice.cli import fail
        from eoffice.documents.files import Upload, file_batch
        from eoffice.documents.kinds import DocumentType
        from eoffice.documents.service import Actor
        from eoffice.errors import EOfficeError
        from eoffice.incoming.schemas import IncomingCreate
        from eoffice.incoming.service import register_incoming
        from eoffice.processing import WaitTimedOut, apply_changes_now, wait_until_processed
        from eoffice.settings import get_settings

        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise fail(f"Không tìm thấy tệp: {', '.join(missing)}.")
        settings = get_settings()
        backends = Backends(settings)
        imported: list[tuple[int, int | None, str]] = []
        failures: list[str] = []
        try:
            with backends.sessions() as session, Progress(transient=True) as progress:
                actor = Actor(_user(session, as_user))
                task = progress.add_task("Đang vào sổ văn bản đến", total=len(files))
                for path in files:
                    data = IncomingCreate(
                        title=path.stem, doc_type=DocumentType.CONG_VAN, issuer="Chưa xác định"
                    )
                    with path.open("rb") as stream, file_batch(backends.objects) as batch:
                        document = register_incoming(
                            session,
                            batch,
                            actor,
                            data,
                            [Upload(stream=stream, filename=path.name)],
                            max_upload_bytes=settings.max_upload_bytes,
                            timezone=settings.timezone,
                        )
                        # The registration writes its effect (extract, OCR, index) in its own transaction.
                        session.commit()
                    imported.append((document.id, document.register_number, path.name))
                    progress.advance(task)
                if not no_wait:
                    ids = [document_id for document_id, _, _ in imported]
                    processing = progress.add_task(
                        "Đang trích xuất, nhận dạng và lập chỉ mục", total=len(ids)
                    )

                    def advance(done: int, _total: int) -> None:
                        progress.update(processing, completed=done)

                    # Run what no worker has taken here and now, then wait for what a worker is doing.
                    apply_changes_now(backends, ids, progress_callback=advance)
                    results = wait_until_processed(backends, ids, progress_callback=advance)
                    failures = [
                        f"#{result.document_id}: {failure}"
                        for result in results
                        for failure in result.failures
                    ]
        except WaitTimedOut as exc:
            raise fail("Quá thời gian chờ xử lý; công việc vẫn tiếp tục trên worker.") from exc
        except EOfficeError as exc:
            raise fail(f"{exc.message} (đã vào sổ {len(imported)} tệp)") from exc
        finally:
            backends.close()
        for document_id, number, name in imported:
            typer.echo(f"#{document_id}\tsố đến {number}\t{name}")
        for failure in failures:
            typer.echo(f"Lỗi xử lý {failure}", err=True)
        if no_wait:
            typer.echo("Đã đưa vào hàng đợi xử lý (--no-wait); văn bản sẽ tìm được khi worker xử lý xong.")

    @app.command("search")
    def search(
        query: Annotated[str, typer.Argument(help="Nội dung tìm kiếm (không cần dấu)")],
        as_user: Annotated[
            str, typer.Option("--as-user", help="Tìm với quyền của người dùng này")
        ] = DEFAULT_USER,
        as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
        limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="Số kết quả tối đa")] = 20,
    ) -> None:
        """Tìm văn bản mà người dùng được phép xem."""
        from rich.console import Console
        from rich.table import Table

        from eoffice.backends import Backends
        from eoffice.cli import fail
        from eoffice.documents.search import search_documents
        from eoffice.errors import EOfficeError
        from eoffice.settings import get_settings

        backends = Backends(get_settings())
        try:
            with backends.sessions() as session:
                user = _user(session, as_user)
                _total, found = search_documents(session, backends.search, user, query, page_size=limit)
        except EOfficeError as exc:
            raise fail(exc.message) from exc
        finally:
            backends.close()
        if as_json:
            fields = ("id", "filename", "title", "number", "score", "snippet")  # the documented interface
            hits = [{name: getattr(hit, name) for name in fields} for hit in found]
            typer.echo(json.dumps(hits, ensure_ascii=False, indent=2))
            return
        if not found:
            typer.echo("Không tìm thấy văn bản nào.")
            return
        table = Table("id", "Số/ký hiệu", "Trích yếu", "Tệp", "Điểm")
        for hit in found:
            table.add_row(str(hit.id), hit.number or "", hit.title, hit.filename or "", f"{hit.score:.3g}")
        Console().print(table)
