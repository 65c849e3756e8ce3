"""Rows for the scale figures: practice accounts and kiosk sessions, generated fast but
stored as the kiosk stores them.

Every personal field is encrypted for its own row (AES-256-GCM bound to table, column and
row id, as :class:`~kiosque.store.crypto.FieldCipher` does) and every keyed hash is the
HMAC of that row's own value (distinct NIR, e-mail and phone per account), so lookups by
keyed hash and decryption behave exactly as on a real store. Only the argon2id hashes are
shared (one valid hash): a lookup never verifies them.

The sessions span the retention period (``session_retention_days``, 90 by default): a
store that keeps N sessions holds about N / 90 a day, and the day's statistics read one
such day.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kiosque.store.crypto import FieldCipher
from kiosque.store.hashing import DEFAULT, hash_answer, hash_secret
from kiosque.store.repos._base import EMAIL, NIR, PHONE, RESUME_CODE

PARIS = ZoneInfo("Europe/Paris")
ACCOUNTS = "retraite_accounts"
SESSIONS = "kiosk_sessions"
NAMES = ("MARTIN", "BERNARD", "N'DIAYE", "LEFÈVRE", "DUPONT", "NGUYEN", "GARCIA", "MOREAU")
FIRST_NAMES = ("Paul", "Léa", "Mohamed", "Chloé", "Jean-Pierre", "Aïcha", "Louis", "Inès")
FLAGS = ("compte-bloque", "mot-de-passe-oublie", "lien-expire", "code-recu")

ACCOUNT_COLUMNS = (
    "id", "nir_hash", "nir_enc", "civilite", "nom_enc", "prenom_enc", "birth_date_enc",
    "email_enc", "email_hash", "phone_enc", "phone_hash", "address_enc", "password_hash",
    "secret_question", "secret_answer_hash", "status", "certified", "failed_attempts",
    "created_at", "activated_at", "is_persona",
)  # fmt: skip
SESSION_COLUMNS = (
    "id", "procedure", "step", "terminal", "started_at", "updated_at", "finished_at",
    "status", "answers_enc", "subject_hash", "resume_code_hash", "resume_expires_at",
    "resume_failures", "last_step", "trouble_flags",
)  # fmt: skip


def nir_of(index: int) -> str:
    """The 13-character NIR of account ``index``: distinct for every index."""
    return f"{1 + index % 2}{index:012d}"


def email_of(index: int) -> str:
    return f"usager.{index}@exemple.fr"


def phone_of(index: int) -> str:
    return f"06{index:08d}"


@dataclass(frozen=True)
class Plan:
    """What to fill: ``rows`` accounts and ``rows`` sessions, the sessions over ``days``
    days ending the day before ``today`` (Paris)."""

    rows: int
    days: int
    today: date
    procedures: Sequence[tuple[str, Sequence[str]]]  # (procedure id, its step ids)

    @property
    def stats_day(self) -> date:
        """The day whose statistics are measured: a full day in the middle."""
        return self.today - timedelta(days=max(1, self.days // 2))


class Stamps:
    """Datetimes as each backend stores them: aware objects for PostgreSQL; naive UTC
    text with microseconds for SQLite (as SQLAlchemy writes them)."""

    def __init__(self, sqlite: bool) -> None:
        self.sqlite = sqlite

    def __call__(self, moment: datetime | None) -> Any:
        if moment is None or not self.sqlite:
            return moment
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def flag(self, value: bool) -> Any:
        return int(value) if self.sqlite else value


class RowMaker:
    def __init__(self, cipher: FieldCipher, plan: Plan, sqlite: bool) -> None:
        self.cipher = cipher
        self.plan = plan
        self.stamp = Stamps(sqlite)
        # One valid hash shared by every row: lookups never verify it.
        self.password_hash = hash_secret("Bench2026Mot", DEFAULT)
        self.answer_hash = hash_answer("Jean Moulin", DEFAULT)
        self.first_day = plan.today - timedelta(days=plan.days)

    def _enc(self, table: str, column: str, row_id: str, value: str) -> bytes:
        return self.cipher.encrypt(value, table=table, column=column, row_id=row_id)

    def _moment(self, rng: random.Random, day_offset: int) -> datetime:
        day = self.first_day + timedelta(days=day_offset)
        local = datetime.combine(day, time(8, 30), PARIS)
        return local + timedelta(seconds=rng.randrange(9 * 3600))

    def account(self, index: int, rng: random.Random) -> tuple[Any, ...]:
        rid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        enc, hashed = self._enc, self.cipher.lookup_hash
        nir, email, phone = nir_of(index), email_of(index), phone_of(index)
        born = date(1940 + index % 60, 1 + index % 12, 1 + index % 28).isoformat()
        created = self._moment(rng, rng.randrange(self.plan.days))
        address = json.dumps(
            {
                "numero": str(1 + index % 200),
                "voie": "rue de la Paix",
                "code_postal": "69008",
                "commune": "69388",
            }
        )
        return (
            rid,
            hashed(nir, purpose=NIR),
            enc(ACCOUNTS, "nir_enc", rid, nir),
            "Madame" if index % 2 else "Monsieur",
            enc(ACCOUNTS, "nom_enc", rid, NAMES[index % len(NAMES)]),
            enc(ACCOUNTS, "prenom_enc", rid, FIRST_NAMES[index % len(FIRST_NAMES)]),
            enc(ACCOUNTS, "birth_date_enc", rid, born),
            enc(ACCOUNTS, "email_enc", rid, email),
            hashed(email, purpose=EMAIL),
            enc(ACCOUNTS, "phone_enc", rid, phone),
            hashed(phone, purpose=PHONE),
            enc(ACCOUNTS, "address_enc", rid, address),
            self.password_hash,
            "premiere-ecole",
            self.answer_hash,
            "active",
            self.stamp.flag(True),
            0,
            self.stamp(created),
            self.stamp(created + timedelta(minutes=5)),
            self.stamp.flag(False),
        )

    def session(self, index: int, rng: random.Random) -> tuple[Any, ...]:
        rid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        procedure, steps = self.plan.procedures[index % len(self.plan.procedures)]
        started = self._moment(rng, index * self.plan.days // self.plan.rows)
        roll = rng.random()
        if roll < 0.6:
            status, step, answers = "finished", steps[-1], {"resultat": "officiel"}
        elif roll < 0.9:
            status, step, answers = "wiped", rng.choice(steps), {}
        elif roll < 0.98:
            status, step, answers = "expired", rng.choice(steps), {"resultat": "officiel"}
        else:
            status, step, answers = "active", rng.choice(steps), {"resultat": "officiel"}
        finished = (
            None if status == "active" else started + timedelta(seconds=rng.randrange(300, 1800))
        )
        flags = [FLAGS[index % len(FLAGS)]] if rng.random() < 0.1 else []
        with_code = rng.random() < 0.05
        code_hash = (
            self.cipher.lookup_hash(f"R{index:09d}", purpose=RESUME_CODE) if with_code else None
        )
        subject = self.cipher.lookup_hash(nir_of(index), purpose=NIR) if index % 2 else None
        return (
            rid,
            procedure,
            step,
            f"borne-{1 + index % 8}",
            self.stamp(started),
            self.stamp(finished or started),
            self.stamp(finished),
            status,
            self._enc(SESSIONS, "answers_enc", rid, json.dumps(answers, sort_keys=True)),
            subject,
            code_hash,
            self.stamp(started + timedelta(days=30)) if with_code else None,
            0,
            steps[0],
            json.dumps(flags),
        )


def batches(
    maker: RowMaker, kind: str, start: int, stop: int, size: int, seed: int = 2026
) -> Iterator[list[tuple[Any, ...]]]:
    """Rows ``start``…``stop - 1`` of ``kind`` (``accounts`` or ``sessions``), ``size``
    at a time; the same rows (ids, times) for the same seed."""
    make = maker.account if kind == "accounts" else maker.session
    for first in range(start, stop, size):
        rng = random.Random(f"{seed}-{kind}-{first}")
        yield [make(index, rng) for index in range(first, min(stop, first + size))]
