"""`eoffice check FILE [--json]`: thể thức and căn cứ findings for a DOCX or PDF draft.

The JSON output is a stable interface (DESIGN.md, "The command line"): a list of
``{code, severity, where, found, expected, message}`` where ``where`` is ``{kind, index, text}``. Findings are
not failures: the command exits 0 whenever the file could be read, non-zero only for unreadable input.
The legal-basis check is added when ``eoffice.checks.legal`` provides ``check_legal_basis``.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from eoffice.checks.findings import Finding
from eoffice.file_kinds import is_pdf


def _legal_findings(data: bytes, path: Path) -> list[Finding]:
    try:
        legal = importlib.import_module("eoffice.checks.legal")
    except ModuleNotFoundError as exc:
        if exc.name in ("eoffice.checks.legal",):
            return []
        raise
    check = getattr(legal, "check_legal_basis", None)
    if check is None:
        return []
    if is_pdf(data):
        from eoffice.documents_text import extract_text

        return list(check(extract_text(path)))
    return list(check(docx=data))


def check_file(path: Path) -> list[Finding]:
    """Both checks on one file; raises ``CheckError`` for unreadable input."""
    from eoffice.checks import check_format
    from eoffice.checks.errors import UnreadableDraft

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableDraft("file.not_found", f"Không tìm thấy tệp {path}.") from None
    except OSError as exc:
        raise UnreadableDraft("file.unreadable", f"Không đọc được tệp {path}: {exc.strerror}.") from None
    return check_format(data) + _legal_findings(data, path)


CLI_FIELDS = ("code", "severity", "where", "found", "expected", "message")


def finding_rows(findings: list[Finding]) -> list[dict[str, Any]]:
    """Exactly DESIGN.md's fields: scripts rely on them (the API adds the legal record a finding links to)."""
    return [{key: row[key] for key in CLI_FIELDS} for row in (f.to_dict() for f in findings)]


def _print_table(path: Path, findings: list[Finding]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not findings:
        console.print(f"{path.name}: không phát hiện sai sót về thể thức và căn cứ.", highlight=False)
        return
    errors = sum(1 for f in findings if f.severity == "error")
    table = Table(title=f"{path.name}: {errors} lỗi, {len(findings) - errors} cảnh báo", title_justify="left")
    for header in ("#", "Mức", "Vị trí", "Mã", "Phát hiện", "Yêu cầu", "Hướng dẫn"):
        table.add_column(header, overflow="fold")
    for number, f in enumerate(findings, 1):
        table.add_row(
            str(number),
            "Lỗi" if f.severity == "error" else "Cảnh báo",
            f.where.describe(),
            f.code,
            f.found,
            f.expected,
            f.message,
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check(
        file: Annotated[Path, typer.Argument(help="Dự thảo DOCX hoặc PDF")],
        as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
    ) -> None:
        """Kiểm tra thể thức (Nghị định 30/2020/NĐ-CP) và căn cứ pháp lý của một dự thảo."""
        from eoffice.checks.errors import CheckError
        from eoffice.cli import fail

        try:
            findings = check_file(file)
        except CheckError as exc:
            raise fail(exc.message) from None
        if as_json:
            typer.echo(json.dumps(finding_rows(findings), ensure_ascii=False))
        else:
            _print_table(file, findings)
