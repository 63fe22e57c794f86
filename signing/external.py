"""Ký từ xa (external signer): the server prepares the PDF, the key holder signs only a digest.

A leader's key often sits on a USB token plugged into their own PC, far from the server that holds the
document. pyHanko's interrupted signing splits the work in three steps, and so does this module:

1. :func:`prepare` (server): reserve the signature in an incremental update, hash the document, build the
   CMS signed attributes and return a :class:`PendingSignature` — serialisable (JSON), kept server-side —
   whose :meth:`~PendingSignature.request` is the small :class:`SigningRequest` sent to the key holder.
2. :func:`sign_request` (key holder, e.g. ``eoffice sign-agent``): sign the request's digest with a local
   key and answer a :class:`SigningResponse` with the raw signature value.
3. :func:`complete` (server): check the raw signature against the certificate — a wrong key or a damaged
   answer is ``signing.external_signature_invalid``, never an invalid PDF — then embed it, add the
   time-stamp for B-T, the validation data for B-LT and the document time-stamp for B-LTA.

The key holder never sees the PDF, and the server never sees the key.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import uuid
from collections.abc import Coroutine, Iterable
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol, TypeVar

from asn1crypto import algos, cms, x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.hazmat.primitives.serialization import pkcs12
from pydantic import BaseModel, ConfigDict, PlainSerializer
from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument, PostSignInstructions, PreSignValidationStatus
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.stamp import BaseStampStyle
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InsufficientRevinfoError,
    NotYetValidError,
    PathBuildingError,
    RevokedError,
)
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.sig_validate import DefaultSignatureValidator, SignatureValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from signing import _layout
from signing._pdf import open_reader, open_writer, refuse_if_locked
from signing._timestamps import StrictTimeStamper
from signing.appearance import Appearance
from signing.errors import (
    CertificateExpiredError,
    CertificateRevokedError,
    CertificateUntrustedError,
    KeyUnavailableError,
    RevocationUnavailableError,
    SigningError,
    SigningFailedError,
    TimestampUnavailableError,
)
from signing.fonts import find_font
from signing.identity import identity_of
from signing.levels import PadesLevel
from signing.pades import FIELD_PREFIX, VIETNAM_TIME
from signing.trust import TrustSettings

SignatureAlgorithm = Literal["rsassa_pkcs1v15", "ecdsa"]
"""Raw signature schemes a key holder is asked for; the ones Vietnamese CAs issue keys for."""

Base64Bytes = Annotated[
    bytes,
    PlainSerializer(lambda value: base64.b64encode(value).decode("ascii"), return_type=str, when_used="json"),
]
"""Bytes as standard base64 in JSON (what any agent, in any language, decodes); URL-safe input is accepted."""

DIGEST_ALGORITHM = "sha256"
_DIGEST_SIZES = {"sha256": 32, "sha384": 48, "sha512": 64}


class ExternalSignatureInvalidError(SigningError):
    """The signature value sent back does not verify against the certificate the document was prepared for."""

    code = "signing.external_signature_invalid"
    default_message = "Chữ ký gửi về không khớp với chứng thư số hoặc với tài liệu đã chuẩn bị để ký."


class SigningRequestInvalidError(SigningError):
    """The key holder refuses a request: unknown algorithm, malformed digest, or meant for another key."""

    code = "signing.request_invalid"
    default_message = "Yêu cầu ký không hợp lệ."


class SigningRequest(BaseModel):
    """What the key holder signs: a digest, its algorithm, and which certificate it is meant for."""

    model_config = ConfigDict(frozen=True, val_json_bytes="base64")

    id: str
    digest_algorithm: str
    digest: Base64Bytes
    signature_algorithm: SignatureAlgorithm
    certificate_sha256: str
    """Hex SHA-256 of the signer's certificate (DER), so an agent never signs with the wrong key."""
    subject: str = ""
    """The certificate's common name, for the agent to show whom it signs as."""


class SigningResponse(BaseModel):
    """The key holder's answer: the raw signature value over :attr:`SigningRequest.digest`."""

    model_config = ConfigDict(frozen=True, val_json_bytes="base64")

    id: str
    signature: Base64Bytes


