"""Thuộc tính hiệu lực: the formatting Word actually applies to a run or paragraph.

A run's font, size, bold and italic come from the first level that sets them: the run's own ``rPr``, its
character style (and that style's ``basedOn`` chain), the paragraph style chain, then ``docDefaults``.
Theme fonts (``asciiTheme="minorHAnsi"``) are resolved through the theme part. Each value also says whether
it was set on the run or inherited from the defaults, so a wrong default font is reported once for the
styles, not once for every paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn

_W_VAL = qn("w:val")
_FALSE = {"0", "false", "off", "none"}


@dataclass(frozen=True)
class Resolved:
    value: Any
    inherited_from_defaults: bool  # set only by docDefaults or the default paragraph style


class StyleResolver:
    """Resolves run and paragraph properties of one document."""

    def __init__(self, document: Document) -> None:
        styles_el = document.styles.element
        self._styles: dict[str, Any] = {}
        self._default_paragraph_style: str | None = None
        for style in styles_el.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style_id is None:
                continue
            self._styles[style_id] = style
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true"):
                self._default_paragraph_style = style_id
        defaults = styles_el.find(qn("w:docDefaults"))
        self._default_rpr = (
            defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        )
        self._default_ppr = (
            defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None
        )
        self._theme_fonts = _theme_fonts(document)

    # --- chains -------------------------------------------------------------------------------------
    def _style_chain(self, style_id: str | None) -> list[Any]:
        chain: list[Any] = []
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            chain.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(_W_VAL) if based is not None else None
        return chain

    def paragraph_style_id(self, p_el: Any) -> str | None:
        ppr = p_el.find(qn("w:pPr"))
        pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return pstyle.get(_W_VAL) if pstyle is not None else self._default_paragraph_style

    def _rpr_levels(self, r_el: Any, p_el: Any) -> list[tuple[Any, bool]]:
        """(rPr element, is-default-level) from the most specific to the least."""
        levels: list[tuple[Any, bool]] = []
        rpr = r_el.find(qn("w:rPr"))
        if rpr is not None:
            levels.append((rpr, False))
            rstyle = rpr.find(qn("w:rStyle"))
            if rstyle is not None:
                levels += [(s.find(qn("w:rPr")), False) for s in self._style_chain(rstyle.get(_W_VAL))]
        pstyle_id = self.paragraph_style_id(p_el)
        for style in self._style_chain(pstyle_id):
            is_default = style.get(qn("w:styleId")) == self._default_paragraph_style
            levels.append((style.find(qn("w:rPr")), is_default))
        levels.append((self._default_rpr, True))
        return [(el, d) for el, d in levels if el is not None]

    def _ppr_levels(self, p_el: Any) -> list[Any]:
        levels: list[Any] = []
        ppr = p_el.find(qn("w:pPr"))
        if ppr is not None:
            levels.append(ppr)
        for style in self._style_chain(self.paragraph_style_id(p_el)):
            levels.append(style.find(qn("w:pPr")))
        levels.append(self._default_ppr)
        return [el for el in levels if el is not None]

    # --- run properties -----------------------------------------------------------------------------
    def font(self, r_el: Any, p_el: Any, slot: str = "ascii") -> Resolved:
        """The font name for a slot (``ascii`` or ``hAnsi``), resolving theme fonts."""
        for rpr, is_default in self._rpr_levels(r_el, p_el):
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                continue
            theme = fonts.get(qn(f"w:{slot}Theme"))
            if theme is not None:
                return Resolved(self._theme_fonts.get(theme, theme), is_default)
            name = fonts.get(qn(f"w:{slot}"))
            if name is not None:
                return Resolved(name, is_default)
        return Resolved("Times New Roman", True)  # Word's built-in default when nothing is set

    def size_pt(self, r_el: Any, p_el: Any) -> float | None:
        for rpr, _ in self._rpr_levels(r_el, p_el):
            sz = rpr.find(qn("w:sz"))
            if sz is not None and sz.get(_W_VAL):
                return int(sz.get(_W_VAL)) / 2
        return 10.0  # Word's built-in default

    def toggle(self, r_el: Any, p_el: Any, tag: str) -> bool:
        """``b``, ``i`` or ``caps``: on/off as the first level that says so."""
        for rpr, _ in self._rpr_levels(r_el, p_el):
            el = rpr.find(qn(f"w:{tag}"))
            if el is not None:
                return el.get(_W_VAL, "1").lower() not in _FALSE
        return False

    def color(self, r_el: Any, p_el: Any) -> str | None:
        for rpr, _ in self._rpr_levels(r_el, p_el):
            el = rpr.find(qn("w:color"))
            if el is not None:
                return el.get(_W_VAL)
        return None

    # --- paragraph properties -----------------------------------------------------------------------
    def paragraph_attr(self, p_el: Any, child: str, attrs: tuple[str, ...]) -> tuple[str, str] | None:
        """The first (attribute, value) among ``attrs`` on ``pPr/child`` along the chain."""
        for ppr in self._ppr_levels(p_el):
            el = ppr.find(qn(f"w:{child}"))
            if el is None:
                continue
            for attr in attrs:
                value = el.get(qn(f"w:{attr}"))
                if value is not None:
                    return attr, value
        return None

    def alignment(self, p_el: Any) -> str:
        found = self.paragraph_attr(p_el, "jc", ("val",))
        return found[1] if found else "left"


def _theme_fonts(document: Document) -> dict[str, str]:
    """``minorHAnsi`` → ``Calibri`` etc., from the theme part if the document has one."""
    fonts: dict[str, str] = {}
    part = document.part
    for rel in part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/theme"):
            continue
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(rel.target_part.blob, parser)
        ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
        for kind, prefix in (("majorFont", "major"), ("minorFont", "minor")):
            latin = root.find(f".//a:{kind}/a:latin", ns)
            if latin is not None and latin.get("typeface"):
                for slot in ("HAnsi", "Ascii", "Bidi", "EastAsia"):
                    fonts[f"{prefix}{slot}"] = latin.get("typeface")
    return fonts
