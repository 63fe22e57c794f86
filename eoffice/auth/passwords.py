"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendations).

A hash records its own parameters, so raising them later only needs `needs_rehash` on the next login.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

# Verified against when the username does not exist, so a wrong username costs as much time as a wrong
# password and the response time does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("eoffice-no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; a missing or malformed hash is simply a mismatch."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