class PendingSignature(BaseModel):
    """Chữ ký đang chờ: everything :func:`complete` needs, possibly in another process or days later.

    ``document`` is the PDF with the signature's placeholder already written (keep it server-side; the
    key holder only needs :meth:`request`). Serialise with ``model_dump_json()``, load with
    ``PendingSignature.model_validate_json``.
    """

    model_config = ConfigDict(frozen=True, val_json_bytes="base64")

    id: str
    level: PadesLevel
    document: Base64Bytes
    reserved_region_start: int
    reserved_region_end: int
    document_digest: Base64Bytes
    digest_algorithm: str
    signed_attributes: Base64Bytes
    """DER of the CMS signed attributes; the key holder signs their digest."""
    signature_mechanism: Base64Bytes
    """DER of the ``SignedDigestAlgorithm`` the CMS will declare."""
    certificate: Base64Bytes
    chain: tuple[Base64Bytes, ...] = ()

    @property
    def digest(self) -> bytes:
        """The digest the key holder signs: the hash of the DER-encoded signed attributes."""
        return hashlib.new(self.digest_algorithm, self.signed_attributes).digest()

    def signer_certificate(self) -> x509.Certificate:
        return x509.Certificate.load(self.certificate)

    def request(self) -> SigningRequest:
        """The part of this pending signature that goes to the key holder."""
        mechanism = algos.SignedDigestAlgorithm.load(self.signature_mechanism)
        cert = self.signer_certificate()
        return SigningRequest(
            id=self.id,
            digest_algorithm=self.digest_algorithm,
            digest=self.digest,
            signature_algorithm=_scheme(_SCHEME_OF_MECHANISM, mechanism.signature_algo),
            certificate_sha256=cert.sha256.hex(),
            subject=str(cert.subject.native.get("common_name", "")),
        )


class DigestSigner(Protocol):
    """A key that signs precomputed digests: ``signing.Pkcs11Signer`` or :class:`PrivateKeyDigestSigner`."""

    @property
    def certificate(self) -> x509.Certificate: ...

    def sign_digest(self, digest: bytes, digest_algorithm: str) -> bytes: ...


# Raw signature scheme per CMS signature algorithm and per public-key algorithm.
_SCHEME_OF_MECHANISM: dict[str, SignatureAlgorithm] = {"rsassa_pkcs1v15": "rsassa_pkcs1v15", "ecdsa": "ecdsa"}
_SCHEME_OF_KEY: dict[str, SignatureAlgorithm] = {"rsa": "rsassa_pkcs1v15", "ec": "ecdsa"}


def _scheme(table: dict[str, SignatureAlgorithm], algorithm: str) -> SignatureAlgorithm:
    scheme = table.get(algorithm)
    if scheme is None:
        raise SigningFailedError(f"Thuật toán {algorithm} chưa được hỗ trợ khi ký từ xa.")
    return scheme


