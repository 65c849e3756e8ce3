"""Names: letters of any script, accents, spaces, apostrophes, hyphens."""

from __future__ import annotations

import pytest

from kiosque.rules.names import check_name, same_name
from kiosque.rules.result import Check


def keys(check: Check[str]) -> list[str]:
    return [m.key for m in check.errors]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("N'Diaye", "N'Diaye"),
        ("Lefèvre-Dupont", "Lefèvre-Dupont"),
        ("Ñúñez", "Ñúñez"),
        ("D’Artagnan", "D'Artagnan"),
        ("D‘Artagnan", "D'Artagnan"),
        ("Marie–Claire", "Marie-Claire"),
        ("  de  la   Fontaine ", "de la Fontaine"),
        ("Jean\u00a0Pierre", "Jean Pierre"),
        ("Lefe\u0300vre", "Lefèvre"),
        ("Œuvray", "Œuvray"),
        ("Müller", "Müller"),
        ("Ørsted", "Ørsted"),
        ("Đorđević", "Đorđević"),
        ("Παπαδόπουλος", "Παπαδόπουλος"),
        ("Иванов", "Иванов"),
        ("李", "李"),
        ("ăâîșț", "ăâîșț"),
        ("'t Hooft", "'t Hooft"),
        ("X", "X"),
        ("a" * 60, "a" * 60),
    ],
)
def test_accepted(typed: str, value: str) -> None:
    assert check_name(typed) == Check.good(value)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ["obligatoire"]),
        ("   ", ["obligatoire"]),
        ("a" * 61, ["trop_long"]),
        ("Jean2", ["chiffres"]),
        ("Jean!", ["caracteres"]),
        ("Dupont (née Martin)", ["caracteres"]),
        ("Jean 😀", ["caracteres"]),
        ("Jean_Luc", ["caracteres"]),
        ("'-'", ["lettre"]),
        ("12", ["chiffres", "lettre"]),
        ("Jean\u200bLuc", ["caracteres_invisibles"]),
        ("Jean\tLuc", ["caracteres_invisibles"]),
        ("Jean\u202eLuc", ["caracteres_invisibles"]),
        ("\ufeffJean", ["caracteres_invisibles"]),
    ],
)
def test_refused(typed: str, expected: list[str]) -> None:
    check = check_name(typed)
    assert check.value is None
    assert keys(check) == [f"regles.nom.{key}" for key in expected]


def test_label_appears_in_messages() -> None:
    (error,) = check_name("Jean2", label="prénom").errors
    assert error.text().startswith("Votre prénom ")
    (error,) = check_name("Jean!", label="prénom").errors
    assert "(!)" in error.text()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lefèvre-Dupont", "LEFEVRE DUPONT"),
        ("N'Diaye", "ndiaye"),
        ("D’Artagnan", "d'artagnan"),
        ("Ñúñez", "nunez"),
        ("Œuvray", "oeuvray"),
        ("  Marie  Claire ", "marie-claire"),
    ],
)
def test_same_name(a: str, b: str) -> None:
    assert same_name(a, b)


@pytest.mark.parametrize(("a", "b"), [("Dupont", "Dupond"), ("Li", "Lin"), ("Marie", "Mario")])
def test_different_names(a: str, b: str) -> None:
    assert not same_name(a, b)
