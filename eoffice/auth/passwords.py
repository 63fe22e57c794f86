"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendations), and the
password policy every new password meets.

A hash records its own parameters, so raising them later only needs `needs_rehash` on the next login.
"""

from __future__ import annotations

from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from eoffice.auth.errors import WeakPassword

MIN_LENGTH = 12
# zxcvbn's guessability score (0-4): 3 resists an offline attack on a slow hash for a long while.
MIN_SCORE = 3
# zxcvbn knows English words and the world's common passwords; these are the Vietnamese (and eOffice)
# ones it does not.
LOCAL_WORDS = ("matkhau", "mat khau", "eoffice", "vanthu", "chuyenvien", "lanhdao", "truongphong", "admin")

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


def check_policy(password: str, *, user_inputs: Iterable[str] = ()) -> None:
    """Raise `WeakPassword` unless `password` has `MIN_LENGTH` characters and zxcvbn cannot guess it easily
    (sequences like 12345678, keyboard walks, common passwords, the user's own name).

    A passphrase of a few ordinary words passes; the length rule alone would let "123456789012" through.
    """
    words = [*LOCAL_WORDS, *(word for value in user_inputs for word in value.lower().split() if word)]
    score = zxcvbn(password[:72], user_inputs=words, max_length=72)["score"] if password else 0
    if len(password) < MIN_LENGTH or score < MIN_SCORE:
        raise WeakPassword(detail={"field": "password", "min_length": MIN_LENGTH})
