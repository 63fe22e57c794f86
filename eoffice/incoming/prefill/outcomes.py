"""Sửa so với điền sẵn: keep, for each field the form pre-filled, what was read and what was saved; and the
share kept per field and input kind, the reader's accuracy on the agency's real mail."""

from __future__ import annotations

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from eoffice.checks.text import tone_key
from eoffice.documents.models import Document
from eoffice.incoming.prefill.models import PrefillField
from eoffice.incoming.prefill.schemas import FieldAccuracy, InputKind, PrefilledIn

__all__ = ["accuracy", "record_prefill"]


def _saved(document: Document, field: str) -> str:
    value = getattr(document, field)
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _same(field: str, read: str, saved: str) -> bool:
    """Kept as read: numbers by value (``05`` = ``5``), text ignoring case, spacing and tone placement."""
    if field == "number" and read.isdigit() and saved.isdigit():
        return int(read) == int(saved)
    return tone_key(read).casefold() == tone_key(saved).casefold()


def record_prefill(session: Session, document: Document, prefilled: PrefilledIn) -> None:
    """One row per pre-filled field of the newly registered `document`, in the registration's transaction."""
    for field, read in sorted(prefilled.values.items()):
        saved = _saved(document, field)
        session.add(
            PrefillField(
                document_id=document.id,
                agency_id=document.agency_id,
                input_kind=prefilled.input_kind.value,
                field=field,
                read_value=read,
                saved_value=saved,
                corrected=not _same(field, read, saved),
            )
        )


def accuracy(session: Session, agency_id: int) -> list[FieldAccuracy]:
    """Per field and input kind: how many times it was pre-filled and how many kept as read."""
    kept = func.sum(1 - cast(PrefillField.corrected, Integer))
    rows = session.execute(
        select(PrefillField.field, PrefillField.input_kind, func.count(), kept)
        .where(PrefillField.agency_id == agency_id)
        .group_by(PrefillField.field, PrefillField.input_kind)
        .order_by(PrefillField.field, PrefillField.input_kind)
    ).all()
    return [
        FieldAccuracy(
            field=field,
            input_kind=InputKind(kind),
            filled=int(count),
            kept=int(kept_count or 0),
            share_kept=round(int(kept_count or 0) / int(count), 4) if count else 0.0,
        )
        for field, kind, count, kept_count in rows
    ]
