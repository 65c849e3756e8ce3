"""Encryption of personal fields at rest, and keyed hashes to look them up.

The keys live in a file outside the database (``keys.json``, owner-only), so a copy of
the database alone reveals neither the fields nor, through the keyed hashes, which NIR
or e-mail address a row belongs to. Nothing here logs a value.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_FILENAME = "keys.json"
KEY_BYTES = 32
NONCE_BYTES = 12
_FORMAT = 1  # first byte of every ciphertext: lets a later key rotation tell versions apart
_WHITESPACE = re.compile(r"\s+")


class KeyFileError(Exception):
    """The key file is missing a key or cannot be read."""


class DecryptionError(Exception):
    """A ciphertext does not belong to this key, table, column and row, or was altered."""


@dataclass(frozen=True)
class Keys:
    """The AES-256 key of the fields and the HMAC-SHA256 key of the lookup hashes."""

    aes_key: bytes = field(repr=False)
    hmac_key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.aes_key) != KEY_BYTES or len(self.hmac_key) != KEY_BYTES:
            raise KeyFileError("Les clés doivent faire 32 octets.")

    @classmethod
    def generate(cls) -> Keys:
        return cls(aes_key=secrets.token_bytes(KEY_BYTES), hmac_key=secrets.token_bytes(KEY_BYTES))

    @classmethod
    def load_or_create(cls, path: Path) -> Keys:
        """Read ``path``, or create it (owner-only, 0600) with fresh keys at first start."""
        try:
            return cls.load(path)
        except FileNotFoundError:
            pass
        keys = cls.generate()
        try:
            keys._write_new(path)
        except FileExistsError:
            # Another process created it between our read and our write: use theirs.
            return cls.load(path)
        return keys

    @classmethod
    def load(cls, path: Path) -> Keys:
        raw = path.read_bytes()
        try:
            data = json.loads(raw)
            return cls(
                aes_key=base64.b64decode(data["aes_key"], validate=True),
                hmac_key=base64.b64decode(data["hmac_key"], validate=True),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise KeyFileError(f"Fichier de clés illisible : {path}") from error

    def _write_new(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(
            {
                "format": _FORMAT,
                "aes_key": base64.b64encode(self.aes_key).decode("ascii"),
                "hmac_key": base64.b64encode(self.hmac_key).decode("ascii"),
            }
        ).encode("ascii")
        # O_EXCL: never overwrite existing keys (that would make the data unreadable).
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o600)
        try:
            os.write(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        _fsync_dir(path.parent)


_O_BINARY: int = getattr(os, "O_BINARY", 0)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def normalise_lookup(value: str) -> str:
    """What a lookup hash is computed on: NFKC, no white space at all, case folded.

    "1 80 01 75 999 001" and "180017599900 1" are the same NIR; "Marie@Exemple.fr " and
    "marie@exemple.fr" the same address.
    """
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", value)).casefold()


class FieldCipher:
    """AES-256-GCM for personal fields, bound to their table, column and row."""

    def __init__(self, keys: Keys) -> None:
        self._aead = AESGCM(keys.aes_key)
        self._hmac_key = keys.hmac_key

    def __repr__(self) -> str:
        return "FieldCipher(…)"

    @staticmethod
    def _aad(table: str, column: str, row_id: str) -> bytes:
        return f"{table}|{column}|{row_id}".encode()

    def encrypt(self, plaintext: str, *, table: str, column: str, row_id: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._aead.encrypt(
            nonce, plaintext.encode("utf-8"), self._aad(table, column, row_id)
        )
        return bytes([_FORMAT]) + nonce + sealed

    def decrypt(self, ciphertext: bytes, *, table: str, column: str, row_id: str) -> str:
        if len(ciphertext) < 1 + NONCE_BYTES + 16 or ciphertext[0] != _FORMAT:
            raise DecryptionError(f"{table}.{column} : chiffré mal formé")
        nonce = ciphertext[1 : 1 + NONCE_BYTES]
        try:
            plain = self._aead.decrypt(
                nonce, ciphertext[1 + NONCE_BYTES :], self._aad(table, column, row_id)
            )
        except InvalidTag as error:
            raise DecryptionError(f"{table}.{column} : déchiffrement impossible") from error
        return plain.decode("utf-8")

    def lookup_hash(self, value: str, *, purpose: str) -> str:
        """HMAC-SHA256 (hex) of the normalised value; a different purpose, a different
        hash, so an e-mail hash cannot be matched against a NIR hash."""
        message = purpose.encode("utf-8") + b"\x00" + normalise_lookup(value).encode("utf-8")
        return hmac.new(self._hmac_key, message, hashlib.sha256).hexdigest()

    def matches(self, stored_hash: str, value: str, *, purpose: str) -> bool:
        """Constant-time comparison of a stored lookup hash with a value."""
        return hmac.compare_digest(stored_hash, self.lookup_hash(value, purpose=purpose))


def restrict_to_owner(path: Path) -> None:
    """Best effort 0600 on a file holding personal data (e.g. a database backup)."""
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
