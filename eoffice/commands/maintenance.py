"""`eoffice doctor`, `eoffice backup DEST`, `eoffice restore SRC` (DESIGN.md, "The command line").

Progress bars go to stderr so `--json` output on stdout stays machine-readable. Exit codes: 0 all well,
1 a problem remains (doctor: an unrepaired finding; backup: something could not be copied intact; restore:
refused or failed).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer


class _RichProgress:
    """`eoffice.maintenance.Progress` on a rich progress display: one bar per phase."""

    def __init__(self, progress: Any) -> None:
        self._progress = progress
        self._task: Any = None

    def start(self, description: str, total: int | None = None) -> None:
        if self._task is not None:  # the previous phase is over: show it full
            finished = self._progress.tasks[-1]
            self._progress.update(
                self._task, total=finished.completed or 1, completed=finished.completed or 1
            )
        self._task = self._progress.add_task(description, total=total)

    def advance(self, amount: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, amount)


def _progress_display(quiet: bool) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from eoffice.cli import err

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
    )


def _passphrase(path: Path | None, *, prompt: bool, confirm: bool) -> str | None:
    """The backup passphrase: from a file (first line), else EOFFICE_BACKUP_PASSPHRASE, else asked for when
    `prompt`; never from the command line, where other users could read it."""
    import os

    if path is not None:
        try:
            text = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            from eoffice.cli import fail

            raise fail(f"Không đọc được tệp mật khẩu “{path}”: {exc.strerror}") from exc
        return text[0] if text else ""
    if os.environ.get("EOFFICE_BACKUP_PASSPHRASE"):
        return os.environ["EOFFICE_BACKUP_PASSPHRASE"]
    if prompt:
        return str(typer.prompt("Mật khẩu bản sao lưu", hide_input=True, confirmation_prompt=confirm))
    return None


def _message(exc: BaseException) -> str:
    return getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"


def register(app: typer.Typer) -> None:
    @app.command("doctor")
    def doctor(
        repair: Annotated[bool, typer.Option("--repair", help="Sửa những gì sửa được")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
        grace_minutes: Annotated[
            float, typer.Option("--grace-minutes", min=0, help="Chỉ xóa tệp mồ côi cũ hơn số phút này")
        ] = 60.0,
        quick: Annotated[
            bool, typer.Option("--quick", help="Không đọc lại nội dung tệp, chỉ so mã băm đã ghi")
        ] = False,
    ) -> None:
        """Đối soát kho lưu trữ, hàng đợi và chỉ mục với cơ sở dữ liệu; mã thoát 1 nếu còn lỗi chưa sửa."""
        from eoffice.backends import Backends
        from eoffice.cli import fail
        from eoffice.maintenance import run_doctor
        from eoffice.settings import get_settings

        backends = Backends(get_settings())
        try:
            with _progress_display(as_json) as display:
                report = run_doctor(
                    backends,
                    repair=repair,
                    grace=timedelta(minutes=grace_minutes),
                    verify_content=not quick,
                    progress=_RichProgress(display),
                )
        except Exception as exc:
            raise fail(f"Không đối soát được: {_message(exc)}") from exc
        finally:
            backends.close()
        if as_json:
            typer.echo(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            for finding in report.findings:
                mark = (
                    "ĐÃ SỬA" if finding.repaired else ("CẢNH BÁO" if finding.severity == "warning" else "LỖI")
                )
                action = f" → {finding.action}" if finding.action else ""
                typer.echo(f"[{mark}] {finding.code}: {finding.message}{action}")
            checked = ", ".join(f"{k}={v}" for k, v in report.checked.items())
            typer.echo(f"Đã kiểm tra: {checked}.")
        if not report.ok:
            if not as_json:
                raise fail(
                    f"Còn {len(report.unrepaired)} lỗi chưa sửa" + ("" if repair else " (thử --repair)") + "."
                )
            raise typer.Exit(1)
        if not as_json:
            typer.echo("OK: không còn lỗi nào chưa sửa.")

    @app.command("backup")
    def backup_command(
        destination: Annotated[Path, typer.Argument(help="Thư mục mới, hoặc tệp .tar")],
        as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
        encrypt: Annotated[
            bool,
            typer.Option(
                "--encrypt",
                help="Mã hóa bằng mật khẩu (scrypt + AES-256-GCM) thành một tệp; mật khẩu lấy từ "
                "--passphrase-file, biến EOFFICE_BACKUP_PASSPHRASE hoặc được hỏi",
            ),
        ] = False,
        passphrase_file: Annotated[
            Path | None,
            typer.Option("--passphrase-file", help="Tệp chứa mật khẩu (dòng đầu); ngụ ý --encrypt"),
        ] = None,
    ) -> None:
        """Sao lưu toàn bộ: cơ sở dữ liệu (kể cả văn bản pháp luật) và mọi tệp, có kiểm tra mã băm; chỉ chủ sở
        hữu đọc được (0600), manifest được ký bằng khóa nhật ký, tùy chọn mã hóa bằng mật khẩu."""
        from eoffice.backends import Backends
        from eoffice.cli import fail
        from eoffice.maintenance import BackupIncomplete, backup
        from eoffice.settings import get_settings

        passphrase = (
            _passphrase(passphrase_file, prompt=True, confirm=True) if encrypt or passphrase_file else None
        )
        if passphrase is not None and not passphrase:
            raise fail("Mật khẩu bản sao lưu không được để trống.")
        backends = Backends(get_settings())
        try:
            with _progress_display(as_json) as display:
                result = backup(backends, destination, progress=_RichProgress(display), passphrase=passphrase)
        except BackupIncomplete as exc:
            if as_json:
                typer.echo(json.dumps(exc.detail, ensure_ascii=False))
            raise fail(exc.message) from None
        except Exception as exc:
            raise fail(f"Sao lưu thất bại: {_message(exc)}") from exc
        finally:
            backends.close()
        if as_json:
            typer.echo(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            typer.echo(
                f"Đã sao lưu {sum(result.tables.values())} dòng dữ liệu ở {len(result.tables)} bảng và "
                f"{result.objects} tệp ({result.bytes} byte) vào {result.path}."
            )

    @app.command("restore")
    def restore_command(
        source: Annotated[Path, typer.Argument(help="Thư mục hoặc tệp .tar do `eoffice backup` tạo")],
        force: Annotated[
            bool, typer.Option("--force", help="Xóa dữ liệu đang có ở hệ thống đích rồi khôi phục")
        ] = False,
        as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
        passphrase_file: Annotated[
            Path | None, typer.Option("--passphrase-file", help="Tệp chứa mật khẩu của bản sao lưu mã hóa")
        ] = None,
        allow_unsigned: Annotated[
            bool,
            typer.Option(
                "--allow-unsigned",
                help="Chấp nhận bản sao lưu cũ không có chữ ký manifest (chỉ khi chắc nguồn gốc)",
            ),
        ] = False,
    ) -> None:
        """Khôi phục bản sao lưu vào hệ thống trống và lập lại chỉ mục tìm kiếm; từ chối manifest bị sửa."""
        from eoffice.backends import Backends
        from eoffice.cli import fail
        from eoffice.maintenance import is_encrypted, restore
        from eoffice.settings import get_settings

        passphrase = _passphrase(passphrase_file, prompt=is_encrypted(source), confirm=False)
        backends = Backends(get_settings())
        try:
            with _progress_display(as_json) as display:
                result = restore(
                    backends,
                    source,
                    force=force,
                    progress=_RichProgress(display),
                    passphrase=passphrase,
                    allow_unsigned=allow_unsigned,
                )
        except Exception as exc:
            raise fail(f"Khôi phục thất bại: {_message(exc)}") from exc
        finally:
            backends.close()
        if as_json:
            typer.echo(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            typer.echo(
                f"Đã khôi phục {sum(result.tables.values())} dòng dữ liệu, {result.objects} tệp; "
                f"đã lập chỉ mục {result.indexed} mục; nhật ký: {result.audit_checked} bản ghi "
                f"{'toàn vẹn' if result.audit_ok else 'KHÔNG toàn vẹn'}."
            )
        if result.problems:
            raise fail("; ".join(result.problems))
