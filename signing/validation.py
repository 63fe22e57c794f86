"""Báo cáo xác thực chữ ký số: one report per signature in a PDF, with stable problem codes.

Reads signatures made by any software (eOffice, Adobe, DSS, iText, the Vietnamese CA tools), document
time-stamps included. Embedded validation data (the DSS) is used first, so B-LT/B-LTA documents validate with
no network; fetching OCSP/CRL online is allowed or not by ``TrustSettings``. A malformed PDF raises
``InvalidPdfError``; a malformed signature inside a readable PDF becomes a ``signature.broken`` problem.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESSubIndic
from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import (
    async_validate_pdf_signature,
    async_validate_pdf_timestamp,
)
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel

from signing._pdf import open_reader
from signing.errors import InvalidPdfError
from signing.identity import CertificateIdentity, identity_of
from signing.levels import PadesLevel
from signing.trust import TrustSettings
from signing.vn_trust import fingerprint

WEAK_DIGESTS = frozenset({"md2", "md5", "sha1"})

MESSAGES = {
    "signature.broken": "Chữ ký không hợp lệ: kiểm tra mật mã thất bại, nội dung đã bị thay đổi hoặc chữ ký hỏng.",
    "signature.modified_after_signing": "Văn bản đã bị sửa đổi sau khi ký theo cách chữ ký này không cho phép.",
    "signature.coverage_incomplete": "Chữ ký không bao phủ toàn bộ phiên bản văn bản đã ký.",
    "signature.untrusted": "Chứng thư số của người ký không thuộc chuỗi tin cậy đã cấu hình.",
    "signature.revoked": "Chứng thư số của người ký đã bị thu hồi.",
    "signature.expired_certificate": "Chứng thư số của người ký đã hết hạn hoặc chưa có hiệu lực tại thời điểm ký.",
    "signature.timestamp_invalid": "Dấu thời gian của chữ ký không hợp lệ hoặc không đáng tin cậy.",
    "signature.weak_algorithm": "Chữ ký dùng thuật toán mật mã yếu, không còn an toàn.",
    "signature.revocation_unknown": "Không xác định được tình trạng thu hồi của chứng thư số.",
    "signature.revocation_not_checked": (
        "Chưa kiểm tra tình trạng thu hồi của chứng thư số: văn bản không kèm dữ liệu thu hồi và hệ thống "
        "không truy cập địa chỉ do chứng thư chỉ định (chỉ dùng máy chủ thu hồi đã cấu hình)."
    ),
}


class Problem(BaseModel):
    """Một vấn đề của chữ ký: stable ``code`` and Vietnamese ``message``."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str

    @classmethod
    def of(cls, code: str) -> Problem:
        return cls(code=code, message=MESSAGES[code])


class TimestampInfo(BaseModel):
    """Dấu thời gian (RFC 3161) của chữ ký hoặc của văn bản."""

    time: datetime
    authority: str
    valid: bool
    trusted: bool


class SignatureReport(BaseModel):
    """Kết quả xác thực một chữ ký."""

    field_name: str
    kind: str  # "signature" or "document_timestamp"
    signer: CertificateIdentity | None
    signing_time: datetime | None
    timestamp: TimestampInfo | None
    intact: bool
    cryptographically_valid: bool
    trusted: bool
    revoked: bool
    revocation: str  # "good", "revoked", "unknown", "not_checked" (no revocation data was at hand)
    level: PadesLevel | None
    trust_profile: str | None = None  # the label of the root that anchored it (`TrustSettings.anchor_labels`)
    digest_algorithm: str | None
    coverage: str | None
    modification_level: str | None
    changes_after: str | None
    problems: list[Problem]

    @property
    def valid(self) -> bool:
        """Bottom line: intact, trusted, not revoked, nothing forbidden changed — no problems at all."""
        return not self.problems

    def summary(self) -> dict[str, Any]:
        """The stable ``eoffice verify --json`` shape."""
        return {
            "signer": self.signer.common_name if self.signer else None,
            "signing_time": self.signing_time.isoformat() if self.signing_time else None,
            "level": self.level.value if self.level else None,
            "intact": self.intact,
            "trusted": self.trusted,
            "revoked": self.revoked,
            "valid": self.valid,
            "problems": [problem.model_dump() for problem in self.problems],
        }


class ValidationReport(BaseModel):
    """Báo cáo xác thực cho cả văn bản."""

    signatures: list[SignatureReport]

    @property
    def valid(self) -> bool:
        return bool(self.signatures) and all(report.valid for report in self.signatures)


