"""The values of an edXML package (QCVN 102:2016/BTTTT as the national platform uses it), as frozen dataclasses.

Attachments hold the file itself (decoded and unzipped); zipping for the wire is the builder's business.
Optional parts default to empty strings/None so a package from a system that leaves them out reads the same.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar


class BusinessType(enum.StrEnum):
    """`BussinessDocType`: what the package does to the document (0 new, 1 thu hồi, 2 cập nhật, 3 thay thế)."""

    NEW = "new"
    REVOCATION = "revocation"
    UPDATE = "update"
    REPLACEMENT = "replacement"

    @property
    def wire(self) -> str:
        return str(list(BusinessType).index(self))

    @classmethod
    def from_wire(cls, value: str) -> BusinessType:
        return list(cls)[int(value)]


class StatusCode(enum.StrEnum):
    """`StatusCode` of a status package."""

    ARRIVED = "01"  # đã đến
    REFUSED = "02"  # từ chối tiếp nhận
    ACCEPTED = "03"  # tiếp nhận, vào sổ
    ASSIGNED = "04"  # phân công
    IN_PROCESS = "05"  # đang xử lý
    COMPLETED = "06"  # hoàn thành
    RECALL_REQUESTED = "13"  # nơi gửi đề nghị lấy lại / cập nhật
    RECALL_AGREED = "15"  # nơi nhận đồng ý
    RECALL_REFUSED = "16"  # nơi nhận từ chối

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    StatusCode.ARRIVED: "Đã đến",
    StatusCode.REFUSED: "Từ chối tiếp nhận",
    StatusCode.ACCEPTED: "Đã tiếp nhận, vào sổ",
    StatusCode.ASSIGNED: "Đã phân công",
    StatusCode.IN_PROCESS: "Đang xử lý",
    StatusCode.COMPLETED: "Hoàn thành",
    StatusCode.RECALL_REQUESTED: "Đề nghị lấy lại/cập nhật",
    StatusCode.RECALL_AGREED: "Đồng ý lấy lại/cập nhật",
    StatusCode.RECALL_REFUSED: "Từ chối lấy lại/cập nhật",
}


@dataclass(frozen=True)
class Organization:
    """`From` / `To`: an agency by its mã định danh (`OrganId`) and its contact details."""

    organ_id: str
    organ_name: str = ""
    organization_in_charge: str = ""
    organ_add: str = ""
    email: str = ""
    telephone: str = ""
    fax: str = ""
    website: str = ""


@dataclass(frozen=True)
class DocumentCode:
    """`Code`: số (`CodeNumber`) and ký hiệu (`CodeNotation`)."""

    number: str
    notation: str

    @property
    def text(self) -> str:
        """`05/QĐ-UBND`."""
        return f"{self.number}/{self.notation}" if self.notation else self.number


@dataclass(frozen=True)
class PromulgationInfo:
    place: str = ""
    date: date | None = None


@dataclass(frozen=True)
class DocumentTypeInfo:
    """`DocumentType`: `Type` (1 văn bản hành chính, 2 quy phạm pháp luật…), `TypeDetail`, `TypeName`."""

    type: str = "1"
    type_detail: str = ""
    type_name: str = ""


@dataclass(frozen=True)
class SignerInfo:
    competence: str = ""  # thẩm quyền: `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`…
    position: str = ""
    full_name: str = ""


@dataclass(frozen=True)
class OtherInfo:
    priority: str = "0"  # độ khẩn: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ
    sphere_of_promulgation: str = ""
    typer_notation: str = ""
    promulgation_amount: str = ""
    page_amount: str = ""
    direction: str = ""
    appendixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StaffInfo:
    department: str = ""
    staff: str = ""
    email: str = ""
    mobile: str = ""


@dataclass(frozen=True)
class ResponseFor:
    """The document a package answers (`ResponseFor`): whose it is and its identity."""

    organ_id: str
    code: str = ""
    promulgation_date: date | None = None
    document_id: str = ""


@dataclass(frozen=True)
class TraceEntry:
    """`TraceHeader`: an agency the package passed through, and when."""

    organ_id: str
    timestamp: datetime | None = None


@dataclass(frozen=True)
class Business:
    """`Bussiness` (spelled so in the standard): business type, its reason and who did it."""

    doc_type: BusinessType = BusinessType.NEW
    reason: str = ""
    staff: StaffInfo = field(default_factory=StaffInfo)
    document_id: str = ""  # the Bussiness block's own DocumentId (the builder writes the package's)
    paper: str = "0"  # 1: a paper copy is also sent
    replaces: tuple[str, ...] = ()  # DocumentIds named in ReplacementInfoList(s), for thay thế/cập nhật


@dataclass(frozen=True)
class Attachment:
    """A file of the package, as the file itself (`content_type` its own type, not the wire's zip)."""

    name: str
    content_type: str
    data: bytes
    content_id: str = ""
    description: str = ""

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class DocumentPackage:
    """A document package: the văn bản, its metadata and its files."""

    sender: Organization
    recipients: tuple[Organization, ...]
    document_id: str
    code: DocumentCode
    subject: str
    promulgation: PromulgationInfo = field(default_factory=PromulgationInfo)
    document_type: DocumentTypeInfo = field(default_factory=DocumentTypeInfo)
    content: str = ""
    signer: SignerInfo = field(default_factory=SignerInfo)
    due_date: date | None = None
    other_info: OtherInfo = field(default_factory=OtherInfo)
    steering_type: str = ""
    to_places: tuple[str, ...] = ()
    response_for: tuple[ResponseFor, ...] = ()  # the documents this one answers (several occur)
    traces: tuple[TraceEntry, ...] = ()
    business: Business = field(default_factory=Business)
    attachments: tuple[Attachment, ...] = ()
    warnings: tuple[str, ...] = ()  # how the package deviated from QCVN 102:2016 (read anyway)

    kind: ClassVar[str] = "document"


@dataclass(frozen=True)
class StatusPackage:
    """A status package: what happened to a document at its recipient (`StatusCode`)."""

    sender: Organization
    response_for: ResponseFor
    status_code: StatusCode
    timestamp: datetime | None = None
    description: str = ""
    staff: StaffInfo = field(default_factory=StaffInfo)
    traces: tuple[TraceEntry, ...] = ()
    warnings: tuple[str, ...] = ()

    kind: ClassVar[str] = "status"


Package = DocumentPackage | StatusPackage


def document_id_for(organ_id: str, promulgation_date: date, code: DocumentCode) -> str:
    """`DocumentId` as the platform writes it: `<sender OrganId>,<yyyy/mm/dd>,<number/symbol>`."""
    return f"{organ_id},{promulgation_date:%Y/%m/%d},{code.text}"
