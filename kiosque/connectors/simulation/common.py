"""Shared pieces of the simulated organisms: clock helpers, secrets, masking."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosque.connectors.base import FORM, Clock, Refusal
from kiosque.store.hashing import HashParams
from kiosque.store.store import Store
from kiosque.texts import Message

PARIS = ZoneInfo("Europe/Paris")
# Unambiguous characters only (no 0/O, 1/l/I, 5/S, 2/Z) for codes people copy.
CHALLENGE_ALPHABET = "abcdefghjkmnpqrtuvwxyACDEFGHJKLMNPQRTUVWXY3469"


def paris_date(moment: datetime) -> date:
    return moment.astimezone(PARIS).date()


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in Paris (a date "inclus" is valid until then)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=PARIS)


def french_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def token() -> str:
    return secrets.token_urlsafe(24)


def digits(count: int) -> str:
    return "".join(str(secrets.randbelow(10)) for _ in range(count))


def refusal(field_id: str, key: str, **params: object) -> Refusal:
    return Refusal({field_id: (Message.of(key, **params),)})


def form(*messages: Message) -> Refusal:
    return Refusal({FORM: tuple(messages)})


def mask_phone(phone: str) -> str:
    tail = phone[-2:]
    return f"{phone[:2]} •• •• •• {tail}" if len(phone) >= 4 else "••"


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}••••@{domain}"


@dataclass(frozen=True)
class SimulationContext:
    """What every simulated organism needs: the store, the clock, the hashing strength,
    and the terminal (login attempts are recorded per terminal)."""

    store: Store
    clock: Clock
    hash_params: HashParams
    terminal: str = "borne-1"
