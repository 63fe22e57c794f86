"""Ký số PAdES: sign a PDF at B-B, B-T, B-LT or B-LTA with a Nghị định 30 appearance.

``PadesSigner`` binds one key source (``signing.Signer``) to its settings and is meant to be reused: the key,
the font subset and the images stay prepared between documents, so a clerk's batch of a hundred documents
costs little more than a hundred RSA operations. Every signature is an incremental update: earlier
signatures stay valid, and the input bytes are never modified (``sign_file`` writes a new file atomically).
"""

from __future__ import annotations

import asyncio
import io
import os
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pyhanko.sign import fields, signers
from pyhanko.sign.fields import FieldMDPAction, FieldMDPSpec, MDPPerm, SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko_certvalidator import CertificateValidator
from pyhanko_certvalidator.errors import (
    ExpiredError,
    NotYetValidError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
    ValidationError,
)

from signing import _layout
from signing._pdf import open_reader, open_writer, refuse_if_locked
from signing._timestamps import StrictTimeStamper
from signing.appearance import Appearance
from signing.errors import (
    CertificateExpiredError,
    CertificateRevokedError,
    CertificateUntrustedError,
    RevocationUnavailableError,
    SigningError,
    SigningFailedError,
    TimestampUnavailableError,
)
from signing.fonts import find_font
from signing.levels import PadesLevel
from signing.signer import Signer
from signing.trust import TrustSettings

VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")
FIELD_PREFIX = "ChuKySo"


def _cause_chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _translate(exc: BaseException) -> SigningError:
    """Our error for whatever pyHanko raised, looking through the chain of causes."""
    for cause in _cause_chain(exc):
        if isinstance(cause, SigningError):
            return cause
        if isinstance(cause, RevokedError):
            return CertificateRevokedError(detail=str(cause))
        if isinstance(cause, ExpiredError | NotYetValidError):
            return CertificateExpiredError(detail=str(cause))
        if isinstance(cause, PathBuildingError):
            return CertificateUntrustedError(detail=str(cause))
    return SigningFailedError(detail=f"{type(exc).__name__}: {exc}")


