"""Signing benchmark: raw pyHanko vs eOffice's ``signing`` side by side, on the same 2-page PDF and key.

Run: ``.venv/bin/python bench/signing_bench.py [--rounds N]``. Prints medians per signature for
- raw pyHanko: ``SimpleSigner.load_pkcs12`` once, then ``signers.sign_pdf`` per signature (invisible B-B);
- ours: ``Pkcs12Signer`` once, then ``PadesSigner.sign`` with a visible Nghị định 30 leader appearance (B-B);
- a batch of 100 documents signed by ours (visible B-B);
- validation of one signature: ``pyhanko validate_pdf_signature`` vs ``signing.validation.validate_pdf``.
The key is RSA-2048, issued by a throw-away CA made here (no network, no certomancer needed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import tempfile
import time
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from signing import LeaderAppearance, PadesSigner, Pkcs12Signer, SignerBlock, TrustSettings
from signing.demo_document import demo_document_pdf
from signing.demo_images import signature_image
from signing.validation import validate_pdf

PASSWORD = b"bench"


def make_pki(directory: Path) -> tuple[Path, bytes]:
    """A CA and a leader certificate (RSA-2048) as a PKCS#12 file; returns (p12 path, CA cert DER)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CA thử nghiệm (bench)")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leader = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Văn An"),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND tỉnh Demo"),
                ]
            )
        )
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    p12 = directory / "leader.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"leader", key, leader, [ca], serialization.BestAvailableEncryption(PASSWORD)
        )
    )
    return p12, ca.public_bytes(serialization.Encoding.DER)


def timed(function, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    document = demo_document_pdf()
    with tempfile.TemporaryDirectory() as tmp:
        p12, ca_der = make_pki(Path(tmp))
        root = asn1_x509.Certificate.load(ca_der)

        raw_signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=PASSWORD)
        assert raw_signer is not None

        def raw_sign() -> bytes:
            out = io.BytesIO()
            signers.sign_pdf(
                IncrementalPdfFileWriter(io.BytesIO(document)),
                signers.PdfSignatureMetadata(field_name="Sig1"),
                signer=raw_signer,
                output=out,
            )
            return out.getvalue()

        ours = PadesSigner(Pkcs12Signer.load(p12, PASSWORD))
        appearance = LeaderAppearance(
            signature_image("Nguyễn Văn An"), SignerBlock("Nguyễn Văn An", "CHỦ TỊCH")
        )

        def our_sign() -> bytes:
            return ours.sign(document, appearance=appearance)

        raw_sign()
        our_sign()  # warm-up: font subset and image are prepared once per process
        raw = timed(raw_sign, args.rounds)
        mine = timed(our_sign, args.rounds)

        batch_start = time.perf_counter()
        for _ in range(100):
            our_sign()
        batch = time.perf_counter() - batch_start

        signed_raw = raw_sign()
        signed_ours = our_sign()
        trust = TrustSettings(roots=(root,), allow_fetching=False)

        def raw_validate() -> None:
            reader = PdfFileReader(io.BytesIO(signed_ours))
            validate_pdf_signature(
                reader.embedded_signatures[0],
                signer_validation_context=ValidationContext(trust_roots=[root], allow_fetching=False),
            )

        def our_validate() -> None:
            validate_pdf(signed_ours, trust)

        raw_validate()
        our_validate()
        raw_v = timed(raw_validate, args.rounds)
        our_v = timed(our_validate, args.rounds)
        assert validate_pdf(signed_ours, trust).valid and len(signed_raw) > len(document)

    raw_ms, our_ms = statistics.median(raw) * 1000, statistics.median(mine) * 1000
    raw_v_ms, our_v_ms = statistics.median(raw_v) * 1000, statistics.median(our_v) * 1000
    print(f"raw pyHanko sign_pdf (invisible B-B), median : {raw_ms:7.1f} ms")
    print(f"eOffice PadesSigner (visible B-B), median    : {our_ms:7.1f} ms  ({our_ms / raw_ms:.3f}x raw)")
    print(f"eOffice batch of 100 visible B-B signatures  : {batch:7.2f} s")
    print(f"raw pyHanko validate_pdf_signature, median   : {raw_v_ms:7.1f} ms")
    print(
        f"eOffice validate_pdf, median                 : {our_v_ms:7.1f} ms  ({our_v_ms / raw_v_ms:.3f}x raw)"
    )


if __name__ == "__main__":
    main()
