"""Passwords: the Assurance retraite rule list (shown and ticked live) and the CAF rule.

Assurance retraite (seed 000, « Rappel des règles à respecter pour la saisie d'un mot de
passe »). Votre mot de passe doit contenir : un minimum de 8 caractères ; au maximum 20
caractères ; au moins une lettre majuscule (A-Z) ; au moins une lettre minuscule (a-z) ;
au moins une valeur numérique (0-9). Votre mot de passe ne doit pas contenir : votre nom ;
votre prénom ; votre date de naissance ; tout ou partie de votre numéro de sécurité
sociale ; des caractères spéciaux.

CAF (seed 002): « composé de lettres et de chiffres ».
"""

from __future__ import annotations

import datetime
import re

from kiosque.rules.nir import normalize_nir
from kiosque.rules.normalize import fold, strip_accents_lower
from kiosque.rules.result import Check, RuleStatus
from kiosque.texts import Message

RETRAITE_MIN_LENGTH = 8
RETRAITE_MAX_LENGTH = 20

# CAF: the seed only says « composé de lettres et de chiffres ». We require both a letter
# and a digit, ASCII only, 8 characters at least (the usual floor of the organisms' sites)
# and 64 at most (a generous ceiling that no citizen reaches but that bounds the input).
CAF_MIN_LENGTH = 8
CAF_MAX_LENGTH = 64

# A run of this many consecutive characters of the NIR is « une partie » of it.
NIR_RUN_LENGTH = 4
# Parts of a name shorter than this (« N » of N'Diaye, « Li ») are not looked for.
NAME_PART_MIN_LETTERS = 3

