"""`eoffice verify FILE --json`, run as the operator runs it: a subprocess on a fresh, empty data folder.

pyHanko's own test PDFs are not shipped in any installed package, so the files are made here with the
certomancer test PKI: signatures by the leader (B-B and B-LT), a stranger (untrusted root), a revoked and
an expired certificate, a tampered file, a later unsanctioned change, an unsigned tail, a corrupted CMS,
an unsigned PDF and a non-PDF. None of their signers is trusted by the empty data folder, which is what
makes pyHanko log its tracebacks; the command must keep them off stderr and stdout.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from signing import PadesLevel, PadesSigner
from signing.demo_document import demo_document_pdf
from tests.signing.conftest import TestPKI

FIELDS = {"signer", "signing_time", "level", "intact", "trusted", "revoked", "valid", "problems"}


def _later_change(signed: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.find_page_for_modification(0)[0].get_object()
    extra = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 100 100 300 300 re f"))
    page["/Contents"] = generic.ArrayObject([page["/Contents"], extra])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _sign_with_pyhanko(pki: TestPKI, label: str, document: bytes) -> bytes:
    signer = signers.SimpleSigner.load_pkcs12(str(pki.p12(label)), passphrase=pki.password.encode())
    assert signer is not None
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(document)),
        signers.PdfSignatureMetadata(field_name="Sig1"),
        signer=signer,
    )
    return out.getvalue()


def _flip_page_byte(signed: bytes) -> bytes:
    """One byte of the page content changed inside the signed range."""
    position = signed.index(b"stream", 2000) + 20
    return signed[:position] + bytes([signed[position] ^ 0xFF]) + signed[position + 1 :]


def _corrupt_cms(signed: bytes) -> bytes:
    """Flip hex digits at the end of the CMS in /Contents (before its zero padding): the signature value
    of a B-B signature, which then no longer verifies."""
    start = signed.index(b"/Contents <") + len(b"/Contents <")
    end = start + len(signed[start : signed.index(b">", start)].rstrip(b"0")) - 8
    flipped = signed[end - 40 : end].translate(bytes.maketrans(b"0123456789abcdef", b"fedcba9876543210"))
    return signed[: end - 40] + flipped + signed[end:]


@pytest.fixture(scope="module")
def samples(pki: TestPKI, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    document = demo_document_pdf()
    leader = PadesSigner(pki.signer("leader")).sign(document)
    made = {
        "leader-bb": leader,
        "leader-blt": PadesSigner(pki.signer("leader"), tsa_url=pki.tsa_url, trust=pki.trust()).sign(
            document, level=PadesLevel.B_LT
        ),
        "stranger": PadesSigner(pki.signer("stranger")).sign(document),
        "revoked": PadesSigner(pki.signer("revoked")).sign(document),
        "expired": _sign_with_pyhanko(pki, "expired", document),  # our signer refuses an expired key
        "tampered": _flip_page_byte(leader),
        "changed-later": _later_change(leader),
        "unsigned-tail": leader + b"\n% appended without a new revision\n",
        "corrupt-cms": _corrupt_cms(leader),
        "unsigned": document,
    }
    directory = tmp_path_factory.mktemp("verify-samples")
    paths = {}
    for name, data in made.items():
        paths[name] = directory / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def _run(path: Path, data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EOFFICE_")}
    env["EOFFICE_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "eoffice", "verify", str(path), "--json", *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_verify_json_on_fresh_data_folder_is_quiet(samples: dict[str, Path], tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh"
    for name, path in samples.items():
        result = _run(path, data_dir)
        assert "Traceback" not in result.stderr + result.stdout, (name, result.stderr)
        assert result.returncode in (0, 1), (name, result.returncode, result.stderr)
        rows = json.loads(result.stdout)
        assert isinstance(rows, list), name
        for row in rows:
            assert set(row) >= FIELDS, (name, row)
            assert row["valid"] is False, (name, row)  # nothing is trusted on a fresh data folder
        assert result.returncode == 1, name
        # one Vietnamese summary line, nothing else
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and ("chữ ký số" in lines[0]), (name, result.stderr)
        expected = 0 if name == "unsigned" else 1
        assert len(rows) == expected, (name, rows)
    # the data folder was not even created: no database, no object store
    assert not data_dir.exists()


def test_problems_are_reported_not_raised(samples: dict[str, Path], tmp_path: Path) -> None:
    codes = {}
    for name in ("tampered", "changed-later", "corrupt-cms", "stranger", "revoked"):
        result = _run(samples[name], tmp_path / "fresh")
        codes[name] = {p["code"] for p in json.loads(result.stdout)[0]["problems"]}
    assert "signature.broken" in codes["tampered"]
    assert "signature.modified_after_signing" in codes["changed-later"]
    assert "signature.broken" in codes["corrupt-cms"]
    assert "signature.untrusted" in codes["stranger"]


def test_library_tracebacks_are_kept_for_debug(samples: dict[str, Path], tmp_path: Path) -> None:
    """What the quiet mode hides exists: with --debug the libraries' log records (tracebacks included)
    reach stderr, and stdout still holds only the JSON."""
    seen = ""
    for name in ("stranger", "corrupt-cms", "tampered"):
        result = _run(samples[name], tmp_path / "fresh", "--debug")
        json.loads(result.stdout)
        seen += result.stderr
    assert "Traceback" in seen


def test_not_a_pdf_fails_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF-1.7\nnot really a pdf\n")
    result = _run(path, tmp_path / "fresh")
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr and "Lỗi [" in result.stderr
