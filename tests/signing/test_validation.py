"""The validation report: problems a reader of a signed document must be told about."""

from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from signing import InvalidPdfError, PadesSigner
from signing.demo_document import demo_document_pdf
from signing.validation import validate_pdf
from tests.signing.conftest import TestPKI


@pytest.fixture(scope="module")
def document() -> bytes:
    return demo_document_pdf()


@pytest.fixture(scope="module")
def signed(pki: TestPKI, document: bytes) -> bytes:
    return PadesSigner(pki.signer("leader")).sign(document)


def codes(data: bytes, pki: TestPKI, **trust: bool) -> list[list[str]]:
    report = validate_pdf(data, pki.trust(**trust))
    return [[problem.code for problem in signature.problems] for signature in report.signatures]


def test_untouched_signature_has_no_problem(pki: TestPKI, signed: bytes) -> None:
    report = validate_pdf(signed, pki.trust())
    assert report.valid
    only = report.signatures[0]
    assert only.coverage == "entire_file"
    assert (
        only.signer is not None
        and only.signer.issuer.endswith("Common Name: CA trung gian thử nghiệm")
        or (only.signer is not None and "CA trung gian thử nghiệm" in only.signer.issuer)
    )
    assert only.summary()["valid"] is True


def test_tampered_bytes_are_broken(pki: TestPKI, signed: bytes) -> None:
    # Change one byte of the page content inside the signed range: "Điều 1" becomes another text.
    position = signed.index(b"stream", 2000) + 20
    tampered = signed[:position] + bytes([signed[position] ^ 0xFF]) + signed[position + 1 :]
    assert codes(tampered, pki)[0][:1] == ["signature.broken"]


def test_content_changed_in_later_revision_is_reported(pki: TestPKI, signed: bytes) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref = writer.find_page_for_modification(0)[0]
    page = page_ref.get_object()
    extra = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 100 100 300 300 re f"))
    page["/Contents"] = generic.ArrayObject([page["/Contents"], extra])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    problems = codes(out.getvalue(), pki)[0]
    assert "signature.modified_after_signing" in problems
    assert "signature.broken" not in problems


def test_unsigned_tail_is_coverage_problem(pki: TestPKI, signed: bytes) -> None:
    problems = codes(signed + b"\n% appended without a new revision\n" * 3, pki)[0]
    assert "signature.coverage_incomplete" in problems


def test_revoked_signer(pki: TestPKI, document: bytes) -> None:
    data = PadesSigner(pki.signer("revoked")).sign(document)  # no trust configured: no pre-check
    report = validate_pdf(data, pki.trust(online=True))
    only = report.signatures[0]
    assert only.revoked and only.revocation == "revoked"
    assert "signature.revoked" in [p.code for p in only.problems]
    assert only.summary()["revoked"] is True


def test_expired_signer(pki: TestPKI, document: bytes) -> None:
    raw = signers.SimpleSigner.load_pkcs12(str(pki.expired_p12), passphrase=pki.password.encode())
    assert raw is not None
    out = io.BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(document)),
        signers.PdfSignatureMetadata(field_name="HetHan"),
        signer=raw,
        output=out,
    )
    assert "signature.expired_certificate" in codes(out.getvalue(), pki)[0]


def test_untrusted_signer(pki: TestPKI, document: bytes) -> None:
    data = PadesSigner(pki.signer("stranger")).sign(document)
    report = validate_pdf(data, pki.trust())
    only = report.signatures[0]
    assert only.intact and not only.trusted
    assert [p.code for p in only.problems] == ["signature.untrusted"]
    assert only.problems[0].message.startswith("Chứng thư số")


def test_garbage_signature_contents_are_broken_not_a_crash(pki: TestPKI, signed: bytes) -> None:
    start = signed.index(b"/Contents <") + len(b"/Contents <")
    garbled = signed[:start] + b"3082" + b"00" * 40 + signed[start + 84 :]
    report = validate_pdf(garbled, pki.trust())
    assert report.signatures[0].problems[0].code == "signature.broken"
    assert not report.valid


@pytest.mark.parametrize("data", [b"", b"not a pdf", b"%PDF-1.7\n1 0 obj <<", b"%PDF-1.4\n" + b"\x00" * 500])
def test_malformed_pdf_is_a_clear_error(pki: TestPKI, data: bytes) -> None:
    with pytest.raises(InvalidPdfError) as error:
        validate_pdf(data, pki.trust())
    assert error.value.code == "signing.invalid_pdf"
