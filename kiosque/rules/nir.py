"""NIR — the French social security number (« numéro de sécurité sociale »).

Layout of the 13 characters (then, optionally, the 2-digit key):

====== ========================================================================
1      sex: 1 man, 2 woman (3/4/7/8: provisional numbers, where accepted)
2-3    year of birth (2 digits)
4-5    month of birth: 01-12, or 20-42 / 50-99 when INSEE did not know the month
6-7    department of birth: 01-95 (20: Corsica before 1976), 2A/2B (Corsica), 96, 99 (born abroad);
       overseas 97x/98x use 3 digits for the department and 2 for the commune
8-10   commune (or country when born abroad)
11-13  order number in the birth register of the month: 001-999
14-15  key: 97 − (number mod 97), with 2A → 19 and 2B → 18 (computed by python-stdnum)
====== ========================================================================
"""

from __future__ import annotations

import datetime
import re

from stdnum.fr import nir as stdnum_nir

from kiosque.rules.normalize import fold, remove_forbidden_chars, strip_accents_lower
from kiosque.rules.result import Check
from kiosque.texts import Message

NIR_LENGTH = 13
NIR_WITH_KEY_LENGTH = 15

_SEPARATORS = re.compile(r"[\s.\-]+")
_ASCII_DIGITS = frozenset("0123456789")
_SEX_DIGITS = "12"
_PROVISIONAL_SEX_DIGITS = "123478"
_PROVISIONAL_ID = re.compile(r"[0-9][0-9A-Z]{6,12}")

_MEN = frozenset({"monsieur", "m", "m.", "mr", "mr.", "homme", "h"})
_WOMEN = frozenset({"madame", "mme", "mme.", "mlle", "mademoiselle", "femme", "f"})


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def normalize_nir(s: str) -> str:
    """The NIR without spaces, dots or dashes, upper-cased ("2 85 08 2b…" → "285082B…").

    Invisible characters (often brought by a copy-paste) are removed as well.
    """
    return _SEPARATORS.sub("", fold(remove_forbidden_chars(_text(s)))).upper()


def _is_digits(s: str) -> bool:
    return bool(s) and all(ch in _ASCII_DIGITS for ch in s)


def _corsica(nir: str) -> bool:
    return nir[5:7] in ("2A", "2B")


def _well_formed(nir: str) -> bool:
    """Only ASCII digits, except 2A/2B as the department (positions 6-7)."""
    if _corsica(nir):
        return _is_digits(nir[:5]) and (len(nir) == 7 or _is_digits(nir[7:]))
    return _is_digits(nir)


def nir_key(nir13: str) -> str:
    """The 2-digit key of a 13-character NIR (2A → 19, 2B → 18), via python-stdnum.

    Raises ``ValueError`` when ``nir13`` is not 13 digits (with 2A/2B as department).
    """
    nir = normalize_nir(nir13)
    if len(nir) != NIR_LENGTH or not _well_formed(nir):
        raise ValueError(f"not a 13-character NIR: {nir13!r}")
    return str(stdnum_nir.calc_check_digits(nir))


def _department_ok(nir: str) -> bool:
    department = nir[5:7]
    if department in ("2A", "2B", "96", "97", "98", "99"):
        # 97x/98x: the third digit of the overseas department is any digit.
        return True
    number = int(department)
    # 20: Corsica before its 1976 split into 2A/2B; people born there then still carry it.
    return 1 <= number <= 95


def _month_ok(month: int) -> bool:
    return 1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99


def _structure_errors(nir: str, allow_provisional: bool) -> list[Message]:
    errors: list[Message] = []
    if nir[0] not in (_PROVISIONAL_SEX_DIGITS if allow_provisional else _SEX_DIGITS):
        errors.append(Message.of("regles.nir.premier_chiffre", chiffre=nir[0]))
    if not _month_ok(int(nir[3:5])):
        errors.append(Message.of("regles.nir.mois", mois=nir[3:5]))
    if not _department_ok(nir):
        errors.append(Message.of("regles.nir.departement", departement=nir[5:7]))
    if nir[10:13] == "000":
        errors.append(Message.of("regles.nir.ordre"))
    return errors


