"""`eoffice citations FILE [--json]`: the legal citations in a PDF, DOCX or TXT file.

The JSON output is a stable interface (DESIGN.md, "The command line"): a list of
``{number, type, issuer, date, start, end, name, year}`` with ``date`` as ``YYYY-MM-DD`` or ``null``;
``start``/``end`` are offsets into the file's extracted text (``eoffice.documents_text.extract_text``, NFC);
``name`` is the name of a law, code, ordinance or constitution cited by name (else ``null``) and ``year`` the
year written or carried by the number. Citations are read across the line breaks and hyphens of a PDF's text
(``eoffice.legal.read_citations``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer


def citation_rows(path: Path) -> list[dict[str, Any]]:
    """The citations of a file as the JSON objects the command prints."""
    from eoffice.documents_text import extract_text
    from eoffice.legal.citations import read_citations

    return [
        {
            "number": c.number,
            "type": c.type,
            "issuer": c.issuer,
            "date": c.date.isoformat() if c.date else None,
            "start": c.start,
            "end": c.end,
            "name": c.name,
            "year": c.year,
        }
        for c in read_citations(extract_text(path))
    ]


def _print_table(path: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    from eoffice.documents_text import extract_text
    from eoffice.legal.citations import read_citations

    citations = read_citations(extract_text(path))
    console = Console()
    if not citations:
        console.print(f"Không tìm thấy trích dẫn văn bản nào trong {path.name}.", highlight=False)
        return
    table = Table(title=f"Văn bản được trích dẫn trong {path.name}", title_justify="left")
    for header in ("#", "Loại", "Số, ký hiệu / tên", "Ngày ban hành", "Cơ quan ban hành", "Vị trí"):
        table.add_column(header, overflow="fold")
    for index, c in enumerate(citations, 1):
        when = c.date.strftime("%d/%m/%Y") if c.date else (f"năm {c.year}" if c.year else "")
        table.add_row(
            str(index),
            c.type or "",
            c.number or c.name or "",
            when,
            c.issuer or "",
            f"{c.start}–{c.end}",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("citations")
    def citations(
        file: Annotated[Path, typer.Argument(help="Tệp PDF, DOCX hoặc TXT")],
        as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
    ) -> None:
        """Liệt kê các văn bản được trích dẫn (căn cứ) trong tệp: loại, số ký hiệu, ngày, cơ quan ban hành."""
        from eoffice.cli import fail
        from eoffice.documents_text import UnreadableDocument

        try:
            if as_json:
                typer.echo(json.dumps(citation_rows(file), ensure_ascii=False))
            else:
                _print_table(file)
        except UnreadableDocument as exc:
            raise fail(exc.message) from None
