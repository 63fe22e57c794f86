"""One lock for every PDFium call in the process.

PDFium is not thread-safe, not even across different documents: two API threads opening PDFs at once corrupt
its state, and from then on valid files fail to open ("Data format error") — the 10-minute load test turned
thousands of good uploads into "bị hỏng" refusals that way. Every use of pypdfium2, in these libraries and in
the application, opens, reads and closes its documents while holding this lock (re-entrant, so a helper that
takes it may call another that does). Parallel PDF work belongs in processes (the pipeline's sandbox).
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.RLock()