PASSWORD_RULE_IDS: tuple[str, ...] = (
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
"""The rule ids in the order of the seed's list."""

MUST_CONTAIN: tuple[str, ...] = PASSWORD_RULE_IDS[:5]
"""Rules listed under « Votre mot de passe doit contenir : »."""
MUST_NOT_CONTAIN: tuple[str, ...] = PASSWORD_RULE_IDS[5:]
"""Rules listed under « Votre mot de passe ne doit pas contenir : »."""

MUST_CONTAIN_HEADING = Message.of("regles.mot_de_passe.doit_contenir")
MUST_NOT_CONTAIN_HEADING = Message.of("regles.mot_de_passe.ne_doit_pas_contenir")
RULES_HEADING = Message.of("regles.mot_de_passe.rappel")

_LABELS: dict[str, Message] = {
    "longueur-min": Message.of("regles.mot_de_passe.libelle.longueur-min"),
    "longueur-max": Message.of("regles.mot_de_passe.libelle.longueur-max"),
    "majuscule": Message.of("regles.mot_de_passe.libelle.majuscule"),
    "minuscule": Message.of("regles.mot_de_passe.libelle.minuscule"),
    "chiffre": Message.of("regles.mot_de_passe.libelle.chiffre"),
    "sans-nom": Message.of("regles.mot_de_passe.libelle.sans-nom"),
    "sans-prenom": Message.of("regles.mot_de_passe.libelle.sans-prenom"),
    "sans-date-naissance": Message.of("regles.mot_de_passe.libelle.sans-date-naissance"),
    "sans-nir": Message.of("regles.mot_de_passe.libelle.sans-nir"),
    "sans-caracteres-speciaux": Message.of("regles.mot_de_passe.libelle.sans-caracteres-speciaux"),
}

_REFUSAL_KEYS: dict[str, str] = {
    "longueur-min": "regles.mot_de_passe.refus.longueur-min",
    "longueur-max": "regles.mot_de_passe.refus.longueur-max",
    "majuscule": "regles.mot_de_passe.refus.majuscule",
    "minuscule": "regles.mot_de_passe.refus.minuscule",
    "chiffre": "regles.mot_de_passe.refus.chiffre",
    "sans-nom": "regles.mot_de_passe.refus.sans-nom",
    "sans-prenom": "regles.mot_de_passe.refus.sans-prenom",
    "sans-date-naissance": "regles.mot_de_passe.refus.sans-date-naissance",
    "sans-nir": "regles.mot_de_passe.refus.sans-nir",
    "sans-caracteres-speciaux": "regles.mot_de_passe.refus.sans-caracteres-speciaux",
}

_NAME_SPLIT = re.compile(r"[\s'\-]+")
# Special characters = anything that is not an ASCII letter or digit. This covers every
# character of the seed's list (~ !@#$%^&_+=[]{}|.,;<>?/\µù), the space, every accented
# letter (é, è, à, ç…, which citizens do not think of as « special »), and any other symbol.
_SPECIAL = re.compile(r"[^A-Za-z0-9]")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _name_parts(name: str) -> list[str]:
    """The parts of a name worth looking for, without case or accents."""
    parts = dict.fromkeys(_NAME_SPLIT.split(strip_accents_lower(fold(name))))
    return [
        part for part in parts if sum(1 for ch in part if ch.isalpha()) >= NAME_PART_MIN_LETTERS
    ]


def _contains_name(password: str, name: str) -> bool:
    folded = strip_accents_lower(password)
    return any(part in folded for part in _name_parts(name))


def birth_date_forms(date_naissance: datetime.date) -> tuple[str, ...]:
    """JJMMAAAA, JJMMAA, AAAAMMJJ and AAMMJJ forms of a birth date."""
    d, m, y = date_naissance.day, date_naissance.month, date_naissance.year
    return (
        f"{d:02d}{m:02d}{y:04d}",
        f"{d:02d}{m:02d}{y % 100:02d}",
        f"{y:04d}{m:02d}{d:02d}",
        f"{y % 100:02d}{m:02d}{d:02d}",
    )


def _contains_birth_date(password: str, date_naissance: datetime.date) -> bool:
    return any(form in password for form in birth_date_forms(date_naissance))


def nir_runs(nir: str) -> frozenset[str]:
    """Every run of ``NIR_RUN_LENGTH`` consecutive characters of the 13-character NIR,
    lower-cased, with 2A/2B also read as 19/18."""
    base = normalize_nir(nir)[:13].lower()
    variants = {base}
    if base[5:7] == "2a":
        variants.add(base[:5] + "19" + base[7:])
    elif base[5:7] == "2b":
        variants.add(base[:5] + "18" + base[7:])
    return frozenset(
        variant[i : i + NIR_RUN_LENGTH]
        for variant in variants
        for i in range(len(variant) - NIR_RUN_LENGTH + 1)
    )


def _contains_nir(password: str, nir: str) -> bool:
    lowered = password.lower()
    return any(run in lowered for run in nir_runs(nir))


def password_rules(
    pw: str,
    *,
    nom: str = "",
    prenom: str = "",
    date_naissance: datetime.date | None = None,
    nir: str = "",
) -> tuple[RuleStatus, ...]:
    """One status per rule of the Assurance retraite list, in the seed's order.

    A rule whose input is unknown (no name given, no birth date…) counts as satisfied.
    """
    password = _text(pw)
    length = len(password)
    birth_date = date_naissance if isinstance(date_naissance, datetime.date) else None
    satisfied: dict[str, bool] = {
        "longueur-min": length >= RETRAITE_MIN_LENGTH,
        "longueur-max": length <= RETRAITE_MAX_LENGTH,
        "majuscule": re.search("[A-Z]", password) is not None,
        "minuscule": re.search("[a-z]", password) is not None,
        "chiffre": re.search("[0-9]", password) is not None,
        "sans-nom": not _contains_name(password, _text(nom)),
        "sans-prenom": not _contains_name(password, _text(prenom)),
        "sans-date-naissance": birth_date is None or not _contains_birth_date(password, birth_date),
        "sans-nir": not _contains_nir(password, _text(nir)),
        "sans-caracteres-speciaux": _SPECIAL.search(password) is None,
    }
    return tuple(
        RuleStatus(
            rule=rule,
            label=_LABELS[rule],
            satisfied=satisfied[rule],
            refusal=Message.of(_REFUSAL_KEYS[rule], nombre=length)
            if rule.startswith("longueur")
            else Message.of(_REFUSAL_KEYS[rule]),
        )
        for rule in PASSWORD_RULE_IDS
    )


def check_password_retraite(
    pw: str,
    *,
    nom: str = "",
    prenom: str = "",
    date_naissance: datetime.date | None = None,
    nir: str = "",
) -> Check[str]:
    """The Assurance retraite password: errors are the refusals of the broken rules."""
    password = _text(pw)
    if not password:
        return Check(None, (Message.of("regles.mot_de_passe.obligatoire"),))
    statuses = password_rules(
        password, nom=nom, prenom=prenom, date_naissance=date_naissance, nir=nir
    )
    errors = tuple(status.refusal for status in statuses if not status.satisfied)
    if errors:
        return Check(None, errors)
    return Check.good(password)


def check_password_caf(pw: str) -> Check[str]:
    """The CAF password: ASCII letters and digits only, at least one of each, 8 to 64."""
    password = _text(pw)
    if not password:
        return Check(None, (Message.of("regles.mot_de_passe.obligatoire"),))
    errors: list[Message] = []
    if len(password) < CAF_MIN_LENGTH:
        errors.append(Message.of("regles.mot_de_passe.caf.longueur-min", minimum=CAF_MIN_LENGTH))
    if len(password) > CAF_MAX_LENGTH:
        errors.append(Message.of("regles.mot_de_passe.caf.longueur-max", maximum=CAF_MAX_LENGTH))
    if _SPECIAL.search(password) is not None:
        errors.append(Message.of("regles.mot_de_passe.caf.caracteres"))
    if re.search("[A-Za-z]", password) is None:
        errors.append(Message.of("regles.mot_de_passe.caf.lettre"))
    if re.search("[0-9]", password) is None:
        errors.append(Message.of("regles.mot_de_passe.caf.chiffre"))
    if errors:
        return Check(None, tuple(errors))
    return Check.good(password)


def check_password_confirmation(pw: str, confirmation: str) -> Check[str]:
    """The password typed a second time (not pasted) must be exactly the same."""
    password, again = _text(pw), _text(confirmation)
    if not again:
        return Check(None, (Message.of("regles.mot_de_passe.confirmation_vide"),))
    if password != again:
        return Check(None, (Message.of("regles.mot_de_passe.confirmation"),))
    return Check.good(password)
