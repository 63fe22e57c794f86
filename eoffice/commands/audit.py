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
        """Kiểm tra chuỗi nhật ký (mã băm và mã xác thực HMAC bằng khóa ngoài cơ sở dữ liệu) và đối chiếu mã
        băm từng tệp với bản ghi nhật ký đã lưu tệp; mã thoát 1 nếu có bản ghi hoặc tệp bị sửa, chèn hoặc xóa."""
        from eoffice.audit import check_file_rows, verify_chain
        from eoffice.backends import Backends
        from eoffice.cli import fail
        from eoffice.settings import get_settings

        backends = Backends(get_settings())
        try:
            with backends.sessions() as session:
                result = verify_chain(session)
                files = check_file_rows(session)
        finally:
            backends.close()
        ok = result.ok and files.ok
        if as_json:
            report = result.as_json() | {
                "ok": ok,
                "chain_ok": result.ok,
                "files": {
                    "ok": files.ok,
                    "checked": files.checked,
                    "unattested": files.unattested,
                    "problems": [p.as_json() for p in files.problems],
                },
            }
            typer.echo(json.dumps(report, ensure_ascii=False))
            if not ok:
                raise typer.Exit(1)
            return
        coverage = []
        if result.legacy:
            coverage.append(
                f"bản ghi 1–{result.legacy} được ghi trước khi có khóa nhật ký, chỉ kiểm tra theo quy tắc cũ "
                "(chuỗi băm, không có HMAC)"
            )
        if result.keyed:
            coverage.append(f"bản ghi {result.legacy + 1}–{result.checked} được bảo vệ bằng HMAC")
        if coverage:
            typer.echo("Phạm vi: " + "; ".join(coverage) + ".")
        for problem in files.problems:
            typer.echo(f"[LỖI] {problem.message}", err=True)
        if not result.ok:
            raise fail(
                f"Chuỗi nhật ký bị phá vỡ tại bản ghi số {result.broken_seq}: {result.reason} "
                f"({result.checked} bản ghi trước đó hợp lệ)."
            )
        if not files.ok:
            raise fail(f"{len(files.problems)} tệp không khớp mã băm bản ghi nhật ký đã lưu khi lưu tệp.")
        typer.echo(
            f"OK: chuỗi nhật ký toàn vẹn, đã kiểm tra {result.checked} bản ghi; {files.checked} tệp khớp "
            "bản ghi nhật ký đã lưu chúng."
        )

    app.add_typer(audit_app, name="audit")
