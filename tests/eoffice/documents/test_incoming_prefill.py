"""`POST /incoming/prefill` (issue 24): the văn thư uploads a received file and gets the form's fields read
from it, the issuer's mã định danh from the danh bạ, and the sổ entries it would duplicate — on SQLite and
PostgreSQL, for a DOCX, a text PDF and a scan read through the pipeline's OCR."""

from __future__ import annotations

import json
from typing import Any

import httpx
from fastapi.testclient import TestClient

from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.factories import login
from tests.eoffice.incoming.prefill_corpus import cases, docx_bytes, scan_pdf_image_only, text_pdf

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CASES = cases(7)


def _prefill(
    client: TestClient, headers: dict[str, str], name: str, data: bytes, ctype: str
) -> httpx.Response:
    return client.post("/api/v1/incoming/prefill", files={"file": (name, data, ctype)}, headers=headers)


def _value(body: dict[str, Any], field: str) -> Any:
    return body[field]["value"] if body[field] is not None else None


def test_the_clerk_gets_the_fields_of_a_docx_with_where_each_was_read(
    client: TestClient, office: Office
) -> None:
    case = CASES[0]
    response = _prefill(client, login(client, office.clerk), "qd.docx", docx_bytes(case), DOCX_TYPE)
    assert response.status_code == 200, response.text
    body = response.json()
    truth = case.truth
    assert body["input_kind"] == "docx"
    assert int(_value(body, "number")) == truth["number"] and _value(body, "symbol") == truth["symbol"]
    assert _value(body, "issue_date") == truth["issue_date"].isoformat()
    assert _value(body, "doc_type") == truth["doc_type"] and _value(body, "title") == truth["summary"]
    assert _value(body, "issuer").casefold() == truth["issuer"].casefold()
    assert _value(body, "signer_name") == truth["signer_name"]
    assert body["number"]["text"].startswith("Số") and body["number"]["source"]["line"] >= 1
    assert body["issuer_directory"] is None and body["duplicates"] == []
    assert any(c["number"] == "30/2020/NĐ-CP" for c in body["citations"])


