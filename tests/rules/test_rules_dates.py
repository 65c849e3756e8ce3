"""Date of birth: JJ/MM/AAAA, a real date, in the past, plausible age (16 to 120)."""

from __future__ import annotations

import datetime

import pytest

from kiosque.rules.dates import age_on, check_birth_date, parse_date_fr
from kiosque.rules.result import Check

TODAY = datetime.date(2025, 6, 15)


def keys(check: Check[datetime.date]) -> list[str]:
    return [m.key for m in check.errors]


@pytest.mark.parametrize(
    "typed",
    [
        "05/03/1958",
        "5/3/1958",
        "05-03-1958",
        "05.03.1958",
        "05031958",
        " 05 / 03 / 1958 ",
        "5 3 1958",
    ],
)
def test_accepted_forms(typed: str) -> None:
    assert check_birth_date(typed, today=TODAY) == Check.good(datetime.date(1958, 3, 5))


def test_leap_days() -> None:
    later = datetime.date(2050, 1, 1)
    assert check_birth_date("29/02/2024", today=later).value == datetime.date(2024, 2, 29)
    assert keys(check_birth_date("29/02/2023", today=later)) == [
        "regles.date_naissance.inexistante"
    ]
    assert check_birth_date("29/02/1984", today=TODAY).ok
    assert check_birth_date("29/02/2000", today=TODAY).ok
    assert not check_birth_date("29/02/1900", today=datetime.date(2010, 1, 1)).ok


def test_non_existent_date_message_says_so() -> None:
    (error,) = check_birth_date("31/02/1980", today=TODAY).errors
    assert error.key == "regles.date_naissance.inexistante"
    assert "31/02/1980 n'existe pas" in error.text()
    assert "29 jours" in error.text()
    assert keys(check_birth_date("31/04/1980", today=TODAY)) == [
        "regles.date_naissance.inexistante"
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ["obligatoire"]),
        ("1958", ["format"]),
        ("le 5 mars 1958", ["format"]),
        ("05/03/195", ["format"]),
        ("05/03/19580", ["format"]),
        ("0503195", ["format"]),
        ("05/03/58", ["annee"]),
        ("05.03.58", ["annee"]),
        ("32/01/1980", ["jour"]),
        ("00/01/1980", ["jour"]),
        ("01/13/1980", ["mois"]),
        ("01/00/1980", ["mois"]),
        ("32/13/1980", ["jour", "mois"]),
        ("16/06/2025", ["futur"]),
        ("01/01/2030", ["futur"]),
        ("15/06/2025", ["trop_jeune"]),
        ("16/06/2009", ["trop_jeune"]),
        ("14/06/1904", ["trop_vieux"]),
        ("01/01/1895", ["trop_vieux"]),
        ("01/01/0000", ["trop_vieux"]),
    ],
)
def test_refused(typed: str, expected: list[str]) -> None:
    check = check_birth_date(typed, today=TODAY)
    assert check.value is None
    assert keys(check) == [f"regles.date_naissance.{key}" for key in expected]


def test_age_bounds_are_inclusive() -> None:
    assert check_birth_date("15/06/2009", today=TODAY).ok  # 16 today
    assert check_birth_date("15/06/1905", today=TODAY).ok  # 120 today
    assert not check_birth_date("15/06/1904", today=TODAY).ok  # 121


def test_130_years_refused() -> None:
    assert keys(check_birth_date("01/01/1895", today=datetime.date(2025, 1, 1))) == [
        "regles.date_naissance.trop_vieux"
    ]


def test_age_on() -> None:
    assert age_on(datetime.date(1980, 6, 15), TODAY) == 45
    assert age_on(datetime.date(1980, 6, 16), TODAY) == 44


def test_parse_date_fr() -> None:
    assert parse_date_fr("1/2/1980") == (1, 2, 1980)
    assert parse_date_fr("31/02/1980") == (31, 2, 1980)
    assert parse_date_fr("1/2/80") is None
