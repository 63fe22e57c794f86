"""Background work on Celery: text extraction, OCR, conversion, indexing, reminders, delivery.

`eoffice.tasks.app:celery_app` is the Celery application (`celery -A eoffice.tasks.app beat`); work is enqueued
through the transactional outbox (`eoffice.tasks.outbox.enqueue`) so nothing is sent before its database commit.
"""
