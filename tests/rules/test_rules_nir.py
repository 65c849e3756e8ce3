"""NIR: structure, key (2A/2B), provisional numbers, identity check against civilité/date."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.fr import nir as stdnum_nir

from kiosque.rules.nir import (
    check_nir,
    check_nir_identity,
    check_nir_or_provisional,
    check_provisional_id,
    nir_key,
    normalize_nir,
)
from kiosque.rules.result import Check

# Fictitious test NIRs (commune 999) and their keys.
TEST_NIRS = {
    "1800175999001": "37",
    "285082B999002": "34",
    "2920799999003": "09",
}


def keys(check: Check[object]) -> list[str]:
    return [message.key for message in check.errors]


@pytest.mark.parametrize(("nir13", "key"), TEST_NIRS.items())
def test_key_of_test_nirs(nir13: str, key: str) -> None:
    assert nir_key(nir13) == key


@pytest.mark.parametrize(
    "typed",
    [
        "1 80 01 75 999 001",
        "1.80.01.75.999.001",
        "1-80-01-75-999-001",
        " 1800175999001 ",
        "1 80 01 75 999 001 37",
        "1\u00a080\u00a001\u00a075\u00a0999\u00a0001",
    ],
)
def test_accepted_forms_give_the_13_characters(typed: str) -> None:
    assert check_nir(typed) == Check.good("1800175999001")


def test_corsica_with_its_key_accepted_lower_case_too() -> None:
    assert check_nir("2 85 08 2B 999 002 34").value == "285082B999002"
    assert check_nir("2 85 08 2b 999 002 34").value == "285082B999002"
    assert check_nir("285082B999002").value == "285082B999002"


def test_corsica_wrong_key_refused() -> None:
    assert keys(check_nir("2 85 08 2B 999 002 35")) == ["regles.nir.cle"]


def test_corsica_2a_key_uses_19() -> None:
    nir13 = "285082A999002"
    expected = f"{97 - int('2850819999002') % 97:02d}"
    assert nir_key(nir13) == expected
    assert check_nir(nir13 + expected).ok


@pytest.mark.parametrize("nir13", TEST_NIRS)
def test_fifteen_characters_with_wrong_key_refused(nir13: str) -> None:
    wrong = f"{(int(TEST_NIRS[nir13]) + 1) % 100:02d}"
    check = check_nir(nir13 + wrong)
    assert keys(check) == ["regles.nir.cle"]
    assert check.value is None
    assert ("cle", wrong) in check.errors[0].params


def test_key_message_names_the_key_and_the_carte_vitale() -> None:
    text = check_nir("1800175999001 38").errors[0].text()
    assert "38" in text
    assert "clé" in text
    assert "carte Vitale" in text


@pytest.mark.parametrize(
    "typed", ["", "   ", "180017599900", "18001759990011", "1800175999001378", "1"]
)
def test_wrong_length(typed: str) -> None:
    check = check_nir(typed)
    assert check.value is None
    expected = "regles.nir.obligatoire" if not typed.strip() else "regles.nir.longueur"
    assert keys(check) == [expected]


def test_length_message_is_the_real_site_help() -> None:
    text = check_nir("12345").errors[0].text()
    assert "Veuillez saisir les 13 premiers chiffres de votre numéro de sécurité sociale" in text
    assert "5" in text


@pytest.mark.parametrize(
    "typed", ["18001O5999001", "I800175999001", "1800175999OO1", "180017599900A", "12345678901X3"]
)
def test_letters_where_digits_are_expected(typed: str) -> None:
    assert keys(check_nir(typed)) == ["regles.nir.lettres"]


def test_letters_and_wrong_length_both_reported() -> None:
    assert keys(check_nir("18001O59990")) == ["regles.nir.lettres", "regles.nir.longueur"]


@pytest.mark.parametrize("first", "0356789")
def test_bad_first_digit(first: str) -> None:
    assert keys(check_nir(first + "800175999001")) == ["regles.nir.premier_chiffre"]


@pytest.mark.parametrize("first", "3478")
def test_provisional_first_digit_only_when_allowed(first: str) -> None:
    typed = first + "800175999001"
    assert not check_nir(typed).ok
    assert check_nir(typed, allow_provisional=True).value == typed


@pytest.mark.parametrize("first", "0569")
def test_first_digit_never_allowed(first: str) -> None:
    assert not check_nir(first + "800175999001", allow_provisional=True).ok


@pytest.mark.parametrize("month", ["01", "12", "20", "30", "42", "50", "99"])
def test_months_accepted(month: str) -> None:
    assert check_nir(f"180{month}75999001").ok


@pytest.mark.parametrize("month", ["00", "13", "19", "43", "49"])
def test_months_refused(month: str) -> None:
    assert keys(check_nir(f"180{month}75999001")) == ["regles.nir.mois"]


@pytest.mark.parametrize("department", ["01", "19", "21", "75", "95", "2A", "2B", "96", "99"])
def test_departments_accepted(department: str) -> None:
    assert check_nir(f"18001{department}999001").ok


@pytest.mark.parametrize("overseas", ["97112001", "97412001", "97601999", "98712001"])
def test_overseas_three_digit_department(overseas: str) -> None:
    # 3-digit department, 2-digit commune, 3-digit order
    assert check_nir(f"18001{overseas}").ok


@pytest.mark.parametrize("department", ["00"])
def test_departments_refused(department: str) -> None:
    assert keys(check_nir(f"18001{department}999001")) == ["regles.nir.departement"]


def test_corsica_before_1976_keeps_department_20() -> None:
    assert check_nir("1550620999001").ok


@pytest.mark.parametrize("department", ["2C", "AB", "A2"])
def test_corsica_only_2a_2b(department: str) -> None:
    assert keys(check_nir(f"18001{department}999001")) == ["regles.nir.lettres"]


def test_order_000_refused() -> None:
    assert keys(check_nir("1800175999000")) == ["regles.nir.ordre"]


def test_several_structure_errors_reported_together() -> None:
    assert keys(check_nir("5801300999001")) == [
        "regles.nir.premier_chiffre",
        "regles.nir.mois",
        "regles.nir.departement",
    ]


def test_nir_key_refuses_malformed_input() -> None:
    with pytest.raises(ValueError):
        nir_key("12345")
    with pytest.raises(ValueError):
        nir_key("18001O5999001")


def test_normalize_nir() -> None:
    assert normalize_nir(" 2 85.08-2b 999 002 ") == "285082B999002"
    assert normalize_nir("1\u200b800175999001") == "1800175999001"


@pytest.mark.parametrize("nir15", [n + k for n, k in TEST_NIRS.items()])
def test_every_single_digit_error_and_adjacent_transposition_detected(nir15: str) -> None:
    assert check_nir(nir15).ok
    assert stdnum_nir.is_valid(nir15)
    tried = 0
    for i, char in enumerate(nir15):
        if not char.isdigit():
            continue
        for digit in "0123456789":
            if digit != char:
                typo = nir15[:i] + digit + nir15[i + 1 :]
                assert not check_nir(typo).ok, typo
                tried += 1
    for i in range(len(nir15) - 1):
        swapped = nir15[:i] + nir15[i + 1] + nir15[i] + nir15[i + 2 :]
        if swapped != nir15:
            assert not check_nir(swapped).ok, swapped
            tried += 1
    assert tried > 120


_DEPARTMENTS = [f"{d:02d}" for d in range(1, 96) if d != 20] + ["2A", "2B", "96", "99"]


@st.composite
def valid_nir13(draw: st.DrawFn) -> str:
    sex = draw(st.sampled_from("12"))
    year = draw(st.integers(0, 99))
    month = draw(st.one_of(st.integers(1, 12), st.integers(20, 42), st.integers(50, 99)))
    order = draw(st.integers(1, 999))
    if draw(st.booleans()):
        place = draw(st.sampled_from(_DEPARTMENTS)) + f"{draw(st.integers(0, 999)):03d}"
    else:
        place = f"{draw(st.integers(970, 989))}{draw(st.integers(0, 99)):02d}"
    return f"{sex}{year:02d}{month:02d}{place}{order:03d}"


@settings(max_examples=300, deadline=None)
@given(valid_nir13())
def test_key_agrees_with_stdnum_and_the_formula(nir13: str) -> None:
    key = nir_key(nir13)
    assert stdnum_nir.is_valid(nir13 + key)
    number = nir13[:5] + {"2A": "19", "2B": "18"}.get(nir13[5:7], nir13[5:7]) + nir13[7:]
    assert int(key) == 97 - int(number) % 97
    assert check_nir(nir13) == Check.good(nir13)
    assert check_nir(nir13 + key) == Check.good(nir13)
    wrong = f"{(int(key) + 1) % 100:02d}"
    assert keys(check_nir(nir13 + wrong)) == ["regles.nir.cle"]


# --- identity: sex, year and month against civilité and date of birth ---------------


@pytest.mark.parametrize(
    ("nir13", "civilite", "birth"),
    [
        ("1800175999001", "Monsieur", datetime.date(1980, 1, 15)),
        ("1800175999001", "M.", datetime.date(1980, 1, 1)),
        ("285082B999002", "Madame", datetime.date(1985, 8, 31)),
        ("2920799999003", "madame", datetime.date(1992, 7, 4)),
        ("7800175999001", "Monsieur", datetime.date(1980, 1, 15)),
        ("8800175999001", "Madame", datetime.date(1980, 1, 15)),
        ("3800175999001", "Madame", datetime.date(1980, 1, 15)),
        ("4800175999001", "Monsieur", datetime.date(1980, 1, 15)),
        ("1802075999001", "Monsieur", datetime.date(1980, 11, 2)),
        ("1805075999001", "Monsieur", datetime.date(1980, 3, 2)),
        ("1800175999001", "Monsieur", datetime.date(2080, 1, 15)),
    ],
)
def test_identity_agrees(nir13: str, civilite: str, birth: datetime.date) -> None:
    assert check_nir_identity(nir13, civilite, birth).value == nir13


@pytest.mark.parametrize(
    ("nir13", "civilite", "birth"),
    [
        ("1800175999001", "Madame", datetime.date(1980, 1, 15)),
        ("285082B999002", "Monsieur", datetime.date(1985, 8, 31)),
        ("7800175999001", "Madame", datetime.date(1980, 1, 15)),
        ("8800175999001", "Monsieur", datetime.date(1980, 1, 15)),
        ("1800175999001", "Monsieur", datetime.date(1981, 1, 15)),
        ("1800175999001", "Monsieur", datetime.date(1908, 1, 15)),
        ("1800175999001", "Monsieur", datetime.date(1980, 2, 15)),
        ("2920799999003", "Madame", datetime.date(1992, 9, 7)),
    ],
)
def test_identity_disagrees(nir13: str, civilite: str, birth: datetime.date) -> None:
    check = check_nir_identity(nir13, civilite, birth)
    assert keys(check) == ["regles.nir.non_identifie"]
    assert (
        check.errors[0]
        .text()
        .startswith(
            "Nous n'avons pas pu vous identifier. Vérifiez les données saisies "
            "(numéro de sécurité sociale, civilité, date de naissance)"
        )
    )


def test_identity_of_a_malformed_nir_explains_the_nir() -> None:
    assert keys(check_nir_identity("123", "Monsieur", datetime.date(1980, 1, 1))) == [
        "regles.nir.longueur"
    ]


# --- CAF: NIR or identifiant provisoire ---------------------------------------------


@pytest.mark.parametrize("typed", ["1234567", "1ABCDEF", "9876543210123", "1 23 45 67"])
def test_provisional_id_accepted(typed: str) -> None:
    assert check_provisional_id(typed).ok


@pytest.mark.parametrize("typed", ["123456", "A123456", "12345678901234", "12345é7", "1234_567"])
def test_provisional_id_refused(typed: str) -> None:
    assert keys(check_provisional_id(typed)) == ["regles.nir.provisoire"]


def test_nir_or_provisional() -> None:
    assert check_nir_or_provisional("1 80 01 75 999 001").value == "1800175999001"
    assert check_nir_or_provisional("7800175999001").value == "7800175999001"
    assert check_nir_or_provisional("1234567").value == "1234567"
    assert keys(check_nir_or_provisional("1801375999001")) == ["regles.nir.mois"]
    assert keys(check_nir_or_provisional("1800175999001 38")) == ["regles.nir.cle"]
    assert keys(check_nir_or_provisional("abc")) == ["regles.nir.ni_nir_ni_provisoire"]
    assert keys(check_nir_or_provisional("")) == ["regles.nir.obligatoire_ou_provisoire"]
