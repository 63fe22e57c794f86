"""Một tệp Word an toàn để mở: every XML part of a DOCX parsed (never grepped), and a copy of it that
LibreOffice can convert without reaching outside the file.

Two uses, one reading of the package:

- ``check_xml_parts`` refuses a package with a DTD or an entity declaration in any XML part, whatever its
  name, its encoding (UTF-8, UTF-16, a BOM or none) or what comes before the DOCTYPE (a comment of any length).
  A byte search of the first kilobytes missed both; a parser that stops at the DOCTYPE does not.
- ``sanitise_for_conversion`` returns a copy without what would make a converter fetch or read anything but the
  file itself: external relationships (linked images, OLE links, an attached template, frames, sub-documents —
  hyperlinks stay, a PDF viewer only follows them when clicked), fields that pull content in (INCLUDEPICTURE,
  INCLUDETEXT, LINK, DDE …), URLs in VML attributes and ``altChunk`` imports. What it removed is listed in
  Vietnamese, so the person who uploaded the draft learns why the PDF lacks a linked picture.

Both raise ``UnsafeDocx`` (a DTD: possibly XXE or entity expansion) or ``MalformedDocx`` (a part that is not
well-formed XML, ambiguous ZIP entries).
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from lxml import etree

from eoffice.errors import InvalidInput

__all__ = ["MalformedDocx", "Sanitised", "UnsafeDocx", "check_xml_parts", "sanitise_for_conversion"]

MAX_XML_PART_BYTES = 64 * 1024 * 1024  # a real document.xml of a thousand pages is a few MB

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_VML_NAMESPACES = (
    "urn:schemas-microsoft-com:vml",
    "urn:schemas-microsoft-com:office:office",
    "urn:schemas-microsoft-com:office:word",
)
_W = f"{{{_W_NS}}}"
# Fields whose result is fetched from a file, a URL or another program when the document is laid out.
_PULLING_FIELDS = frozenset(
    {"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "IMPORT", "LINK", "DDE", "DDEAUTO", "DATABASE", "RD"}
)
_RELATIONSHIP_LABELS = {
    "image": "hình ảnh liên kết",
    "oleObject": "đối tượng OLE liên kết",
    "package": "đối tượng liên kết",
    "attachedTemplate": "mẫu văn bản đính kèm",
    "subDocument": "văn bản con liên kết",
    "frame": "khung (frame) liên kết",
    "aFChunk": "nội dung nhập từ tệp khác",
    "externalLinkPath": "liên kết dữ liệu ngoài",
}
_URL_LIKE = re.compile(r"^\s*([a-z][a-z0-9+.\-]*:|[\\/]{2})", re.IGNORECASE)
_DRIVE_PATH = re.compile(r"^\s*[a-z]:[\\/]", re.IGNORECASE)
_EBCDIC_XML = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC: a parser would read it, so it is checked as XML


class UnsafeDocx(InvalidInput):
    code = "docx.dtd"
    message = "Tệp Word chứa khai báo DTD/thực thể XML (có thể là tấn công XXE); không mở tệp này."


class MalformedDocx(InvalidInput):
    code = "docx.malformed_xml"
    message = "Tệp Word bị hỏng: một thành phần XML bên trong không đọc được."


@dataclass(frozen=True)
class Sanitised:
    """The package to convert, and what was taken out of it (Vietnamese, one entry per removal)."""

    data: bytes
    removed: tuple[str, ...] = ()

    @property
    def notice(self) -> str:
        """What to tell the person who uploaded the draft; empty when nothing was removed."""
        if not self.removed:
            return ""
        shown = "; ".join(self.removed[:5]) + ("; …" if len(self.removed) > 5 else "")
        return (
            f"Đã bỏ {len(self.removed)} liên kết tới tài nguyên bên ngoài văn bản trước khi chuyển sang PDF "
            f"({shown}); bản PDF không có các nội dung này. Nếu cần, hãy chèn trực tiếp (nhúng) vào văn bản."
        )


def check_xml_parts(data: bytes) -> None:
    """Parse every XML part of the package; raise `UnsafeDocx` at any DTD, `MalformedDocx` at broken XML."""
    for _info, _body in _xml_parts(_open(data)):
        pass


def sanitise_for_conversion(data: bytes) -> Sanitised:
    """A copy of the package without external relationships, pulling fields and linked VML sources.

    Every XML part is checked as by `check_xml_parts` first; parts that need no change are copied byte for
    byte, changed ones are written back as UTF-8.
    """
    archive = _open(data)
    removed: list[str] = []
    changed: dict[str, bytes] = {}
    for info, body in _xml_parts(archive):
        try:
            root = etree.fromstring(body, _lxml_parser())
        except etree.XMLSyntaxError:  # e.g. nesting deeper than libxml2 allows without `huge_tree`
            raise MalformedDocx(
                f"Tệp Word bị hỏng: thành phần “{info.filename}” không đọc được (cấu trúc XML quá sâu)."
            ) from None
        before, relinked = len(removed), False
        if root.tag == f"{{{_RELS_NS}}}Relationships":
            _drop_external_relationships(root, removed)
        else:
            _drop_pulling_fields(root, removed)
            relinked = _drop_linked_sources(root, removed)
        if relinked or len(removed) > before:
            changed[info.filename] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
    if not changed:
        return Sanitised(data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            body = changed[info.filename] if info.filename in changed else archive.read(info)
            copy.writestr(info.filename, body)
    return Sanitised(out.getvalue(), tuple(dict.fromkeys(removed)))


# --- reading ---------------------------------------------------------------------------------------------


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise MalformedDocx("Tệp Word bị hỏng: không mở được gói nén.") from None
    seen: set[str] = set()
    for info in archive.infolist():
        name = info.filename.lower()
        if name in seen:  # two parts of one name: which one a reader picks is up to the reader
            raise MalformedDocx(f"Tệp Word bị hỏng: thành phần “{info.filename}” xuất hiện hai lần.")
        seen.add(name)
    return archive


def _xml_parts(archive: zipfile.ZipFile) -> Iterator[tuple[zipfile.ZipInfo, bytes]]:
    """Every part a parser could read as XML — by name, or by its first bytes (a reader follows relationships,
    not file extensions) — checked with a parser that refuses any DTD."""
    for info in archive.infolist():
        if info.is_dir():
            continue
        named_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        if info.file_size > MAX_XML_PART_BYTES and named_xml:
            raise MalformedDocx(
                f"Thành phần “{info.filename}” của tệp Word lớn bất thường; không mở tệp này."
            )
        try:
            with archive.open(info) as part:
                head = part.read(64)
                if not named_xml and not _looks_like_xml(head):
                    continue
                if info.file_size > MAX_XML_PART_BYTES:
                    raise MalformedDocx(
                        f"Thành phần “{info.filename}” của tệp Word lớn bất thường; không mở tệp này."
                    )
                body = head + part.read()
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
            raise MalformedDocx(
                f"Tệp Word bị hỏng: không giải nén được “{info.filename}” ({type(exc).__name__})."
            ) from None
        _refuse_dtd(info.filename, body)
        yield info, body


def _looks_like_xml(head: bytes) -> bool:
    """True for anything an XML parser would start reading: after an optional BOM and white space, a "<" in
    UTF-8/16/32 (UTF-16/32 without a BOM must start with the declaration), or EBCDIC's "<?xm"."""
    if head.startswith(_EBCDIC_XML):
        return True
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, "ignore").lstrip().startswith("<")
    for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        if head.startswith("<?".encode(encoding)):
            return True
    return head.lstrip(b" \t\r\n").startswith(b"<")


