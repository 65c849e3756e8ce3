"""Use cases: the one door the UI (and replays) go through.

A kiosk session is a journey through the engine plus its row in the store: the step
reached and the non-secret answers (encrypted at rest), updated once per action. The
organisms (simulated here) commit their own changes, as a remote service would; the
session row is the kiosk's own unit of work.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosque import paper, rules
from kiosque.connectors.base import Clock
from kiosque.documents.fmt import date_short
from kiosque.paper import ResumeGuard, ResumeRefusal, ResumeTicket
from kiosque.procedures import options as option_sources
from kiosque.procedures.engine import Engine, Outcome
from kiosque.procedures.journey import Journey
from kiosque.procedures.model import FaqEntry, Field, Option, Procedure, Step
from kiosque.rules.result import Check, RuleStatus
from kiosque.settings import Settings

if TYPE_CHECKING:  # SQLAlchemy is loaded after the first paint, not with the window
    from kiosque.store.store import Store
from kiosque.texts import Message

log = logging.getLogger(__name__)

# Steps that mean the citizen met a trouble of the FAQ (kept for statistics, no personal data).
TROUBLE_STEPS = frozenset(
    {
        "compte-bloque",
        "lien-expire",
        "assistance-telephone",
        "mot-de-passe-oublie",
        "question-secrete",
        "nouveau-mot-de-passe",
        "modifier-email",
        "code-recu",
    }
)


@dataclass(frozen=True)
class StepView:
    """Everything a page shows for the current step; the UI decides nothing else."""

    procedure: Procedure
    step: Step
    fields: tuple[Field, ...]  # the fields shown (some depend on earlier answers)
    answers: Mapping[str, str]
    state: Mapping[str, Any]  # what the organisms answered: image, mailbox, RIS status…
    options: Mapping[str, tuple[Option, ...]]
    faq: tuple[FaqEntry, ...]
    breadcrumb: tuple[tuple[str, bool], ...]  # (label, is current)
    can_go_back: bool
    simulated: bool

    @property
    def is_last(self) -> bool:
        return self.step.is_last


@dataclass
class KioskSession:
    """A citizen's session: the journey in memory and the id of its row in the store."""

    id: str
    journey: Journey
    troubles: set[str] = field(default_factory=set)
    ticket: ResumeTicket | None = None  # the resume code given during this visit

    @property
    def procedure(self) -> str:
        return self.journey.procedure

    @property
    def step(self) -> str:
        return self.journey.step


