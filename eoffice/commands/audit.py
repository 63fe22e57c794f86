"""`eoffice audit verify`: walk the audit hash chain and report the first tampered record."""

from __future__ import annotations

import json
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    audit_app = typer.Typer(help="Nhật ký hệ thống (audit).", no_args_is_help=True)

    @audit_app.command("verify")
    def verify(
        as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
    ) -> None:
        """Kiểm tra tính toàn vẹn của chuỗi nhật ký; mã thoát 1 nếu có bản ghi bị sửa, chèn hoặc xóa."""
        from eoffice.audit import verify_chain
        from eoffice.backends import Backends
        from eoffice.cli import fail
        from eoffice.settings import get_settings

        backends = Backends(get_settings())
        try:
            with backends.sessions() as session:
                result = verify_chain(session)
        finally:
            backends.close()
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "ok": result.ok,
                        "checked": result.checked,
                        "broken_seq": result.broken_seq,
                        "reason": result.reason,
                    },
                    ensure_ascii=False,
                )
            )
            if not result.ok:
                raise typer.Exit(1)
            return
        if not result.ok:
            raise fail(
                f"Chuỗi nhật ký bị phá vỡ tại bản ghi số {result.broken_seq}: {result.reason} "
                f"({result.checked} bản ghi trước đó hợp lệ)."
            )
        typer.echo(f"OK: chuỗi nhật ký toàn vẹn, đã kiểm tra {result.checked} bản ghi.")

    app.add_typer(audit_app, name="audit")