def test_a_text_pdf_gives_page_and_box_and_the_deadline(client: TestClient, office: Office) -> None:
    case = next(c for c in cases(12) if c.truth["deadline"] and "date" in c.truth["deadline"])
    response = _prefill(
        client, login(client, office.clerk), "kh.pdf", text_pdf(docx_bytes(case)), "application/pdf"
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["input_kind"] == "pdf"
    source = body["symbol"]["source"]
    assert source["page"] == 1 and len(source["box"]) == 4
    assert _value(body, "deadline") == case.truth["deadline"]["date"].isoformat()
    assert body["deadline"]["text"].startswith("trước ngày")


def test_the_issuer_is_matched_in_the_directory_and_a_registered_copy_is_flagged(
    client: TestClient, office: Office
) -> None:
    case = CASES[4]  # Bộ Tài chính
    admin = login(client, office.admin)
    entry = client.post(
        "/api/v1/exchange/directory",
        json={"organ_id": "000.00.00.G09", "name": case.truth["issuer"]},
        headers=admin,
    )
    assert entry.status_code == 201, entry.text
    clerk = login(client, office.clerk)
    data = docx_bytes(case)

    first = _prefill(client, clerk, "tt.docx", data, DOCX_TYPE).json()
    assert first["issuer_directory"] == {"organ_id": "000.00.00.G09", "name": case.truth["issuer"]}
    assert first["duplicates"] == []

    saved = register(
        client,
        clerk,
        title=_value(first, "title"),
        doc_type=_value(first, "doc_type"),
        issuer=first["issuer_directory"]["name"],
        number=_value(first, "number"),
        symbol=_value(first, "symbol"),
        issue_date=_value(first, "issue_date"),
    )
    again = _prefill(client, clerk, "tt.docx", data, DOCX_TYPE).json()
    [duplicate] = again["duplicates"]
    assert duplicate["id"] == saved["id"] and duplicate["register_number"] == saved["register_number"]


def test_a_scan_is_read_through_the_pipelines_ocr(client: TestClient, office: Office) -> None:
    case = CASES[1]
    scan = scan_pdf_image_only(text_pdf(docx_bytes(case)), case.seed)
    response = _prefill(client, login(client, office.clerk), "scan.pdf", scan, "application/pdf")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["input_kind"] == "scan"
    assert (
        int(_value(body, "number")) == case.truth["number"] and _value(body, "symbol") == case.truth["symbol"]
    )
    assert _value(body, "issue_date") == case.truth["issue_date"].isoformat()
    assert _value(body, "doc_type") == "cong_van"


def test_only_the_clerk_may_ask_and_a_broken_file_is_refused(client: TestClient, office: Office) -> None:
    data = docx_bytes(CASES[0])
    refused = _prefill(client, login(client, office.specialist), "qd.docx", data, DOCX_TYPE)
    assert refused.status_code == 403, refused.text
    assert refused.json()["message"] == "Chỉ văn thư mới được vào sổ văn bản đến."
    outsider = _prefill(client, login(client, office.other_agency), "qd.docx", data, DOCX_TYPE)
    assert outsider.status_code == 200  # the other agency's văn thư reads it for her own sổ
    assert outsider.json()["duplicates"] == []

    broken = _prefill(
        client, login(client, office.clerk), "x.pdf", b"%PDF-1.7\n" + b"\0" * 64, "application/pdf"
    )
    assert broken.status_code == 422, broken.text
    assert broken.json()["code"] == "file.malformed" and "PDF" in broken.json()["message"]


def test_what_the_clerk_corrects_is_counted_per_field(client: TestClient, office: Office) -> None:
    case = CASES[2]
    clerk = login(client, office.clerk)
    read = _prefill(client, clerk, "kh.docx", docx_bytes(case), DOCX_TYPE).json()
    fields = ("title", "doc_type", "issuer", "number", "symbol", "issue_date", "urgency", "deadline")
    values = {f: _value(read, f) for f in fields if read[f] is not None}
    assert set(values) == set(fields)
    register(
        client,
        clerk,
        **{**values, "number": str(int(values["number"]) + 1)},  # the clerk corrects the number
        prefilled={"input_kind": read["input_kind"], "values": values},
    )
    accuracy = client.get("/api/v1/incoming/prefill/accuracy", headers=clerk)
    assert accuracy.status_code == 200, accuracy.text
    rows = {(r["field"], r["input_kind"]): r for r in accuracy.json()}
    assert rows[("number", "docx")]["filled"] == 1 and rows[("number", "docx")]["kept"] == 0
    assert rows[("symbol", "docx")]["kept"] == 1 and rows[("symbol", "docx")]["share_kept"] == 1.0
    assert rows[("issuer", "docx")]["kept"] == 1  # typed as read: "Phòng giáo dục và đào tạo"
    assert ("secrecy", "docx") not in rows  # not read, not counted

    refused = client.get("/api/v1/incoming/prefill/accuracy", headers=login(client, office.specialist))
    assert refused.status_code == 403
    elsewhere = client.get("/api/v1/incoming/prefill/accuracy", headers=login(client, office.other_agency))
    assert elsewhere.json() == []  # each agency sees its own registrations only


def test_a_prefilled_field_the_form_does_not_have_is_refused(client: TestClient, office: Office) -> None:
    clerk = login(client, office.clerk)
    response = client.post(
        "/api/v1/incoming",
        data={
            "metadata": json.dumps(
                {
                    "title": "Về việc thử",
                    "doc_type": "cong_van",
                    "issuer": "Sở Nội vụ",
                    "prefilled": {"input_kind": "pdf", "values": {"signer_name": "Nguyễn Văn An"}},
                }
            )
        },
        files=[("files", ("a.pdf", pdf_bytes(), "application/pdf"))],
        headers=clerk,
    )
    assert response.status_code == 422, response.text
    assert "signer_name" in response.text
