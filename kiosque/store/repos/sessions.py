"""The kiosk's own data: citizens' sessions (with their resume code) and receipts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, extract, func, select, tuple_, type_coerce, update

from kiosque.store.models import KioskSession, Receipt, new_id
from kiosque.store.repos._base import (
    EMAIL,
    NIR,
    RESUME_CODE,
    Json,
    NotFound,
    Repository,
    refuse_personal,
)

# Answer fields that name the person (SPEC §8 field ids): they index the session for
# erasure by NIR. "identifiant" (CAF) is the NIR or a provisional identifier.
_NIR_FIELDS = frozenset({"nir", "identifiant"})
_EMAIL_FIELDS = frozenset({"email"})
# Never stored, whoever passes them (the caller's duty, checked here once more).
SECRET_FIELDS = frozenset(
    {
        "mot_de_passe",
        "mot_de_passe_confirmation",
        "reponse_secrete",
        "code",
        "code_securite",
    }
)


@dataclass(frozen=True)
class SessionRecord:
    id: str
    procedure: str
    step: str
    terminal: str
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    status: str
    answers: Json = field(repr=False)
    resume_expires_at: datetime | None
    resume_failures: int
    last_step: str | None
    trouble_flags: tuple[str, ...]


@dataclass(frozen=True)
class SessionGroupRecord:
    """How many sessions share a procedure, a step reached, a status and trouble flags
    (see kiosque.figures)."""

    procedure: str
    step: str
    status: str
    trouble_flags: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class SessionFactsRecord:
    """What statistics may know of a session: no answers, no hash (see kiosque.figures)."""

    procedure: str
    step: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    trouble_flags: tuple[str, ...]


@dataclass(frozen=True)
class ReceiptRecord:
    id: str
    session_id: str
    issued_at: datetime
    terminal: str
    procedure: str
    content: Json = field(repr=False)


class KioskSessions(Repository):
    table = KioskSession.__tablename__

    def create(
        self,
        *,
        procedure: str,
        step: str,
        terminal: str,
        now: datetime,
        answers: Mapping[str, Any] | None = None,
    ) -> SessionRecord:
        rid = new_id()
        row = KioskSession(
            id=rid,
            procedure=procedure,
            step=step,
            terminal=terminal,
            started_at=now,
            updated_at=now,
            status="active",
            resume_failures=0,
        )
        self._set_answers(row, answers or {})
        self._insert(row)
        return self._record(row)

    def get(self, session_id: str) -> SessionRecord | None:
        row = self._row(session_id)
        return None if row is None else self._record(row)

    def update(
        self,
        session_id: str,
        *,
        step: str,
        answers: Mapping[str, Any],
        now: datetime,
        procedure: str | None = None,
    ) -> None:
        """The step reached and the answers so far (secret fields are dropped)."""
        row = self._existing(session_id)
        if procedure is not None:
            row.procedure = procedure
        row.last_step = row.step
        row.step = step
        row.updated_at = now
        self._set_answers(row, answers)
        self.session.flush()

    def set_resume_code(self, session_id: str, code: str, expires_at: datetime) -> None:
        row = self._existing(session_id)
        row.resume_code_hash = self._hash(code, RESUME_CODE)
        row.resume_expires_at = expires_at
        row.resume_failures = 0
        self.session.flush()

    def find_by_resume_code(self, code: str) -> SessionRecord | None:
        """The session of that code, expired or not (the caller compares the dates)."""
        row = self.session.scalars(
            select(KioskSession)
            .where(KioskSession.resume_code_hash == self._hash(code, RESUME_CODE))
            .execution_options(populate_existing=True)
        ).one_or_none()
        return None if row is None else self._record(row)

    def register_resume_failure(self, session_id: str) -> int:
        """Atomically count a failed resume attempt against the session; returns it."""
        row = self.session.execute(
            update(KioskSession)
            .where(KioskSession.id == session_id)
            .values(resume_failures=KioskSession.resume_failures + 1)
            .returning(KioskSession.resume_failures)
            .execution_options(synchronize_session="fetch")
        ).one_or_none()
        if row is None:
            raise NotFound(session_id)
        return int(row[0])

    def clear_resume_code(self, session_id: str) -> None:
        row = self._existing(session_id)
        row.resume_code_hash = None
        row.resume_expires_at = None
        self.session.flush()

    def finish(
        self,
        session_id: str,
        *,
        status: str,
        now: datetime,
        trouble_flags: Iterable[str] = (),
    ) -> None:
        """``finished``, ``wiped`` or ``expired``. Flags are non-personal ids (e.g.
        ``compte-bloque``) kept for statistics after the answers are gone."""
        flags = sorted(set(trouble_flags))
        text = json.dumps(flags)
        refuse_personal(text, "trouble_flags")
        row = self._existing(session_id)
        row.status = status
        row.finished_at = now
        row.updated_at = now
        row.trouble_flags = text
        if status == "wiped":
            row.answers_enc = self._enc_json({}, "answers_enc", row.id)
        self.session.flush()

    def list_between(
        self, start: datetime, end: datetime, *, terminal: str | None = None
    ) -> list[SessionRecord]:
        """Sessions started in [start, end) — a day's figures with the day's bounds."""
        query = select(KioskSession).where(
            KioskSession.started_at >= start, KioskSession.started_at < end
        )
        if terminal is not None:
            query = query.where(KioskSession.terminal == terminal)
        rows = self.session.scalars(query.order_by(KioskSession.started_at))
        return [self._record(r) for r in rows]

    def facts_between(
        self, start: datetime, end: datetime, *, terminal: str | None = None
    ) -> list[SessionFactsRecord]:
        """The non-personal columns of the sessions started in [start, end), for the
        statistics: no whole session is loaded, no answer decrypted (``list_between``
        does both, ten times slower on a day of 11,000 sessions). The timestamps are
        read as the driver gives them (text on SQLite, parsed here at C speed)."""
        query = select(
            KioskSession.procedure,
            KioskSession.step,
            KioskSession.status,
            type_coerce(KioskSession.started_at, String),
            type_coerce(KioskSession.finished_at, String),
            KioskSession.trouble_flags,
        ).where(KioskSession.started_at >= start, KioskSession.started_at < end)
        if terminal is not None:
            query = query.where(KioskSession.terminal == terminal)
        flags: dict[str | None, tuple[str, ...]] = {}  # a handful of distinct values

        def parsed(text: str | None) -> tuple[str, ...]:
            if text not in flags:
                flags[text] = tuple(json.loads(text)) if text else ()
            return flags[text]

        # all rows at once: iterating a result fetches them one by one (a third slower)
        rows = self.session.connection().execute(query.order_by(KioskSession.started_at)).all()
        return [
            SessionFactsRecord(
                procedure, step, status, _utc(started), _utc_opt(finished), parsed(trouble)
            )
            for procedure, step, status, started, finished, trouble in rows
        ]

    def groups_between(
        self, start: datetime, end: datetime, *, terminal: str | None = None
    ) -> list[SessionGroupRecord]:
        """The sessions started in [start, end), counted by procedure, step reached,
        status and trouble flags: a day of 11,000 sessions is a few dozen rows."""
        count = func.count().label("n")
        columns = (
            KioskSession.procedure,
            KioskSession.step,
            KioskSession.status,
            KioskSession.trouble_flags,
        )
        query = (
            select(*columns, count)
            .where(*self._started_in(start, end, terminal))
            .group_by(*columns)
        )
        return [
            SessionGroupRecord(
                procedure, step, status, tuple(json.loads(flags)) if flags else (), int(n)
            )
            for procedure, step, status, flags, n in self.session.execute(query).all()
        ]

    def minutes_between(
        self,
        start: datetime,
        end: datetime,
        *,
        status: str,
        on: Iterable[tuple[str, str]],
        terminal: str | None = None,
    ) -> list[tuple[str, float]]:
        """(procedure, minutes from start to finish) of the sessions started in
        [start, end) that ended with ``status`` on one of the (procedure, step) ``on``,
        computed by the database (no timestamp read one by one)."""
        pairs = sorted(on)
        if not pairs:
            return []
        finished, started = KioskSession.finished_at, KioskSession.started_at
        minutes: Any
        if self.session.get_bind().dialect.name == "sqlite":
            minutes = (func.julianday(finished) - func.julianday(started)) * 1440.0
        else:
            minutes = extract("epoch", finished - started) / 60.0
        query = select(KioskSession.procedure, minutes).where(
            *self._started_in(start, end, terminal),
            KioskSession.status == status,
            finished.is_not(None),
            tuple_(KioskSession.procedure, KioskSession.step).in_(pairs),
        )
        return [(procedure, float(value)) for procedure, value in self.session.execute(query)]

    @staticmethod
    def _started_in(start: datetime, end: datetime, terminal: str | None) -> list[Any]:
        where = [KioskSession.started_at >= start, KioskSession.started_at < end]
        if terminal is not None:
            where.append(KioskSession.terminal == terminal)
        return where

    def _set_answers(self, row: KioskSession, answers: Mapping[str, Any]) -> None:
        kept = _without_secrets(answers)
        row.answers_enc = self._enc_json(kept, "answers_enc", row.id)
        nir = _first(kept, _NIR_FIELDS)
        if nir is not None:
            row.subject_hash = self._hash(nir, NIR)
        email = _first(kept, _EMAIL_FIELDS)
        if email is not None:
            row.email_hash = self._hash(email, EMAIL)

    def _row(self, session_id: str) -> KioskSession | None:
        return self.session.get(KioskSession, session_id, populate_existing=True)

    def _existing(self, session_id: str) -> KioskSession:
        row = self._row(session_id)
        if row is None:
            raise NotFound(session_id)
        return row

    def _record(self, row: KioskSession) -> SessionRecord:
        return SessionRecord(
            id=row.id,
            procedure=row.procedure,
            step=row.step,
            terminal=row.terminal,
            started_at=row.started_at,
            updated_at=row.updated_at,
            finished_at=row.finished_at,
            status=row.status,
            answers={}
            if row.answers_enc is None
            else self._dec_json(row.answers_enc, "answers_enc", row.id),
            resume_expires_at=row.resume_expires_at,
            resume_failures=row.resume_failures,
            last_step=row.last_step,
            trouble_flags=tuple(json.loads(row.trouble_flags)) if row.trouble_flags else (),
        )


def _utc(value: datetime | str) -> datetime:
    """A stored timestamp as an aware UTC datetime: SQLite gives naive UTC text
    (``2026-03-02 08:00:00.000000``), PostgreSQL an aware datetime."""
    if isinstance(value, str):
        return datetime.fromisoformat(value + "+00:00")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _utc_opt(value: datetime | str | None) -> datetime | None:
    return None if value is None else _utc(value)


def _without_secrets(answers: Mapping[str, Any]) -> Json:
    kept: Json = {}
    for key, value in answers.items():
        if key in SECRET_FIELDS:
            continue
        kept[key] = _without_secrets(value) if isinstance(value, Mapping) else value
    return kept


def _first(answers: Mapping[str, Any], keys: frozenset[str]) -> str | None:
    """The first non-empty value of one of ``keys``, looking into nested steps too."""
    for key, value in answers.items():
        if key in keys and isinstance(value, str) and value.strip():
            return value
        if isinstance(value, Mapping):
            found = _first(value, keys)
            if found is not None:
                return found
    return None


class Receipts(Repository):
    table = Receipt.__tablename__

    def add(
        self,
        session_id: str,
        *,
        issued_at: datetime,
        terminal: str,
        procedure: str,
        content: Mapping[str, Any],
    ) -> ReceiptRecord:
        rid = new_id()
        row = Receipt(
            id=rid,
            session_id=session_id,
            issued_at=issued_at,
            terminal=terminal,
            procedure=procedure,
            content_enc=self._enc_json(dict(content), "content_enc", rid),
        )
        self._insert(row)
        return self._record(row)

    def get(self, receipt_id: str) -> ReceiptRecord | None:
        row = self.session.get(Receipt, receipt_id)
        return None if row is None else self._record(row)

    def list_for_session(self, session_id: str) -> list[ReceiptRecord]:
        rows = self.session.scalars(
            select(Receipt).where(Receipt.session_id == session_id).order_by(Receipt.issued_at)
        )
        return [self._record(r) for r in rows]

    def list_between(self, start: datetime, end: datetime) -> list[ReceiptRecord]:
        rows = self.session.scalars(
            select(Receipt)
            .where(Receipt.issued_at >= start, Receipt.issued_at < end)
            .order_by(Receipt.issued_at)
        )
        return [self._record(r) for r in rows]

    def _record(self, row: Receipt) -> ReceiptRecord:
        return ReceiptRecord(
            id=row.id,
            session_id=row.session_id,
            issued_at=row.issued_at,
            terminal=row.terminal,
            procedure=row.procedure,
            content=self._dec_json(row.content_enc, "content_enc", row.id),
        )
