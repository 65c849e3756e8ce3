"""What every repository shares: the session, the cipher, and the purposes of hashes."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosque.store.crypto import FieldCipher
from kiosque.store.hashing import is_argon2id_hash

# Purposes of the keyed hashes: one per kind of value, so hashes never cross-match.
NIR = "nir"
EMAIL = "email"
PHONE = "phone"
CAF_ID = "caf-id"
FC_LOGIN = "fc-login"
ACTIVATION_TOKEN = "activation-token"
RESET_TOKEN = "reset-token"
CAF_RESET_TOKEN = "caf-reset-token"
CAF_CODE = "caf-code"
RESUME_CODE = "resume-code"

LOCK_THRESHOLD = 5  # consecutive failed logins that block an account (SPEC §3)

Json = dict[str, Any]


class AlreadyExists(Exception):
    """A uniqueness rule of the store refused the row (same NIR, same login…)."""


class NotFound(Exception):
    """No row with that id."""


class PersonalDataRefused(ValueError):
    """A field meant to hold no personal data was given what looks like a NIR or e-mail."""


_EMAIL_LIKE = re.compile(r"[^@\s\"']+@[^@\s\"']+\.[A-Za-z]{2,}")
# 13 characters (15 with the key), spaces allowed, not inside a longer run of digits.
_NIR_LIKE = re.compile(
    r"(?<![0-9A-Za-z])[1-478]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2[AaBb])\s?\d{3}\s?\d{3}"
    r"(?:\s?\d{2})?(?![0-9A-Za-z])"
)


def refuse_personal(text: str | None, what: str) -> None:
    if text and (_EMAIL_LIKE.search(text) or _NIR_LIKE.search(text)):
        raise PersonalDataRefused(f"{what} : pas de NIR ni d'adresse électronique ici")


def require_argon2id(value: str, what: str) -> str:
    """Guards against storing a clear-text secret by mistake."""
    if not is_argon2id_hash(value):
        raise ValueError(f"{what} : une empreinte argon2id est attendue")
    return value


class Repository:
    """Holds the queries of one aggregate. Never commits: the unit of work does."""

    table: str = ""

    def __init__(self, session: Session, cipher: FieldCipher) -> None:
        self.session = session
        self.cipher = cipher

    def _hash(self, value: str, purpose: str) -> str:
        return self.cipher.lookup_hash(value, purpose=purpose)

    def _enc(self, value: str, column: str, row_id: str, table: str | None = None) -> bytes:
        return self.cipher.encrypt(value, table=table or self.table, column=column, row_id=row_id)

    def _dec(self, value: bytes, column: str, row_id: str, table: str | None = None) -> str:
        return self.cipher.decrypt(value, table=table or self.table, column=column, row_id=row_id)

    def _enc_opt(self, value: str | None, column: str, row_id: str) -> bytes | None:
        return None if value is None else self._enc(value, column, row_id)

    def _dec_opt(self, value: bytes | None, column: str, row_id: str) -> str | None:
        return None if value is None else self._dec(value, column, row_id)

    def _enc_json(self, value: Any, column: str, row_id: str) -> bytes:
        return self._enc(json.dumps(value, ensure_ascii=False, sort_keys=True), column, row_id)

    def _dec_json(self, value: bytes, column: str, row_id: str) -> Any:
        return json.loads(self._dec(value, column, row_id))

    def _insert(self, row: object) -> None:
        """Insert now and read the row back (so records carry the stored, UTC values)."""
        self.session.add(row)
        self.session.flush()
        self.session.refresh(row)

    def _insert_unique(self, row: object, message: str) -> None:
        """Insert in a savepoint: a uniqueness violation becomes :class:`AlreadyExists`
        and leaves the caller's unit of work usable."""
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError as error:
            if is_unique_violation(error):
                raise AlreadyExists(message) from error
            raise
        self.session.refresh(row)


def is_unique_violation(error: IntegrityError) -> bool:
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None)  # psycopg
    if sqlstate is not None:
        return bool(sqlstate == "23505")
    name = getattr(original, "sqlite_errorname", "")  # sqlite3
    return name in {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}
