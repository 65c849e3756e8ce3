"""Passwords and secret answers: argon2id hashes only, never the clear text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

ARGON2ID_PREFIX = "$argon2id$"


@dataclass(frozen=True)
class HashParams:
    memory_kib: int
    time_cost: int
    parallelism: int


# OWASP's minimum for argon2id (fast enough for tests); DEFAULT is what terminals use.
OWASP_MINIMUM = HashParams(memory_kib=19456, time_cost=2, parallelism=1)
DEFAULT = HashParams(memory_kib=65536, time_cost=3, parallelism=1)


@lru_cache(maxsize=8)
def _hasher(params: HashParams) -> PasswordHasher:
    return PasswordHasher(
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        salt_len=16,
        type=Type.ID,
    )


def hash_secret(secret: str, params: HashParams = DEFAULT) -> str:
    """An encoded argon2id hash (salt and parameters included)."""
    result: str = _hasher(params).hash(secret)
    return result


def verify_secret(encoded: str, secret: str) -> bool:
    """Whether ``secret`` matches; ``False`` (never an exception) for a mismatch or a
    malformed hash. The parameters are read from the hash itself."""
    if not is_argon2id_hash(encoded):
        return False
    try:
        return bool(_hasher(OWASP_MINIMUM).verify(encoded, secret))
    except (VerificationError, InvalidHashError, ValueError):
        return False


def needs_rehash(encoded: str, params: HashParams = DEFAULT) -> bool:
    """True when the hash was made with other parameters than ``params``."""
    if not is_argon2id_hash(encoded):
        return True
    try:
        return bool(_hasher(params).check_needs_rehash(encoded))
    except (InvalidHashError, ValueError):
        return True


def is_argon2id_hash(value: str) -> bool:
    return value.startswith(ARGON2ID_PREFIX)


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_SPACES = re.compile(r"\s+")


def normalise_answer(answer: str) -> str:
    """The form a secret answer is hashed and compared in: accents removed, case folded,
    apostrophes unified, runs of white space made one space, ends trimmed.

    « Dupont », « dupont  » and « DUPONT » are the same answer; so are « Lefèvre » and
    « LEFEVRE ».
    """
    decomposed = unicodedata.normalize("NFKD", answer)
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = without_accents.translate(_APOSTROPHES).casefold()
    return _SPACES.sub(" ", folded).strip()


def hash_answer(answer: str, params: HashParams = DEFAULT) -> str:
    return hash_secret(normalise_answer(answer), params)


def verify_answer(encoded: str, answer: str) -> bool:
    return verify_secret(encoded, normalise_answer(answer))
