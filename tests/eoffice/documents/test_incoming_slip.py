"""Phiếu xử lý văn bản đến: the PDF a clerk prints and files, read back with pypdfium2 as a clerk would
check it; the read rule's 404; hostile titles; and a server without LibreOffice answering a clear 503."""

from __future__ import annotations

import os
from datetime import UTC, datetime, time, timedelta
from urllib.parse import unquote

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient

from eoffice import clock
from eoffice.libreoffice import soffice_path
from eoffice.settings import Settings
from eoffice.vietnamese_dates import format_long_date
from tests.eoffice.documents.conftest import Office, pdf_bytes, register
from tests.eoffice.factories import login

needs_soffice = pytest.mark.skipif(
    soffice_path() is None and os.environ.get("EOFFICE_REQUIRE_SERVICES") != "1",
    reason="LibreOffice (soffice) không có trên máy này",
)

INSTRUCTION = "Giao Phòng Nội vụ chủ trì, tham mưu UBND tỉnh trả lời trước ngày 20"
DIRECTION = "Đồng ý. Các phòng phối hợp triển khai theo đúng tiến độ của Bộ"
FORWARD_NOTE = "Đồng chí chuyên viên nghiên cứu, dự thảo văn bản trả lời"
NOTE = "Đã làm việc với Sở Tài chính về kinh phí"
RESULT = "Đã trình UBND tỉnh ký Công văn trả lời số 57/UBND-NV"


def _register(client: TestClient, headers: dict[str, str], **metadata: object) -> dict:  # type: ignore[type-arg]
    """A received document with its scanned file, registered through the API."""
    return register(client, headers, files=[("Bản quét.pdf", pdf_bytes(), "application/pdf")], **metadata)


def _slip(client: TestClient, headers: dict[str, str], document_id: int, status: int = 200) -> bytes:
    response = client.get(f"/api/v1/incoming/{document_id}/slip.pdf", headers=headers)
    assert response.status_code == status, response.text
    return response.content


def _text(pdf: bytes) -> str:
    """The slip's words in reading order, whitespace (line breaks inside cells) folded to single spaces."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    return " ".join(" ".join(pages).split())


def _arrival(settings: Settings) -> datetime:
    """01:30 at the agency today — still yesterday in UTC, so a slip that printed the UTC day would show it —
    or a minute ago when the agency's day is younger than that."""
    zone = clock.agency_zone(settings.timezone)
    early = datetime.combine(clock.today(settings.timezone), time(1, 30), zone)
    return min(early, clock.now() - timedelta(minutes=1)).astimezone(UTC)


def _assign(client: TestClient, headers: dict[str, str], office: Office, document_id: int) -> None:
    """The leader's direction and his assignments, in one step."""
    response = client.post(
        f"/api/v1/incoming/{document_id}/directions",
        json={
            "text": DIRECTION,
            "assignments": [
                {
                    "role": "xu_ly_chinh",
                    "department_id": office.home_affairs.id,
                    "deadline": str(clock.today() + timedelta(days=10)),
                    "instruction": INSTRUCTION,
                },
                {"role": "phoi_hop", "department_id": office.finance.id},
                {"role": "de_biet", "department_id": office.office_dept.id},
            ],
        },
        headers=headers,
    )
    assert response.status_code == 201, response.text


