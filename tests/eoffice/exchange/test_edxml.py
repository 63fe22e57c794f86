"""edXML packages: round trips, tolerant reading of real-world variations, and strictness where it matters."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from lxml import etree

from eoffice.exchange.edxml import (
    NS,
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
from eoffice.exchange.errors import EdxmlAttachmentInvalid, EdxmlInvalid
from tests.eoffice.exchange.samples import PDF, RECIPIENT, SENDER, document_package, tolerant_xml, zipped_b64


def test_document_package_round_trip_keeps_every_field() -> None:
    original = document_package()
    parsed = parse_package(build_document_package(original))
    assert isinstance(parsed, DocumentPackage)
    assert parsed.sender == original.sender
    assert parsed.recipients == original.recipients
    assert parsed.document_id == "000.00.00.G22,2026/03/05,05/QĐ-UBND"
    assert (parsed.code.text, parsed.subject, parsed.content) == (
        "05/QĐ-UBND",
        original.subject,
        original.content,
    )
    assert parsed.promulgation == original.promulgation
    assert parsed.document_type == original.document_type
    assert parsed.signer == original.signer
    assert parsed.due_date == date(2026, 4, 1)
    assert parsed.other_info.appendixes == ("Phụ lục I", "Phụ lục II")
    assert parsed.to_places == ("Như Điều 3", "Lưu: VT")
    assert parsed.business == replace(original.business, document_id=original.document_id)
    assert parsed.warnings == ()
    assert [(a.name, a.data) for a in parsed.attachments] == [(a.name, a.data) for a in original.attachments]
    assert parsed.attachments[0].content_type == "application/pdf"
    assert parsed.traces and parsed.traces[0].organ_id == SENDER.organ_id


def test_files_travel_zipped_as_on_the_platform() -> None:
    root = etree.fromstring(build_document_package(document_package()))
    ns = {"e": NS}
    assert root.tag == f"{{{NS}}}edXML"
    assert root.xpath(
        "e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader/e:From/e:OrganId/text()", namespaces=ns
    ) == [SENDER.organ_id]
    types = root.xpath("e:AttachmentEncoded/e:Attachment/e:ContentType/text()", namespaces=ns)
    assert types == ["application/zip", "application/zip"]
    first = base64.b64decode(
        root.xpath("string(e:AttachmentEncoded/e:Attachment[1]/e:ContentTransferEncoded)", namespaces=ns)
    )
    assert first[:4] == b"PK\x03\x04"
    assert (
        root.xpath(
            "e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest/e:Reference/e:ContentType/text()", namespaces=ns
        )
        == types
    )


@pytest.mark.parametrize("business", list(BusinessType))
def test_business_types_round_trip_with_the_wire_digit(business: BusinessType) -> None:
    package = document_package()
    package = DocumentPackage(
        **{**package.__dict__, "business": package.business.__class__(business, "Sai sót số liệu")}
    )
    data = build_document_package(package)
    digit = etree.fromstring(data).findtext(f".//{{{NS}}}BussinessDocType")
    assert digit == str(list(BusinessType).index(business))
    parsed = parse_package(data)
    assert summary(parsed)["business_type"] == business.value
    assert isinstance(parsed, DocumentPackage) and parsed.business.reason == "Sai sót số liệu"


@pytest.mark.parametrize("code", list(StatusCode))
def test_status_package_round_trip(code: StatusCode) -> None:
    status = StatusPackage(
        sender=RECIPIENT,
        response_for=ResponseFor(
            SENDER.organ_id, "05/QĐ-UBND", date(2026, 3, 5), "000.00.00.G22,2026/03/05,05/QĐ-UBND"
        ),
        status_code=code,
        timestamp=datetime(2026, 3, 6, 2, 30, tzinfo=UTC),
        description="Đã vào sổ đến số 17",
        staff=StaffInfo("Văn phòng", "Trần Thị Lan"),
    )
    parsed = parse_package(build_status_package(status))
    assert isinstance(parsed, StatusPackage)
    assert parsed.status_code == code
    assert parsed.response_for == status.response_for
    assert parsed.timestamp == status.timestamp
    assert (parsed.description, parsed.staff) == (status.description, status.staff)
    assert summary(parsed) == {
        "kind": "status",
        "document_id": "000.00.00.G22,2026/03/05,05/QĐ-UBND",
        "from": {"organ_id": RECIPIENT.organ_id, "organ_name": RECIPIENT.organ_name},
        "to": [{"organ_id": SENDER.organ_id, "organ_name": None}],
        "number": "05/QĐ-UBND",
        "promulgation_date": "2026-03-05",
        "subject": None,
        "business_type": None,
        "status_code": code.value,
        "attachments": [],
        "warnings": [],
    }


def test_tolerant_package_reads_whitespace_empty_contacts_and_missing_parts() -> None:
    parsed = parse_package(tolerant_xml())
    assert isinstance(parsed, DocumentPackage)
    assert parsed.sender == Organization("000.00.00.G22", "Sở Tư pháp tỉnh Hà Tĩnh")
    assert parsed.recipients == (Organization("000.00.12.H40", ""),)
    assert parsed.code.text == "123/STP-VP"
    assert parsed.subject == "V/v góp ý dự thảo"
    assert parsed.promulgation.date == date(2026, 2, 9) and parsed.promulgation.place == ""
    assert parsed.due_date is None and parsed.signer.full_name == "" and parsed.to_places == ()
    assert parsed.business.doc_type == BusinessType.NEW
    assert [(a.name, a.content_type, a.data) for a in parsed.attachments] == [
        ("CV 123.pdf", "application/pdf", PDF)
    ]
    assert summary(parsed)["attachments"] == [
        {"name": "CV 123.pdf", "content_type": "application/pdf", "size": len(PDF)}
    ]


def test_unzipped_attachment_and_cid_without_prefix_are_accepted() -> None:
    raw = base64.b64encode(PDF).decode()
    parsed = parse_package(tolerant_xml(attachment=raw, content_type="application/pdf", manifest_cid="abc-1"))
    assert isinstance(parsed, DocumentPackage)
    assert parsed.attachments[0].data == PDF and parsed.attachments[0].size == len(PDF)


def test_other_date_formats_are_read() -> None:
    data = tolerant_xml().replace(
        b"<edXML:PromulgationDate> 2026/02/09 </edXML:PromulgationDate>",
        b"<edXML:PromulgationDate>09/02/2026</edXML:PromulgationDate>",
    )
    parsed = parse_package(data)
    assert isinstance(parsed, DocumentPackage) and parsed.promulgation.date == date(2026, 2, 9)


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ((b"             000.00.00.G22\n", b"\n"), "edxml.invalid", "From/OrganId"),
        (
            (b" 000.00.00.G22,2026/02/09,123/STP-VP ", b"   "),
            "edxml.invalid",
            "thiếu mã văn bản",
        ),
        ((b"<edXML:CodeNumber> 123 </edXML:CodeNumber>", b""), "edxml.invalid", "số hoặc ký hiệu"),
        ((b"<edXML:From>", b"<edXML:Sender>"), "edxml.invalid", "cơ quan gửi (From)"),
        (
            (
                b"<edXML:PromulgationDate> 2026/02/09 </edXML:PromulgationDate>",
                b"<edXML:PromulgationDate>ngay 9</edXML:PromulgationDate>",
            ),
            "edxml.invalid",
            "yyyy/mm/dd",
        ),
    ],
)
def test_what_matters_is_checked_strictly(change: tuple[bytes, bytes], code: str, words: str) -> None:
    data = tolerant_xml().replace(*change)
    if change[0] == b"<edXML:From>":
        data = data.replace(b"</edXML:From>", b"</edXML:Sender>")
    with pytest.raises(EdxmlInvalid) as caught:
        parse_package(data)
    assert caught.value.code == code
    assert words in caught.value.message


def test_manifest_must_match_the_attachments() -> None:
    with pytest.raises(EdxmlInvalid) as caught:
        parse_package(tolerant_xml(manifest_cid="cid:something-else"))
    assert "không khớp" in caught.value.message


@pytest.mark.parametrize(
    ("encoded", "words"),
    [
        ("@@@ không phải base64 @@@", "base64"),
        (base64.b64encode(b"PK\x03\x04 broken archive").decode(), "ZIP"),
        (base64.b64encode(b"just text, declared as zip").decode(), "ZIP"),
    ],
)
def test_attachments_that_do_not_decode_or_unzip_are_refused(encoded: str, words: str) -> None:
    with pytest.raises(EdxmlAttachmentInvalid) as caught:
        parse_package(tolerant_xml(attachment=encoded))
    assert caught.value.code == "edxml.attachment_invalid"
    assert words in caught.value.message


def test_archive_with_two_files_is_refused() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.pdf", PDF)
        archive.writestr("b.pdf", PDF)
    with pytest.raises(EdxmlAttachmentInvalid):
        parse_package(tolerant_xml(attachment=base64.b64encode(buffer.getvalue()).decode()))


def test_a_document_without_files_is_refused() -> None:
    data = document_package(attachments=())
    with pytest.raises(EdxmlInvalid) as caught:
        parse_package(build_document_package(data))
    assert "không có tệp" in caught.value.message


def test_zipped_name_with_zip_suffix_reads_the_inner_file_name() -> None:
    data = tolerant_xml(attachment=zipped_b64("QD 05.pdf", PDF)).replace(
        b"<edXML:AttachmentName>CV 123.pdf", b"<edXML:AttachmentName>CV 123.zip"
    )
    parsed = parse_package(data)
    assert isinstance(parsed, DocumentPackage)
    assert (parsed.attachments[0].name, parsed.attachments[0].content_type) == (
        "QD 05.pdf",
        "application/pdf",
    )
