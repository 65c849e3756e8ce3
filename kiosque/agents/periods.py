"""Days as agents count them: in Paris time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in Paris time, as aware datetimes."""
    start = datetime.combine(first, time(), PARIS)
    end = datetime.combine(last + timedelta(days=1), time(), PARIS)
    return start, end


def period_details(first: date, last: date) -> dict[str, str]:
    """How the audit log names a period."""
    return {"du": first.isoformat(), "au": last.isoformat()}
