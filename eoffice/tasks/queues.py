"""The Celery queues: every worker consumes all three unless told otherwise (`eoffice worker --queues`); a
production stack adds a worker for the index queue alone (compose.yaml `index-worker`).

Inter-agency deliveries have a queue of their own: on the one shared queue a delivery waited behind every OCR
and conversion task already queued (over two minutes behind ~250 documents in the fault suite), while another
agency was waiting for the package. Workers take from both queues in turn, so a backlog of scans no longer
holds a delivery up.
"""

from __future__ import annotations

DOCUMENTS_QUEUE = "eoffice"
EXCHANGE_QUEUE = "eoffice.exchange"
# Index writes (and the `documents_changed` handler that starts them) have a queue of their own for the same
# reason: behind a backlog of extractions a change waited minutes to become searchable, and after an
# Elasticsearch outage the re-sent writes waited behind every file registered meanwhile. The outbox and
# processing sweeps run there too (eoffice.tasks.app): they are what re-sends those writes.
INDEX_QUEUE = "eoffice.index"
ALL_QUEUES = (DOCUMENTS_QUEUE, INDEX_QUEUE, EXCHANGE_QUEUE)
