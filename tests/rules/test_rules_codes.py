"""Security image code, SMS/e-mail codes, free text, secret answer, required fields."""

from __future__ import annotations

import pytest

from kiosque.rules.codes import (
    SECURITY_CODE_REASSURANCE,
    check_digits_code,
    check_free_text,
    check_secret_answer,
    check_security_code,
)
from kiosque.rules.common import REQUIRED, check_required, is_blank
from kiosque.rules.result import Check


def keys(check: Check[str]) -> list[str]:
    return [m.key for m in check.errors]


@pytest.mark.parametrize("typed", ["aB3dE", "AB3DE", "ab3de", " ab 3 de ", "AB3\u00a0DE"])
def test_security_code_ignores_case_and_spaces(typed: str) -> None:
    assert check_security_code(typed, "aB3dE").ok


def test_security_code_refused() -> None:
    assert keys(check_security_code("aB3dF", "aB3dE")) == ["regles.code_securite.different"]
    assert keys(check_security_code("  ", "aB3dE")) == ["regles.code_securite.obligatoire"]
    text = check_security_code("x", "y").errors[0].text()
    assert "changez d'image" in text
    assert "audio" in text


def test_security_code_reassurance_is_the_seed_sentence() -> None:
    assert SECURITY_CODE_REASSURANCE.text() == (
        "Si vous ne respectez pas les majuscules, le code sera tout de même valide."
    )


@pytest.mark.parametrize(("typed", "value"), [("123456", "123456"), (" 123 456 ", "123456")])
def test_digits_code_accepted(typed: str, value: str) -> None:
    assert check_digits_code(typed) == Check.good(value)


@pytest.mark.parametrize(
    ("typed", "key"),
    [("", "obligatoire"), ("12345", "longueur"), ("1234567", "longueur"), ("12a456", "chiffres")],
)
def test_digits_code_refused(typed: str, key: str) -> None:
    assert keys(check_digits_code(typed)) == [f"regles.code.{key}"]


def test_digits_code_length_parameter() -> None:
    assert check_digits_code("12345678", length=8).ok
    (error,) = check_digits_code("123456", length=8).errors
    assert "8 chiffres" in error.text()
    assert "6" in error.text()


def test_free_text() -> None:
    assert check_free_text("  relevé   de carrière ").value == "relevé de carrière"
    assert keys(check_free_text("")) == ["regles.commun.obligatoire"]
    assert check_free_text("a" * 200).ok
    assert keys(check_free_text("a" * 201)) == ["regles.texte.trop_long"]
    assert keys(check_free_text("a" * 11, max_len=10)) == ["regles.texte.trop_long"]
    assert keys(check_free_text("a\x00b")) == ["regles.commun.caracteres_invisibles"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "obligatoire"),
        ("a", "trop_courte"),
        ("ab", None),
        ("a" * 60, None),
        ("a" * 61, "trop_longue"),
        ("Médor", None),
    ],
)
def test_secret_answer(typed: str, expected: str | None) -> None:
    check = check_secret_answer(typed)
    if expected is None:
        assert check.value == typed
    else:
        assert keys(check) == [f"regles.reponse_secrete.{expected}"]


def test_required() -> None:
    assert check_required("  x ") == Check.good("x")
    assert check_required(" \u00a0 ").errors == (REQUIRED,)
    assert is_blank(" \t")
    assert not is_blank(".")