def _trust_problems(indic: AdESSubIndic | None) -> list[str]:
    if indic is None:
        return []
    name = getattr(indic, "name", str(indic))
    if "REVOKED" in name:
        return ["signature.revoked"]
    if name in ("EXPIRED", "NOT_YET_VALID", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"):
        return ["signature.expired_certificate"]
    if name.startswith("CRYPTO_CONSTRAINTS"):
        return ["signature.weak_algorithm"]
    if name in ("TRY_LATER", "REVOCATION_OUT_OF_BOUNDS_NO_POE"):
        return ["signature.revocation_unknown", "signature.untrusted"]
    return ["signature.untrusted"]


def _dss(reader: PdfFileReader) -> DocumentSecurityStore | None:
    try:
        return DocumentSecurityStore.read_dss(reader)
    except Exception:
        return None


def _context_kwargs(trust: TrustSettings) -> dict[str, Any]:
    return {
        "trust_roots": list(trust.roots),
        "other_certs": list(trust.intermediates),
        **trust.context_options(),
        "revocation_mode": "hard-fail" if trust.revocation_hard_fail else "soft-fail",
        "retroactive_revinfo": True,
    }


def _contexts(trust: TrustSettings, dss: DocumentSecurityStore | None) -> Any:
    kwargs = _context_kwargs(trust)
    if dss is not None:
        return dss.as_validation_context(kwargs)
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(**kwargs)


def _dss_covers(dss: DocumentSecurityStore, cert: Any) -> bool:
    """Whether the DSS holds an OCSP answer for ``cert`` or a CRL from its issuer (B-LT material)."""
    try:
        return _covers(dss.as_validation_context({}), cert)
    except Exception:
        return False


def _declares_revocation(cert: Any) -> bool:
    """Whether the certificate names an OCSP responder or a CRL distribution point."""
    try:
        return bool(cert.ocsp_urls or cert.crl_distribution_points)
    except Exception:
        return False


def _covers(context: Any, cert: Any) -> bool:
    """Whether ``context`` (embedded, configured or fetched data) holds an OCSP answer about ``cert`` or a
    CRL from its issuer: if not, its revocation status was not checked, whatever the policy tolerated."""
    try:
        for response in context.ocsps:
            for single in response["response_bytes"]["response"].parsed["tbs_response_data"]["responses"]:
                if single["cert_id"]["serial_number"].native == cert.serial_number:
                    return True
        return any(crl.issuer == cert.issuer for crl in context.crls)
    except Exception:
        return False


def _level(
    embedded: EmbeddedPdfSignature,
    has_timestamp: bool,
    dss: DocumentSecurityStore | None,
    doc_timestamp_revisions: list[int],
) -> PadesLevel:
    if not has_timestamp:
        return PadesLevel.B_B
    if dss is None or not _dss_covers(dss, embedded.signer_cert):
        return PadesLevel.B_T
    revision = embedded.signed_revision
    if any(ts_revision > revision for ts_revision in doc_timestamp_revisions):
        return PadesLevel.B_LTA
    return PadesLevel.B_LT


def _change_summary(status: Any) -> tuple[str | None, str | None]:
    level = status.modification_level
    diff = getattr(status, "diff_result", None)
    if isinstance(diff, SuspiciousModification):
        return (level.name.lower() if level else None), str(diff)
    return (level.name.lower() if level else None), None


def _broken_report(embedded: EmbeddedPdfSignature, kind: str, detail: str, code: str) -> SignatureReport:
    signer = None
    try:
        signer = identity_of(embedded.signer_cert)
    except Exception:
        signer = None
    return SignatureReport(
        field_name=str(embedded.field_name),
        kind=kind,
        signer=signer,
        signing_time=None,
        timestamp=None,
        intact=False,
        cryptographically_valid=False,
        trusted=False,
        revoked=False,
        revocation="unknown",
        level=None,
        digest_algorithm=None,
        coverage=None,
        modification_level=None,
        changes_after=detail,
        problems=[Problem.of(code)],
    )


async def _validate_one(
    embedded: EmbeddedPdfSignature,
    trust: TrustSettings,
    dss: DocumentSecurityStore | None,
    doc_timestamp_revisions: list[int],
) -> SignatureReport:
    is_doc_ts = embedded.sig_object.get("/Type") == "/DocTimeStamp"
    kind = "document_timestamp" if is_doc_ts else "signature"
    context = _contexts(trust, dss)
    try:
        if is_doc_ts:
            status: Any = await async_validate_pdf_timestamp(embedded, validation_context=context)
        else:
            status = await async_validate_pdf_signature(
                embedded,
                signer_validation_context=context,
                ts_validation_context=_contexts(trust, dss),
            )
    except Exception as exc:  # a signature pyHanko cannot even evaluate
        weak = "weak" in str(exc).lower() or "sha1" in str(exc).lower() or "md5" in str(exc).lower()
        code = "signature.weak_algorithm" if weak else "signature.broken"
        return _broken_report(embedded, kind, f"{type(exc).__name__}: {exc}", code)

    problems: list[str] = []
    if not status.intact or not status.valid:
        problems.append("signature.broken")
    problems.extend(_trust_problems(status.trust_problem_indic))
    if str(status.md_algorithm).lower() in WEAK_DIGESTS:
        problems.append("signature.weak_algorithm")
    coverage = status.coverage
    if coverage is not None and coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        problems.append("signature.coverage_incomplete")
    modification_level = status.modification_level
    if (
        (modification_level is not None and modification_level == ModificationLevel.OTHER)
        or status.docmdp_ok is False
        or isinstance(getattr(status, "diff_result", None), SuspiciousModification)
    ):
        problems.append("signature.modified_after_signing")

    timestamp_info = None
    ts_status = status if is_doc_ts else status.timestamp_validity
    if ts_status is not None:
        timestamp_info = TimestampInfo(
            time=ts_status.timestamp,
            authority=identity_of(ts_status.signing_cert).common_name,
            valid=bool(ts_status.intact and ts_status.valid),
            trusted=bool(ts_status.trusted),
        )
        if not is_doc_ts and not (timestamp_info.valid and timestamp_info.trusted):
            problems.append("signature.timestamp_invalid")

    revoked = bool(status.revoked)
    if revoked and "signature.revoked" not in problems:
        problems.append("signature.revoked")
    checked = revoked or _covers(context, status.signing_cert)
    if revoked:
        revocation = "revoked"
    elif "signature.revocation_unknown" in problems:
        revocation = "unknown"
    elif not checked:
        revocation = "not_checked"
        if _declares_revocation(status.signing_cert):
            problems.append("signature.revocation_not_checked")
    else:
        revocation = "good"
    expired = any(code.startswith("signature.expired") for code in problems)
    if not status.trusted and not revoked and not expired and "signature.untrusted" not in problems:
        problems.append("signature.untrusted")
    change_level, change_detail = _change_summary(status)
    unique = list(dict.fromkeys(problems))
    profile = _anchor_label(status, trust) if status.trusted else None
    return SignatureReport(
        field_name=str(embedded.field_name),
        kind=kind,
        signer=identity_of(status.signing_cert),
        signing_time=None if is_doc_ts else status.signer_reported_dt,
        timestamp=timestamp_info,
        intact=bool(status.intact),
        cryptographically_valid=bool(status.valid),
        trusted=bool(status.trusted),
        revoked=revoked,
        revocation=revocation,
        level=None if is_doc_ts else _level(embedded, ts_status is not None, dss, doc_timestamp_revisions),
        trust_profile=profile,
        digest_algorithm=str(status.md_algorithm),
        coverage=coverage.name.lower() if coverage is not None else None,
        modification_level=change_level,
        changes_after=change_detail,
        problems=[Problem.of(code) for code in unique],
    )


def _anchor_label(status: Any, trust: TrustSettings) -> str | None:
    """The label of the trust anchor pyHanko's validation path ended at, if the settings name it."""
    path = getattr(status, "validation_path", None)
    certificate = getattr(getattr(path, "trust_anchor", None), "certificate", None) if path else None
    return trust.label_of(fingerprint(certificate)) if certificate is not None else None


def _unreadable_report(field_name: str, detail: str) -> SignatureReport:
    return SignatureReport(
        field_name=field_name,
        kind="signature",
        signer=None,
        signing_time=None,
        timestamp=None,
        intact=False,
        cryptographically_valid=False,
        trusted=False,
        revoked=False,
        revocation="unknown",
        level=None,
        digest_algorithm=None,
        coverage=None,
        modification_level=None,
        changes_after=detail,
        problems=[Problem.of("signature.broken")],
    )


def _collect(reader: PdfFileReader) -> tuple[list[EmbeddedPdfSignature], list[SignatureReport]]:
    """Signatures pyHanko can parse (in signing order), and reports for the ones it cannot."""
    try:
        fields = list(enumerate_sig_fields(reader, filled_status=True))
    except Exception as exc:
        raise InvalidPdfError(detail=f"{type(exc).__name__}: {exc}") from exc
    parsed: list[EmbeddedPdfSignature] = []
    unreadable: list[SignatureReport] = []
    for name, _, field in fields:
        try:
            embedded = EmbeddedPdfSignature(reader, field, name)
            _ = embedded.signed_revision
            parsed.append(embedded)
        except Exception as exc:
            unreadable.append(_unreadable_report(str(name), f"{type(exc).__name__}: {exc}"))
    parsed.sort(key=lambda embedded: embedded.signed_revision)
    return parsed, unreadable


def _unsigned_tail(data: bytes) -> bool:
    """Bytes after the last ``%%EOF`` that belong to no revision: no signature covers them."""
    end = data.rfind(b"%%EOF")
    return end >= 0 and bool(data[end + 5 :].strip(b"\r\n\t \x00"))


async def async_validate_pdf(data: bytes, trust: TrustSettings) -> ValidationReport:
    """Validate every signature and document time-stamp in ``data`` (see module docstring)."""
    reader = open_reader(data)
    signatures, unreadable = _collect(reader)
    dss = _dss(reader)
    doc_ts_revisions = [
        sig.signed_revision for sig in signatures if sig.sig_object.get("/Type") == "/DocTimeStamp"
    ]
    reports = [await _validate_one(sig, trust, dss, doc_ts_revisions) for sig in signatures]
    if _unsigned_tail(data):
        incomplete = Problem.of("signature.coverage_incomplete")
        for report in reports:
            if incomplete not in report.problems:
                report.problems.append(incomplete)
    return ValidationReport(signatures=reports + unreadable)


def validate_pdf(data: bytes, trust: TrustSettings) -> ValidationReport:
    """Synchronous wrapper of :func:`async_validate_pdf`."""
    return asyncio.run(async_validate_pdf(data, trust))
