"""`eoffice prefill FILE [--json]`: the registration fields read from a received document (issue 24).

The JSON is the API's `PrefillOut` without what needs the database (the danh bạ match and the duplicates):
``{input_kind, number, symbol, issuer, parent_issuer, place, issue_date, doc_type, title, signer_authority,
signer_position, signer_name, urgency, secrecy, deadline: {value, text, source: {line, page, box}} | null,
deadlines: [...], citations: [...]}``. A scan is OCR'd by the pipeline's sandboxed OCR.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

_LABELS = {
    "number": "Số",
    "symbol": "Ký hiệu",
    "issuer": "Cơ quan ban hành",
    "parent_issuer": "Cơ quan chủ quản",
    "place": "Địa danh",
    "issue_date": "Ngày ban hành",
    "doc_type": "Loại văn bản",
    "title": "Trích yếu",
    "signer_authority": "Quyền hạn ký",
    "signer_position": "Chức vụ người ký",
    "signer_name": "Người ký",
    "urgency": "Độ khẩn",
    "secrecy": "Độ mật",
    "deadline": "Hạn xử lý",
}


def prefill_json(path: Path) -> dict[str, Any]:
    """What the command prints with ``--json``."""
    from eoffice.errors import InvalidInput
    from eoffice.file_kinds import SCANNABLE, sniff
    from eoffice.incoming.prefill.service import read_file, to_out
    from eoffice.settings import get_settings

    with path.open("rb") as stream:
        kind = sniff(stream)
        data = stream.read()
    if kind is None or kind not in SCANNABLE:
        raise InvalidInput(f"Tệp {path.name} không phải PDF, DOCX hay ảnh quét.")
    fields, input_kind = read_file(get_settings(), kind, data)
    return to_out(fields, input_kind).model_dump(mode="json", exclude={"issuer_directory", "duplicates"})


def register(app: typer.Typer) -> None:
    @app.command("prefill")
    def prefill(
        file: Annotated[Path, typer.Argument(help="Tệp văn bản đến: PDF, DOCX hoặc ảnh quét")],
        as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
    ) -> None:
        """Đọc số, ký hiệu, cơ quan ban hành, ngày, loại, trích yếu, người ký, hạn xử lý từ văn bản đến."""
        from rich.console import Console
        from rich.table import Table

        from eoffice.cli import fail
        from eoffice.errors import EOfficeError

        try:
            result = prefill_json(file)
        except FileNotFoundError:
            raise fail(f"Không tìm thấy tệp {file}.") from None
        except EOfficeError as exc:
            raise fail(exc.message) from None
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False))
            return
        table = Table(title=f"Thông tin đọc từ {file.name}", title_justify="left")
        for header in ("Trường", "Giá trị", "Đọc từ"):
            table.add_column(header, overflow="fold")
        for key, label in _LABELS.items():
            found = result[key]
            if found is not None:
                table.add_row(label, found["value"], found["text"])
        Console().print(table)
