"""Hình thức chữ ký số theo Nghị định 30/2020/NĐ-CP, Phụ lục I: what each kind of signature looks like.

- The leader's signature (chữ ký của người có thẩm quyền): the blue image of the handwritten signature, centred
  in the free room between the position line and the full name, overlapping no text. Phụ lục I shows no
  text with it; ``details=True`` adds the signer, the agency and the signing time beneath the image.
- The agency's signature (chữ ký số của cơ quan): the red seal at its real size, overlapping the left third
  of the leader's signature image, with the agency name and the signing time (date; hour, minute, second;
  Vietnam's zone: ``04/12/2026 10:34:07 +07:00``) in the free spot nearest below the seal, clear of text.
- The stamp on a separately filed attachment (văn bản kèm theo): no image, Times-compatible text, 10 pt
  black, at the top right of the first page: the main document's number and symbol and the signing time.

These are plain values; ``signing._layout`` turns them into boxes and content streams.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4


@dataclass(frozen=True)
class Box:
    """A rectangle on a page, in PDF points from the bottom-left corner; ``page`` counts from 0."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1


@dataclass(frozen=True)
class SignerBlock:
    """Find the box automatically in the PDF's text: between ``position`` (e.g. "CHỦ TỊCH") and ``name``."""

    name: str
    position: str | None = None


@dataclass(frozen=True)
class LeaderAppearance:
    """Chữ ký của lãnh đạo: the handwritten-signature image (with ``details``: signer, agency and time).

    ``signer_name`` and ``agency`` default to the certificate's common name and organisation.
    """

    signature_image: bytes
    place: Box | SignerBlock
    signer_name: str | None = None
    agency: str | None = None
    signer_label: str = "Người ký"
    agency_label: str = "Cơ quan"
    time_label: str = "Thời gian ký"
    font_size: float = 7.0
    details: bool = False


@dataclass(frozen=True)
class AgencyAppearance:
    """Chữ ký số của cơ quan: the red seal over the left third of the leader's signature image.

    ``place`` is the leader's image on the page; None means: the image of the most recent visible signature
    in the document (the leader's).
    """

    seal_image: bytes
    agency: str | None = None
    place: Box | None = None
    seal_diameter_mm: float = 36.0
    font_size: float = 7.0


@dataclass(frozen=True)
class AttachmentStamp:
    """Chữ ký số trên văn bản kèm theo: text only, top right of the first page."""

    main_document_number: str
    number_label: str = "Kèm theo văn bản số"
    time_label: str = "Thời gian ký"
    font_size: float = 10.0
    margin_right_mm: float = 15.0
    margin_top_mm: float = 8.0


Appearance = LeaderAppearance | AgencyAppearance | AttachmentStamp
