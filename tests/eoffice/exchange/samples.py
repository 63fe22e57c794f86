"""Packages for the exchange tests: a full document package, and hand-written XML in the styles real systems
send (prefixes, whitespace, empty contacts, missing optional parts)."""

from __future__ import annotations

import base64
import io
import zipfile
from datetime import date

from sqlalchemy.orm import Session

from eoffice.backends import Backends
from eoffice.exchange._outgoing import store_package
from eoffice.exchange.edxml import (
    Attachment,
    Business,
    BusinessType,
    DocumentCode,
    DocumentPackage,
    DocumentTypeInfo,
    Organization,
    OtherInfo,
    PromulgationInfo,
    SignerInfo,
    StaffInfo,
    build_document_package,
    document_id_for,
)
from eoffice.exchange.models import ReceivedPackage, ReceivedState
from eoffice.orgs.models import Agency

SENDER = Organization(
    organ_id="000.00.00.G22",
    organ_name="Ủy ban nhân dân tỉnh Hà Tĩnh",
    organization_in_charge="Chính phủ",
    organ_add="01 Nguyễn Tất Thành, Hà Tĩnh",
    email="vanthu@hatinh.gov.vn",
    telephone="02393855555",
)
RECIPIENT = Organization(organ_id="000.00.12.H40", organ_name="Sở Nội vụ tỉnh Nghệ An")
CODE = DocumentCode("05", "QĐ-UBND")
PDF = b"%PDF-1.7\n" + b"noi dung van ban " * 300 + b"\n%%EOF\n"


def document_package(**changes: object) -> DocumentPackage:
    fields: dict[str, object] = dict(
        sender=SENDER,
        recipients=(RECIPIENT, Organization("000.00.13.H40", "Sở Tài chính tỉnh Nghệ An")),
        document_id=document_id_for(SENDER.organ_id, date(2026, 3, 5), CODE),
        code=CODE,
        subject="Về việc ban hành Quy chế công tác văn thư",
        promulgation=PromulgationInfo("Hà Tĩnh", date(2026, 3, 5)),
        document_type=DocumentTypeInfo("1", "2", "Quyết định"),
        content="Điều 1. Ban hành kèm theo Quyết định này…\nĐiều 2. Quyết định có hiệu lực…",
        signer=SignerInfo("TM. ỦY BAN NHÂN DÂN", "Chủ tịch", "Nguyễn Văn An"),
        due_date=date(2026, 4, 1),
        other_info=OtherInfo(priority="1", page_amount="2", appendixes=("Phụ lục I", "Phụ lục II")),
        steering_type="1",
        to_places=("Như Điều 3", "Lưu: VT"),
        business=Business(BusinessType.NEW, "", StaffInfo("Văn phòng", "Nguyễn Thị Thu")),
        attachments=(
            Attachment("05-QD-UBND.pdf", "application/pdf", PDF, description="Văn bản"),
            Attachment(
                "phu-luc.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                b"PK\x03\x04 not really a docx but bytes" * 10,
            ),
        ),
    )
    fields.update(changes)
    return DocumentPackage(**fields)  # type: ignore[arg-type]


def zipped_b64(name: str, data: bytes) -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return base64.encodebytes(buffer.getvalue()).decode()  # wrapped at 76 columns, as mail-era tools do


def tolerant_xml(
    *,
    attachment: str | None = None,
    content_type: str = "application/zip",
    manifest_cid: str = "cid:abc-1",
    extra_header: str = "",
    from_id: str = "000.00.00.G22",
) -> bytes:
    """A package as a real system might write it: pretty-printed, `edXML:` prefix, elements in another
    order, empty contact fields, no DueDate/OtherInfo/SignerInfo/ToPlaces, a DSig signature, blank lines."""
    encoded = attachment if attachment is not None else zipped_b64("CV 123.pdf", PDF)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<edXML:edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope>
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From>
          <edXML:OrganName>   Sở Tư pháp
             tỉnh Hà Tĩnh  </edXML:OrganName>
          <edXML:OrganId>
             {from_id}
          </edXML:OrganId>
          <edXML:Email/>
          <edXML:Telephone></edXML:Telephone>
          <edXML:Fax>   </edXML:Fax>
        </edXML:From>
        <edXML:To>
          <edXML:OrganId>000.00.12.H40</edXML:OrganId>
          <edXML:OrganName/>
        </edXML:To>
        <edXML:Code>
          <edXML:CodeNotation> STP-VP </edXML:CodeNotation>
          <edXML:CodeNumber> 123 </edXML:CodeNumber>
        </edXML:Code>
        <edXML:Subject>
            V/v   góp ý dự thảo
        </edXML:Subject>
        <edXML:DocumentId> 000.00.00.G22,2026/02/09,123/STP-VP </edXML:DocumentId>
        <edXML:PromulgationInfo>
          <edXML:PromulgationDate> 2026/02/09 </edXML:PromulgationDate>
        </edXML:PromulgationInfo>
        {extra_header}
      </edXML:MessageHeader>
      <edXML:TraceHeaderList>
        <edXML:TraceHeader>
          <edXML:OrganId>000.00.00.G22</edXML:OrganId>
          <edXML:Timestamp>2026/02/09 08:15:00</edXML:Timestamp>
        </edXML:TraceHeader>
      </edXML:TraceHeaderList>
      <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/><SignatureValue>AA==</SignatureValue></Signature>
    </edXML:edXMLHeader>
    <edXML:edXMLBody>
      <edXML:edXMLManifest>
        <edXML:Reference>
          <edXML:ContentId>{manifest_cid}</edXML:ContentId>
          <edXML:ContentType>{content_type}</edXML:ContentType>
        </edXML:Reference>
      </edXML:edXMLManifest>
    </edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <edXML:AttachmentEncoded>
    <edXML:Attachment>
      <edXML:ContentId>cid:abc-1</edXML:ContentId>
      <edXML:AttachmentName>CV 123.pdf</edXML:AttachmentName>
      <edXML:ContentType>{content_type}</edXML:ContentType>
      <edXML:ContentTransferEncoded>
{encoded}
      </edXML:ContentTransferEncoded>
    </edXML:Attachment>
  </edXML:AttachmentEncoded>
</edXML:edXML>
""".encode()


def waiting_package(session: Session, backends: Backends, agency: Agency, subject: str) -> int:
    """A package from another agency waiting for the văn thư (as `receive` leaves a verified one)."""
    package = document_package(recipients=(Organization(agency.code, agency.name),), subject=subject)
    body = build_document_package(package)
    item = ReceivedPackage(
        agency_id=agency.id,
        sender_organ_id=package.sender.organ_id,
        sender_name=package.sender.organ_name,
        idempotency_key=f"waiting-{subject}",
        transport="direct",
        edxml_document_id=package.document_id,
        number=package.code.number,
        symbol=package.code.notation,
        subject=subject,
        promulgation_date=package.promulgation.date,
        package_key=store_package(backends, agency, "in", body),
        state=ReceivedState.PENDING,
    )
    session.add(item)
    session.commit()
    return item.id
