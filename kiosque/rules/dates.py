"""Date of birth, « sous la forme JJ/MM/AAAA » (seed 000): a real date, in the past, and
a plausible age for the procedures of the kiosk (16 to 120 years old)."""

from __future__ import annotations

import calendar
import datetime
import re

from kiosque.rules.normalize import fold, has_forbidden_chars
from kiosque.rules.result import Check
from kiosque.texts import Message

MIN_AGE = 16
MAX_AGE = 120

# Longest acceptable entry, e.g. « 01 / 02 / 1980 »; anything longer is not a date.
_MAX_INPUT = 20
_SEPARATED = re.compile(r"([0-9]{1,2})\s?[/.\- ]\s?([0-9]{1,2})\s?[/.\- ]\s?([0-9]+)")
_COMPACT = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _fields(value: str) -> tuple[int, int, str] | None:
    text = fold(_text(value))
    if len(text) > _MAX_INPUT:
        return None
    match = _SEPARATED.fullmatch(text) or _COMPACT.fullmatch(text)
    if match is None:
        return None
    day, month, year = match.groups()
    return int(day), int(month), year


def parse_date_fr(value: str) -> tuple[int, int, int] | None:
    """(day, month, year) as typed, from JJ/MM/AAAA (also with « - », « . » or spaces,
    one-digit day or month) or JJMMAAAA; None when the shape is not a date's."""
    fields = _fields(value)
    if fields is None or len(fields[2]) != 4:
        return None
    return fields[0], fields[1], int(fields[2])


def age_on(birth: datetime.date, today: datetime.date) -> int:
    """Age in whole years on ``today``."""
    before_birthday = (today.month, today.day) < (birth.month, birth.day)
    return today.year - birth.year - int(before_birthday)


def format_date_fr(day: int, month: int, year: int) -> str:
    return f"{day:02d}/{month:02d}/{year:04d}"


def check_birth_date(value: str, *, today: datetime.date) -> Check[datetime.date]:
    """A date of birth typed JJ/MM/AAAA: it must exist, be past, and give an age of
    16 to 120 years on ``today``."""
    raw = _text(value)
    if has_forbidden_chars(raw):
        return Check(None, (Message.of("regles.commun.caracteres_invisibles"),))
    if not fold(raw):
        return Check(None, (Message.of("regles.date_naissance.obligatoire"),))
    parsed = parse_date_fr(raw)
    if parsed is None:
        fields = _fields(raw)
        two_digit_year = fields is not None and len(fields[2]) == 2
        key = "regles.date_naissance.annee" if two_digit_year else "regles.date_naissance.format"
        return Check(None, (Message.of(key),))
    day, month, year = parsed
    errors: list[Message] = []
    if not 1 <= day <= 31:
        errors.append(Message.of("regles.date_naissance.jour", jour=f"{day:02d}"))
    if not 1 <= month <= 12:
        errors.append(Message.of("regles.date_naissance.mois", mois=f"{month:02d}"))
    if errors:
        return Check(None, tuple(errors))
    if year < 1:
        return Check(None, (Message.of("regles.date_naissance.trop_vieux", maximum=MAX_AGE),))
    days_in_month = calendar.monthrange(year, month)[1]
    if day > days_in_month:
        return Check(
            None,
            (
                Message.of(
                    "regles.date_naissance.inexistante",
                    date=format_date_fr(day, month, year),
                    jours=days_in_month,
                ),
            ),
        )
    birth = datetime.date(year, month, day)
    if birth > today:
        return Check(None, (Message.of("regles.date_naissance.futur"),))
    age = age_on(birth, today)
    if age < MIN_AGE:
        return Check(None, (Message.of("regles.date_naissance.trop_jeune", minimum=MIN_AGE),))
    if age > MAX_AGE:
        return Check(None, (Message.of("regles.date_naissance.trop_vieux", maximum=MAX_AGE),))
    return Check.good(birth)
