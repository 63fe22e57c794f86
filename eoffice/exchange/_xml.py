"""Hardened XML reading for edXML: no DOCTYPE, no entities, no network, bounded size; and the XSD check.

lxml's parser is configured the way defusedxml recommends (`resolve_entities=False`, `no_network=True`,
`load_dtd=False`, `huge_tree=False`), and a DOCTYPE is refused outright — before parsing (a cheap look at the
prolog) and after (the parsed tree's docinfo) — so neither external entities (XXE) nor entity expansion
("billion laughs") can happen. `huge_tree=False` also keeps libxml2's own limits: no text node above 10 MB,
which bounds each base64 attachment at about 7.5 MB of zipped file (docs/EDXML.md, "Limits").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from eoffice.exchange.errors import EdxmlDoctypeForbidden, EdxmlInvalid, EdxmlNotWellFormed, EdxmlTooLarge

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
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


def parse_xml(data: bytes, *, max_bytes: int) -> etree._Element:
    """The root element of `data`, or a clear refusal: too large, DOCTYPE, or not well-formed."""
    if len(data) > max_bytes:
        raise EdxmlTooLarge(
            f"Gói tin edXML có dung lượng {len(data)} byte, vượt quá giới hạn {max_bytes} byte.",
            detail={"size": len(data), "limit": max_bytes},
        )
    if not data.strip():
        raise EdxmlNotWellFormed("Gói tin edXML rỗng.")
    _refuse_doctype_in_prolog(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if "Resource limit exceeded" in str(exc) or "Huge input" in str(exc):
            raise EdxmlTooLarge(
                "Một phần tử của gói tin edXML (thường là tệp đính kèm) vượt quá giới hạn 10 MB của bộ đọc XML.",
                detail=str(exc),
            ) from exc
        raise EdxmlNotWellFormed(
            f"Gói tin edXML không đúng cú pháp XML: {exc.msg} (dòng {exc.lineno}).", detail=str(exc)
        ) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise EdxmlDoctypeForbidden()
    return root


def validate(root: etree._Element) -> None:
    """Check the tree against the schema; the first problems are named in the message."""
    checker = schema()
    if checker.validate(root):
        return
    problems = [f"dòng {e.line}: {e.message}" for e in list(checker.error_log)[:5]]
    raise EdxmlInvalid(
        "Gói tin edXML không đúng lược đồ QCVN 102:2016: " + "; ".join(problems), detail=problems
    )


def q(name: str) -> str:
    """Qualified name in the edXML namespace."""
    return f"{{{NS}}}{name}"
