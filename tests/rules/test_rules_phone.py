"""Phone: « 0123456789, ou pour les numéros étrangers, XXX0123456789 » (seed 000)."""

from __future__ import annotations

import pytest

from kiosque.rules.phone import check_phone
from kiosque.rules.result import Check


def keys(check: Check[str]) -> list[str]:
    return [m.key for m in check.errors]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("0123456789", "0123456789"),
        ("06 12 34 56 78", "0612345678"),
        ("06.12.34.56.78", "0612345678"),
        ("06-12-34-56-78", "0612345678"),
        (" 01 23 45 67 89 ", "0123456789"),
        ("09\u00a072\u202f12 34 56", "0972123456"),
        ("+33 6 12 34 56 78", "0612345678"),
        ("+33612345678", "0612345678"),
        ("0033 6 12 34 56 78", "0612345678"),
        ("+33 (0)6 12 34 56 78", "0612345678"),
        ("+330612345678", "0612345678"),
        ("2120612345678", "2120612345678"),
        ("212 06 12 34 56 78", "2120612345678"),
        ("+212 0612345678", "2120612345678"),
        ("00212 0612345678", "2120612345678"),
    ],
)
def test_accepted(typed: str, value: str) -> None:
    assert check_phone(typed) == Check.good(value)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "telephone.obligatoire"),
        ("   ", "telephone.obligatoire"),
        ("06 12 34 56 7", "telephone.longueur"),
        ("06 12 34 56 789", "telephone.longueur"),
        ("612345678", "telephone.longueur"),
        ("0012345678", "telephone.francais_debut"),
        ("1612345678", "telephone.francais_debut"),
        ("06 12 AB 56 78", "telephone.caracteres"),
        ("06+12345678", "telephone.caracteres"),
        ("+", "telephone.caracteres"),
        ("+33 6 12 34 56", "telephone.francais_international"),
        ("+33 0012345678", "telephone.francais_debut"),
        ("+44 20 7946 0958", "telephone.etranger"),
        ("+212 061234567", "telephone.etranger"),
        ("06\u200b12345678", "commun.caracteres_invisibles"),
    ],
)
def test_refused(typed: str, key: str) -> None:
    check = check_phone(typed)
    assert check.value is None
    assert keys(check) == [f"regles.{key}"]


def test_format_message_is_the_seed_wording() -> None:
    text = check_phone("").errors[0].text()
    assert text == (
        "Veuillez indiquer un numéro de téléphone au format 0123456789, ou pour les numéros "
        "étrangers, XXX0123456789 (XXX étant l'indicatif du pays)."
    )
