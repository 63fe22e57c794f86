"""Văn bản đi: drafts and versions, comments, signing, number issuing and release to recipients."""

from eoffice.outgoing.models import DeliveryStatus, DraftComment, ExternalDelivery, Recipient, RecipientKind

__all__ = ["DeliveryStatus", "DraftComment", "ExternalDelivery", "Recipient", "RecipientKind"]
