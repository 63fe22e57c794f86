"""`eoffice exchange parse FILE [--json]` and `eoffice hub` (DESIGN.md, "The command line").

`parse --json` prints the stable shape `{kind, document_id, from, to, number, promulgation_date, subject,
business_type, status_code, attachments: [{name, content_type, size}]}`; a package eOffice refuses exits 1
with the reason in Vietnamese on stderr (its `edxml.*` code in brackets).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"Lỗi: {message}", err=True)
    return typer.Exit(code)


def _print_summary(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    kind = "Gói tin văn bản" if data["kind"] == "document" else "Gói tin trạng thái"
    table = Table(title=kind, title_justify="left", show_header=False)
    table.add_column("", style="bold")
    table.add_column("", overflow="fold")
    sender = data["from"]
    rows = [
        ("Mã văn bản", data["document_id"]),
        ("Cơ quan gửi", f"{sender['organ_name'] or ''} ({sender['organ_id']})"),
        ("Cơ quan nhận", "; ".join(f"{t['organ_name'] or ''} ({t['organ_id']})" for t in data["to"])),
        ("Số, ký hiệu", data["number"]),
        ("Ngày ban hành", data["promulgation_date"]),
        ("Trích yếu", data["subject"]),
        ("Nghiệp vụ", data["business_type"]),
        ("Mã trạng thái", data["status_code"]),
    ]
    for label, value in rows:
        if value:
            table.add_row(label, str(value))
    for attachment in data["attachments"]:
        table.add_row(
            "Tệp", f"{attachment['name']} ({attachment['content_type']}, {attachment['size']} byte)"
        )
    for warning in data.get("warnings", []):
        table.add_row("Cảnh báo", warning)
    console.print(table)


def register(app: typer.Typer) -> None:
    exchange = typer.Typer(help="Liên thông văn bản (edXML).", no_args_is_help=True)
    app.add_typer(exchange, name="exchange")

    @exchange.command("parse")
    def parse(
        path: Annotated[Path, typer.Argument(help="Tệp gói tin edXML")],
        as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
    ) -> None:
        """Đọc một gói tin edXML (văn bản hoặc trạng thái) và in thông tin chính."""
        from eoffice.exchange.edxml import parse_package, summary
        from eoffice.exchange.errors import EdxmlError
        from eoffice.exchange.settings import get_exchange_settings

        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _fail(f"không đọc được tệp {path}: {exc.strerror or exc}") from exc
        try:
            package = parse_package(data, get_exchange_settings().limits)
        except EdxmlError as exc:
            raise _fail(f"[{exc.code}] {exc.message}") from exc
        result = summary(package)
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            _print_summary(result)

    @app.command("hub")
    def hub(
        host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Cổng lắng nghe")] = 8100,
        data_dir: Annotated[Path, typer.Option("--data-dir", help="Thư mục dữ liệu của trục")] = Path(
            "var/hub"
        ),
        database_url: Annotated[
            str, typer.Option("--database-url", help="CSDL của trục (mặc định SQLite trong --data-dir)")
        ] = "",
        agencies: Annotated[
            Path | None,
            typer.Option(
                "--agencies", help='Tệp JSON các cơ quan được dùng trục: [{"organ_id", "name", "secret"}]'
            ),
        ] = None,
    ) -> None:
        """Chạy trục liên thông văn bản cho các cơ quan của một tỉnh."""
        import uvicorn

        from eoffice.errors import EOfficeError
        from eoffice.exchange.hub import HubSettings, create_hub_app
        from eoffice.exchange.settings import get_exchange_settings

        xsettings = get_exchange_settings()
        settings = HubSettings(
            data_dir=data_dir,
            database_url=database_url,
            agencies_file=agencies,
            limits=xsettings.limits,
            clock_skew_seconds=xsettings.clock_skew_seconds,
        )
        try:
            application = create_hub_app(settings)
        except (OSError, ValueError, KeyError, EOfficeError) as exc:
            raise _fail(
                f"không khởi động được trục liên thông: {getattr(exc, 'message', None) or exc}"
            ) from exc
        typer.echo(f"Trục liên thông đang chạy tại http://{host}:{port}/")
        uvicorn.run(application, host=host, port=port, log_level="info")
