"""PDFs read by many API threads at once: every valid file is still accepted, read and placed.

PDFium corrupts its state when two threads call it at the same time, even on different documents; under the
100-user load test that turned thousands of good uploads into "Tệp PDF bị hỏng" refusals and made signing fail.
Here 16 threads do what concurrent requests do — check an upload, read its text, find the signer block — and
every answer must be the one a single thread gets.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from eoffice.documents._content import validate_content
from eoffice.documents_text import extract_text
from eoffice.file_kinds import FileKind
from signing import SignerBlock
from signing._placement import find_signer_block
from signing.demo_document import DemoDocument, demo_document_pdf

THREADS = 16
ROUNDS = 12


def test_concurrent_requests_read_every_valid_pdf_like_a_single_one(tmp_path: Path) -> None:
    signers = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Đức Cường", "Phạm Thu Hà"]
    pdfs = [demo_document_pdf(DemoDocument(signer_name=name, position="CHỦ TỊCH")) for name in signers]
    paths = []
    for number, data in enumerate(pdfs):
        path = tmp_path / f"quyet-dinh-{number}.pdf"
        path.write_bytes(data)
        paths.append(path)
    expected_text = [extract_text(path) for path in paths]
    expected_box = [
        find_signer_block(data, SignerBlock(name, "CHỦ TỊCH"))
        for data, name in zip(pdfs, signers, strict=True)
    ]
    assert all(signers[n] in expected_text[n] for n in range(len(signers)))
    failures: list[str] = []
    start = threading.Barrier(THREADS)

    def request(worker: int) -> None:
        start.wait(timeout=30)
        for round_ in range(ROUNDS):
            n = (worker + round_) % len(pdfs)
            try:
                validate_content(io.BytesIO(pdfs[n]), FileKind.PDF, paths[n].name)
                if extract_text(paths[n]) != expected_text[n]:
                    failures.append(f"{paths[n].name}: other text")
                if find_signer_block(pdfs[n], SignerBlock(signers[n], "CHỦ TỊCH")) != expected_box[n]:
                    failures.append(f"{paths[n].name}: other signer box")
            except Exception as error:  # noqa: BLE001 — every failure is reported below
                failures.append(f"{paths[n].name}: {error!r}")

    threads = [threading.Thread(target=request, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not any(thread.is_alive() for thread in threads)
    assert failures == [], f"{len(failures)} of {THREADS * ROUNDS} requests went wrong: {failures[:5]}"
