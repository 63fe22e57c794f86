"""A local simulator of the national document exchange axis (VXP), written from its documented REST protocol,
for tests only: real HTTP on 127.0.0.1, every call authenticated by the HMAC-SHA256 signature header, packages
kept per recipient until fetched and marked, and what each sender sent served with its status.

It shares no code with eOffice's adapter (`eoffice/exchange/transport.py`, `_vxp.py`), so a mistake in
either side's reading of the protocol shows up as a failed exchange instead of cancelling out.

Calls (all `POST /<name>`, parameters as headers, also as `XroadVnpt-<name>`; answers JSON with `status`
"OK"/"FAIL" and `ErrorDesc`): `sendEdoc` (body: the edXML package; `from`, `servicetype`, `messagetype`),
`getReceivedEdocList` (`messagetype`), `getEdoc` (`docId`; `data` is the package in base64), `updateStatus`
(`docId`, `status` done|fail), `getSentEdocList`, `getAgenciesList`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from lxml import etree

from tests.simulators.serving import serving

VIETNAM = timezone(timedelta(hours=7))
MAX_SKEW = timedelta(minutes=15)


@dataclass(frozen=True)
class System:
    """An agency's account at the axis."""

    systemid: str
    secret: str
    organ_id: str
    name: str
    parent: str = ""


@dataclass
class Edoc:
    doc_id: str
    sender: str
    recipient: str
    messagetype: str
    body: bytes
    status: str = "new"  # new → done | fail (set by the recipient's updateStatus)
    sent_at: float = field(default_factory=time.time)


@dataclass
class Axis:
    systems: dict[str, System]
    edocs: list[Edoc] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why calls were refused (bad signature, stale…)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def by_organ(self, organ_id: str) -> System | None:
        return next((s for s in self.systems.values() if s.organ_id == organ_id), None)


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _header(request: Request, name: str) -> str:
    return request.headers.get(f"XroadVnpt-{name}") or request.headers.get(name) or ""


def _authenticate(axis: Axis, request: Request, body: bytes) -> tuple[System, dict[str, str]]:
    names = [n for n in request.headers.get("XroadVnpt-sign-header-key", "").split(";") if n]
    if "systemid" not in names or "timestamp" not in names:
        raise Refused(401, "signed headers must include systemid and timestamp")
    fields = {name: request.headers.get(f"XroadVnpt-{name}", "") for name in names}
    system = axis.systems.get(fields["systemid"])
    if system is None:
        raise Refused(401, f"unknown systemid {fields['systemid']!r}")
    signed = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()
    expected = hmac.new(system.secret.encode(), signed, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("XroadVnpt-sign-header", "")):
        raise Refused(401, "signature does not match")
    try:
        when = datetime.strptime(fields["timestamp"].split("+")[0], "%d%m%YT%H%M%S").replace(tzinfo=VIETNAM)
    except ValueError:
        raise Refused(401, "timestamp not ddMMyyyyTHHmmss+SSSS") from None
    if abs(datetime.now(VIETNAM) - when) > MAX_SKEW:
        raise Refused(401, "timestamp too old")
    if body and fields.get("sha256") != hashlib.sha256(body).hexdigest():
        raise Refused(401, "body is not the one signed (sha256)")
    return system, fields


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _addressed(body: bytes, messagetype: str) -> tuple[str, list[str]]:
    """(From/OrganId, recipients) of a package: To/OrganId for documents, ResponseFor/OrganId for statuses."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(body, parser)
    header = next(e for e in root.iter() if _local(e) == "MessageHeader")
    sender, recipients = "", []
    for child in header:
        if _local(child) == "From":
            sender = next((c.text or "").strip() for c in child if _local(c) == "OrganId")
        wanted = "To" if messagetype == "edoc" else "ResponseFor"
        if _local(child) == wanted:
            recipients += [(c.text or "").strip() for c in child if _local(c) == "OrganId"]
    return sender, recipients


def create_app(axis: Axis) -> FastAPI:
    app = FastAPI()

    def answer(data: dict[str, object]) -> JSONResponse:
        return JSONResponse({"status": "OK", "ErrorCode": "0", "ErrorDesc": "", **data})

    def fail(reason: str, status: int = 200) -> JSONResponse:
        return JSONResponse({"status": "FAIL", "ErrorCode": "-1", "ErrorDesc": reason}, status_code=status)

    @app.post("/{call}")
    async def dispatch(call: str, request: Request) -> JSONResponse:
        body = await request.body()
        try:
            system, fields = _authenticate(axis, request, body if call == "sendEdoc" else b"")
        except Refused as refused:
            with axis.lock:
                axis.refused.append(refused.reason)
            return fail(refused.reason, refused.status)
        with axis.lock:
            if call == "sendEdoc":
                messagetype = fields.get("messagetype", "")
                if messagetype not in ("edoc", "status") or fields.get("servicetype") != "eDoc":
                    return fail("servicetype must be eDoc and messagetype edoc|status")
                try:
                    sender, recipients = _addressed(body, messagetype)
                except (etree.XMLSyntaxError, StopIteration):
                    return fail("not an edXML package")
                if sender != system.organ_id or fields.get("from") != system.organ_id:
                    return fail(f"package from {sender} sent by {system.organ_id}")
                unknown = [r for r in recipients if axis.by_organ(r) is None]
                if not recipients or unknown:
                    return fail(f"recipients not connected to the axis: {unknown or recipients}")
                ids = []
                for recipient in recipients:
                    edoc = Edoc(uuid.uuid4().hex, sender, recipient, messagetype, body)
                    axis.edocs.append(edoc)
                    ids.append(edoc.doc_id)
                return answer({"DocID": ",".join(ids)})
            if call == "getReceivedEdocList":
                messagetype = fields.get("messagetype", "edoc")
                data = [
                    {"docId": e.doc_id, "from": e.sender, "messagetype": e.messagetype}
                    for e in axis.edocs
                    if e.recipient == system.organ_id and e.messagetype == messagetype and e.status == "new"
                ]
                return answer({"data": data})
            if call in ("getEdoc", "updateStatus"):
                edoc = next((e for e in axis.edocs if e.doc_id == fields.get("docId")), None)
                if edoc is None or edoc.recipient != system.organ_id:
                    return fail("no such document for this agency")
                if call == "getEdoc":
                    return answer({"data": base64.b64encode(edoc.body).decode()})
                if fields.get("status") not in ("done", "fail", "processing"):
                    return fail("status must be done, fail or processing")
                edoc.status = fields["status"]
                return answer({})
            if call == "getSentEdocList":
                data = [
                    {"docId": e.doc_id, "to": e.recipient, "messagetype": e.messagetype, "status": e.status}
                    for e in axis.edocs
                    if e.sender == system.organ_id
                ]
                return answer({"data": data})
            if call == "getAgenciesList":
                agencies = [
                    {"code": s.organ_id, "name": s.name, "pcode": s.parent} for s in axis.systems.values()
                ]
                return answer({"agencies": agencies})
        return fail(f"unknown call {call}", 404)

    return app


@contextmanager
def running(systems: list[System]) -> Iterator[tuple[str, Axis]]:
    """The simulator serving on a free loopback port: (its base URL, its state)."""
    axis = Axis({s.systemid: s for s in systems})
    with serving(create_app(axis), "VXP") as url:
        yield url, axis