@needs_soffice
def test_slip_says_what_a_clerk_checks(client: TestClient, office: Office, settings: Settings) -> None:
    clerk, leader = login(client, office.clerk), login(client, office.leader)
    head, specialist = login(client, office.head), login(client, office.specialist)
    arrived = _arrival(settings)
    doc = _register(
        client,
        clerk,
        title="Về việc triển khai Đề án vị trí việc làm năm 2026",
        issuer="Bộ Nội vụ",
        number="1234",
        symbol="BNV-CCHC",
        issue_date="2026-01-09",
        arrived_at=arrived.isoformat(),
    )
    _assign(client, leader, office, doc["id"])
    forwarded = client.post(
        f"/api/v1/incoming/{doc['id']}/forward",
        json={"user_id": office.specialist.id, "note": FORWARD_NOTE},
        headers=head,
    )
    assert forwarded.status_code == 201, forwarded.text
    noted = client.post(f"/api/v1/incoming/{doc['id']}/notes", json={"text": NOTE}, headers=specialist)
    assert noted.status_code == 201, noted.text
    done = client.post(f"/api/v1/incoming/{doc['id']}/complete", json={"result": RESULT}, headers=specialist)
    assert done.status_code == 200, done.text

    response = client.get(f"/api/v1/incoming/{doc['id']}/slip.pdf", headers=clerk)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    number = f"{doc['register_number']:02d}"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"Phiếu xử lý văn bản đến số {number}.pdf"
    assert response.content.startswith(b"%PDF")

    text = _text(response.content)
    local = arrived.astimezone(clock.agency_zone(settings.timezone))
    assert office.agency.name.upper() in text
    assert "PHIẾU XỬ LÝ VĂN BẢN ĐẾN" in text
    assert f"Số đến: {number}" in text
    assert f"Ngày đến: {local:%H} giờ {local:%M}, {format_long_date(local.date())}" in text
    assert "Số, ký hiệu: 1234/BNV-CCHC" in text and "Cơ quan ban hành: Bộ Nội vụ" in text
    assert "Ngày văn bản: ngày 09 tháng 01 năm 2026" in text
    assert "Trích yếu: Về việc triển khai Đề án vị trí việc làm năm 2026" in text
    # the leader's direction as he wrote it, with who gave it; the instruction stays with its assignment
    directions = text.split("I. Ý KIẾN CHỈ ĐẠO CỦA LÃNH ĐẠO")[1].split("II. PHÂN CÔNG XỬ LÝ")[0]
    assert f"{office.leader.full_name} (Chủ tịch)" in directions and DIRECTION in directions
    assert f"Xử lý chính Phòng Nội vụ Ý kiến giao: {INSTRUCTION}" in text
    # every assignee with its role, the specialist as the one handling it after the forward
    assert "Xử lý chính Phòng Nội vụ" in text
    assert "Phối hợp Phòng Tài chính" in text
    assert "Nhận để biết Văn phòng" in text
    assert f"Xử lý chính {office.specialist.full_name} (Chuyên viên)" in text
    assert f"Phòng Nội vụ → {office.specialist.full_name} (Chuyên viên) {FORWARD_NOTE}" in text
    assert NOTE in text
    assert "Tình trạng: Đã hoàn thành" in text
    assert f"Kết quả: {RESULT}" in text


@needs_soffice
def test_hostile_title_still_renders(client: TestClient, office: Office) -> None:
    clerk = login(client, office.clerk)
    hostile = "<w:p>&amp; ]]> \"trích\" 'yếu' <script>alert(1)</script> {{ jinja }} ${x} & <br/>"
    filler = " ".join(["cải cách hành chính"] * 220)  # about 4 300 characters: several pages of trích yếu
    title = f"{hostile} {filler} KẾT THÚC TRÍCH YẾU"
    doc = _register(
        client, clerk, title=title, issuer='Sở <Tài chính> & "Kế hoạch"', number="7", symbol="A&B"
    )
    text = _text(_slip(client, clerk, doc["id"]))
    assert hostile.strip() in text
    assert 'Sở <Tài chính> & "Kế hoạch"' in text and "7/A&B" in text
    assert "KẾT THÚC TRÍCH YẾU" in text
    assert "Chưa phân công." in text and "Tình trạng: Chờ phân công" in text


def test_who_may_not_read_gets_the_same_404_as_for_nothing(client: TestClient, office: Office) -> None:
    clerk = login(client, office.clerk)
    doc = _register(client, clerk, title="Văn bản chưa phân công")
    for outsider in (office.specialist, office.other_agency):
        headers = login(client, outsider)
        assert client.get(f"/api/v1/incoming/{doc['id']}", headers=headers).status_code == 404
        refused = client.get(f"/api/v1/incoming/{doc['id']}/slip.pdf", headers=headers)
        missing = client.get("/api/v1/incoming/999999999/slip.pdf", headers=headers)
        assert refused.status_code == missing.status_code == 404
        assert refused.json() == missing.json()
        assert "Văn bản chưa phân công" not in refused.text
    assert client.get(f"/api/v1/incoming/{doc['id']}/slip.pdf").status_code == 401


def test_without_libreoffice_a_clear_503(
    client: TestClient, office: Office, monkeypatch: pytest.MonkeyPatch, tmp_path: os.PathLike[str]
) -> None:
    clerk = login(client, office.clerk)
    doc = _register(client, clerk)
    monkeypatch.setenv("PATH", str(tmp_path))  # a server where LibreOffice was never installed
    response = client.get(f"/api/v1/incoming/{doc['id']}/slip.pdf", headers=clerk)
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "incoming.slip_converter_missing"
    assert "LibreOffice" in body["message"] and "phiếu xử lý" in body["message"]
