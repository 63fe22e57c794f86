"""`eoffice sign IN OUT --as-user U [--level ...]` and `eoffice verify FILE [--json]`.

The commands do not know where keys and trust roots come from: ``register`` takes a ``signer_for_user``
lookup (``eoffice.keys`` provides it) and a ``signing_settings`` provider (TSA URL, trust roots, default
level), so the CLI stays a thin shell over the ``signing`` package. ``verify --json`` prints the stable list
``[{signer, signing_time, level, intact, trusted, revoked, valid, problems}]`` and exits 1 when any signature
is not valid (0 when all are), so scripts can test it; a command that cannot run exits 2 with a Vietnamese
message on stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from signing import PadesLevel, PadesSigner, Signer, SigningError, TrustSettings


@dataclass(frozen=True)
class SigningSettings:
    """What the commands need besides the key: where to get time-stamps and whom to trust."""

    trust: TrustSettings = field(default_factory=TrustSettings)
    tsa_url: str | None = None
    default_level: PadesLevel = PadesLevel.B_B
    font_path: str | None = None


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=2)


def register(
    app: typer.Typer,
    signer_for_user: Callable[[str], Signer],
    signing_settings: Callable[[], SigningSettings] = SigningSettings,
    default_user: str = "admin",
) -> None:
    """Add ``sign`` and ``verify`` to ``app``."""

    @app.command("sign")
    def sign(
        source: Annotated[Path, typer.Argument(help="Tệp PDF cần ký")],
        target: Annotated[Path, typer.Argument(help="Tệp PDF đã ký (tệp mới)")],
        as_user: Annotated[str, typer.Option("--as-user", help="Người ký")] = default_user,
        level: Annotated[
            PadesLevel | None, typer.Option("--level", case_sensitive=False, help="Mức chữ ký PAdES")
        ] = None,
    ) -> None:
        """Ký số tệp PDF bằng khóa của người dùng (PAdES)."""
        try:
            settings = signing_settings()
            signer = PadesSigner(
                signer_for_user(as_user),
                default_level=settings.default_level,
                tsa_url=settings.tsa_url,
                trust=settings.trust if settings.trust.roots else None,
                font_path=settings.font_path,
            )
            signer.sign_file(source, target, level=level)
        except SigningError as exc:
            raise _fail(f"Lỗi [{exc.code}]: {exc}") from exc
        except Exception as exc:
            code = getattr(exc, "code", "signing.failed")
            raise _fail(f"Lỗi [{code}]: {getattr(exc, 'message', None) or exc}") from exc
        typer.echo(f"Đã ký: {target}")

    @app.command("verify")
    def verify(
        path: Annotated[Path, typer.Argument(help="Tệp PDF cần xác thực chữ ký")],
        as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
    ) -> None:
        """Xác thực các chữ ký số trong tệp PDF."""
        from signing.validation import validate_pdf

        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _fail(f"Không đọc được tệp: {path}") from exc
        try:
            report = validate_pdf(data, signing_settings().trust)
        except SigningError as exc:
            raise _fail(f"Lỗi [{exc.code}]: {exc}") from exc
        rows = [signature.summary() for signature in report.signatures]
        if as_json:
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        else:
            if not rows:
                typer.echo("Tệp không có chữ ký số.")
            for row in rows:
                state = "hợp lệ" if row["valid"] else "KHÔNG hợp lệ"
                typer.echo(
                    f"- {row['signer']} ({row['level'] or 'dấu thời gian'}, {row['signing_time']}): {state}"
                )
                for problem in row["problems"]:
                    typer.echo(f"    [{problem['code']}] {problem['message']}")
        if not report.valid:
            raise typer.Exit(code=1)