class PadesSigner:
    """Ký văn bản PDF bằng một khóa: reusable across documents.

    ``trust`` is required for B-LT/B-LTA (revocation data is collected with it) and, when given, the signer's
    certificate is checked against it (trusted, not revoked) before anything is signed.
    """

    def __init__(
        self,
        signer: Signer,
        *,
        default_level: PadesLevel | str = PadesLevel.B_B,
        tsa_url: str | None = None,
        trust: TrustSettings | None = None,
        font_path: str | None = None,
        tsa_timeout: float = 10.0,
        reason: str | None = None,
        location: str | None = None,
    ) -> None:
        self._signer = signer
        self.default_level = PadesLevel(default_level)
        self.tsa_url = tsa_url
        self.trust = trust
        self._font_override = font_path
        self._timestamper = StrictTimeStamper(tsa_url, timeout=tsa_timeout) if tsa_url else None
        self.reason = reason
        self.location = location

    @property
    def signer(self) -> Signer:
        return self._signer

    def _check_validity_period(self, moment: datetime) -> None:
        validity = self._signer.certificate["tbs_certificate"]["validity"]
        if not validity["not_before"].native <= moment <= validity["not_after"].native:
            raise CertificateExpiredError(
                detail=f"hiệu lực {validity['not_before'].native:%Y-%m-%d} – {validity['not_after'].native:%Y-%m-%d}"
            )

    def _check_certificate(self, trust: TrustSettings) -> None:
        validator = CertificateValidator(
            self._signer.certificate,
            intermediate_certs=list(self._signer.chain),
            validation_context=trust.validation_context(extra_certs=self._signer.chain),
        )
        try:
            asyncio.run(validator.async_validate_usage({"non_repudiation"}))
        except (PathValidationError, PathBuildingError, ValidationError) as exc:
            raise _translate(exc) from exc

    def _reserve(self, level: PadesLevel) -> int | None:
        """Bytes to reserve for the CMS container, so pyHanko can skip its dry-run size estimate.

        The estimate builds and encodes a whole throw-away CMS object, which costs as much as the real one.
        B-B/B-T sizes are predictable (certificates + one RSA signature + attributes, plus one time-stamp
        token); B-LT/B-LTA are left to pyHanko because they embed revocation data of unknown size.
        """
        if level.needs_revocation_info:
            return None
        certificates = sum(len(cert.dump()) for cert in (self._signer.certificate, *self._signer.chain))
        reserve = certificates + 4096
        if level.needs_timestamp:
            reserve += 3 * certificates + 8192
        return 2 * reserve  # pyHanko counts hex digits

    def _field_name(self, existing: set[str]) -> str:
        index = len(existing) + 1
        while f"{FIELD_PREFIX}{index}" in existing:
            index += 1
        return f"{FIELD_PREFIX}{index}"

    def sign(
        self,
        pdf: bytes,
        *,
        level: PadesLevel | str | None = None,
        appearance: Appearance | None = None,
        lock: bool = False,
        field_name: str | None = None,
    ) -> bytes:
        """Return ``pdf`` with one more signature; ``lock`` forbids any later change (DocMDP "no changes").

        Raises a ``signing.SigningError`` subclass for bad input, an unusable certificate or an unreachable
        time-stamp authority; nothing is produced in that case.
        """
        chosen = PadesLevel(level) if level is not None else self.default_level
        reader = open_reader(pdf)
        refuse_if_locked(reader)
        now = datetime.now(VIETNAM_TIME)
        self._check_validity_period(now)
        if chosen.needs_timestamp and self._timestamper is None:
            raise TimestampUnavailableError(
                "Chưa cấu hình máy chủ cấp dấu thời gian (TSA) cho mức chữ ký này."
            )
        if chosen.needs_revocation_info and self.trust is None:
            raise CertificateUntrustedError("Mức B-LT/B-LTA cần cấu hình chứng thư gốc tin cậy.")
        if self.trust is not None:
            self._check_certificate(self.trust)

        existing = {name for name, _, _ in fields.enumerate_sig_fields(reader)}
        name = field_name or self._field_name(existing)
        lock_args: dict[str, object] = {}
        if lock:
            lock_args = {
                "doc_mdp_update_value": MDPPerm.NO_CHANGES,
                "field_mdp_spec": FieldMDPSpec(FieldMDPAction.ALL),
            }
        style = None
        if appearance is not None:
            placement = _layout.place(
                appearance,
                pdf,
                reader,
                self._signer.identity,
                _layout.format_time(now),
                find_font(self._font_override),
            )
            box = placement.box
            spec = SigFieldSpec(
                sig_field_name=name,
                on_page=box.page,
                box=(int(box.x1), int(box.y1), int(round(box.x2)), int(round(box.y2))),
                **lock_args,  # type: ignore[arg-type]
            )
            style = placement.style
        else:
            spec = SigFieldSpec(sig_field_name=name, **lock_args)  # type: ignore[arg-type]

        metadata = signers.PdfSignatureMetadata(
            field_name=name,
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            embed_validation_info=chosen.needs_revocation_info,
            use_pades_lta=chosen is PadesLevel.B_LTA,
            validation_context=(
                self.trust.validation_context(extra_certs=self._signer.chain)
                if chosen.needs_revocation_info and self.trust is not None
                else None
            ),
            reason=self.reason,
            location=self.location,
        )
        pdf_signer = signers.PdfSigner(
            metadata,
            signer=self._signer.pyhanko_signer(),
            timestamper=self._timestamper if chosen.needs_timestamp else None,
            stamp_style=style,
            new_field_spec=spec,
        )
        output = io.BytesIO()
        try:
            pdf_signer.sign_pdf(open_writer(pdf), output=output, bytes_reserved=self._reserve(chosen))
        except SigningError:
            raise
        except PyHankoSigningError as exc:
            translated = _translate(exc)
            if isinstance(translated, SigningFailedError) and chosen.needs_revocation_info:
                raise RevocationUnavailableError(detail=str(exc)) from exc
            raise translated from exc
        except Exception as exc:
            raise _translate(exc) from exc
        return output.getvalue()

    def sign_file(
        self,
        source: str | Path,
        destination: str | Path,
        *,
        level: PadesLevel | str | None = None,
        appearance: Appearance | None = None,
        lock: bool = False,
    ) -> None:
        """Sign ``source`` into a new file ``destination``, written atomically (never the source itself)."""
        source, destination = Path(source), Path(destination)
        if destination.exists() and source.resolve() == destination.resolve():
            raise SigningFailedError("Tệp kết quả phải khác tệp gốc; văn bản gốc không bao giờ bị ghi đè.")
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise SigningFailedError("Không đọc được tệp cần ký.", detail=str(exc)) from exc
        signed = self.sign(data, level=level, appearance=appearance, lock=lock)
        write_atomically(destination, signed)


def write_atomically(destination: Path, data: bytes) -> None:
    """Write to a temporary file beside ``destination`` and rename it into place."""
    handle, temporary = tempfile.mkstemp(prefix=".signing-", suffix=".pdf", dir=destination.parent or ".")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
