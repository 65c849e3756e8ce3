"""Postal address, as the Assurance retraite form asks it (« Je saisis mon adresse »):
country, postal code, town, street number, complement (bis, ter…) and street name."""

from __future__ import annotations

import re
import unicodedata

from kiosque.rules.normalize import fold, has_forbidden_chars
from kiosque.rules.result import Check
from kiosque.texts import Message

COMPLEMENTS: tuple[str, ...] = (
    "bis",
    "ter",
    "quater",
    "quinquies",
    "sexies",
    "septies",
    "octies",
    "nonies",
    "A",
    "B",
    "C",
    "D",
)
"""Choices of the « Complément » list, after the street number."""

COMPLEMENT_LABELS: dict[str, Message] = {
    "": Message.of("regles.adresse.complement.aucun"),
    "bis": Message.of("regles.adresse.complement.bis"),
    "ter": Message.of("regles.adresse.complement.ter"),
    "quater": Message.of("regles.adresse.complement.quater"),
    "quinquies": Message.of("regles.adresse.complement.quinquies"),
    "sexies": Message.of("regles.adresse.complement.sexies"),
    "septies": Message.of("regles.adresse.complement.septies"),
    "octies": Message.of("regles.adresse.complement.octies"),
    "nonies": Message.of("regles.adresse.complement.nonies"),
    "A": Message.of("regles.adresse.complement.A"),
    "B": Message.of("regles.adresse.complement.B"),
    "C": Message.of("regles.adresse.complement.C"),
    "D": Message.of("regles.adresse.complement.D"),
}
"""Label shown for each complement ("" = no complement)."""

FRANCE_CODES = frozenset({"FR", "FRA", "FRANCE"})
FOREIGN_POSTAL_MAX = 10
STREET_NAME_MIN = 2
STREET_NAME_MAX = 80

_FRENCH_POSTAL = re.compile(r"[0-9]{5}")
_FOREIGN_POSTAL = re.compile(r"[A-Z0-9 \-]{1,10}")
_STREET_NUMBER = re.compile(r"[0-9]{1,5}")
_NUMBER_WITH_COMPLEMENT = re.compile(
    r"([0-9]{1,5}) ?(bis|ter|quater|quinquies|sexies|septies|octies|nonies|[a-d])",
    re.IGNORECASE,
)
_STREET_PUNCTUATION = frozenset(" '-.,/")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _canonical_complement(word: str) -> str | None:
    for complement in COMPLEMENTS:
        if complement.casefold() == word.casefold():
            return complement
    return None


def is_france(pays: str) -> bool:
    return fold(_text(pays)).upper() in FRANCE_CODES


def check_postal_code(value: str, *, pays: str = "FR") -> Check[str]:
    """France: 5 digits starting with a department (01-95, 20 for Corsica, 97/98 overseas).
    Abroad: 1 to 10 letters, digits, spaces or hyphens."""
    raw = _text(value)
    if has_forbidden_chars(raw):
        return Check(None, (Message.of("regles.commun.caracteres_invisibles"),))
    text = fold(raw)
    if not text:
        return Check(None, (Message.of("regles.adresse.code_postal_obligatoire"),))
    if not is_france(pays):
        code = text.upper()
        if _FOREIGN_POSTAL.fullmatch(code) is None or not any(ch.isalnum() for ch in code):
            return Check(None, (Message.of("regles.adresse.code_postal_etranger"),))
        return Check.good(code)
    code = text.replace(" ", "")
    if _FRENCH_POSTAL.fullmatch(code) is None:
        return Check(None, (Message.of("regles.adresse.code_postal_format"),))
    department = int(code[:2])
    if not (1 <= department <= 95 or department in (97, 98)):
        return Check(None, (Message.of("regles.adresse.code_postal_departement", code=code),))
    return Check.good(code)


def check_street_number(value: str) -> Check[str]:
    """1 to 5 digits; empty is accepted (many addresses have no number)."""
    raw = _text(value)
    if has_forbidden_chars(raw):
        return Check(None, (Message.of("regles.commun.caracteres_invisibles"),))
    text = fold(raw)
    if not text or _STREET_NUMBER.fullmatch(text):
        return Check.good(text)
    with_complement = _NUMBER_WITH_COMPLEMENT.fullmatch(text)
    if with_complement is not None:
        number, word = with_complement.groups()
        complement = _canonical_complement(word) or word
        return Check(
            None,
            (Message.of("regles.adresse.numero_complement", numero=number, complement=complement),),
        )
    return Check(None, (Message.of("regles.adresse.numero_format"),))


def check_complement(value: str) -> Check[str]:
    """One of ``COMPLEMENTS`` (any case), or empty for none."""
    text = fold(_text(value))
    if not text:
        return Check.good("")
    complement = _canonical_complement(text)
    if complement is None:
        return Check(None, (Message.of("regles.adresse.complement_inconnu"),))
    return Check.good(complement)


def check_street_name(value: str) -> Check[str]:
    """Letters (any, with accents), digits, spaces and ' - . , / ; 2 to 80 characters."""
    raw = _text(value)
    if has_forbidden_chars(raw):
        return Check(None, (Message.of("regles.commun.caracteres_invisibles"),))
    text = fold(raw)
    if not text:
        return Check(None, (Message.of("regles.adresse.voie_obligatoire"),))
    errors: list[Message] = []
    if len(text) < STREET_NAME_MIN:
        errors.append(Message.of("regles.adresse.voie_trop_courte", minimum=STREET_NAME_MIN))
    if len(text) > STREET_NAME_MAX:
        errors.append(
            Message.of("regles.adresse.voie_trop_longue", maximum=STREET_NAME_MAX, nombre=len(text))
        )
    others = [
        ch
        for ch in dict.fromkeys(text)
        if not (ch.isalpha() or ch in "0123456789" or ch in _STREET_PUNCTUATION)
        and not _is_mark(ch)
    ]
    if others:
        errors.append(Message.of("regles.adresse.voie_caracteres", caracteres=" ".join(others[:5])))
    if not any(ch.isalpha() for ch in text):
        errors.append(Message.of("regles.adresse.voie_lettre"))
    if errors:
        return Check(None, tuple(errors))
    return Check.good(text)