def check_nir(value: str, *, allow_provisional: bool = False) -> Check[str]:
    """The 13 first characters of the NIR, or the 15 with a key that must match.

    The value returned is the normalised 13-character NIR (the key is dropped).
    """
    nir = normalize_nir(value)
    if not nir:
        return Check(None, (Message.of("regles.nir.obligatoire"),))
    errors: list[Message] = []
    if not _well_formed(nir):
        errors.append(Message.of("regles.nir.lettres"))
    if len(nir) not in (NIR_LENGTH, NIR_WITH_KEY_LENGTH):
        errors.append(Message.of("regles.nir.longueur", nombre=len(nir)))
    if errors:
        return Check(None, tuple(errors))
    errors = _structure_errors(nir, allow_provisional)
    if errors:
        return Check(None, tuple(errors))
    nir13 = nir[:NIR_LENGTH]
    if len(nir) == NIR_WITH_KEY_LENGTH and nir[NIR_LENGTH:] != nir_key(nir13):
        return Check(None, (Message.of("regles.nir.cle", cle=nir[NIR_LENGTH:]),))
    return Check.good(nir13)


def _civilite_sex(civilite: str) -> str | None:
    """ "1" for Monsieur, "2" for Madame, None when unknown."""
    word = strip_accents_lower(fold(_text(civilite)))
    if word in _MEN:
        return "1"
    if word in _WOMEN:
        return "2"
    return None


def check_nir_identity(
    nir13: str, civilite: str, date_naissance: datetime.date | None
) -> Check[str]:
    """The organism's identity check: the NIR must agree with civilité and birth date.

    Sex digit 1 (or provisional 7) ↔ Monsieur, 2 (or 8) ↔ Madame, 3/4 not checked; the
    year digits are the birth year's last two; the month digits are the birth month
    unless INSEE recorded an unknown month (20 or more). Unknown inputs are not checked.
    """
    checked = check_nir(nir13, allow_provisional=True)
    if checked.value is None:
        return checked
    nir = checked.value
    refused = Check[str](None, (Message.of("regles.nir.non_identifie"),))
    nir_sex = {"1": "1", "7": "1", "2": "2", "8": "2"}.get(nir[0])
    sex = _civilite_sex(civilite)
    if nir_sex is not None and sex is not None and nir_sex != sex:
        return refused
    if isinstance(date_naissance, datetime.date):
        if int(nir[1:3]) != date_naissance.year % 100:
            return refused
        month = int(nir[3:5])
        if month < 20 and month != date_naissance.month:
            return refused
    return Check.good(nir)


def check_provisional_id(value: str) -> Check[str]:
    """A CAF « identifiant provisoire »: 7 to 13 digits or letters, starting with a digit."""
    ident = normalize_nir(value)
    if not ident:
        return Check(None, (Message.of("regles.nir.obligatoire_ou_provisoire"),))
    if _PROVISIONAL_ID.fullmatch(ident) is None:
        return Check(None, (Message.of("regles.nir.provisoire"),))
    return Check.good(ident)


def _looks_like_nir(ident: str) -> bool:
    return len(ident) in (NIR_LENGTH, NIR_WITH_KEY_LENGTH) and _well_formed(ident)


def check_nir_or_provisional(value: str) -> Check[str]:
    """The CAF login field: a NIR (13 characters, provisional numbers accepted) or,
    failing that, an « identifiant provisoire ».

    Anything shaped like a NIR (13 or 15 digits, 2A/2B allowed) must pass every NIR rule,
    so that a mistyped NIR is explained rather than taken for a provisional identifier.
    """
    ident = normalize_nir(value)
    if not ident:
        return Check(None, (Message.of("regles.nir.obligatoire_ou_provisoire"),))
    if _looks_like_nir(ident):
        return check_nir(ident, allow_provisional=True)
    provisional = check_provisional_id(ident)
    if provisional.ok:
        return provisional
    return Check(None, (Message.of("regles.nir.ni_nir_ni_provisoire"),))
