"""Mở tệp DOCX an toàn: decide from the ZIP directory alone whether a package may be opened at all.

Everything here is read before python-docx parses a byte of XML: the magic bytes (a password-protected
Office file is an OLE compound file, not a ZIP), the declared uncompressed sizes and ratios (a zip bomb is
refused without inflating it), macros (``vbaProject.bin``, the ``docm`` content type) and external
relationships (a remote template or image would be fetched by Word when the draft is opened).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from defusedxml import ElementTree

from eoffice.archive_limits import overflow
from eoffice.checks.errors import UnreadableDraft, UnsafeDraft
from eoffice.checks.format.rules import PackageLimits
from eoffice.file_kinds import is_ole, is_zip

__all__ = ["PackageReport", "inspect_package"]

_MAIN_PART = "word/document.xml"
_MACRO_CONTENT_TYPES = ("macroEnabled", "vbaProject", "ms-office.activeX")
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# External targets that are ordinary in a draft: a hyperlink is only followed when a person clicks it.
_HARMLESS_EXTERNAL = ("/hyperlink",)


@dataclass(frozen=True)
class PackageReport:
    """What the ZIP directory says about a DOCX: problems that do not stop reading it."""

    macros: tuple[str, ...] = ()
    external_references: tuple[str, ...] = ()


def inspect_package(data: bytes, limits: PackageLimits | None = None) -> PackageReport:
    """Refuse what cannot or must not be opened; report macros and external references.

    Raises ``UnreadableDraft`` (``docx.empty``, ``docx.encrypted``, ``docx.not_a_docx``) and
    ``UnsafeDraft`` (``docx.too_large``).
    """
    limits = limits or PackageLimits()
    if not data:
        raise UnreadableDraft("docx.empty", "Tệp rỗng, không có nội dung để kiểm tra.")
    if is_ole(data):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UnreadableDraft(
                "docx.encrypted", "Tệp Word được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."
            )
        raise UnreadableDraft(
            "docx.not_a_docx", "Tệp là định dạng Word cũ (.doc); hãy lưu lại dưới dạng .docx rồi tải lên."
        )
    if not is_zip(data, allow_empty=True):
        raise UnreadableDraft("docx.not_a_docx", "Tệp không phải là văn bản Word (.docx).")
    if len(data) > limits.max_file_bytes:
        raise UnsafeDraft(
            "docx.too_large", f"Tệp lớn hơn giới hạn {limits.max_file_bytes // (1024 * 1024)} MB."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnreadableDraft(
            "docx.not_a_docx", "Tệp bị hỏng hoặc không phải là văn bản Word (.docx)."
        ) from None
    with archive:
        infos = archive.infolist()
        _check_sizes(infos, limits)
        names = {info.filename for info in infos}
        if _MAIN_PART not in names or "[Content_Types].xml" not in names:
            raise UnreadableDraft("docx.not_a_docx", "Tệp nén không chứa văn bản Word (.docx).")
        if any(info.flag_bits & 0x1 for info in infos):
            raise UnreadableDraft("docx.encrypted", "Tệp nén được đặt mật khẩu, không đọc được.")
        try:
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
            macros = tuple(sorted(n for n in names if n.lower().endswith("vbaproject.bin")))
            if any(marker in content_types for marker in _MACRO_CONTENT_TYPES) and not macros:
                macros = ("[Content_Types].xml",)
            external = _external_targets(archive, sorted(n for n in names if n.endswith(".rels")))
        except (
            zipfile.BadZipFile,
            ElementTree.ParseError,
            KeyError,
            OSError,
            ValueError,
            NotImplementedError,
            EOFError,
            zlib.error,
        ) as exc:
            raise UnreadableDraft("docx.not_a_docx", f"Tệp Word bị hỏng ({type(exc).__name__}).") from None
    return PackageReport(macros=macros, external_references=external)


def _check_sizes(infos: list[zipfile.ZipInfo], limits: PackageLimits) -> None:
    if overflow(infos, limits.archive) is not None:
        raise UnsafeDraft(
            "docx.too_large",
            "Tệp có dung lượng giải nén quá lớn hoặc tỷ lệ nén bất thường (nghi là bom nén); không mở tệp này.",
        )


def _external_targets(archive: zipfile.ZipFile, rels_names: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for name in rels_names:
        root = ElementTree.fromstring(archive.read(name))
        for rel in root.iter(f"{_RELS_NS}Relationship"):
            if rel.get("TargetMode") != "External":
                continue
            if rel.get("Type", "").endswith(_HARMLESS_EXTERNAL):
                continue
            found.append(rel.get("Target", ""))
    return tuple(found)
