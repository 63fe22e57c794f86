"""Checking the sender's signatures on a received package's PDFs with `signing.validate_pdf`.

A package is refused when it carries no PDF, when a PDF carries no signature, when any signature is not
intact (the file changed after signing) or its certificate is revoked, and — with
`EOFFICE_EXCHANGE_REQUIRE_TRUSTED_SIGNATURE` (default on) — when a signer does not chain to a trust root.
The per-file report is stored with the received item either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from asn1crypto import pem, x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.exchange.edxml import DocumentPackage
from eoffice.file_kinds import has_pdf_header
from eoffice.keys import ca_certificate_key, configured_trust
from eoffice.orgs.models import Agency
from signing import InvalidPdfError, SigningError, TrustSettings, validate_pdf

_INTEGRITY = frozenset(
    {"signature.broken", "signature.modified_after_signing", "signature.coverage_incomplete"}
)


@dataclass(frozen=True)
class SignatureCheck:
    report: list[dict[str, Any]]  # [{file, valid, signatures: [eoffice verify --json rows]}]
    problems: list[str]  # Vietnamese reasons to refuse; empty when the package may go to the văn thư

    @property
    def ok(self) -> bool:
        return not self.problems


def _certificates(data: bytes) -> list[x509.Certificate]:
    if pem.detect(data):
        return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
    return [x509.Certificate.load(data)]


def trust_settings(session: Session, backends: Backends) -> TrustSettings:
    """The configured trust (Vietnamese profiles, EOFFICE_TRUST_ROOTS) plus the demo CAs of this
    installation's agencies."""
    roots: list[x509.Certificate] = []
    for code in session.scalars(select(Agency.code)):
        key = ca_certificate_key(code)
        if backends.objects.exists(key):
            roots += _certificates(b"".join(backends.objects.get(key)))
    return configured_trust(backends.settings).combined(TrustSettings(roots=tuple(roots)))


def check_signatures(
    package: DocumentPackage, trust: TrustSettings, *, require_trusted: bool
) -> SignatureCheck:
    report: list[dict[str, Any]] = []
    problems: list[str] = []
    pdfs = [a for a in package.attachments if has_pdf_header(a.data)]
    if not pdfs:
        problems.append("Gói tin không có văn bản PDF mang chữ ký số của cơ quan gửi.")
    for attachment in pdfs:
        try:
            result = validate_pdf(attachment.data, trust)
        except (InvalidPdfError, SigningError) as exc:
            problems.append(f"Tệp “{attachment.name}” không đọc được để xác thực chữ ký: {exc}")
            report.append({"file": attachment.name, "valid": False, "signatures": [], "error": str(exc)})
            continue
        report.append(
            {
                "file": attachment.name,
                "valid": result.valid,
                "signatures": [signature.summary() for signature in result.signatures],
            }
        )
        if not result.signatures:
            problems.append(f"Tệp “{attachment.name}” không có chữ ký số.")
        for signature in result.signatures:
            who = signature.signer.common_name if signature.signer else "(không rõ)"
            codes = {problem.code for problem in signature.problems}
            if not signature.intact or codes & _INTEGRITY:
                details = "; ".join(p.message for p in signature.problems if p.code in _INTEGRITY)
                problems.append(
                    f"Tệp “{attachment.name}”: chữ ký của {who} không còn nguyên vẹn — văn bản đã bị thay đổi "
                    f"sau khi ký{': ' + details if details else ''}."
                )
            elif signature.revoked:
                problems.append(f"Tệp “{attachment.name}”: chứng thư số của {who} đã bị thu hồi.")
            elif require_trusted and not signature.trusted:
                problems.append(
                    f"Tệp “{attachment.name}”: chứng thư số của {who} không thuộc chuỗi tin cậy đã cấu hình."
                )
    return SignatureCheck(report, problems)
