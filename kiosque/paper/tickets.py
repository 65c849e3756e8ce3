"""A resume code as the citizen gets it (with the day it stops working), and why a typed
code did not resume a session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from kiosque.documents.fmt import PARIS, paris_time
from kiosque.paper.codes import display_code
from kiosque.texts import Message


def _paris_midnight(day: date) -> datetime:
    if PARIS is not None:
        return datetime.combine(day, time.min, tzinfo=PARIS)
    # no time-zone database (Windows without tzdata): that day's offset of Paris
    offset = paris_time(datetime.combine(day, time(12), tzinfo=UTC)).utcoffset()
    return datetime.combine(day, time.min, tzinfo=timezone(offset or timedelta(0)))


def resume_expiry(now: datetime, days: int) -> tuple[datetime, date]:
    """A code issued ``now`` works until the end of the ``days``-th day after, in Paris
    time, so the paper can honestly say « valable jusqu'au JJ/MM/AAAA inclus »."""
    last_day = paris_time(now).date() + timedelta(days=days)
    return _paris_midnight(last_day + timedelta(days=1)) - timedelta(microseconds=1), last_day


@dataclass(frozen=True)
class ResumeTicket:
    """A session's resume code as the citizen gets it (the store keeps only its hash)."""

    code: str  # compact
    qr_text: str
    expires_at: datetime
    valid_until: date  # last day it works (Paris)

    @property
    def display(self) -> str:
        return display_code(self.code)


@dataclass(frozen=True)
class ResumeRefusal:
    """Why a code did not resume a session: ``reason`` for the program, ``message`` for
    the citizen. Reasons: format, typo, unknown, expired, locked, wait."""

    reason: str
    message: Message

    def text(self) -> str:
        return self.message.text()
