"""``eoffice sign-agent``: signs digests for a remote eOffice server with a key on the leader's own PC.

The server prepares a document (``signing.external.prepare``) and hands out a small JSON signing request
(digest, algorithms, which certificate); this agent signs the digest with a local PKCS#12 file or a PKCS#11
USB token and prints the JSON answer, which the server turns into the finished PAdES signature. The agent
never sees the document and the server never sees the key.

Input: one request object, or a list of them, from ``--request FILE`` or stdin; output: the matching
response object or list on stdout (bytes are base64)::

    {"id": "…", "digest_algorithm": "sha256", "digest": "…", "signature_algorithm": "rsassa_pkcs1v15",
     "certificate_sha256": "<hex of the signer certificate's SHA-256>", "subject": "Nguyễn Văn An"}
    {"id": "…", "signature": "…"}

The agent refuses a request meant for another certificate. Secrets come from ``--password-env``/``--pin-env`` or a hidden prompt,
never from the command line (it would show in the process list and shell history).

With ``--serve`` the agent stays running as the leader's local signing service (`signing.agent_server`): the
eOffice web page posts the same requests to ``http://127.0.0.1:<port>/sign``; only the pages named by
``--allow-origin`` may call it, and the token is opened once, with the PIN typed here, when it starts.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import TypeAdapter, ValidationError

from signing.agent_server import DEFAULT_PORT, AgentServer
from signing.errors import SigningError
from signing.external import DigestSigner, PrivateKeyDigestSigner, SigningRequest, sign_request
from signing.pkcs11 import Pkcs11Config, Pkcs11Signer

_REQUESTS = TypeAdapter(SigningRequest | list[SigningRequest])


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Lỗi: {message}", err=True)
    return typer.Exit(1)


def _secret(env_var: str | None, prompt: str) -> str:
    """A password/PIN from the named environment variable, else asked for without echo."""
    if env_var is not None:
        value = os.environ.get(env_var)
        if value is None:
            raise _fail(f"Biến môi trường {env_var} chưa được đặt.")
        return value
    if not sys.stdin.isatty():
        raise _fail(f"{prompt}: dùng --password-env/--pin-env khi yêu cầu ký được đọc từ stdin.")
    return str(typer.prompt(prompt, hide_input=True, err=True))


def _read_requests(request: Path | None) -> SigningRequest | list[SigningRequest]:
    try:
        text = request.read_text(encoding="utf-8") if request is not None else sys.stdin.read()
    except OSError as exc:
        raise _fail(f"Không đọc được tệp yêu cầu ký: {exc.strerror or exc}") from exc
    try:
        return _REQUESTS.validate_json(text)
    except ValidationError as exc:
        raise _fail(f"Yêu cầu ký không đúng định dạng JSON mong đợi ({exc.error_count()} lỗi).") from exc


def _respond(signer: DigestSigner, requests: SigningRequest | list[SigningRequest]) -> str:
    if isinstance(requests, list):
        responses = [sign_request(item, signer).model_dump(mode="json") for item in requests]
        return json.dumps(responses, ensure_ascii=False)
    return sign_request(requests, signer).model_dump_json()


def _serve(signer: DigestSigner, origins: list[str], port: int) -> None:
    """Answer the allowed pages' signing requests on 127.0.0.1:`port` until interrupted (Ctrl+C)."""
    try:
        server = AgentServer(signer, origins, port, chain=getattr(signer, "chain", ()))
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    except OSError as exc:
        raise _fail(f"Không mở được cổng {port} trên 127.0.0.1: {exc.strerror or exc}") from exc
    bound = server.server_address[1]  # the agent listens on 127.0.0.1 only
    subject = signer.certificate.subject.native.get("common_name", "")
    typer.echo(
        f"Phần mềm ký số đang chạy tại http://127.0.0.1:{bound} — ký bằng chứng thư của {subject}.", err=True
    )
    typer.echo(f"Trang được phép: {', '.join(sorted(server.allowed_origins))}. Dừng: Ctrl+C.", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def sign_agent(
    request: Annotated[
        Path | None, typer.Option("--request", help="Tệp JSON yêu cầu ký (mặc định: đọc từ stdin)")
    ] = None,
    pkcs12: Annotated[Path | None, typer.Option("--pkcs12", help="Tệp khóa PKCS#12 (.p12/.pfx)")] = None,
    password_env: Annotated[
        str | None, typer.Option("--password-env", help="Biến môi trường chứa mật khẩu tệp PKCS#12")
    ] = None,
    pkcs11_module: Annotated[
        str | None, typer.Option("--pkcs11-module", help="Thư viện PKCS#11 của USB token/HSM (.so/.dll)")
    ] = None,
    token_label: Annotated[str | None, typer.Option("--token-label", help="Nhãn của token")] = None,
    slot: Annotated[int | None, typer.Option("--slot", help="Số thứ tự khe (slot) của token")] = None,
    key_label: Annotated[str | None, typer.Option("--key-label", help="Nhãn của khóa ký trên token")] = None,
    key_id: Annotated[
        str | None, typer.Option("--key-id", help="Mã (ID, dạng hex) của khóa ký trên token")
    ] = None,
    pin_env: Annotated[str | None, typer.Option("--pin-env", help="Biến môi trường chứa mã PIN")] = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Chạy thường trú, nhận yêu cầu ký từ trang eOffice qua 127.0.0.1")
    ] = False,
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Cổng trên 127.0.0.1 khi chạy --serve")
    ] = DEFAULT_PORT,
    allow_origin: Annotated[
        list[str] | None,
        typer.Option("--allow-origin", help="Địa chỉ trang eOffice được phép gọi (lặp lại nếu nhiều trang)"),
    ] = None,
) -> None:
    """Ký giá trị băm cho máy chủ eOffice bằng khóa PKCS#12 hoặc USB token (PKCS#11) trên máy này."""
    if (pkcs12 is None) == (pkcs11_module is None):
        raise _fail("Chọn đúng một nguồn khóa: --pkcs12 FILE hoặc --pkcs11-module THƯ_VIỆN.")
    if serve and not allow_origin:
        raise _fail(
            "Khi chạy --serve, hãy nêu địa chỉ trang eOffice được phép gọi: --allow-origin https://…."
        )
    requests = None if serve else _read_requests(request)
    try:
        if pkcs12 is not None:
            key = PrivateKeyDigestSigner.from_pkcs12(pkcs12, _secret(password_env, "Mật khẩu tệp PKCS#12"))
            if requests is None:
                _serve(key, allow_origin or [], port)
                return
            output = _respond(key, requests)
        else:
            assert pkcs11_module is not None
            try:
                key_id_bytes = bytes.fromhex(key_id) if key_id is not None else None
            except ValueError as exc:
                raise _fail("--key-id phải là chuỗi hex.") from exc
            config = Pkcs11Config(
                module_path=pkcs11_module,
                token_label=token_label,
                slot_no=slot,
                key_label=key_label,
                key_id=key_id_bytes,
            )
            with Pkcs11Signer.open(config, _secret(pin_env, "Mã PIN của token")) as token:
                if requests is None:
                    _serve(token, allow_origin or [], port)
                    return
                output = _respond(token, requests)
    except SigningError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(output)


def register(app: typer.Typer) -> None:
    """Add ``sign-agent`` to the main ``eoffice`` app."""
    app.command("sign-agent")(sign_agent)


def _standalone() -> typer.Typer:
    """An app with just this command, for ``python -m eoffice.commands.sign_agent sign-agent ...``."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def _main() -> None:
        """eOffice sign-agent."""

    register(app)
    return app


if __name__ == "__main__":
    _standalone()()
