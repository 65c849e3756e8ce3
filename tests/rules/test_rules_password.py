"""Passwords: the Assurance retraite rule list (seed 000) and the CAF rule (seed 002)."""

from __future__ import annotations

import datetime

import pytest

from kiosque.rules.password import (
    MUST_CONTAIN,
    MUST_NOT_CONTAIN,
    PASSWORD_RULE_IDS,
    check_password_caf,
    check_password_confirmation,
    check_password_retraite,
    password_rules,
)
from kiosque.rules.result import Check, RuleStatus

SEED_ORDER = (
    "longueur-min",
    "longueur-max",
    "majuscule",
    "minuscule",
    "chiffre",
    "sans-nom",
    "sans-prenom",
    "sans-date-naissance",
    "sans-nir",
    "sans-caracteres-speciaux",
)

SEED_LABELS = {
    "longueur-min": "un minimum de 8 caractères",
    "longueur-max": "au maximum 20 caractères",
    "majuscule": "au moins une lettre majuscule (A-Z)",
    "minuscule": "au moins une lettre minuscule (a-z)",
    "chiffre": "au moins une valeur numérique (0-9)",
    "sans-nom": "votre nom",
    "sans-prenom": "votre prénom",
    "sans-date-naissance": "votre date de naissance",
    "sans-nir": "tout ou partie de votre numéro de sécurité sociale",
    "sans-caracteres-speciaux": "des caractères spéciaux (~ !@#$%^&_+=[]{}|.,;<>?/\\µù)",
}

SEED_SPECIAL_CHARACTERS = "~ !@#$%^&_+=[]{}|.,;<>?/\\µù"

NOM = "Lefèvre-Dupont"
PRENOM = "Jean-Luc"
BIRTH = datetime.date(1980, 1, 5)
NIR = "1800175999001"


def broken(
    pw: str,
    *,
    nom: str = "",
    prenom: str = "",
    date_naissance: datetime.date | None = None,
    nir: str = "",
) -> list[str]:
    statuses = password_rules(pw, nom=nom, prenom=prenom, date_naissance=date_naissance, nir=nir)
    return [s.rule for s in statuses if not s.satisfied]


def broken_for_citizen(pw: str) -> list[str]:
    return broken(pw, nom=NOM, prenom=PRENOM, date_naissance=BIRTH, nir=NIR)


def check_for_citizen(pw: str) -> Check[str]:
    return check_password_retraite(pw, nom=NOM, prenom=PRENOM, date_naissance=BIRTH, nir=NIR)


def test_every_rule_present_in_the_seed_order() -> None:
    assert tuple(s.rule for s in password_rules("")) == SEED_ORDER
    assert SEED_ORDER == PASSWORD_RULE_IDS
    assert MUST_CONTAIN + MUST_NOT_CONTAIN == SEED_ORDER
    assert MUST_CONTAIN[-1] == "chiffre"


@pytest.mark.parametrize("status", password_rules("x"), ids=lambda s: s.rule)
def test_labels_are_the_seed_wording(status: RuleStatus) -> None:
    assert status.label.text() == SEED_LABELS[status.rule]


def test_refusals_name_the_rule_broken() -> None:
    for status in password_rules("x", nom=NOM, prenom=PRENOM, date_naissance=BIRTH, nir=NIR):
        text = status.refusal.text()
        assert text.startswith("Votre mot de passe")
        label = SEED_LABELS[status.rule]
        if status.rule.startswith("sans-"):
            assert label.replace("des caractères", "de caractères") in text
        else:
            assert label in text


@pytest.mark.parametrize(
    ("pw", "expected"),
    [
        ("Abcdef1", ["longueur-min"]),
        ("Abcdefg1", []),
        ("Abcdefghijklmnopqr1s", []),
        ("Abcdefghijklmnopqr1st", ["longueur-max"]),
    ],
)
def test_length_boundaries_7_8_20_21(pw: str, expected: list[str]) -> None:
    assert broken_for_citizen(pw) == expected
    assert check_for_citizen(pw).ok is (not expected)


def test_length_refusal_says_how_many_were_typed() -> None:
    (error,) = check_password_retraite("Abcdef1").errors
    assert "7" in error.text()
    assert "8 caractères" in error.text()


@pytest.mark.parametrize(
    ("pw", "expected"),
    [
        ("abcdefg1", ["majuscule"]),
        ("ABCDEFG1", ["minuscule"]),
        ("Abcdefgh", ["chiffre"]),
        ("abcdefgh", ["majuscule", "chiffre"]),
        ("", ["longueur-min", "majuscule", "minuscule", "chiffre"]),
    ],
)
def test_character_classes(pw: str, expected: list[str]) -> None:
    assert broken(pw) == expected


@pytest.mark.parametrize("char", list(SEED_SPECIAL_CHARACTERS))
def test_each_special_character_of_the_seed_refused(char: str) -> None:
    pw = f"Abcd{char}1234"
    assert broken_for_citizen(pw) == ["sans-caracteres-speciaux"]
    check = check_for_citizen(pw)
    assert [m.key for m in check.errors] == ["regles.mot_de_passe.refus.sans-caracteres-speciaux"]


