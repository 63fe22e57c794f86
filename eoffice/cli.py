"""The `eoffice` command line: a stable interface operators script against (DESIGN.md, "The command line").

Failures exit non-zero with a Vietnamese message on stderr.
"""

from __future__ import annotations

import importlib
import signal
import sys
from typing import Annotated

import typer
from rich.console import Console

from eoffice.settings import get_settings
from eoffice.web import configure_logging

app = typer.Typer(
    name="eoffice",
    help="eOffice — hệ thống quản lý văn bản và điều hành.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = Console(stderr=True)

# Command groups living in their feature's module; each exposes `register(app)`.
COMMAND_MODULES = (
    "eoffice.commands.admin",
    "eoffice.commands.audit",
    "eoffice.commands.demo",
    "eoffice.commands.documents",
    "eoffice.commands.sign_agent",
    "eoffice.commands.citations",
    "eoffice.commands.prefill",
    "eoffice.commands.signing_keys",
    "eoffice.commands.check",
    "eoffice.commands.legal",
    "eoffice.commands.exchange",
    "eoffice.commands.pipeline",
    "eoffice.commands.maintenance",
)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a Vietnamese error to stderr and return the Exit to raise."""
    err.print(f"[bold red]Lỗi:[/] {message}", highlight=False)
    return typer.Exit(code)


@app.command()
def migrate() -> None:
    """Chạy migration cơ sở dữ liệu (Alembic) đến phiên bản mới nhất."""
    from eoffice.db.migrate import upgrade

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.database_url)
    typer.echo("Đã cập nhật cơ sở dữ liệu.")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Địa chỉ lắng nghe")] = None,
    port: Annotated[int | None, typer.Option(help="Cổng lắng nghe")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Số tiến trình API (mặc định EOFFICE_WEB_WORKERS, 1)")
    ] = None,
    worker: Annotated[
        bool, typer.Option(help="Với broker nhúng: chạy worker Celery như tiến trình con")
    ] = True,
) -> None:
    """Chạy máy chủ API (và giao diện web)."""
    import subprocess

    import uvicorn

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    child = None
    if worker and settings.embedded_broker:
        # The embedded default has no separate worker service: the API starts one and stops it on exit.
        child = subprocess.Popen([sys.executable, "-m", "eoffice", "worker"], preexec_fn=_die_with_parent)
    # uvicorn re-raises SIGTERM after its graceful shutdown; turning it into SystemExit lets `finally` stop
    # the worker instead of leaving it orphaned.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    typer.echo(f"eOffice đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng)")
    configure_logging(settings.json_logs)
    try:
        # The request middleware writes one access line per request, with its request id.
        uvicorn.run(
            "eoffice.api:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers or settings.web_workers,
            log_level="info",
            access_log=False,
            log_config=None,
            proxy_headers=False,  # EOFFICE_TRUSTED_PROXIES decides, in the app (eoffice.web.install)
            # uvicorn closes an idle connection after 5 s; a client (or a reverse proxy, nginx keeps upstream
            # connections 60 s) that reuses it at that moment gets "server disconnected" instead of an answer.
            # Outlasting the proxy's idle timeout is the usual rule; seen in the load test's clients as ~1 %
            # failed requests once answers took several seconds.
            timeout_keep_alive=75,
        )
    finally:
        if child is not None:
            child.terminate()
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _die_with_parent() -> None:
    """In the worker child: receive SIGTERM if `eoffice serve` dies, even by `kill -9` (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


@app.command("worker")
def worker_command(
    concurrency: Annotated[int, typer.Option(help="Số tiến trình xử lý (broker Redis)")] = 2,
    queues: Annotated[
        str | None,
        typer.Option(help="Chỉ nhận việc từ các hàng đợi này, cách nhau bởi dấu phẩy (mặc định: tất cả)"),
    ] = None,
    name: Annotated[
        str, typer.Option(help="Tên worker (mỗi worker chạy song song một tên riêng)")
    ] = "eoffice",
) -> None:
    """Chạy worker Celery (xử lý văn bản, OCR, chuyển đổi, lập chỉ mục, nhắc hạn, gửi liên thông).

    A production stack runs a second worker with `--queues eoffice.index --name eoffice-index`: index writes
    then never wait behind a backlog of OCR and conversions (compose.yaml, docs/OPERATIONS.md). Each worker needs
    its own name, since a restarting worker re-queues what its namesake left started.
    """
    from eoffice.tasks.app import celery_app
    from eoffice.tasks.queues import ALL_QUEUES
    from eoffice.web import connect_task_metrics

    chosen = [q.strip() for q in (queues or ",".join(ALL_QUEUES)).split(",") if q.strip()]
    unknown = [q for q in chosen if q not in ALL_QUEUES]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"Hàng đợi không có: {', '.join(unknown) or '(trống)'}; chọn trong {', '.join(ALL_QUEUES)}.",
            param_hint="--queues",
        )
    # Celery's setup_logging signal configures the console logs (eoffice.tasks.app).
    connect_task_metrics()
    settings = get_settings()
    argv = ["worker", "--loglevel=INFO", "-Q", ",".join(chosen), "--hostname", f"{name}@%h"]
    if settings.embedded_broker:
        # The child of `eoffice serve`: no start-up banner under the demo accounts `make run` just printed.
        schedule = settings.data_dir.resolve() / "celerybeat-schedule"
        argv = ["--quiet", *argv, "--pool=solo", "--beat", "--schedule", str(schedule)]
    else:
        argv += ["--concurrency", str(concurrency)]
    celery_app.worker_main(argv)


def _register_command_modules() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


_register_command_modules()


def main() -> None:  # pragma: no cover - console entry
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
