"""Hardened XML reading for edXML: no DOCTYPE, no entities, no network, bounded size; and the XSD check.

lxml's parser is configured the way defusedxml recommends (`resolve_entities=False`, `no_network=True`,
`load_dtd=False`, `huge_tree=False`), and a DOCTYPE is refused outright — before parsing (a cheap look at the
prolog) and after (the parsed tree's docinfo) — so neither external entities (XXE) nor entity expansion
("billion laughs") can happen. `huge_tree=False` also keeps libxml2's own limits: no text node above 10 MB,
which bounds each base64 attachment at about 7.5 MB of zipped file (docs/EDXML.md, "Limits").

Two kinds of damage seen in real packages are recovered, each reported as a warning, because the content is
intact: bytes before `<?xml` (a length prefix or a stray BOM-less marker some senders write), and a prefix
used without its declaration (`xlink:`), which is declared on the root element and the bytes read again.
Nothing else is repaired: libxml2's `recover` mode is never used, since it silently drops content.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from eoffice.exchange.errors import (
    EdxmlDoctypeForbidden,
    EdxmlError,
    EdxmlInvalid,
    EdxmlNotWellFormed,
    EdxmlTooLarge,
)

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
BKAV_NS = "http://www.e-doc.vn/Schema/"  # BKAV's older packages: the same elements in another namespace
XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
_KNOWN_PREFIXES = {
    "xlink": "http://www.w3.org/1999/xlink",
    "ds": XMLDSIG_NS,
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "edXML": NS,
}
_UNDECLARED = re.compile(r"Namespace prefix ([A-Za-z_][\w.\-]*)")
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)")
_XML_DECLARATION = b"<?xml"
SCHEMA_PATH = Path(__file__).with_name("schema") / "edxml.xsd"
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_PROLOG_SCAN = 64 * 1024


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        dtd_validation=False,
    )


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The edXML schema eOffice follows (a copy of docs/edxml/edxml.xsd), loaded once per process."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), _parser()))


def _refuse_doctype_in_prolog(data: bytes) -> None:
    head = data[:_PROLOG_SCAN]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: look at the decoded text
        head = head.decode("utf-16", errors="ignore").encode()
    if _DOCTYPE.search(head.replace(b"\x00", b"")):
        raise EdxmlDoctypeForbidden()


def _leading_junk(data: bytes) -> int:
    """How many bytes come before `<?xml` when something does (0 when the document starts properly)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")) or data.lstrip().startswith(b"<"):
        return 0
    found = data.find(_XML_DECLARATION, 0, _PROLOG_SCAN)
    return found if found > 0 else 0


def _declare_prefixes(data: bytes, prefixes: list[str]) -> bytes | None:
    """`data` with `xmlns:<prefix>` declarations added to the root element, or None if it cannot be found."""
    position = 0
    while (match := _ROOT_TAG.search(data, position)) is not None:
        if data[match.start() + 1 : match.start() + 2] not in (b"?", b"!"):
            declarations = "".join(
                f' xmlns:{p}="{_KNOWN_PREFIXES.get(p, f"urn:eoffice:undeclared:{p}")}"' for p in prefixes
            )
            return data[: match.end()] + declarations.encode() + data[match.end() :]
        position = match.end()
    return None


def _undeclared_prefixes(error: etree.XMLSyntaxError) -> list[str]:
    found: list[str] = []
    for entry in error.error_log:
        if entry.type_name == "NS_ERR_UNDEFINED_NAMESPACE":
            match = _UNDECLARED.search(entry.message)
            if match and match.group(1) not in found:
                found.append(match.group(1))
    return found


def _syntax_error(exc: etree.XMLSyntaxError) -> EdxmlError:
    if "Resource limit exceeded" in str(exc) or "Huge input" in str(exc):
        return EdxmlTooLarge(
            "Một phần tử của gói tin edXML (thường là tệp đính kèm) vượt quá giới hạn 10 MB của bộ đọc XML.",
            detail=str(exc),
        )
    return EdxmlNotWellFormed(
        f"Gói tin edXML không đúng cú pháp XML: {exc.msg} (dòng {exc.lineno}).", detail=str(exc)
    )


def parse_xml(data: bytes, *, max_bytes: int, warnings: list[str] | None = None) -> etree._Element:
    """The root element of `data`, or a clear refusal: too large, DOCTYPE, or not well-formed.

    Leading bytes before `<?xml` and undeclared prefixes are recovered; each recovery is appended to
    `warnings` (Vietnamese, for the clerk).
    """
    notes = warnings if warnings is not None else []
    if len(data) > max_bytes:
        raise EdxmlTooLarge(
            f"Gói tin edXML có dung lượng {len(data)} byte, vượt quá giới hạn {max_bytes} byte.",
            detail={"size": len(data), "limit": max_bytes},
        )
    if not data.strip():
        raise EdxmlNotWellFormed("Gói tin edXML rỗng.")
    _refuse_doctype_in_prolog(data)
    if junk := _leading_junk(data):
        data = data[junk:]
        notes.append(f"Gói tin có {junk} byte lạ trước khai báo <?xml; phần này đã được bỏ qua.")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        prefixes = _undeclared_prefixes(exc)
        repaired = _declare_prefixes(data, prefixes) if prefixes else None
        if repaired is None:
            raise _syntax_error(exc) from exc
        try:
            root = etree.fromstring(repaired, _parser())
        except etree.XMLSyntaxError as again:
            raise _syntax_error(again) from again
        notes.append(
            "Gói tin dùng tiền tố không gian tên chưa khai báo ("
            + ", ".join(f"{p}:" for p in prefixes)
            + "); eOffice đã tự khai báo để đọc."
        )
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise EdxmlDoctypeForbidden()
    return root


def validate(root: etree._Element) -> None:
    """Check a tree against the schema of what eOffice writes (the Government Office's library's shape,
    strict order). The reader does not use it — received packages are read leniently and their deviations
    become warnings — but every package eOffice writes must pass it."""
    checker = schema()
    if checker.validate(root):
        return
    problems = [f"dòng {e.line}: {e.message}" for e in list(checker.error_log)[:5]]
    raise EdxmlInvalid(
        "Gói tin edXML không đúng lược đồ eOffice ghi theo QCVN 102:2016: " + "; ".join(problems),
        detail=problems,
    )


def q(name: str) -> str:
    """Qualified name in the edXML namespace."""
    return f"{{{NS}}}{name}"