def _placeholder_signature(cert: x509.Certificate) -> bytes:
    """A stand-in as long as the real signature will be, so the reserved space is right."""
    public_key = cert.public_key
    if public_key.algorithm == "rsa":
        return bytes((public_key.bit_size + 7) // 8)
    # DER ECDSA: SEQUENCE of two INTEGERs, each at most one byte longer than the curve's field.
    field = (public_key.bit_size + 7) // 8
    return bytes(2 * (field + 3) + 3)


_T = TypeVar("_T")


def _run(coro: Coroutine[Any, Any, _T], context: ValidationContext | None) -> _T:
    """Run one top-level operation, then close the HTTP sessions the validation context opened."""

    async def _scoped() -> _T:
        try:
            return await coro
        finally:
            if context is not None:
                await context.aclose()

    return asyncio.run(_scoped())


def _registry(chain: Iterable[x509.Certificate]) -> SimpleCertificateStore:
    registry = SimpleCertificateStore()
    registry.register_multiple(list(chain))
    return registry


def _check_validity(cert: x509.Certificate, now: datetime) -> None:
    validity = cert["tbs_certificate"]["validity"]
    if not validity["not_before"].native <= now <= validity["not_after"].native:
        raise CertificateExpiredError(detail=f"hiệu lực đến {validity['not_after'].native:%Y-%m-%d}")


def _timestamper(level: PadesLevel, tsa_url: str | None, timeout: float) -> TimeStamper | None:
    if not level.needs_timestamp:
        return None
    if tsa_url is None:
        raise TimestampUnavailableError("Chưa cấu hình máy chủ cấp dấu thời gian (TSA) cho mức chữ ký này.")
    return StrictTimeStamper(tsa_url, timeout=timeout)


def _context(
    level: PadesLevel, trust: TrustSettings | None, chain: tuple[x509.Certificate, ...]
) -> ValidationContext | None:
    if not level.needs_revocation_info:
        return None
    if trust is None:
        raise CertificateUntrustedError("Mức B-LT/B-LTA cần cấu hình chứng thư gốc tin cậy.")
    return trust.validation_context(extra_certs=chain)


def _translate(exc: BaseException) -> SigningError:
    """pyHanko and certvalidator errors to this package's codes, looking through the chain of causes."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, SigningError):
            return cause
        if isinstance(cause, TimestampRequestError):
            return TimestampUnavailableError(detail=str(cause))
        if isinstance(cause, RevokedError):
            return CertificateRevokedError(detail=str(cause))
        if isinstance(cause, ExpiredError | NotYetValidError):
            return CertificateExpiredError(detail=str(cause))
        if isinstance(cause, InsufficientRevinfoError):
            return RevocationUnavailableError(detail=str(cause))
        if isinstance(cause, PathBuildingError):
            return CertificateUntrustedError(detail=str(cause))
        cause = cause.__cause__ or cause.__context__
    return SigningFailedError(detail=f"{type(exc).__name__}: {exc}")


def _field_spec(
    pdf: bytes,
    reader: PdfFileReader,
    certificate: x509.Certificate,
    appearance: Appearance | None,
    field_name: str | None,
    font_path: str | None,
) -> tuple[fields.SigFieldSpec, BaseStampStyle | None]:
    """The new signature field, with the Nghị định 30 appearance laid out the way ``PadesSigner`` does."""
    existing = {name for name, _, _ in fields.enumerate_sig_fields(reader)}
    name = field_name
    index = len(existing) + 1
    while name is None or name in existing:
        name, index = f"{FIELD_PREFIX}{index}", index + 1
    if appearance is None:
        return fields.SigFieldSpec(sig_field_name=name), None
    when = _layout.format_time(datetime.now(VIETNAM_TIME))
    placement = _layout.place(appearance, pdf, reader, identity_of(certificate), when, find_font(font_path))
    box = placement.box
    spec = fields.SigFieldSpec(
        sig_field_name=name,
        on_page=box.page,
        box=(int(box.x1), int(box.y1), int(round(box.x2)), int(round(box.y2))),
    )
    return spec, placement.style


def prepare(
    pdf: bytes,
    certificate: x509.Certificate,
    chain: Iterable[x509.Certificate] = (),
    *,
    level: PadesLevel | str = PadesLevel.B_B,
    tsa_url: str | None = None,
    trust: TrustSettings | None = None,
    appearance: Appearance | None = None,
    field_name: str | None = None,
    reason: str | None = None,
    location: str | None = None,
    font_path: str | None = None,
    tsa_timeout: float = 10.0,
) -> PendingSignature:
    """Step 1 (server): write the signature placeholder and compute what the key holder must sign.

    ``tsa_url`` is required from B-T up and ``trust`` (to collect OCSP/CRL answers) from B-LT up; give the
    same values to :func:`complete`. ``appearance`` is laid out exactly as ``PadesSigner.sign`` does. The
    input ``pdf`` is never modified; bad input raises the same errors as local signing.
    """
    chosen = PadesLevel(level)
    chain = tuple(chain)
    reader = open_reader(pdf)
    refuse_if_locked(reader)
    _check_validity(certificate, datetime.now(UTC))
    stamper = _timestamper(chosen, tsa_url, tsa_timeout)
    context = _context(chosen, trust, chain)
    spec, style = _field_spec(pdf, reader, certificate, appearance, field_name, font_path)
    external = signers.ExternalSigner(
        signing_cert=certificate,
        cert_registry=_registry(chain),
        signature_value=_placeholder_signature(certificate),
    )
    mechanism = external.get_signature_mechanism_for_digest(DIGEST_ALGORITHM)
    metadata = signers.PdfSignatureMetadata(
        field_name=spec.sig_field_name,
        md_algorithm=DIGEST_ALGORITHM,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        embed_validation_info=chosen.needs_revocation_info,
        validation_context=context,
        use_pades_lta=chosen is PadesLevel.B_LTA,
    )
    pdf_signer = signers.PdfSigner(
        metadata, signer=external, timestamper=stamper, new_field_spec=spec, stamp_style=style
    )

    async def _prepare() -> tuple[PreparedByteRangeDigest, bytes, cms.CMSAttributes]:
        prepared, _tbs, output = await pdf_signer.async_digest_doc_for_signing(open_writer(pdf))
        signed_attrs = await external.signed_attrs(prepared.document_digest, DIGEST_ALGORITHM, use_pades=True)
        output.seek(0)
        return prepared, output.read(), signed_attrs

    try:
        prepared, document, signed_attrs = _run(_prepare(), context)
    except Exception as exc:
        raise _translate(exc) from exc
    return PendingSignature(
        id=uuid.uuid4().hex,
        level=chosen,
        document=document,
        reserved_region_start=prepared.reserved_region_start,
        reserved_region_end=prepared.reserved_region_end,
        document_digest=prepared.document_digest,
        digest_algorithm=DIGEST_ALGORITHM,
        signed_attributes=signed_attrs.dump(),
        signature_mechanism=mechanism.dump(),
        certificate=certificate.dump(),
        chain=tuple(cert.dump() for cert in chain),
    )


def verify_signature_value(pending: PendingSignature, signature: bytes) -> None:
    """Raise :class:`ExternalSignatureInvalidError` unless ``signature`` is the certificate's key's
    signature over the pending signed attributes."""
    mechanism = algos.SignedDigestAlgorithm.load(pending.signature_mechanism)
    try:
        DefaultSignatureValidator().validate_signature(
            signature,
            pending.signed_attributes,
            pending.signer_certificate().public_key,
            mechanism,
            SignatureValidationContext(contextual_md_algorithm=pending.digest_algorithm),
        )
    except (InvalidSignature, ValueError, TypeError) as exc:
        raise ExternalSignatureInvalidError(detail=type(exc).__name__) from exc


async def _validation_status(
    certificate: x509.Certificate,
    chain: tuple[x509.Certificate, ...],
    context: ValidationContext,
    timestamper: TimeStamper | None,
) -> PreSignValidationStatus:
    """What pyHanko's own pre-sign check gathers for B-LT, redone at completion time."""
    validator = CertificateValidator(certificate, intermediate_certs=list(chain), validation_context=context)
    signer_path = await validator.async_validate_usage(set())
    paths = [signer_path]
    ts_paths = []
    if timestamper is not None:
        async for path in timestamper.validation_paths(context):
            ts_paths.append(path)
    return PreSignValidationStatus(
        signer_path=signer_path,
        validation_paths=paths + ts_paths,
        ts_validation_paths=ts_paths or None,
        ocsps_to_embed=context.ocsps,
        crls_to_embed=context.crls,
    )


def complete(
    pending: PendingSignature,
    signature: bytes,
    *,
    tsa_url: str | None = None,
    trust: TrustSettings | None = None,
    tsa_timeout: float = 10.0,
) -> bytes:
    """Step 3 (server): embed the key holder's ``signature`` and finish the pending PAdES level.

    Returns the signed PDF. Raises :class:`ExternalSignatureInvalidError` when the signature does not
    verify; a time-stamp authority that fails gives ``signing.timestamp_unavailable`` (never a local time).
    """
    verify_signature_value(pending, signature)
    level = pending.level
    stamper = _timestamper(level, tsa_url, tsa_timeout)
    certificate = pending.signer_certificate()
    chain = tuple(x509.Certificate.load(der) for der in pending.chain)
    context = _context(level, trust, chain)
    external = signers.ExternalSigner(
        signing_cert=certificate,
        cert_registry=_registry(chain),
        signature_value=signature,
        signature_mechanism=algos.SignedDigestAlgorithm.load(pending.signature_mechanism),
    )

    async def _complete() -> bytes:
        container = await external.async_sign_prescribed_attributes(
            pending.digest_algorithm, cms.CMSAttributes.load(pending.signed_attributes), timestamper=stamper
        )
        instructions = None
        if context is not None:
            instructions = PostSignInstructions(
                validation_info=await _validation_status(certificate, chain, context, stamper),
                timestamper=stamper if level is PadesLevel.B_LTA else None,
                timestamp_md_algorithm=pending.digest_algorithm,
            )
        output = BytesIO(pending.document)
        await PdfTBSDocument.async_finish_signing(
            output,
            PreparedByteRangeDigest(
                document_digest=pending.document_digest,
                reserved_region_start=pending.reserved_region_start,
                reserved_region_end=pending.reserved_region_end,
            ),
            container,
            post_sign_instr=instructions,
            validation_context=context,
        )
        return output.getvalue()

    try:
        return _run(_complete(), context)
    except Exception as exc:
        raise _translate(exc) from exc


def sign_request(request: SigningRequest, signer: DigestSigner) -> SigningResponse:
    """Step 2 (key holder): sign the request's digest, after checking it is meant for this key."""
    certificate = signer.certificate
    if request.certificate_sha256.lower() != certificate.sha256.hex():
        raise KeyUnavailableError(
            "Yêu cầu ký dành cho một chứng thư số khác với khóa đang dùng.",
            detail=f"cần {request.certificate_sha256}",
        )
    expected = _DIGEST_SIZES.get(request.digest_algorithm.lower())
    if expected is None or len(request.digest) != expected:
        raise SigningRequestInvalidError(
            "Giá trị băm hoặc thuật toán băm trong yêu cầu ký không hợp lệ.", detail=request.digest_algorithm
        )
    if request.signature_algorithm != _scheme(_SCHEME_OF_KEY, certificate.public_key.algorithm):
        raise SigningRequestInvalidError(
            "Thuật toán ký trong yêu cầu không phù hợp với loại khóa.", detail=request.signature_algorithm
        )
    return SigningResponse(
        id=request.id, signature=signer.sign_digest(request.digest, request.digest_algorithm)
    )


class PrivateKeyDigestSigner:
    """A :class:`DigestSigner` over a key held in memory: the agent's PKCS#12 (.p12/.pfx) key source."""

    def __init__(self, key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, certificate: x509.Certificate):
        self._key = key
        self._certificate = certificate

    @classmethod
    def from_pkcs12(cls, path: str | Path, password: str | bytes | None) -> PrivateKeyDigestSigner:
        """Open a PKCS#12 file; a wrong password or an unreadable file is ``signing.key_unavailable``."""
        secret = password.encode() if isinstance(password, str) else password
        try:
            key, cert, _others = pkcs12.load_key_and_certificates(Path(path).read_bytes(), secret)
        except (OSError, ValueError, TypeError) as exc:
            raise KeyUnavailableError(detail=str(exc)) from exc
        if cert is None or not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
            raise KeyUnavailableError("Tệp PKCS#12 không chứa khóa RSA/ECDSA và chứng thư số của người ký.")
        return cls(key, translate_pyca_cryptography_cert_to_asn1(cert))

    @property
    def certificate(self) -> x509.Certificate:
        return self._certificate

    def sign_digest(self, digest: bytes, digest_algorithm: str) -> bytes:
        prehashed = utils.Prehashed(get_pyca_cryptography_hash(digest_algorithm))
        if isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(digest, padding.PKCS1v15(), prehashed)
        return self._key.sign(digest, ec.ECDSA(prehashed))
