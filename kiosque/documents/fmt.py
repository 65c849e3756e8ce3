"""French formats for dates, times, amounts and counts (pure; words come from the texts)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosque.texts import t

NBSP = "\u00a0"


def _paris_zone() -> tzinfo | None:
    try:
        return ZoneInfo("Europe/Paris")
    except ZoneInfoNotFoundError:  # Windows without the tzdata package
        return None


PARIS = _paris_zone()


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)  # March and October both have 31 days
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _paris_offset(moment: datetime) -> timedelta:
    """France's rule since 1996: summer time from the last Sunday of March, 01:00 UTC,
    to the last Sunday of October, 01:00 UTC."""
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    start = datetime.combine(_last_sunday(utc.year, 3), datetime.min.time()) + timedelta(hours=1)
    end = datetime.combine(_last_sunday(utc.year, 10), datetime.min.time()) + timedelta(hours=1)
    return timedelta(hours=2) if start <= utc < end else timedelta(hours=1)


def paris_time(moment: datetime, zone: tzinfo | None = PARIS) -> datetime:
    """An aware datetime as the clocks in Paris show it."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    if zone is not None:
        return moment.astimezone(zone)
    return moment.astimezone(timezone(_paris_offset(moment)))


def date_short(day: date) -> str:
    """``17/03/2026``, as the real sites write it."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _day_words(day: date) -> dict[str, str]:
    return {
        "jour": t("documents.commun.premier") if day.day == 1 else str(day.day),
        "mois": t(f"documents.commun.mois.m{day.month:02d}"),
        "annee": str(day.year),
    }


def date_long(day: date) -> str:
    """``2 mars 2026``, ``1er mai 2026``."""
    return t("documents.commun.date_longue", **_day_words(day))


def datetime_long(moment: datetime) -> str:
    """``le 2 mars 2026 à 9 h 05``, in Paris time."""
    local = paris_time(moment)
    return t(
        "documents.commun.date_heure",
        heure=str(local.hour),
        minute=f"{local.minute:02d}",
        **_day_words(local.date()),
    )


def thousands(number: int) -> str:
    """``13 800`` with a no-break space between groups of three digits."""
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", NBSP)


def euros(amount: int) -> str:
    """``13 800 €``."""
    return t("documents.commun.euros", montant=thousands(amount))


def decimal(value: float, places: int = 2) -> str:
    """``1 796,78``: French decimal comma, grouped thousands."""
    text = f"{abs(value):,.{places}f}"
    whole, _, frac = text.partition(".")
    sign = "-" if value < 0 and float(text.replace(",", "")) != 0 else ""
    return sign + whole.replace(",", NBSP) + ("," + frac if frac else "")


def quarters(count: int) -> str:
    """``1 trimestre``, ``4 trimestres`` (French: 0 and 1 take the singular)."""
    key = "trimestres_un" if count in (0, 1) else "trimestres_plusieurs"
    return t(f"documents.commun.{key}", nombre=count)


def points(value: float) -> str:
    """``55,33 points``."""
    return t("documents.commun.points", nombre=decimal(value))
