"""Passwords and secret answers: argon2id hashes, never the clear text."""

from __future__ import annotations

import pytest

from kiosque.store.hashing import (
    DEFAULT,
    OWASP_MINIMUM,
    HashParams,
    hash_answer,
    hash_secret,
    needs_rehash,
    normalise_answer,
    verify_answer,
    verify_secret,
)


def test_a_password_hash_verifies_only_the_right_password(password_hash: str) -> None:
    assert password_hash.startswith("$argon2id$")
    assert "Motdepasse1" not in password_hash
    assert verify_secret(password_hash, "Motdepasse1")
    assert not verify_secret(password_hash, "motdepasse1")
    assert not verify_secret(password_hash, "")


@pytest.mark.parametrize(
    "broken", ["", "Motdepasse1", "$argon2id$", "$argon2id$v=19$m=1,t=1,p=1$xx$yy", "$2b$12$x"]
)
def test_a_malformed_hash_never_verifies_and_never_raises(broken: str) -> None:
    assert verify_secret(broken, "Motdepasse1") is False


def test_the_owasp_minimum_parameters_are_encoded_in_the_hash(password_hash: str) -> None:
    assert "$m=19456,t=2,p=1$" in password_hash
    assert HashParams(memory_kib=19456, time_cost=2, parallelism=1) == OWASP_MINIMUM
    assert HashParams(memory_kib=65536, time_cost=3, parallelism=1) == DEFAULT


def test_a_hash_made_with_other_parameters_needs_rehash(password_hash: str) -> None:
    assert needs_rehash(password_hash, DEFAULT)
    assert not needs_rehash(password_hash, OWASP_MINIMUM)
    assert needs_rehash("not a hash", OWASP_MINIMUM)


def test_two_hashes_of_the_same_password_differ() -> None:
    assert hash_secret("Abc12345", OWASP_MINIMUM) != hash_secret("Abc12345", OWASP_MINIMUM)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Dupont", "dupont"),
        ("  dupont ", "dupont"),
        ("DUPONT", "dupont"),
        ("Lefèvre", "lefevre"),
        ("N’Diaye", "n'diaye"),
        ("Saint   Étienne", "saint etienne"),
        ("Noël\tLéa", "noel lea"),
    ],
)
def test_secret_answers_are_normalised(typed: str, expected: str) -> None:
    assert normalise_answer(typed) == expected


def test_a_secret_answer_matches_whatever_its_case_accents_or_spaces(answer_hash: str) -> None:
    assert verify_answer(answer_hash, "dupont ")
    assert verify_answer(answer_hash, "  DUPONT")
    assert not verify_answer(answer_hash, "Dupond")
    assert verify_answer(hash_answer("Lefèvre", OWASP_MINIMUM), "LEFEVRE")
