"""Phone numbers, as the Assurance retraite form asks them (seed 000):

« au format 0123456789, ou pour les numéros étrangers, XXX0123456789 (XXX étant
l'indicatif du pays) ».

While typing, spaces, dots, dashes and brackets are accepted and removed. A French number
written in international form (+33 6 12 34 56 78, 0033 6…, +33 (0)6…) is brought back to
0612345678; any other « +XXX… » (or « 00XXX… ») is the foreign form: a 3-digit country
code and 10 digits. The value kept is digits only.
"""

from __future__ import annotations

import re

from kiosque.rules.normalize import fold, has_forbidden_chars
from kiosque.rules.result import Check
from kiosque.texts import Message

FRENCH_LENGTH = 10
FOREIGN_LENGTH = 13  # XXX + 0123456789
FRANCE_CODE = "33"

_SEPARATORS = re.compile(r"[\s.\-()/]+")
_DIGITS = re.compile(r"[0-9]+")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _french(national: str) -> Check[str]:
    """A 10-digit French number: 0 then a digit from 1 to 9."""
    if national[0] != "0" or national[1] == "0":
        return Check(None, (Message.of("regles.telephone.francais_debut"),))
    return Check.good(national)


def _from_france_code(rest: str) -> Check[str]:
    """The digits after +33 / 0033: 9 digits (or 10 with the leading 0 kept by habit)."""
    if len(rest) == FRENCH_LENGTH - 1 and rest[0] != "0":
        return _french("0" + rest)
    if len(rest) == FRENCH_LENGTH and rest[0] == "0":
        return _french(rest)
    return Check(None, (Message.of("regles.telephone.francais_international"),))


def _foreign(digits: str) -> Check[str]:
    if len(digits) != FOREIGN_LENGTH:
        return Check(None, (Message.of("regles.telephone.etranger", nombre=len(digits)),))
    return Check.good(digits)


def check_phone(value: str) -> Check[str]:
    """A phone number: 0123456789, or XXX0123456789 for a foreign number.

    An empty entry is refused; when the phone is optional, the caller skips this check
    for an empty field.
    """
    raw = _text(value)
    if has_forbidden_chars(raw):
        return Check(None, (Message.of("regles.commun.caracteres_invisibles"),))
    compact = _SEPARATORS.sub("", fold(raw))
    if not compact:
        return Check(None, (Message.of("regles.telephone.obligatoire"),))
    international = compact.startswith("+")
    digits = compact[1:] if international else compact
    if _DIGITS.fullmatch(digits) is None:
        return Check(None, (Message.of("regles.telephone.caracteres"),))
    if international:
        if digits.startswith(FRANCE_CODE):
            return _from_france_code(digits[len(FRANCE_CODE) :])
        return _foreign(digits)
    if digits.startswith("00" + FRANCE_CODE):
        return _from_france_code(digits[2 + len(FRANCE_CODE) :])
    if digits.startswith("00") and len(digits) == 2 + FOREIGN_LENGTH:
        return _foreign(digits[2:])
    if len(digits) == FRENCH_LENGTH:
        return _french(digits)
    if len(digits) == FOREIGN_LENGTH:
        return Check.good(digits)
    return Check(None, (Message.of("regles.telephone.longueur", nombre=len(digits)),))
