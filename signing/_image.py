"""Signature and seal images decoded and compressed once, then written into each PDF as ready streams."""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.writer import BasePdfFileWriter

from signing.errors import SigningError


class InvalidImageError(SigningError):
    """The signature or seal image is not a readable PNG/JPEG."""

    code = "signing.invalid_image"
    default_message = "Ảnh chữ ký hoặc ảnh con dấu không đọc được."


@dataclass(frozen=True)
class PreparedImage:
    """An RGB image XObject with its alpha channel as a soft mask, both pre-compressed."""

    width: int
    height: int
    rgb: bytes
    alpha: bytes | None

    @property
    def aspect(self) -> float:
        return self.width / self.height

    def _image(self, data: bytes, colour_space: str) -> generic.StreamObject:
        stream = generic.StreamObject(
            {
                pdf_name("/Type"): pdf_name("/XObject"),
                pdf_name("/Subtype"): pdf_name("/Image"),
                pdf_name("/Width"): generic.NumberObject(self.width),
                pdf_name("/Height"): generic.NumberObject(self.height),
                pdf_name("/ColorSpace"): pdf_name(colour_space),
                pdf_name("/BitsPerComponent"): generic.NumberObject(8),
            },
            encoded_data=data,
        )
        stream[pdf_name("/Filter")] = pdf_name("/FlateDecode")
        return stream

    def add_to(self, writer: BasePdfFileWriter) -> generic.IndirectObject:
        image = self._image(self.rgb, "/DeviceRGB")
        if self.alpha is not None:
            image[pdf_name("/SMask")] = writer.add_object(self._image(self.alpha, "/DeviceGray"))
        return writer.add_object(image)


@lru_cache(maxsize=32)
def _prepare(digest: str, data: bytes) -> PreparedImage:
    del digest  # part of the cache key only
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = opened.convert("RGBA")
    except Exception as exc:
        raise InvalidImageError(detail=str(exc)) from exc
    alpha_channel = image.getchannel("A")
    lowest_alpha = alpha_channel.getextrema()[0]
    has_alpha = isinstance(lowest_alpha, int | float) and lowest_alpha < 255
    return PreparedImage(
        width=image.width,
        height=image.height,
        rgb=zlib.compress(image.convert("RGB").tobytes(), 6),
        alpha=zlib.compress(alpha_channel.tobytes(), 6) if has_alpha else None,
    )


def prepared_image(data: bytes) -> PreparedImage:
    """Decode PNG/JPEG ``data`` once per distinct content."""
    return _prepare(hashlib.sha256(data).hexdigest(), data)
