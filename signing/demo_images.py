"""Demo images for the signature appearances: a blue handwritten-looking signature and a red round seal.

Real agencies scan their leader's signature and their seal; ``eoffice demo`` and the tests need stand-ins with
the properties Nghị định 30 asks for (PNG, transparent background, blue signature, red seal), drawn here with
Pillow so that nothing binary has to be shipped.
"""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

from signing.fonts import find_font

SIGNATURE_BLUE = (20, 40, 200, 255)
SEAL_RED = (220, 20, 30, 255)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def signature_image(name: str, *, width: int = 600, height: int = 240, seed: int | None = None) -> bytes:
    """A blue scribble on a transparent background, deterministic for a given ``name`` (PNG bytes)."""
    rng = random.Random(seed if seed is not None else name)
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points: list[tuple[float, float]] = []
    strokes = 5 + rng.randint(0, 3)
    for stroke in range(strokes):
        base_x = width * (0.08 + 0.84 * stroke / strokes)
        amplitude = height * rng.uniform(0.2, 0.38)
        loops = rng.uniform(1.2, 2.2)
        for step in range(40):
            t = step / 39
            x = base_x + t * width * 0.84 / strokes
            y = height / 2 + amplitude * math.sin(loops * 2 * math.pi * t + stroke) * (1 - 0.4 * t)
            points.append((x, y))
    draw.line(points, fill=SIGNATURE_BLUE, width=max(4, height // 40), joint="curve")
    underline_y = height * 0.82
    draw.line(
        [(width * 0.1, underline_y), (width * 0.55, underline_y + 6), (width * 0.9, underline_y - 4)],
        fill=SIGNATURE_BLUE,
        width=max(3, height // 60),
    )
    return _png(image)


def _text_on_circle(
    image: Image.Image, text: str, center: float, radius: float, font: ImageFont.FreeTypeFont
) -> None:
    """Write ``text`` along the top of a circle, each letter rotated to face outwards."""
    spacing = 0.9 * 2 * math.pi / max(len(text) + 6, 24)
    start = -math.pi / 2 - spacing * (len(text) - 1) / 2
    for index, char in enumerate(text):
        angle = start + index * spacing
        size = int(font.size * 1.6)
        tile = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((size / 2, size / 2), char, font=font, fill=SEAL_RED, anchor="mm")
        tile = tile.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x = center + radius * math.cos(angle) - size / 2
        y = center + radius * math.sin(angle) - size / 2
        image.alpha_composite(tile, (int(x), int(y)))


def seal_image(agency_name: str, *, size: int = 480, font_path: str | None = None) -> bytes:
    """A red round seal with ``agency_name`` around the rim and a star in the middle (PNG bytes)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ring = size // 40
    draw.ellipse((ring, ring, size - ring, size - ring), outline=SEAL_RED, width=ring)
    inner = size * 0.3
    draw.ellipse((inner, inner, size - inner, size - inner), outline=SEAL_RED, width=max(2, ring // 2))
    centre = size / 2
    star_outer, star_inner = size * 0.16, size * 0.065
    star = []
    for point in range(10):
        radius = star_outer if point % 2 == 0 else star_inner
        angle = -math.pi / 2 + point * math.pi / 5
        star.append((centre + radius * math.cos(angle), centre + radius * math.sin(angle)))
    draw.polygon(star, fill=SEAL_RED)
    font = ImageFont.truetype(str(find_font(font_path)), size=max(12, size // 14))
    _text_on_circle(image, agency_name.upper(), centre, size * 0.39, font)
    return _png(image)
