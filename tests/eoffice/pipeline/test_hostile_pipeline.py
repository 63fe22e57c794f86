"""The hostile-file corpus (`scripts/hostile_corpus.py`) through the real worker: fuzzed and truncated PDFs,
PDFs with JavaScript, encrypted PDFs, DOCX zip bombs, XXE and macros, decompression-bomb images, wrong
extensions, hostile names go through extraction, OCR and conversion in the sandbox. They are registered
without the upload's inspection — as files arriving from another agency by the exchange are — so the pipeline
meets what the API's door would refuse too. Each must end done, or failed with a Vietnamese reason on the
first try (a parser's verdict is not retried); none may stay processing, kill the worker or hold up the clean
file registered after them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eoffice.errors import EOfficeError
from eoffice.processing import DocumentState
from tests.eoffice.pipeline import samples
from tests.eoffice.pipeline.conftest import Installation
from tests.security.corpus import build_corpus
from tests.security.webstack import is_vietnamese

PER_CATEGORY = 1  # one of every kind of hostility keeps the run to about a minute per installation
EVERY_ONE_OF = {"docx-xxe", "docx-malformed", "image-bomb"}  # small families whose members differ most


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    folder = tmp_path_factory.mktemp("hostile-pipeline")
    taken: dict[str, int] = {}
    chosen = []
    for entry in build_corpus(folder):
        wanted = entry.category in EVERY_ONE_OF or taken.get(entry.category, 0) < PER_CATEGORY
        if "incoming" in entry.targets and wanted:
            taken[entry.category] = taken.get(entry.category, 0) + 1
            chosen.append(entry)
    assert len(taken) >= 12, sorted(taken)  # the corpus still covers every family
    return folder, chosen


def test_hostile_files_end_done_or_failed_with_a_reason_and_the_worker_goes_on(
    installation: Installation, sample: tuple[Path, list[Any]]
) -> None:
    folder, entries = sample
    registered: dict[int, Any] = {}
    refused = 0
    for entry in entries:
        try:
            document_id = installation.register(
                entry.upload_name, (folder / entry.file).read_bytes(), f"Văn bản thử {entry.file}"
            )
        except EOfficeError as error:  # refused at the door: the upload tests judge those
            assert is_vietnamese(error.message), (entry.file, error.message)
            refused += 1
            continue
        registered[document_id] = entry
    clean = installation.register(
        "bao-cao-sau.pdf", samples.text_pdf("Báo cáo kết quả tiếp công dân tháng 11"), "Báo cáo tiếp dân"
    )

    outcome = {p.document_id: p for p in installation.wait(*registered, clean)}

    assert installation.worker.process is not None and installation.worker.process.poll() is None, (
        "the worker died:\n" + installation.worker.log_tail()
    )
    assert outcome[clean].state == DocumentState.DONE
    assert len(registered) >= 10 and refused >= 1  # both paths were exercised
    problems = []
    for document_id, entry in registered.items():
        progress = outcome[document_id]
        label = f"{entry.file} [{entry.category}]"
        if progress.state not in (DocumentState.DONE, DocumentState.FAILED):
            problems.append(f"{label}: still {progress.state}")
        for failure in progress.failures:
            if not failure.code or not is_vietnamese(failure.message):
                problems.append(f"{label}: {failure.stage} failed without a Vietnamese reason: {failure}")
    assert not problems, "\n".join(problems)
