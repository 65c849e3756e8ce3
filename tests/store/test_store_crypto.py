"""Personal fields encrypted at rest, bound to their place; keys kept apart."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from kiosque.store.crypto import DecryptionError, FieldCipher, KeyFileError, Keys
from kiosque.store.models import RetraiteAccount
from kiosque.store.repos import NewRetraiteAccount
from kiosque.store.store import Store, keys_path_for, open_store

PLACE = {"table": "retraite_accounts", "column": "nir_enc", "row_id": "row-1"}


def test_a_field_decrypts_where_it_was_encrypted(cipher: FieldCipher) -> None:
    sealed = cipher.encrypt("1800175999001", **PLACE)
    assert b"1800175999001" not in sealed
    assert cipher.decrypt(sealed, **PLACE) == "1800175999001"


def test_the_same_value_encrypts_differently_each_time(cipher: FieldCipher) -> None:
    assert cipher.encrypt("x", **PLACE) != cipher.encrypt("x", **PLACE)


@pytest.mark.parametrize(
    "moved",
    [
        {"row_id": "row-2"},
        {"column": "email_enc"},
        {"table": "caf_accounts"},
    ],
)
def test_a_ciphertext_moved_elsewhere_does_not_decrypt(
    cipher: FieldCipher, moved: dict[str, str]
) -> None:
    sealed = cipher.encrypt("1800175999001", **PLACE)
    with pytest.raises(DecryptionError):
        cipher.decrypt(sealed, **{**PLACE, **moved})


def test_an_altered_ciphertext_does_not_decrypt(cipher: FieldCipher) -> None:
    sealed = bytearray(cipher.encrypt("1800175999001", **PLACE))
    sealed[-1] ^= 1
    with pytest.raises(DecryptionError):
        cipher.decrypt(bytes(sealed), **PLACE)


def test_another_key_does_not_decrypt(cipher: FieldCipher) -> None:
    sealed = cipher.encrypt("1800175999001", **PLACE)
    with pytest.raises(DecryptionError):
        FieldCipher(Keys.generate()).decrypt(sealed, **PLACE)


def test_a_nir_copied_onto_another_account_row_is_refused(
    store: Store, profile: Callable[..., NewRetraiteAccount], now: datetime
) -> None:
    with store.unit() as repos:
        first = repos.retraite.create_active(profile(), now=now)
        second = repos.retraite.create_active(
            profile(nir="2920799999003", email="autre@exemple.fr"), now=now
        )
    with store.unit() as repos:
        stolen = repos.session.get(RetraiteAccount, first.id)
        assert stolen is not None
        repos.session.execute(
            update(RetraiteAccount)
            .where(RetraiteAccount.id == second.id)
            .values(nir_enc=stolen.nir_enc, nom_enc=stolen.prenom_enc)
        )
    with store.unit() as repos, pytest.raises(DecryptionError):
        repos.retraite.get(second.id)


def test_lookup_hashes_ignore_spaces_and_case(cipher: FieldCipher) -> None:
    assert cipher.lookup_hash("2 85 08 2b 999 002", purpose="nir") == cipher.lookup_hash(
        "285082B999002", purpose="nir"
    )
    assert cipher.lookup_hash(" Jean@Exemple.FR", purpose="email") == cipher.lookup_hash(
        "jean@exemple.fr", purpose="email"
    )


def test_lookup_hashes_differ_by_purpose_and_key(cipher: FieldCipher) -> None:
    value = "1800175999001"
    assert cipher.lookup_hash(value, purpose="nir") != cipher.lookup_hash(value, purpose="caf-id")
    other = FieldCipher(Keys.generate())
    assert cipher.lookup_hash(value, purpose="nir") != other.lookup_hash(value, purpose="nir")
    assert len(cipher.lookup_hash(value, purpose="nir")) == 64


def test_key_file_is_created_owner_only_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "data" / "keys.json"
    keys = Keys.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Keys.load_or_create(path) == keys
    data = json.loads(path.read_text())
    assert set(data) >= {"aes_key", "hmac_key"}


def test_key_file_is_created_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        Keys.load_or_create(tmp_path / "keys.json")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "keys.json").stat().st_mode) == 0o600


def test_a_damaged_key_file_is_an_error_not_new_keys(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text('{"aes_key": "not base64!"}')
    with pytest.raises(KeyFileError):
        Keys.load_or_create(path)
    assert path.read_text() == '{"aes_key": "not base64!"}'


def test_keys_live_next_to_the_sqlite_file_not_in_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kiosque.db'}"
    assert keys_path_for(url) == tmp_path / "keys.json"
    store = open_store(url)
    store.close()
    assert (tmp_path / "keys.json").exists()
    keys = Keys.load(tmp_path / "keys.json")
    database = (tmp_path / "kiosque.db").read_bytes()
    assert keys.aes_key not in database and keys.hmac_key not in database


def test_keys_do_not_show_in_repr() -> None:
    keys = Keys.generate()
    assert keys.aes_key.hex() not in repr(keys)
    assert repr(keys.aes_key) not in repr(keys)
    assert "…" in repr(FieldCipher(keys))
