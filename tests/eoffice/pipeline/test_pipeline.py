"""The pipeline end to end with real worker processes, on the embedded broker and on Redis: scans become
searchable through Vietnamese OCR, DOCX drafts get a PDF, poison fails with a reason without blocking the
queue, and a worker killed with `kill -9` mid-task leaves nothing undone."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select

from eoffice.documents.models import DocumentFile
from eoffice.documents.search import search_documents
from eoffice.documents_text import extract_text
from eoffice.orgs.models import User
from eoffice.processing import DocumentProcessing, DocumentState, Stage, Status
from tests.eoffice.pipeline import samples
from tests.eoffice.pipeline.conftest import Installation, wait_for

DECISION = [
    "ỦY BAN NHÂN DÂN TỈNH DEMO",
    "QUYẾT ĐỊNH",
    "Về việc phê duyệt kế hoạch bảo vệ đê điều năm 2026",
    "Điều 1. Giao Sở Nông nghiệp kiểm tra các tuyến đê xung yếu.",
]


def _rows(installation: Installation, document_id: int) -> dict[Stage, DocumentProcessing]:
    with installation.backends.sessions() as session:
        rows = session.scalars(
            select(DocumentProcessing).where(DocumentProcessing.document_id == document_id)
        )
        return {row.stage: row for row in rows}


def _found(installation: Installation, query: str) -> set[int]:
    with installation.backends.sessions() as session:
        user = session.get(User, installation.clerk.id)
        assert user is not None
        _total, hits = search_documents(session, installation.backends.search, user, query)
        return {hit.id for hit in hits}


def _object(installation: Installation, key: str) -> bytes:
    return b"".join(installation.backends.objects.get(key))


def _text_of_pdf(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "derived.pdf"
        path.write_bytes(data)
        return extract_text(path)


def _original(installation: Installation, document_id: int) -> DocumentFile:
    with installation.backends.sessions() as session:
        file = session.scalar(select(DocumentFile).where(DocumentFile.document_id == document_id))
        assert file is not None
        return file


def test_scanned_vietnamese_pdf_is_found_by_a_search_without_diacritics(installation: Installation) -> None:
    scan = samples.scanned_pdf(DECISION)
    document_id = installation.register("quyet-dinh-scan.pdf", scan, "Quyết định phê duyệt (bản quét)")

    [progress] = installation.wait(document_id)

    assert progress.state == DocumentState.DONE, progress.failures
    rows = _rows(installation, document_id)
    assert rows[Stage.OCR].status == Status.DONE
    assert "đê điều" in _text_of_pdf(_object(installation, rows[Stage.OCR].pdf_key))
    assert document_id in _found(installation, "bao ve de dieu")
    assert document_id in _found(installation, "tuyen de xung yeu")
    original = _original(installation, document_id)
    assert hashlib.sha256(_object(installation, original.object_key)).hexdigest() == original.sha256
    assert _object(installation, original.object_key) == scan


def test_signed_scan_is_ocred_into_a_copy_and_the_signed_original_stays(installation: Installation) -> None:
    signed_scan = samples.signed(
        samples.scanned_pdf(["CÔNG VĂN", "V/v tăng cường phòng chống dịch bệnh gia cầm"])
    )
    document_id = installation.register("cong-van-ky-so.pdf", signed_scan, "Công văn đã ký số (bản quét)")

    [progress] = installation.wait(document_id)

    assert progress.state == DocumentState.DONE, progress.failures
    original = _original(installation, document_id)
    assert _object(installation, original.object_key) == signed_scan
    ocr = _rows(installation, document_id)[Stage.OCR]
    assert ocr.pdf_key != original.object_key
    assert "gia cầm" in _text_of_pdf(_object(installation, ocr.pdf_key))
    assert document_id in _found(installation, "phong chong dich benh gia cam")


def test_docx_draft_gets_a_converted_pdf_with_the_same_text(installation: Installation) -> None:
    paragraphs = [
        "KẾ HOẠCH",
        "Tổ chức hội nghị tổng kết công tác văn thư, lưu trữ năm 2026",
        "Thời gian: 08 giờ 00 ngày 15 tháng 12 năm 2026, tại hội trường tầng 3.",
    ]
    document_id = installation.register(
        "du-thao-ke-hoach.docx", samples.docx_draft(paragraphs), "Dự thảo kế hoạch"
    )

    [progress] = installation.wait(document_id)

    assert progress.state == DocumentState.DONE, progress.failures
    rows = _rows(installation, document_id)
    converted = _text_of_pdf(_object(installation, rows[Stage.CONVERT].pdf_key))
    for paragraph in paragraphs:
        assert paragraph in " ".join(converted.split()), converted
    assert document_id in _found(installation, "hoi nghi tong ket cong tac van thu")


def test_poison_files_fail_with_a_reason_and_the_next_file_is_processed(installation: Installation) -> None:
    malformed = installation.register("hong.pdf", samples.MALFORMED_PDF, "Tệp PDF hỏng")
    bomb = installation.register("bom.docx", samples.docx_bomb(), "Tệp DOCX độc hại")
    good = installation.register(
        "bao-cao.pdf",
        samples.text_pdf("Báo cáo tình hình thu ngân sách quý IV"),
        "Báo cáo thu ngân sách",
    )

    outcome = {p.document_id: p for p in installation.wait(malformed, bomb, good)}

    assert outcome[good].state == DocumentState.DONE
    assert good in _found(installation, "thu ngan sach quy IV")
    assert outcome[malformed].state == DocumentState.FAILED
    [failure] = outcome[malformed].failures
    assert (failure.stage, failure.code) == (Stage.EXTRACT, "document.malformed")
    assert "bị hỏng" in failure.message
    assert outcome[bomb].state == DocumentState.FAILED
    assert {f.code for f in outcome[bomb].failures} == {"processing.archive_bomb"}
    assert all("độc hại" in f.message for f in outcome[bomb].failures)
    # failed files still leave their document findable by its metadata
    assert malformed in _found(installation, "tep pdf hong")


def test_worker_killed_mid_task_the_document_still_ends_up_indexed(installation: Installation) -> None:
    scan = samples.scanned_pdf(
        [*DECISION, "Điều 2. Kinh phí thực hiện từ nguồn dự phòng ngân sách tỉnh."], pages=3
    )
    document_id = installation.register("quyet-dinh-3-trang.pdf", scan, "Quyết định (3 trang quét)")

    def ocr_started() -> bool:
        ocr = _rows(installation, document_id).get(Stage.OCR)
        return ocr is not None and ocr.status == Status.STARTED

    wait_for(ocr_started, 90, f"OCR never started\n{installation.worker.log_tail()}")
    installation.worker.kill()
    assert _rows(installation, document_id)[Stage.OCR].status == Status.STARTED
    assert document_id not in _found(installation, "nguon du phong ngan sach")

    installation.worker.start()
    [progress] = installation.wait(document_id)

    assert progress.state == DocumentState.DONE, progress.failures
    ocr = _rows(installation, document_id)[Stage.OCR]
    assert ocr.attempts == 2
    assert document_id in _found(installation, "nguon du phong ngan sach")


# `eoffice reindex` through the real CLI (registering the pipeline's commands if the CLI does not list them yet)
_CLI = (
    "from eoffice.cli import app\n"
    "from eoffice.commands import pipeline\n"
    "if not any(c.name == 'reindex' for c in app.registered_commands):\n"
    "    pipeline.register(app)\n"
    "app()\n"
)


def test_reindex_rebuilds_the_index_from_the_database_with_ocr_text(installation: Installation) -> None:
    from eoffice.documents.indexing import search_id

    document_id = installation.register(
        "to-trinh.pdf",
        samples.scanned_pdf(["TỜ TRÌNH", "Về việc sửa chữa trụ sở xã Hòa Bình"]),
        "Tờ trình (bản quét)",
    )
    installation.wait(document_id)
    installation.backends.search.delete(search_id(document_id))
    installation.backends.search.refresh()
    assert document_id not in _found(installation, "sua chua tru so xa hoa binh")

    result = subprocess.run(
        [sys.executable, "-c", _CLI, "reindex"],
        env=installation.worker.env,
        cwd=installation.worker.cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "Đã lập chỉ mục" in result.stdout
    assert document_id in _found(installation, "sua chua tru so xa hoa binh")