class KioskService:
    def __init__(
        self,
        engine: Engine,
        store: Store,
        clock: Clock,
        *,
        terminal: str,
        settings: Settings | None = None,
    ) -> None:
        self.engine = engine
        self.store = store
        self.clock = clock
        self.terminal = terminal
        # site name and resume-code limits (the defaults when none are given)
        self.settings = settings or Settings(terminal_id=terminal)
        self.resume_guard = ResumeGuard()

    def start(self, procedure_id: str) -> KioskSession:
        journey = self.engine.start(procedure_id)
        with self.store.unit() as repos:
            record = repos.sessions.create(
                procedure=journey.procedure,
                step=journey.step,
                terminal=self.terminal,
                now=self.clock.now(),
                answers={},
            )
        log.info("session %s started: %s", record.id, procedure_id)
        return KioskSession(record.id, journey)

    def check_field(self, session: KioskSession, field_id: str, value: str) -> Check[object]:
        return self.engine.check_field(session.journey, field_id, value)

    def view(self, session: KioskSession) -> StepView:
        journey = session.journey
        procedure = self.engine.procedure_of(journey)
        step = self.engine.step_of(journey)
        answers = dict(journey.step_answers())
        fields = self.engine.visible_fields(journey, step)
        faq = tuple(
            self.engine.catalogue.faq[f] for f in step.faq if f in self.engine.catalogue.faq
        )
        return StepView(
            procedure=procedure,
            step=step,
            fields=fields,
            answers=answers,
            state=dict(journey.state),
            options={f.id: self.options_for(f, answers) for f in fields},
            faq=faq,
            breadcrumb=tuple((label, label == step.progress) for label in procedure.progress),
            can_go_back=bool(journey.history),
            simulated=self.engine.connectors.simulated,
        )

    def options_for(self, fld: Field, answers: Mapping[str, str]) -> tuple[Option, ...]:
        """The options of a choice field, given the step's other answers."""
        if fld.options:
            return fld.options
        if fld.options_from == "communes":
            return option_sources.commune_options(answers.get("code_postal", "").strip())
        if fld.options_from in option_sources.STATIC_SOURCES:
            return option_sources.STATIC_SOURCES[fld.options_from]()
        return ()

    def password_rules(self, session: KioskSession, password: str) -> tuple[RuleStatus, ...]:
        """The password rules of the real site, ticked for what is typed (live)."""
        journey = session.journey
        birth = rules.check_birth_date(
            journey.lookup("date_naissance") or "", today=self.clock.now().date()
        ).value
        return rules.password_rules(
            password,
            nom=journey.lookup("nom_naissance") or "",
            prenom=journey.lookup("prenom") or "",
            date_naissance=birth,
            nir=rules.normalize_nir(journey.lookup("nir") or "")[:13],
        )

    def act(
        self, session: KioskSession, action: str = "next", answers: dict[str, object] | None = None
    ) -> Outcome:
        outcome = self.engine.act(session.journey, action, answers or {})
        if outcome.next_step in TROUBLE_STEPS:
            session.troubles.add(outcome.next_step)
        self._save(session, finished=outcome.next_step is None)
        log.info(
            "session %s: %s/%s %s -> %s (%s)",
            session.id,
            outcome.procedure,
            outcome.step,
            outcome.action,
            outcome.next_step,
            "accepted" if outcome.accepted else f"refused: {sorted(outcome.errors)}",
        )
        return outcome

    def back(self, session: KioskSession) -> bool:
        moved = self.engine.back(session.journey)
        if moved:
            self._save(session, finished=False)
        return moved

    def end(self, session: KioskSession, *, wiped: bool) -> None:
        """Close the session row and forget everything held in memory.

        A session whose citizen took a resume code that still works is not closed: its
        row (step and public answers, encrypted) waits for the code until the code
        expires, then for the retention purge. Only the terminal's memory is wiped."""
        ticket = session.ticket
        if ticket is not None and self.clock.now() <= ticket.expires_at and wiped:
            session.journey.wipe()
            session.troubles.clear()
            session.ticket = None
            return
        with self.store.unit() as repos:
            repos.sessions.finish(
                session.id,
                status="wiped" if wiped else "finished",
                now=self.clock.now(),
                trouble_flags=sorted(session.troubles),
            )
        session.journey.wipe()
        session.troubles.clear()
        session.ticket = None

    # -- paper and resuming ----------------------------------------------------------------

    def resume_code(self, session: KioskSession) -> ResumeTicket:
        """The session's resume code (a new one is stored, as a keyed hash, the first
        time in a visit) and the QR content for the step it has reached."""
        now = self.clock.now()
        ticket = session.ticket
        if ticket is None or ticket.expires_at < now:
            code = paper.new_resume_code()
            expires_at, valid_until = paper.resume_expiry(now, self.settings.resume_code_days)
            # A clash of two random 42-bit codes would fail the unique index here and
            # the citizen would simply ask again; with 10 000 live codes it is 1 in 10^8.
            with self.store.unit() as repos:
                repos.sessions.set_resume_code(session.id, code, expires_at)
            ticket = ResumeTicket(code, "", expires_at, valid_until)
        url = paper.next_official_url(self.engine.catalogue, session.journey)
        session.ticket = replace(ticket, qr_text=paper.qr_content(url, ticket.code))
        return session.ticket

    def issue_receipt(self, session: KioskSession, folder: Path) -> Path:
        """Commit the receipt (and the resume code) to the store, then write the PDF in
        ``folder`` (the session's folder, wiped with it). Returns the PDF's path."""
        ticket = self.resume_code(session)
        now = self.clock.now()
        data = paper.receipt_data(
            self.engine.catalogue,
            session.journey,
            ticket,
            site_name=self.settings.site_name,
            terminal_id=self.terminal,
            issued_at=now,
            practice=self.engine.connectors.simulated,
            mailbox=self._activation_mail(session.journey),
        )
        with self.store.unit() as repos:
            record = repos.receipts.add(
                session.id,
                issued_at=now,
                terminal=self.terminal,
                procedure=session.journey.procedure,
                content=paper.receipt_record(data),
            )
        from kiosque.documents.receipt import render_receipt  # reportlab: loaded on demand

        path = render_receipt(data, Path(folder) / f"recu-{record.id}.pdf")
        log.info("session %s: receipt %s issued", session.id, record.id)
        return path

    def _activation_mail(self, journey: Journey) -> tuple[object, ...]:
        """After a resume, the activation link's date is no longer in memory: ask the
        organism for the e-mails, as the mailbox step does."""
        if (
            journey.procedure != "retraite-creer-espace"
            or journey.step not in paper.ACTIVATION_PENDING
            or journey.state
        ):
            return ()
        email = rules.check_email(journey.lookup_in("contact", "email") or "").value
        return tuple(self.engine.connectors.retraite.mailbox(email)) if email else ()

    def resume(self, code: str) -> KioskSession | ResumeRefusal:
        """The session of a typed or scanned resume code, at the step where it stopped
        (see :data:`kiosque.paper.RESUME_INSTEAD`), with its public answers; or why not.
        The guard against guessing is described in :mod:`kiosque.paper`."""
        now = self.clock.now()
        wait = self.resume_guard.wait_left(now)
        if wait:
            minutes = max(1, -(-int(wait.total_seconds()) // 60))
            log.warning("resume refused: terminal braked for %s min", minutes)
            return ResumeRefusal("wait", Message.of("papier.reprise.attendre", minutes=minutes))
        compact = paper.read_typed_code(code)
        if compact is None:
            return ResumeRefusal("format", Message.of("papier.reprise.format"))
        if not paper.check_ok(compact):
            self._charge_near_misses(compact, now)
            return ResumeRefusal("typo", Message.of("papier.reprise.mal_recopie"))
        with self.store.unit() as repos:
            record = repos.sessions.find_by_resume_code(compact)
        if record is None:
            self.resume_guard.failed(now)
            log.warning("resume refused: unknown code")
            return ResumeRefusal("unknown", Message.of("papier.reprise.inconnu"))
        if record.resume_failures >= self.settings.resume_code_max_failures:
            log.warning("resume refused: session %s locked", record.id)
            return ResumeRefusal("locked", Message.of("papier.reprise.bloque"))
        if record.resume_expires_at is None or now > record.resume_expires_at:
            last = paper.resume_expiry(record.resume_expires_at or now, 0)[1]
            log.info("resume refused: session %s expired", record.id)
            return ResumeRefusal(
                "expired", Message.of("papier.reprise.expire", date=date_short(last))
            )
        if record.procedure not in self.engine.catalogue.procedures:  # withdrawn since
            return ResumeRefusal("unknown", Message.of("papier.reprise.inconnu"))
        journey = paper.restore_journey(
            self.engine.catalogue, record.procedure, record.step, record.answers
        )
        # The step's entry call (a new security image, the mailbox…) as when first shown.
        self.engine.enter_step(journey)
        expires_at = record.resume_expires_at
        session = KioskSession(
            record.id,
            journey,
            ticket=ResumeTicket(compact, "", expires_at, paper.resume_expiry(expires_at, 0)[1]),
        )
        self._save(session, finished=False)
        log.info("session %s resumed at %s/%s", record.id, journey.procedure, journey.step)
        return session

    def _charge_near_misses(self, typed: str, now: datetime) -> None:
        """A typo: charge a failure to the live codes it was probably meant to be."""
        limit = self.settings.resume_code_max_failures
        with self.store.unit() as repos:
            for candidate in paper.near_misses(typed):
                record = repos.sessions.find_by_resume_code(candidate)
                if record is None or record.resume_expires_at is None:
                    continue
                if now <= record.resume_expires_at and record.resume_failures < limit:
                    failures = repos.sessions.register_resume_failure(record.id)
                    log.warning("resume code of session %s mistyped (%s)", record.id, failures)

    def _save(self, session: KioskSession, *, finished: bool) -> None:
        journey = session.journey
        with self.store.unit() as repos:
            repos.sessions.update(
                session.id,
                procedure=journey.procedure,
                step=journey.step,
                answers=journey.public_answers(),
                now=self.clock.now(),
            )
            if finished:
                repos.sessions.finish(
                    session.id,
                    status="finished",
                    now=self.clock.now(),
                    trouble_flags=sorted(session.troubles),
                )
