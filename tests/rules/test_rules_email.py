"""E-mail: syntax, the two entries, and the gentle hint on a likely provider typo."""

from __future__ import annotations

import pytest

from kiosque.rules.email import (
    COMMON_PROVIDERS,
    check_email,
    check_email_confirmation,
    damerau_levenshtein,
    suggest_provider,
)
from kiosque.rules.result import Check


def keys(check: Check[str]) -> list[str]:
    return [m.key for m in check.errors]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("jean.dupont@orange.fr", "jean.dupont@orange.fr"),
        ("  jean.dupont@orange.fr  ", "jean.dupont@orange.fr"),
        ("Jean.Dupont@GMAIL.COM", "Jean.Dupont@gmail.com"),
        ("marie-claire_2@mairie.paris.fr", "marie-claire_2@mairie.paris.fr"),
        ("a+kiosque@laposte.net", "a+kiosque@laposte.net"),
        ("o'neil@example.ie", "o'neil@example.ie"),
        ("x@sub-domain.example.museum", "x@sub-domain.example.museum"),
    ],
)
def test_valid_addresses(typed: str, value: str) -> None:
    check = check_email(typed)
    assert check.value == value
    assert check.errors == ()
    assert check.hints == ()


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "obligatoire"),
        ("   ", "obligatoire"),
        ("jean.dupont.orange.fr", "arobase_manquant"),
        ("jean@dupont@orange.fr", "arobase_multiple"),
        ("jean dupont@orange.fr", "espaces"),
        ("jean@orange .fr", "espaces"),
        ("jéan@orange.fr", "accents"),
        ("jean@orangé.fr", "accents"),
        ("@orange.fr", "local_vide"),
        (".jean@orange.fr", "local_invalide"),
        ("jean.@orange.fr", "local_invalide"),
        ("jean..dupont@orange.fr", "local_invalide"),
        ("jean(x)@orange.fr", "local_invalide"),
        ("jean@", "domaine_vide"),
        ("jean@orange", "domaine_invalide"),
        ("jean@orange.", "domaine_invalide"),
        ("jean@.orange.fr", "domaine_invalide"),
        ("jean@-orange.fr", "domaine_invalide"),
        ("jean@orange.f", "domaine_invalide"),
        ("jean@orange,fr", "domaine_invalide"),
        ("jean@127.0.0.1", "domaine_invalide"),
    ],
)
def test_invalid_addresses(typed: str, key: str) -> None:
    check = check_email(typed)
    assert check.value is None
    assert keys(check) == [f"regles.email.{key}"]


def test_length_limits() -> None:
    local = "a" * 64
    domain = ".".join(["b" * 60] * 3) + ".fr"
    assert check_email(f"{local}@{domain}").ok
    assert keys(check_email(f"{'a' * 65}@orange.fr")) == ["regles.email.local_invalide"]
    too_long = f"{local}@{'c' * 60}.{domain}"
    assert len(too_long) > 254
    assert "regles.email.trop_longue" in keys(check_email(too_long))


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("jean@gmial.com", "jean@gmail.com"),
        ("jean@gmail.con", "jean@gmail.com"),
        ("jean@gmal.com", "jean@gmail.com"),
        ("jean@hotmial.fr", "jean@hotmail.fr"),
        ("jean@hotmail.cm", "jean@hotmail.com"),
        ("jean@orange.rf", "jean@orange.fr"),
        ("jean@wanado.fr", "jean@wanadoo.fr"),
        ("jean@laposte.ne", "jean@laposte.net"),
        ("Jean@YAHOO.FF", "Jean@yahoo.fr"),
    ],
)
def test_likely_typo_is_a_hint_not_an_error(typed: str, suggestion: str) -> None:
    check = check_email(typed)
    assert check.ok
    assert check.value == typed.rsplit("@", 1)[0] + "@" + typed.rsplit("@", 1)[1].lower()
    (hint,) = check.hints
    assert hint.key == "regles.email.suggestion"
    assert hint.text() == f"Vouliez-vous écrire {suggestion} ?"


@pytest.mark.parametrize("provider", COMMON_PROVIDERS)
def test_exact_providers_get_no_hint(provider: str) -> None:
    assert check_email(f"jean@{provider}").hints == ()


@pytest.mark.parametrize("domain", ["example.org", "yahoo.com", "gmail.fr", "mairie-lyon.fr"])
def test_far_domains_get_no_hint(domain: str) -> None:
    assert check_email(f"jean@{domain}").hints == ()


def test_suggest_provider_picks_the_closest() -> None:
    assert suggest_provider("hotmail.fe") == "hotmail.fr"
    assert suggest_provider("hotmail.co") == "hotmail.com"
    assert suggest_provider("gmail.com") is None


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("gmail.com", "gmial.com", 1), ("abc", "abc", 0), ("", "abc", 3), ("ca", "abc", 3)],
)
def test_damerau_levenshtein(a: str, b: str, distance: int) -> None:
    assert damerau_levenshtein(a, b) == distance
    assert damerau_levenshtein(b, a) == distance


def test_confirmation_equal_ignoring_domain_case_and_spaces() -> None:
    assert check_email_confirmation("Jean@Orange.FR", "  Jean@orange.fr ").value == (
        "Jean@orange.fr"
    )


def test_confirmation_different() -> None:
    assert keys(check_email_confirmation("jean@orange.fr", "jean@orange.com")) == [
        "regles.email.confirmation"
    ]
    assert keys(check_email_confirmation("jean@orange.fr", "Jean@orange.fr")) == [
        "regles.email.confirmation"
    ]
    assert keys(check_email_confirmation("jean@orange.fr", " ")) == [
        "regles.email.confirmation_vide"
    ]
