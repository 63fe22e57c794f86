"""Văn bản thay thế, đính chính và trả lời: what an outgoing draft names, checked when the draft is created
and carried out when it is released.

A draft may replace or correct one issued and released outgoing document of its agency, and may answer any
incoming documents; each must be one the author may read (404 otherwise, as for every unreadable id). A
document has at most one live replacement and no correction in progress at a time: the target's row is locked
while the draft is linked, so of two drafts naming it at once one is created and the other gets 409. At
release the replacement goes to at least the replaced document's recipients, the links become effective, the
older documents' histories record it, and this installation's copies of the replaced document are linked to
the new copies (so a unit sees "Đã bị thay thế bởi …" on what it received). The exchange slice reads the links
to write `BussinessDocType`, `ReplacementInfoList` and `ResponseFor` into the package.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eoffice.documents.errors import WrongState
from eoffice.documents.kinds import DocumentKind, DocumentStatus
from eoffice.documents.links import DocumentLink, LinkKind, links_from, live_links_to
from eoffice.documents.models import Document
from eoffice.documents.service import Actor, audit, get_readable
from eoffice.errors import InvalidInput
from eoffice.outgoing.models import Recipient
from eoffice.outgoing.schemas import LinksIn
from eoffice.permissions import may_read

_SUPERSEDING = (LinkKind.REPLACES, LinkKind.CORRECTS)
_NOUN = {LinkKind.REPLACES: "thay thế", LinkKind.CORRECTS: "đính chính"}


class AlreadyReplaced(WrongState):
    code = "outgoing.already_replaced"
    message = "Văn bản này đã có văn bản thay thế, hoặc đang có văn bản đính chính chưa phát hành."


def attach(session: Session, actor: Actor, document: Document, data: LinksIn) -> None:
    """Record what the new draft `document` replaces, corrects or answers (in the caller's transaction)."""
    if data.replaces is not None:
        kind = LinkKind(data.replaces.kind)
        target = get_readable(
            session, actor.user, data.replaces.document_id, DocumentKind.OUTGOING, lock=True
        )
        if target.agency_id != document.agency_id:
            raise InvalidInput(
                f"Chỉ {_NOUN[kind]} được văn bản do cơ quan mình ban hành.",
                detail=[{"field": "replaces.document_id", "problem": "văn bản của cơ quan khác"}],
            )
        if target.status != DocumentStatus.RELEASED:
            raise WrongState(
                f"Chỉ {_NOUN[kind]} được văn bản đã phát hành.",
                detail={"status": target.status.value, "allowed": [DocumentStatus.RELEASED.value]},
            )
        blocking = [
            newer
            for link, newer in live_links_to(session, target.id, *_SUPERSEDING)
            if link.kind == LinkKind.REPLACES or newer.status != DocumentStatus.RELEASED
        ]
        if blocking:  # the ids of those the author may read only: the others' existence stays unsaid
            raise AlreadyReplaced(
                detail={"document_ids": [d.id for d in blocking if may_read(session, actor.user, d)]}
            )
        session.add(
            DocumentLink(document_id=document.id, target_id=target.id, kind=kind, created_by_id=actor.id)
        )
        session.flush()
        audit(
            session,
            actor,
            "outgoing.link",
            document,
            after={"kind": kind.value, "target_id": target.id, "target": target.number_symbol},
        )
    for answered_id in dict.fromkeys(data.answers):
        answered = get_readable(session, actor.user, answered_id, DocumentKind.INCOMING)
        session.add(
            DocumentLink(
                document_id=document.id, target_id=answered.id, kind=LinkKind.ANSWERS, created_by_id=actor.id
            )
        )
        session.flush()
        audit(
            session,
            actor,
            "outgoing.link",
            document,
            after={
                "kind": LinkKind.ANSWERS.value,
                "target_id": answered.id,
                "target": answered.number_symbol,
            },
        )
        audit(session, actor, "outgoing.answer_draft", answered, after={"by_id": document.id})


def _key(recipient: Recipient) -> tuple[str, int | None, int | None, str]:
    return (recipient.kind.value, recipient.agency_id, recipient.department_id, recipient.organ_id)


def inherit_recipients(session: Session, document: Document) -> None:
    """At release: every recipient of the replaced or corrected document that the new one does not name yet."""
    for link in links_from(session, document.id, *_SUPERSEDING):
        mine = {
            _key(r) for r in session.scalars(select(Recipient).where(Recipient.document_id == document.id))
        }
        for old in session.scalars(
            select(Recipient).where(Recipient.document_id == link.target_id).order_by(Recipient.id)
        ):
            if _key(old) not in mine:
                session.add(
                    Recipient(
                        document_id=document.id,
                        kind=old.kind,
                        agency_id=old.agency_id,
                        department_id=old.department_id,
                        organ_id=old.organ_id,
                        name=old.name,
                    )
                )
                mine.add(_key(old))
    session.flush()


def after_release(session: Session, actor: Actor, document: Document) -> list[int]:
    """At release: the links take effect and the older documents' histories say by what. Copies this
    installation received of the replaced document are linked to the new copies of the same recipients.
    Returns the ids of the documents whose shown state changed (to re-index)."""
    changed: list[int] = []
    links = links_from(session, document.id)
    if not links:
        return changed
    mine = {
        _key(r): r.incoming_document_id
        for r in session.scalars(select(Recipient).where(Recipient.document_id == document.id))
        if r.incoming_document_id is not None
    }
    for link in links:
        link.effective = True
        target = session.get(Document, link.target_id)
        assert target is not None
        action = {
            LinkKind.REPLACES: "outgoing.replaced_by",
            LinkKind.CORRECTS: "outgoing.corrected_by",
            LinkKind.ANSWERS: "outgoing.answered_by",
        }[link.kind]
        audit(session, actor, action, target, after={"by_id": document.id, "by": document.number_symbol})
        changed.append(target.id)
        if link.kind == LinkKind.ANSWERS:
            continue
        for old in session.scalars(select(Recipient).where(Recipient.document_id == target.id)):
            new_copy = mine.get(_key(old))
            if old.incoming_document_id is None or new_copy is None:
                continue
            session.add(
                DocumentLink(
                    document_id=new_copy,
                    target_id=old.incoming_document_id,
                    kind=link.kind,
                    effective=True,
                    created_by_id=actor.id,
                )
            )
            old_copy = session.get(Document, old.incoming_document_id)
            assert old_copy is not None
            audit(session, actor, action, old_copy, after={"by_id": new_copy, "by": document.number_symbol})
            changed.append(old_copy.id)
    session.flush()
    return changed
