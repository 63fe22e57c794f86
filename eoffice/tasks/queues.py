"""The Celery queues every worker consumes.

Inter-agency deliveries have a queue of their own: on the one shared queue a delivery waited behind every OCR
and conversion task already queued (over two minutes behind ~250 documents in the fault suite), while another
agency was waiting for the package. Workers take from both queues in turn, so a backlog of scans no longer
holds a delivery up.
"""

from __future__ import annotations

DOCUMENTS_QUEUE = "eoffice"
EXCHANGE_QUEUE = "eoffice.exchange"
ALL_QUEUES = (DOCUMENTS_QUEUE, EXCHANGE_QUEUE)