def _refuse_dtd(name: str, body: bytes) -> None:
    """Expat, through defusedxml, reads the encoding from the BOM or the declaration and stops at the
    DOCTYPE itself — before any entity is declared, let alone expanded or fetched."""
    try:
        SafeElementTree.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise UnsafeDocx(
            f"Tệp Word chứa khai báo DTD/thực thể XML trong “{name}” (có thể là tấn công XXE); "
            "không mở tệp này."
        ) from None
    except (SafeElementTree.ParseError, ValueError, LookupError):
        raise MalformedDocx(f"Tệp Word bị hỏng: thành phần “{name}” không phải XML hợp lệ.") from None


def _lxml_parser() -> etree.XMLParser:
    """For editing parts already proven free of DTDs: nothing resolved, nothing loaded, no network."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


# --- sanitising ------------------------------------------------------------------------------------------


def _is_outside(target: str, mode: str) -> bool:
    return mode.strip().lower() == "external" or bool(_URL_LIKE.match(target) or _DRIVE_PATH.match(target))


def _drop_external_relationships(root: etree._Element, removed: list[str]) -> None:
    for rel in list(root):
        if not _is_outside(rel.get("Target", ""), rel.get("TargetMode", "")):
            continue
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if kind == "hyperlink":
            continue  # written into the PDF as a link; nothing fetches it
        label = _RELATIONSHIP_LABELS.get(kind, f"tài nguyên liên kết ({kind or 'không rõ loại'})")
        root.remove(rel)
        removed.append(f"{label}: {_shorten(rel.get('Target', ''))}")


def _field_name(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper().lstrip("\\") if words else ""


def _drop_pulling_fields(root: etree._Element, removed: list[str]) -> None:
    """Simple fields are unwrapped to their shown result; complex fields lose their markers and instruction
    (and anything nested in it), keeping the result last shown."""
    for simple in list(root.iter(f"{_W}fldSimple")):
        name = _field_name(simple.get(f"{_W}instr", ""))
        if name in _PULLING_FIELDS:
            _unwrap(simple)
            removed.append(f"trường {name}")
    for altchunk in list(root.iter(f"{_W}altChunk")):
        _detach(altchunk)
        removed.append("nội dung nhập từ tệp khác (altChunk)")
    open_fields: list[_Field] = []
    doomed: list[etree._Element] = []
    instructions = (f"{_W}instrText", f"{_W}delInstrText")
    content = (f"{_W}t", f"{_W}delText", f"{_W}drawing", f"{_W}pict", f"{_W}object")
    for element in root.iter(f"{_W}fldChar", *instructions, *content):
        kind = element.get(f"{_W}fldCharType", "") if element.tag == f"{_W}fldChar" else ""
        if not open_fields and kind != "begin":
            continue  # ordinary text outside any field, or a stray marker
        for field in open_fields:
            if field.in_code:  # everything in an instruction, nested fields included, goes with it
                field.elements.append(element)
        if kind == "begin":
            open_fields.append(_Field([element]))
        elif kind == "separate":
            open_fields[-1].in_code = False
        elif kind == "end":
            field = open_fields.pop()
            if not field.in_code:
                field.elements.append(element)
            name = _field_name(field.instruction)
            if name in _PULLING_FIELDS:
                doomed.extend(field.elements)
                removed.append(f"trường {name}")
        elif element.tag in instructions and open_fields[-1].in_code:
            open_fields[-1].instruction += element.text or ""
    for element in dict.fromkeys(doomed):
        _detach(element)


@dataclass
class _Field:
    elements: list[etree._Element]
    in_code: bool = True
    instruction: str = ""


def _drop_linked_sources(root: etree._Element, removed: list[str]) -> bool:
    """`r:link` on a picture (the linked copy of a linked-and-embedded picture; the embedded one stays) and URL
    attributes of VML shapes, which a renderer would load."""
    link = f"{{{_R_NS}}}link"
    changed = False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get(link) is not None:  # its relationship, if external, is reported where it is removed
            del element.attrib[link]
            changed = True
        namespace = etree.QName(element).namespace
        if namespace not in _VML_NAMESPACES:
            continue
        for attribute, value in list(element.attrib.items()):
            local = etree.QName(attribute).localname.lower()
            if local in ("src", "href", "althref") and _is_outside(value, ""):
                del element.attrib[attribute]
                removed.append(f"hình ảnh liên kết: {_shorten(value)}")
                changed = True
    return changed


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _detach(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
