"""Liên thông văn bản: edXML packages (QCVN 102:2016/BTTTT), transports (direct, hub), the hub service, and
the send/receive flow with statuses per recipient.

Other slices call `flow` (`schedule_external_deliveries` after a release, `report_incoming_status` as an
incoming document is handled); the API mounts `router`; the worker imports `tasks`.
"""

from eoffice.exchange._addresses import PeerPolicy
from eoffice.exchange.edxml import (
    BusinessType,
    DocumentPackage,
    Limits,
    StatusCode,
    StatusPackage,
    build_document_package,
    build_status_package,
    parse_package,
    summary,
)
from eoffice.exchange.errors import EdxmlError, ExchangeError, TransportFailed
from eoffice.exchange.transport import DirectTransport, HubTransport, Transport

__all__ = [
    "BusinessType",
    "DirectTransport",
    "DocumentPackage",
    "EdxmlError",
    "ExchangeError",
    "HubTransport",
    "Limits",
    "PeerPolicy",
    "StatusCode",
    "StatusPackage",
    "Transport",
    "TransportFailed",
    "build_document_package",
    "build_status_package",
    "parse_package",
    "summary",
]
