"""Postal address: postal code, street number and complement, street name."""

from __future__ import annotations

import pytest

from kiosque.rules.address import (
    COMPLEMENT_LABELS,
    COMPLEMENTS,
    check_complement,
    check_postal_code,
    check_street_name,
    check_street_number,
)
from kiosque.rules.result import Check


def keys(check: Check[str]) -> list[str]:
    return [m.key for m in check.errors]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("75011", "75011"),
        ("75 011", "75011"),
        (" 01000 ", "01000"),
        ("20000", "20000"),
        ("20090", "20090"),
        ("95000", "95000"),
        ("97400", "97400"),
        ("97600", "97600"),
        ("98800", "98800"),
    ],
)
def test_french_postal_codes_accepted(typed: str, value: str) -> None:
    assert check_postal_code(typed) == Check.good(value)
    assert check_postal_code(typed, pays="France").value == value


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "code_postal_obligatoire"),
        ("7501", "code_postal_format"),
        ("750111", "code_postal_format"),
        ("75O11", "code_postal_format"),
        ("SW1A 1AA", "code_postal_format"),
        ("00100", "code_postal_departement"),
        ("96000", "code_postal_departement"),
        ("99000", "code_postal_departement"),
    ],
)
def test_french_postal_codes_refused(typed: str, key: str) -> None:
    assert keys(check_postal_code(typed)) == [f"regles.adresse.{key}"]


@pytest.mark.parametrize(
    ("typed", "pays", "value"),
    [
        ("SW1A 1AA", "GB", "SW1A 1AA"),
        ("sw1a 1aa", "GB", "SW1A 1AA"),
        ("B-1000", "BE", "B-1000"),
        ("10115", "DE", "10115"),
        ("1", "XX", "1"),
        ("1234567890", "US", "1234567890"),
    ],
)
def test_foreign_postal_codes_accepted(typed: str, pays: str, value: str) -> None:
    assert check_postal_code(typed, pays=pays) == Check.good(value)


@pytest.mark.parametrize("typed", ["12345678901", "75011/1", "---", "Ä1234"])
def test_foreign_postal_codes_refused(typed: str) -> None:
    assert keys(check_postal_code(typed, pays="DE")) == ["regles.adresse.code_postal_etranger"]


@pytest.mark.parametrize(("typed", "value"), [("", ""), ("  ", ""), ("1", "1"), ("12345", "12345")])
def test_street_number_accepted(typed: str, value: str) -> None:
    assert check_street_number(typed) == Check.good(value)


@pytest.mark.parametrize("typed", ["123456", "douze", "12-14", "1/2"])
def test_street_number_refused(typed: str) -> None:
    assert keys(check_street_number(typed)) == ["regles.adresse.numero_format"]


@pytest.mark.parametrize(
    ("typed", "complement"), [("12bis", "bis"), ("12 BIS", "bis"), ("3 ter", "ter"), ("7b", "B")]
)
def test_street_number_with_complement_explained(typed: str, complement: str) -> None:
    (error,) = check_street_number(typed).errors
    assert error.key == "regles.adresse.numero_complement"
    assert f"« {complement} »" in error.text()


def test_complements() -> None:
    assert COMPLEMENTS[:3] == ("bis", "ter", "quater")
    assert set(COMPLEMENT_LABELS) == {"", *COMPLEMENTS}
    for code in COMPLEMENTS:
        assert COMPLEMENT_LABELS[code].text()
        assert check_complement(code.upper()).value == code
    assert check_complement("").value == ""
    assert keys(check_complement("quatre")) == ["regles.adresse.complement_inconnu"]


@pytest.mark.parametrize(
    "typed",
    [
        "rue de la République",
        "Av. du 8 Mai 1945",
        "Allée des Chênes, bât. C/2",
        "chemin de l’Étang",
        "Lieu-dit Kerhoël",
        "Il",
        "a" * 80,
    ],
)
def test_street_name_accepted(typed: str) -> None:
    assert check_street_name(typed).ok


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ["voie_obligatoire"]),
        ("r", ["voie_trop_courte"]),
        ("a" * 81, ["voie_trop_longue"]),
        ("rue #3", ["voie_caracteres"]),
        ("rue (haute)", ["voie_caracteres"]),
        ("12 34", ["voie_lettre"]),
        ("rue\u200bHaute", []),
    ],
)
def test_street_name_refused(typed: str, expected: list[str]) -> None:
    check = check_street_name(typed)
    assert not check.ok
    if expected:
        assert keys(check) == [f"regles.adresse.{key}" for key in expected]
    else:
        assert keys(check) == ["regles.commun.caracteres_invisibles"]
