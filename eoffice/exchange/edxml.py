"""edXML packages (QCVN 102:2016/BTTTT): build, parse, and the stable JSON summary of one.

`build_document_package` / `build_status_package` write bytes a real exchange system accepts;
`parse_package` reads what real systems send, refusing hostile or broken input with `edxml.*` errors
(`not_well_formed`, `doctype_forbidden`, `too_large`, `invalid`, `attachment_invalid`). `summary` is the
`eoffice exchange parse --json` shape (DESIGN.md, "The command line").
"""

from __future__ import annotations

from typing import Any

from eoffice.exchange._build import build_document_package, build_status_package, format_date
from eoffice.exchange._model import (
    Attachment,
    Business,
    BusinessType,
    DocumentCode,
    DocumentPackage,
    DocumentTypeInfo,
    Organization,
    OtherInfo,
    Package,
    PromulgationInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusCode,
    StatusPackage,
    TraceEntry,
    document_id_for,
)
from eoffice.exchange._parse import Limits, parse_package
from eoffice.exchange._xml import NS

__all__ = [
    "NS",
    "Attachment",
    "Business",
    "BusinessType",
    "DocumentCode",
    "DocumentPackage",
    "DocumentTypeInfo",
    "Limits",
    "Organization",
    "OtherInfo",
    "Package",
    "PromulgationInfo",
    "ResponseFor",
    "SignerInfo",
    "StaffInfo",
    "StatusCode",
    "StatusPackage",
    "TraceEntry",
    "build_document_package",
    "build_status_package",
    "document_id_for",
    "format_date",
    "parse_package",
    "summary",
]


def _org(org: Organization) -> dict[str, Any]:
    return {"organ_id": org.organ_id, "organ_name": org.organ_name}


def summary(package: Package) -> dict[str, Any]:
    """`{kind, document_id, from, to, number, promulgation_date, subject, business_type, status_code,
    attachments: [{name, content_type, size}], warnings: [str]}`; fields that do not apply to the kind are
    null; `warnings` says in Vietnamese how the package deviated from QCVN 102:2016 (read anyway)."""
    if isinstance(package, StatusPackage):
        response = package.response_for
        return {
            "kind": "status",
            "document_id": response.document_id,
            "from": _org(package.sender),
            "to": [{"organ_id": response.organ_id, "organ_name": None}],
            "number": response.code or None,
            "promulgation_date": response.promulgation_date.isoformat()
            if response.promulgation_date
            else None,
            "subject": None,
            "business_type": None,
            "status_code": package.status_code.value,
            "attachments": [],
            "warnings": list(package.warnings),
        }
    date = package.promulgation.date
    return {
        "kind": "document",
        "document_id": package.document_id,
        "from": _org(package.sender),
        "to": [_org(recipient) for recipient in package.recipients],
        "number": package.code.text,
        "promulgation_date": date.isoformat() if date else None,
        "subject": package.subject,
        "business_type": package.business.doc_type.value,
        "status_code": None,
        "attachments": [
            {"name": a.name, "content_type": a.content_type, "size": a.size} for a in package.attachments
        ],
        "warnings": list(package.warnings),
    }
