"""Changing a signing PIN: only whoever knows the current one, for a key they hold.

A leader changes their own key's PIN; a văn thư changes the agency's (the văn thư keep the seal). An admin
has no path here that does not need the current PIN, so resetting someone's login password gives no
signing power. Each change is audited, naming the key, never a PIN.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from eoffice import keys
from eoffice.audit import record
from eoffice.backends import Backends
from eoffice.errors import NotFound
from eoffice.orgs.models import Agency, Role, User
from eoffice.permissions import holds_role


def change_own_pin(
    session: Session, backends: Backends, user: User, current_pin: str, new_pin: str, address: str | None
) -> None:
    """Đổi mã PIN khóa ký số của chính mình."""
    if not user.signing_key_ref:
        raise keys.NoSigningKey(f"{user.full_name} chưa được cấp khóa ký số.")
    keys.change_pin(session, backends, user.signing_key_ref, current_pin, new_pin)
    record(
        session,
        actor_id=user.id,
        action="signing_pin.change",
        entity_type="users",
        entity_id=user.id,
        before=None,
        after={"signing_key_ref": user.signing_key_ref},
        client_address=address,
    )


def change_agency_pin(
    session: Session,
    backends: Backends,
    user: User,
    agency_id: int,
    current_pin: str,
    new_pin: str,
    address: str | None,
) -> None:
    """Đổi mã PIN khóa ký số của cơ quan: văn thư of that agency only (others: 404, like any unknown id)."""
    agency = session.get(Agency, agency_id)
    if agency is None or not holds_role(user, agency_id, Role.CLERK):
        raise NotFound("Không tìm thấy cơ quan.")
    if not agency.signing_key_ref:
        raise keys.NoSigningKey(f"{agency.name} chưa được cấp khóa ký số của cơ quan.")
    keys.change_pin(session, backends, agency.signing_key_ref, current_pin, new_pin)
    record(
        session,
        actor_id=user.id,
        action="signing_pin.change",
        entity_type="agencies",
        entity_id=agency.id,
        before=None,
        after={"signing_key_ref": agency.signing_key_ref},
        client_address=address,
    )
