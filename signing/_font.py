"""A Vietnamese-capable embedded font prepared once and added to each signed PDF almost for free.

pyHanko's ``GlyphAccumulator`` re-reads and re-subsets the TTF for every document, which costs more than the
whole rest of a signature. Appearance text is short and Vietnamese needs no shaping once NFC-normalised
(every letter is precomposed in Liberation/DejaVu Serif), so we subset the font once to the Latin and
Vietnamese ranges, keep the compressed font program, widths and ToUnicode map as bytes, and write them into
each document as a Type0/Identity-H font. Text is encoded as glyph ids directly.
"""

from __future__ import annotations

import io
import logging
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.writer import BasePdfFileWriter

from signing.errors import FontNotFoundError

_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2010, 0x2044), (0x20AB, 0x20AC))


def _compressed_stream(
    data: bytes, extra: dict[str, generic.PdfObject] | None = None
) -> generic.StreamObject:
    """A Flate stream from bytes compressed once at preparation time."""
    stream = generic.StreamObject(
        {pdf_name(key): value for key, value in (extra or {}).items()}, encoded_data=data
    )
    stream[pdf_name("/Filter")] = pdf_name("/FlateDecode")
    return stream


@dataclass(frozen=True)
class PreparedFont:
    """A subset TTF ready to embed: font program, metrics and the char → glyph map."""

    postscript_name: str
    gids: dict[int, int]
    advances: dict[int, float]  # per glyph id, in text-space units (1/1000 em)
    font_file: bytes  # Flate-compressed subset TTF
    font_file_length: int
    to_unicode: bytes  # Flate-compressed CMap
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def encode(self, text: str) -> tuple[bytes, float]:
        """Hex glyph string for ``text`` and its width in 1/1000 em; a missing glyph is an error."""
        out = []
        width = 0.0
        for char in unicodedata.normalize("NFC", text):
            gid = self.gids.get(ord(char))
            if gid is None:
                raise FontNotFoundError(f"Phông chữ không có ký tự {char!r} để hiển thị chữ ký.")
            out.append(b"%04X" % gid)
            width += self.advances[gid]
        return b"<" + b"".join(out) + b">", width

    def width(self, text: str, size: float) -> float:
        return self.encode(text)[1] * size / 1000

    def add_to(self, writer: BasePdfFileWriter, texts: tuple[str, ...] = ()) -> generic.IndirectObject:
        """Write this font's objects into ``writer`` and return the Type0 font reference.

        Widths are written only for the glyphs of ``texts`` (all glyphs when empty): the full table is
        thousands of PDF objects, which would cost more to write than the rest of the appearance.
        """
        file_ref = writer.add_object(
            _compressed_stream(self.font_file, {"/Length1": generic.NumberObject(self.font_file_length)})
        )
        descriptor = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/FontDescriptor"),
                pdf_name("/FontName"): pdf_name("/" + self.postscript_name),
                pdf_name("/Flags"): generic.NumberObject(34),
                pdf_name("/FontBBox"): generic.ArrayObject(generic.NumberObject(v) for v in self.bbox),
                pdf_name("/ItalicAngle"): generic.NumberObject(0),
                pdf_name("/Ascent"): generic.NumberObject(self.ascent),
                pdf_name("/Descent"): generic.NumberObject(self.descent),
                pdf_name("/CapHeight"): generic.NumberObject(self.cap_height),
                pdf_name("/StemV"): generic.NumberObject(80),
                pdf_name("/FontFile2"): file_ref,
            }
        )
        used = sorted(
            {self.gids[ord(c)] for t in texts for c in unicodedata.normalize("NFC", t) if ord(c) in self.gids}
        )
        widths = generic.ArrayObject()
        for gid in used or sorted(self.advances):
            widths.append(generic.NumberObject(gid))
            widths.append(generic.ArrayObject([generic.FloatObject(round(self.advances[gid], 2))]))
        cid_font = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/CIDFontType2"),
                pdf_name("/BaseFont"): pdf_name("/" + self.postscript_name),
                pdf_name("/CIDSystemInfo"): generic.DictionaryObject(
                    {
                        pdf_name("/Registry"): generic.TextStringObject("Adobe"),
                        pdf_name("/Ordering"): generic.TextStringObject("Identity"),
                        pdf_name("/Supplement"): generic.NumberObject(0),
                    }
                ),
                pdf_name("/FontDescriptor"): writer.add_object(descriptor),
                pdf_name("/W"): widths,
                pdf_name("/CIDToGIDMap"): pdf_name("/Identity"),
            }
        )
        font = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/Type0"),
                pdf_name("/BaseFont"): pdf_name("/" + self.postscript_name),
                pdf_name("/Encoding"): pdf_name("/Identity-H"),
                pdf_name("/DescendantFonts"): generic.ArrayObject([writer.add_object(cid_font)]),
                pdf_name("/ToUnicode"): writer.add_object(_compressed_stream(self.to_unicode)),
            }
        )
        return writer.add_object(font)


def _to_unicode_cmap(gids: dict[int, int]) -> bytes:
    entries = sorted((gid, code) for code, gid in gids.items())
    seen: dict[int, int] = {}
    for gid, code in entries:
        seen.setdefault(gid, code)
    lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    items = sorted(seen.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        lines.extend(b"<%04X> <%04X>" % (gid, code) for gid, code in chunk)
        lines.append(b"endbfchar")
    lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
    return b"\n".join(lines)


@lru_cache(maxsize=4)
def prepared_font(path: Path) -> PreparedFont:
    """Subset and pre-encode the TTF at ``path`` (cached per path for the process)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    cmap = font.getBestCmap()
    wanted = [code for low, high in _RANGES for code in range(low, high + 1) if code in cmap]
    options = subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = []
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=wanted)
    subset_log = logging.getLogger("fontTools.subset")
    previous = subset_log.level
    subset_log.setLevel(logging.ERROR)  # it warns about tables it drops (FFTM), which we do not need
    try:
        subsetter.subset(font)
    finally:
        subset_log.setLevel(previous)
    buffer = io.BytesIO()
    font.save(buffer)
    program = buffer.getvalue()
    units = font["head"].unitsPerEm
    scale = 1000 / units
    glyph_order = font.getGlyphOrder()
    gid_of_name = {name: index for index, name in enumerate(glyph_order)}
    gids = {code: gid_of_name[cmap[code]] for code in wanted if cmap[code] in gid_of_name}
    hmtx = font["hmtx"]
    advances = {gid: hmtx[glyph_order[gid]][0] * scale for gid in set(gids.values())}
    head = font["head"]
    hhea = font["hhea"]
    os2 = font["OS/2"]
    name = font["name"].getDebugName(6) or "EOfficeSerif"
    return PreparedFont(
        postscript_name="EOFFIC+" + name.replace(" ", ""),
        gids=gids,
        advances=advances,
        font_file=zlib.compress(program, 6),
        font_file_length=len(program),
        to_unicode=zlib.compress(_to_unicode_cmap(gids), 6),
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),  # type: ignore[arg-type]
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round(getattr(os2, "sCapHeight", hhea.ascent) * scale),
    )
