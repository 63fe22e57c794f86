"""`eoffice sign IN OUT --as-user U [--level ...]` and `eoffice verify FILE [--json]`.

The commands do not know where keys and trust roots come from: ``register`` takes a ``signer_for_user``
lookup (user name and signing PIN; ``eoffice.keys`` provides it) and a ``signing_settings`` provider (TSA URL, trust roots, default
level), so the CLI stays a thin shell over the ``signing`` package. ``verify --json`` prints the stable list
``[{signer, signing_time, level, intact, trusted, revoked, valid, problems}]`` and exits 1 when any signature
is not valid (0 when all are), so scripts can test it; a command that cannot run exits 2 with a Vietnamese
message on stderr. ``verify`` is quiet: stdout carries only the report, stderr one Vietnamese summary line;
what the libraries log (pyHanko logs a traceback for every signature it cannot validate) and any unexpected
error's traceback are kept at debug level, shown only with ``--debug``.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from signing import PadesLevel, PadesSigner, Signer, SigningError, TrustSettings

log = logging.getLogger(__name__)


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


@contextmanager
def _library_logs_at_debug(debug: bool) -> Iterator[None]:
    """Route every log record and warning to one root handler: stderr with ``--debug``, nowhere otherwise
    (without any handler Python's last-resort handler would print the libraries' warnings and tracebacks).
    The report already says, per signature, what the libraries complained about."""
    root = logging.getLogger()
    handler: logging.Handler = logging.StreamHandler(sys.stderr) if debug else logging.NullHandler()
    handler.setLevel(logging.DEBUG)
    level = root.level
    root.addHandler(handler)
    if debug:
        root.setLevel(logging.DEBUG)
    logging.captureWarnings(True)
    try:
        yield
    finally:
        logging.captureWarnings(False)
        root.removeHandler(handler)
        root.setLevel(level)


def _summary_line(rows: list[dict[str, object]]) -> str:
    """Một dòng tóm tắt: how many signatures, how many valid."""
    if not rows:
        return "Tệp không có chữ ký số."
    valid = sum(1 for row in rows if row["valid"])
    if valid == len(rows):
        return f"{len(rows)} chữ ký số, tất cả hợp lệ."
    return f"{len(rows)} chữ ký số: {valid} hợp lệ, {len(rows) - valid} không hợp lệ."


def register(
    app: typer.Typer,
    signer_for_user: Callable[[str, str | None], Signer],
    signing_settings: Callable[[], SigningSettings] = SigningSettings,
    default_user: str = "admin",
) -> None:
    """Add ``sign`` and ``verify`` to ``app``."""

    @app.command("sign")
    def sign(
        source: Annotated[Path, typer.Argument(help="Tệp PDF cần ký")],
        target: Annotated[Path, typer.Argument(help="Tệp PDF đã ký (tệp mới)")],
        as_user: Annotated[str, typer.Option("--as-user", help="Người ký")] = default_user,
        pin: Annotated[
            str | None,
            typer.Option(
                "--pin",
                envvar="EOFFICE_SIGNING_PIN",
                help="Mã PIN ký số của người ký (hoặc biến môi trường EOFFICE_SIGNING_PIN)",
                show_default=False,
            ),
        ] = None,
        level: Annotated[
            PadesLevel | None, typer.Option("--level", case_sensitive=False, help="Mức chữ ký PAdES")
        ] = None,
    ) -> None:
        """Ký số tệp PDF bằng khóa của người dùng (PAdES)."""
        try:
            settings = signing_settings()
            signer = PadesSigner(
                signer_for_user(as_user, pin),
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
        debug: Annotated[
            bool, typer.Option("--debug", help="In nhật ký chi tiết của thư viện ký số ra stderr")
        ] = False,
    ) -> None:
        """Xác thực các chữ ký số trong tệp PDF (không cần cơ sở dữ liệu)."""
        with _library_logs_at_debug(debug):
            rows, valid = _verify_rows(path)
        if as_json:
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        else:
            for row in rows:
                state = "hợp lệ" if row["valid"] else "KHÔNG hợp lệ"
                typer.echo(
                    f"- {row['signer']} ({row['level'] or 'dấu thời gian'}, {row['signing_time']}): {state}"
                )
                for problem in row["problems"]:
                    typer.echo(f"    [{problem['code']}] {problem['message']}")
        typer.echo(_summary_line(rows), err=True)
        if not valid:
            raise typer.Exit(code=1)

    def _verify_rows(path: Path) -> tuple[list[dict[str, Any]], bool]:
        from signing.validation import validate_pdf

        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _fail(f"Không đọc được tệp: {path}") from exc
        try:
            report = validate_pdf(data, signing_settings().trust)
        except SigningError as exc:
            log.debug("validation refused %s", path, exc_info=True)
            raise _fail(f"Lỗi [{exc.code}]: {exc}") from exc
        except Exception as exc:
            # Never a traceback on stderr: the detail is for --debug, the operator gets a sentence.
            log.debug("validation failed for %s", path, exc_info=True)
            code = getattr(exc, "code", "signing.validation_failed")
            message = getattr(exc, "message", None) or "không xác thực được tệp"
            raise _fail(f"Lỗi [{code}]: {message} ({type(exc).__name__}).") from exc
        return [signature.summary() for signature in report.signatures], report.valid
