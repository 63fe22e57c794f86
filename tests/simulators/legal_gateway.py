"""A local simulator of the Ministry of Justice's legal-document gateway, for tests only: real HTTP on 127.0.0.1
speaking the shape docs/LEGAL_CORPUS.md describes (the issue's reading of the public gateway).

It shares no code with eOffice's client (`eoffice/legal/gateway.py`), so a mistake in either side's reading of
the protocol fails a test instead of cancelling out. The test changes the gateway's contents through Python
(`publish`), never through HTTP.

Calls (JSON):

- `POST /doc/all` `{pageNumber (from 1), pageSize (1–500), sortBy: "issueDate", sortDirection: "DESC"|"ASC"}` →
  `{"data": {items: [item…], totalCount, pageNumber, pageSize}}`; a page size over 500 is refused with 400.
- `GET /doc/{id}` → `{"data": item + {references: [{referenceType, targetDocument: item}]}}`; 404 unknown.

An item: `{id, docNum, title, issueDate (YYYY-MM-DD), effFrom, effTo, effStatus (CHL, HHL, HHL1P, CCHL, TNHL,
TNHL1P, KCPH), docType: {id, name}, agency: [{id, name}]}`. A reference says what the document does to its
target: 1 bãi bỏ, 3 căn cứ, 4 dẫn chiếu, 6 đính chính, 7 hợp nhất, 9 hướng dẫn, 10 sửa đổi bổ sung,
11 tạm ngưng, 12 thay thế, 14 giải thích.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.simulators.serving import serving

MAX_PAGE_SIZE = 500


@dataclass
class Gateway:
    """The documents the gateway publishes, and every list request it was sent (for the tests to inspect)."""

    documents: dict[int, dict[str, Any]] = field(default_factory=dict)
    references: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    list_requests: list[dict[str, Any]] = field(default_factory=list)
    detail_requests: list[int] = field(default_factory=list)

    def publish(
        self,
        id_: int,
        number: str | None,
        title: str,
        issued: str,
        status: str,
        *,
        doc_type: str = "Thông tư",
        agency: str = "Bộ Nội vụ",
        eff_from: str | None = None,
        eff_to: str | None = None,
        references: tuple[tuple[int, int], ...] = (),
    ) -> None:
        """Add or change a document; ``references``: (referenceType, target id)."""
        self.documents[id_] = {
            "id": id_,
            "docNum": number,
            "title": title,
            "issueDate": issued,
            "effFrom": eff_from,
            "effTo": eff_to,
            "effStatus": status,
            "docType": {"id": f"type-{doc_type}", "name": doc_type},
            "agency": [{"id": f"agency-{agency}", "name": agency}],
        }
        self.references[id_] = list(references)


def create_app(gateway: Gateway) -> FastAPI:
    app = FastAPI()

    @app.post("/doc/all")
    async def list_documents(request: Request) -> JSONResponse:
        body = await request.json()
        gateway.list_requests.append(body)
        size, page = body.get("pageSize"), body.get("pageNumber")
        if (
            not isinstance(size, int)
            or not 1 <= size <= MAX_PAGE_SIZE
            or not isinstance(page, int)
            or page < 1
        ):
            return JSONResponse({"message": "pageSize phải từ 1 đến 500"}, status_code=400)
        if body.get("sortBy") != "issueDate":
            return JSONResponse({"message": "sortBy"}, status_code=400)
        descending = body.get("sortDirection", "DESC") == "DESC"
        ordered = sorted(
            gateway.documents.values(), key=lambda d: (d["issueDate"], d["id"]), reverse=descending
        )
        items = ordered[(page - 1) * size : page * size]
        return JSONResponse(
            {"data": {"items": items, "totalCount": len(ordered), "pageNumber": page, "pageSize": size}}
        )

    @app.get("/doc/{doc_id}")
    async def document(doc_id: int) -> JSONResponse:
        gateway.detail_requests.append(doc_id)
        item = gateway.documents.get(doc_id)
        if item is None:
            return JSONResponse({"message": "không tìm thấy"}, status_code=404)
        references = [
            {"referenceType": kind, "targetDocument": gateway.documents[target]}
            for kind, target in gateway.references.get(doc_id, [])
            if target in gateway.documents
        ]
        return JSONResponse({"data": {**item, "references": references}})

    return app


@contextmanager
def running(gateway: Gateway | None = None) -> Iterator[tuple[str, Gateway]]:
    """The simulator serving on a free loopback port: (its base URL, its state)."""
    state = gateway or Gateway()
    with serving(create_app(state), "legal gateway") as url:
        yield url, state
