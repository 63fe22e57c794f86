"""Every quirk seen in real packages from the national platform and vendors, reproduced on packages eOffice
itself writes (no third-party file is copied here): each is read right, and what deviated from QCVN 102:2016
is reported as a warning; only what cannot be read safely is refused. The writer's own packages follow the
Government Office's library exactly (strict schema) and read back without a single warning.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from lxml import etree

from eoffice.exchange._xml import BKAV_NS, XMLDSIG_NS, validate
from eoffice.exchange.edxml import (
    NS,
    Business,
    BusinessType,
    DocumentPackage,
    Organization,
    ResponseFor,
    StaffInfo,
    StatusCode,
    StatusPackage,
    build_document_package,
    build_status_package,
    parse_package,
    summary,
)
from eoffice.exchange.errors import EdxmlAttachmentInvalid, EdxmlError, EdxmlInvalid, EdxmlNotWellFormed
from tests.eoffice.exchange.samples import PDF, RECIPIENT, SENDER, document_package

E = f"{{{NS}}}"
DOCUMENT_ID = "000.00.00.G22,2026/03/05,05/QĐ-UBND"


def _ours() -> etree._Element:
    return etree.fromstring(build_document_package(document_package()))


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _find(root: etree._Element, path: str) -> etree._Element:
    found = root.find(path.replace("e:", E))
    assert found is not None, path
    return found


def _message(root: etree._Element) -> etree._Element:
    return _find(root, "e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader")


def _read(data: bytes) -> DocumentPackage:
    package = parse_package(data)
    assert isinstance(package, DocumentPackage)
    return package


def _assert_reads_right(package: DocumentPackage) -> None:
    """The content survived whatever the quirk did to the shape."""
    original = document_package()
    assert package.sender.organ_id == SENDER.organ_id
    assert [r.organ_id for r in package.recipients] == [r.organ_id for r in original.recipients]
    assert package.document_id == DOCUMENT_ID
    assert package.code == original.code and package.subject == original.subject
    assert [(a.name, a.data) for a in package.attachments] == [(a.name, a.data) for a in original.attachments]


# --- the writer ------------------------------------------------------------------------------------------


def test_the_writer_emits_the_libraries_shape_and_passes_the_strict_schema() -> None:
    root = _ours()
    validate(root)  # strict: element order as the Government Office's library writes it
    manifest = _find(root, "e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest")
    assert manifest.get("version") == "1.0"
    business = _find(root, "e:edXMLEnvelope/e:edXMLHeader/e:TraceHeaderList/e:Bussiness")
    assert [etree.QName(c).localname for c in business] == [
        "DocumentId",
        "BussinessDocType",
        "BussinessDocReason",
        "Paper",
        "StaffInfo",
    ]
    assert business.findtext(f"{E}DocumentId") == DOCUMENT_ID
    names = [etree.QName(c).localname for c in _message(root)]
    assert names[:4] == ["From", "To", "To", "DocumentId"]
    assert names.index("OtherInfo") < names.index("SteeringType") < names.index("ToPlaces")
    assert _read(_bytes(root)).warnings == ()


def test_the_writer_round_trips_several_response_for_and_replacements() -> None:
    responses = (
        ResponseFor("000.00.12.H40", "12/SNV-VP", date(2026, 2, 1), "000.00.12.H40,2026/02/01,12/SNV-VP"),
        ResponseFor("000.00.13.H40", "7/STC-NS", date(2026, 2, 2), "000.00.13.H40,2026/02/02,7/STC-NS"),
    )
    business = Business(
        BusinessType.REPLACEMENT,
        "Thay thế văn bản ban hành sai thể thức",
        StaffInfo("Văn phòng", "Nguyễn Thị Thu"),
        replaces=("000.00.00.G22,2026/03/01,04/QĐ-UBND", "000.00.00.G22,2026/03/02,04b/QĐ-UBND"),
    )
    data = build_document_package(document_package(response_for=responses, business=business))
    validate(etree.fromstring(data))
    package = _read(data)
    assert package.response_for == responses
    assert package.business.replaces == business.replaces
    assert package.business.doc_type == BusinessType.REPLACEMENT
    assert package.warnings == ()
    assert summary(package)["business_type"] == "replacement"


@pytest.mark.parametrize("code", list(StatusCode))
def test_every_status_package_passes_the_strict_schema_and_reads_back(code: StatusCode) -> None:
    status = StatusPackage(
        sender=RECIPIENT,
        response_for=ResponseFor(SENDER.organ_id, "05/QĐ-UBND", date(2026, 3, 5), DOCUMENT_ID),
        status_code=code,
        timestamp=datetime(2026, 3, 6, 2, 30, tzinfo=UTC),
        description="Đã vào sổ",
    )
    data = build_status_package(status)
    validate(etree.fromstring(data))
    parsed = parse_package(data)
    assert isinstance(parsed, StatusPackage) and parsed.status_code == code and parsed.warnings == ()


# --- quirks of real packages, reproduced ------------------------------------------------------------------


def _signature_in(namespace: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        header = _find(root, "e:edXMLEnvelope/e:edXMLHeader")
        signature = etree.SubElement(header, f"{{{namespace}}}Signature")
        etree.SubElement(
            etree.SubElement(signature, f"{{{namespace}}}SignedInfo"), f"{{{namespace}}}Reference"
        )
        etree.SubElement(signature, f"{{{namespace}}}SignatureValue").text = "AAAA"

    return change


def _document_id_last(root: etree._Element) -> None:
    message = _message(root)
    message.append(_find(message, "e:DocumentId"))


def _organ_name_first(root: etree._Element) -> None:
    for organization in (_find(_message(root), "e:From"), _find(_message(root), "e:To")):
        organization.insert(0, _find(organization, "e:OrganName"))
        organization.insert(0, _find(organization, "e:OrganizationInCharge"))


def _to_places_before_other_info(root: etree._Element) -> None:
    message = _message(root)
    other = _find(message, "e:OtherInfo")
    other.addprevious(_find(message, "e:ToPlaces"))


def _manifest_renamed(root: etree._Element) -> None:
    _find(root, "e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest").tag = f"{E}Manifest"


def _unknown_elements_and_attributes(root: etree._Element) -> None:
    message = _message(root)
    message.set("version", "2.0")
    etree.SubElement(message, f"{E}Author").text = "Nguyễn Văn A"
    etree.SubElement(message, f"{E}VendorField").text = "giá trị riêng của nhà cung cấp"
    etree.SubElement(message, "{urn:vendor:ext}Extra").text = "x"


QUIRKS: dict[str, tuple[Callable[[etree._Element], None], str | None]] = {
    "Signature in the edXML namespace after TraceHeaderList": (_signature_in(NS), None),
    "Signature in the XML-DSig namespace": (_signature_in(XMLDSIG_NS), None),
    "DocumentId last": (_document_id_last, "DocumentId đứng sau"),
    "OrganName / OrganizationInCharge first": (_organ_name_first, "Thứ tự phần tử trong From"),
    "ToPlaces before OtherInfo": (_to_places_before_other_info, "OtherInfo đứng sau ToPlaces"),
    "Manifest instead of edXMLManifest": (_manifest_renamed, "Manifest thay cho edXMLManifest"),
    "unknown elements and attributes": (_unknown_elements_and_attributes, "MessageHeader/VendorField"),
}


@pytest.mark.parametrize("quirk", list(QUIRKS))
def test_a_quirk_of_real_packages_is_read_with_a_warning_where_it_deviates(quirk: str) -> None:
    change, warning = QUIRKS[quirk]
    root = _ours()
    change(root)
    package = _read(_bytes(root))
    _assert_reads_right(package)
    if warning is None:
        assert package.warnings == ()
    else:
        assert any(warning in w for w in package.warnings), package.warnings
        assert summary(package)["warnings"] == list(package.warnings)


def test_response_for_children_in_another_order_and_several_to_and_response_for() -> None:
    root = _ours()
    message = _message(root)
    for organ, document_id in (("000.00.12.H40", "A,2026/01/02,3/X"), ("000.00.13.H40", "B,2026/01/03,4/Y")):
        response = etree.SubElement(message, f"{E}ResponseFor")
        etree.SubElement(response, f"{E}DocumentId").text = document_id
        etree.SubElement(response, f"{E}PromulgationDate").text = "2026/01/02"
        etree.SubElement(response, f"{E}OrganId").text = organ
        etree.SubElement(response, f"{E}Code").text = "3/X"
    package = _read(_bytes(root))
    _assert_reads_right(package)
    assert [(r.organ_id, r.document_id) for r in package.response_for] == [
        ("000.00.12.H40", "A,2026/01/02,3/X"),
        ("000.00.13.H40", "B,2026/01/03,4/Y"),
    ]
    assert package.response_for[0].promulgation_date == date(2026, 1, 2)
    assert any("Thứ tự phần tử trong ResponseFor" in w for w in package.warnings)


def test_several_replacement_info_lists_are_all_read() -> None:
    root = _ours()
    business = _find(root, "e:edXMLEnvelope/e:edXMLHeader/e:TraceHeaderList/e:Bussiness")
    business.find(f"{E}BussinessDocType").text = "3"  # type: ignore[union-attr]
    for replaced in ("X,2026/01/01,1/A", "X,2026/01/02,2/A"):
        info = etree.SubElement(etree.SubElement(business, f"{E}ReplacementInfoList"), f"{E}ReplacementInfo")
        etree.SubElement(info, f"{E}DocumentId").text = replaced
        organs = etree.SubElement(info, f"{E}OrganIdList")
        etree.SubElement(organs, f"{E}OrganId").text = "000.00.12.H40"
    package = _read(_bytes(root))
    assert package.business.doc_type == BusinessType.REPLACEMENT
    assert package.business.replaces == ("X,2026/01/01,1/A", "X,2026/01/02,2/A")
    assert package.business.document_id == DOCUMENT_ID


def _default_namespace_with_unprefixed_attachments(ours: bytes) -> bytes:
    """The library's own look: root in the default namespace, the envelope prefixed, AttachmentEncoded and
    its children unprefixed, ContentTransferEncoded prefixed with a local declaration."""
    root = etree.fromstring(ours)
    new_root = etree.Element(f"{E}edXML", nsmap={None: NS})
    envelope = copy.deepcopy(_find(root, "e:edXMLEnvelope"))
    new_root.append(envelope)
    text = etree.tostring(new_root, encoding="unicode")
    attachments = []
    for attachment in root.iterfind(f"{E}AttachmentEncoded/{E}Attachment"):
        fields = "".join(
            f"<{name}>{attachment.findtext(E + name)}</{name}>"
            for name in ("ContentId", "AttachmentName", "Description", "ContentType")
        )
        encoded = attachment.findtext(f"{E}ContentTransferEncoded")
        attachments.append(
            f'<Attachment>{fields}<edXML:ContentTransferEncoded xmlns:edXML="{NS}">{encoded}'
            "</edXML:ContentTransferEncoded></Attachment>"
        )
    text = text.replace("</edXML>", f"<AttachmentEncoded>{''.join(attachments)}</AttachmentEncoded></edXML>")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + text.encode()


def test_attachment_encoded_after_the_envelope_with_unprefixed_children() -> None:
    data = _default_namespace_with_unprefixed_attachments(build_document_package(document_package()))
    assert b"<AttachmentEncoded><Attachment><ContentId>" in data
    package = _read(data)
    _assert_reads_right(package)
    assert package.warnings == ()  # unprefixed, but in the default edXML namespace: nothing deviates


def test_attachment_children_without_any_namespace_are_read_with_a_warning() -> None:
    data = _default_namespace_with_unprefixed_attachments(build_document_package(document_package()))
    data = data.replace(b"<AttachmentEncoded>", b'<AttachmentEncoded xmlns="">')
    package = _read(data)
    _assert_reads_right(package)
    assert any("không thuộc không gian tên QCVN" in w for w in package.warnings)


def test_bkav_older_namespace_is_read_with_a_warning() -> None:
    data = build_document_package(document_package()).replace(NS.encode(), BKAV_NS.encode())
    package = _read(data)
    _assert_reads_right(package)
    assert any("BKAV" in w for w in package.warnings)


def test_bytes_before_the_xml_declaration_are_skipped_with_a_warning() -> None:
    package = _read(b"1212" + build_document_package(document_package()))
    _assert_reads_right(package)
    assert any("4 byte lạ trước khai báo <?xml" in w for w in package.warnings)


def test_an_undeclared_xlink_prefix_is_declared_with_a_warning() -> None:
    data = build_document_package(document_package()).replace(
        b"<edXML:Subject>", b'<edXML:Subject xlink:href="#noi-dung">', 1
    )
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(data)  # as received: not well-formed
    package = _read(data)
    _assert_reads_right(package)
    assert any("xlink:" in w for w in package.warnings)


def test_many_quirks_at_once_still_read_right() -> None:
    root = _ours()
    for change, _warning in QUIRKS.values():
        change(root)
    data = b"\r\n--boundary\r\n" + _bytes(root).replace(
        b"<edXML:Subject>", b'<edXML:Subject xlink:type="simple">', 1
    )
    package = _read(data.replace(NS.encode(), BKAV_NS.encode()))
    _assert_reads_right(package)
    assert len(package.warnings) >= 6


# --- what is still refused, with a Vietnamese reason ------------------------------------------------------


def _without(path: str) -> bytes:
    root = _ours()
    element = _find(root, path)
    parent = element.getparent()
    assert parent is not None
    parent.remove(element)
    return _bytes(root)


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (
            lambda: _without("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader/e:From"),
            EdxmlInvalid,
            "cơ quan gửi",
        ),
        (
            lambda: _without("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader/e:From/e:OrganId"),
            EdxmlInvalid,
            "From/OrganId",
        ),
        (lambda: _without("e:AttachmentEncoded"), EdxmlInvalid, "không có tệp"),
        (
            lambda: build_document_package(document_package()).replace(b"UEsDB", b"@@@@@", 1),
            EdxmlAttachmentInvalid,
            "base64",
        ),
        (lambda: b"%PDF-1.7 not a package", EdxmlNotWellFormed, "không đúng cú pháp XML"),
        (
            lambda: b"1212" + build_document_package(document_package()).replace(b"?>", b"?><!DOCTYPE x>", 1),
            EdxmlError,
            "DOCTYPE",
        ),
    ],
)
def test_what_cannot_be_read_safely_is_refused(
    data: Callable[[], bytes], error: type[EdxmlError], words: str
) -> None:
    with pytest.raises(error) as caught:
        parse_package(data())
    assert words in caught.value.message


def test_a_file_the_manifest_names_but_the_package_lacks_is_refused() -> None:
    root = _ours()
    encoded = _find(root, "e:AttachmentEncoded")
    encoded.remove(encoded[1])
    with pytest.raises(EdxmlInvalid) as caught:
        parse_package(_bytes(root))
    assert "thiếu" in caught.value.message


def test_a_document_id_of_another_agency_is_a_warning_not_a_refusal() -> None:
    other = Organization("000.00.99.H40", "Cơ quan khác")
    data = build_document_package(document_package(sender=other))
    package = _read(data)
    assert package.document_id == DOCUMENT_ID
    assert any("không mang mã định danh của cơ quan gửi" in w for w in package.warnings)
    assert package.attachments[0].data == PDF