@pytest.mark.parametrize("char", ["é", "è", "à", "ç", "É", "ô", "\u00a0", "€", "'", "-", "😀"])
def test_accents_and_other_symbols_are_special_too(char: str) -> None:
    assert broken(f"Abcd{char}1234") == ["sans-caracteres-speciaux"]


@pytest.mark.parametrize(
    ("pw", "rule"),
    [
        ("Dupont12Ab", "sans-nom"),
        ("xLEFEVRE1", "sans-nom"),
        ("Lefevre2024x", "sans-nom"),
        ("Xy12dupONT", "sans-nom"),
        ("Jean1234Ab", "sans-prenom"),
        ("Abluc1234", "sans-prenom"),
    ],
)
def test_name_parts_inside_the_password_refused(pw: str, rule: str) -> None:
    assert broken_for_citizen(pw) == [rule]


def test_accented_password_matches_unaccented_name() -> None:
    assert "sans-nom" in broken("Lèfevre12", nom="Lefevre")


def test_names_with_apostrophe() -> None:
    assert broken("Diaye2024x", nom="N'Diaye") == ["sans-nom"]
    assert broken("Diaye2024x", nom="N’Diaye") == ["sans-nom"]
    # "N" alone (under 3 letters) is not looked for.
    assert broken("Nabcdef12", nom="N'Diaye") == []
    assert broken("Xyli12345", nom="Li") == []


@pytest.mark.parametrize("form", ["05011980", "050180", "19800105", "800105"])
def test_each_birth_date_form_refused(form: str) -> None:
    pw = f"Ab{form}"
    assert broken(pw, date_naissance=datetime.date(1980, 1, 5)) == ["sans-date-naissance"]
    assert broken(pw) == []


def test_other_dates_accepted() -> None:
    assert broken("Ab05011981", date_naissance=datetime.date(1980, 1, 5)) == []


def test_four_digit_run_of_the_nir_refused_three_accepted() -> None:
    nir = "1800175999001"
    assert broken("Abc0175xyz", nir=nir) == ["sans-nir"]
    assert broken("Abc175xyz", nir=nir) == []
    assert broken("Abc8001xyz", nir="1 80 01 75 999 001") == ["sans-nir"]
    assert broken("Abc9001xyz", nir=nir) == ["sans-nir"]


def test_corsica_nir_runs_with_letters_and_with_19_18() -> None:
    nir = "285082B999002"
    assert broken("Abc082bxyz", nir=nir) == ["sans-nir"]
    assert broken("Abc2B99xyz", nir=nir) == ["sans-nir"]
    assert broken("Abc0818xyz", nir=nir) == ["sans-nir"]
    assert broken("Abc0819xyz", nir=nir) == []
    assert broken("Abc0819xyz", nir="285082A999002") == ["sans-nir"]


def test_unknown_inputs_count_as_satisfied() -> None:
    statuses = {s.rule: s.satisfied for s in password_rules("Dupont05011980")}
    assert statuses["sans-nom"]
    assert statuses["sans-prenom"]
    assert statuses["sans-date-naissance"]
    assert statuses["sans-nir"]


def test_check_password_retraite_errors_are_the_refusals_in_order() -> None:
    check = check_for_citizen("dupont 05011980")
    assert check.value is None
    assert [m.key.rsplit(".", 1)[1] for m in check.errors] == [
        "majuscule",
        "sans-nom",
        "sans-date-naissance",
        "sans-caracteres-speciaux",
    ]
    assert check_for_citizen("Kiosque2024") == Check.good("Kiosque2024")


def test_empty_password_asks_for_one() -> None:
    check = check_password_retraite("")
    assert [m.key for m in check.errors] == ["regles.mot_de_passe.obligatoire"]


# --- CAF ------------------------------------------------------------------------------


@pytest.mark.parametrize("pw", ["abcdef12", "ABCDEF12", "a1" * 32, "Kiosque2024"])
def test_caf_accepted(pw: str) -> None:
    assert check_password_caf(pw) == Check.good(pw)


@pytest.mark.parametrize(
    ("pw", "key"),
    [
        ("abcde12", "longueur-min"),
        ("a1" * 32 + "b", "longueur-max"),
        ("abcdefgh", "chiffre"),
        ("12345678", "lettre"),
        ("abcd 1234", "caracteres"),
        ("abcdé1234", "caracteres"),
        ("abcd-1234", "caracteres"),
    ],
)
def test_caf_refused(pw: str, key: str) -> None:
    assert [m.key for m in check_password_caf(pw).errors] == [f"regles.mot_de_passe.caf.{key}"]


def test_caf_empty() -> None:
    assert [m.key for m in check_password_caf("").errors] == ["regles.mot_de_passe.obligatoire"]


# --- confirmation -----------------------------------------------------------------------


def test_confirmation() -> None:
    assert check_password_confirmation("Kiosque2024", "Kiosque2024").value == "Kiosque2024"
    assert [m.key for m in check_password_confirmation("Kiosque2024", "kiosque2024").errors] == [
        "regles.mot_de_passe.confirmation"
    ]
    assert [m.key for m in check_password_confirmation("Kiosque2024", "").errors] == [
        "regles.mot_de_passe.confirmation_vide"
    ]
