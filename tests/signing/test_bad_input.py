"""Bad input for signing gives a clear error code, produces nothing and leaves the original untouched."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyhanko.pdf_utils.crypt import StandardSecurityHandler
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from signing import PadesSigner, Pkcs12Signer, SigningError
from signing.demo_document import demo_document_pdf
from tests.signing.conftest import TestPKI


@pytest.fixture(scope="module")
def document() -> bytes:
    return demo_document_pdf()


def _encrypted(document: bytes) -> bytes:
    import io

    writer = IncrementalPdfFileWriter(io.BytesIO(document))
    out = io.BytesIO()
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    fresh = copy_into_new_writer(writer.prev)
    handler = StandardSecurityHandler.build_from_pw("mat-khau", "mat-khau")
    fresh._assign_security_handler(handler)
    fresh.write(out)
    return out.getvalue()


def _broken_xref(document: bytes) -> bytes:
    start = document.rindex(b"startxref")
    return document[:start] + b"startxref\n999999999\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("empty", lambda doc: b"", "signing.invalid_pdf"),
        ("not a pdf", lambda doc: b"PK\x03\x04 this is a zip, not a PDF" * 10, "signing.invalid_pdf"),
        ("truncated", lambda doc: doc[:200], "signing.invalid_pdf"),
        ("broken xref", _broken_xref, "signing.invalid_pdf"),
        ("encrypted", _encrypted, "signing.encrypted_pdf"),
    ],
)
def test_bad_documents(pki: TestPKI, document: bytes, tmp_path: Path, name: str, make, code: str) -> None:
    source = tmp_path / "in.pdf"
    original = make(document)
    source.write_bytes(original)
    target = tmp_path / "out.pdf"
    with pytest.raises(SigningError) as error:
        PadesSigner(pki.signer("leader")).sign_file(source, target)
    assert error.value.code == code, name
    assert error.value.message
    assert source.read_bytes() == original
    assert not target.exists()


def test_wrong_password(pki: TestPKI) -> None:
    with pytest.raises(SigningError) as error:
        Pkcs12Signer.load(pki.leader_p12, "sai-mat-khau")
    assert error.value.code == "signing.key_unavailable"
    assert "mật khẩu" in error.value.message


def test_expired_certificate_refused(pki: TestPKI, document: bytes) -> None:
    with pytest.raises(SigningError) as error:
        PadesSigner(pki.signer("expired")).sign(document)
    assert error.value.code == "signing.certificate_expired"


def test_revoked_certificate_refused(pki: TestPKI, document: bytes) -> None:
    with pytest.raises(SigningError) as error:
        PadesSigner(pki.signer("revoked"), trust=pki.trust()).sign(document)
    assert error.value.code == "signing.certificate_revoked"


def test_untrusted_certificate_refused_for_long_term(pki: TestPKI, document: bytes) -> None:
    with pytest.raises(SigningError) as error:
        PadesSigner(pki.signer("stranger"), tsa_url=pki.tsa_url, trust=pki.trust()).sign(
            document, level="B-LT"
        )
    assert error.value.code == "signing.certificate_untrusted"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Garbage(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b"\x30\x03\x02\x01\x63 garbage, not a time-stamp"
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def garbage_tsa() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("tsa", ["down", "garbage"])
def test_timestamp_authority_failure_is_an_error(
    pki: TestPKI, document: bytes, tmp_path: Path, garbage_tsa: str, tsa: str
) -> None:
    url = f"http://127.0.0.1:{_free_port()}/tsa" if tsa == "down" else garbage_tsa
    source = tmp_path / "in.pdf"
    source.write_bytes(document)
    target = tmp_path / "out.pdf"
    with pytest.raises(SigningError) as error:
        PadesSigner(pki.signer("leader"), tsa_url=url, tsa_timeout=3).sign_file(source, target, level="B-T")
    assert error.value.code == "signing.timestamp_unavailable"
    assert not target.exists()
    assert source.read_bytes() == document
