"""Use cases: the one door the UI (and replays) go through.

A kiosk session is a journey through the engine plus its row in the store: the step
reached and the non-secret answers (encrypted at rest), updated once per action. The
organisms (simulated here) commit their own changes, as a remote service would; the
session row is the kiosk's own unit of work.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosque import rules
from kiosque.connectors.base import Clock
from kiosque.procedures import options as option_sources
from kiosque.procedures.engine import Engine, Outcome
from kiosque.procedures.journey import Journey
from kiosque.procedures.model import FaqEntry, Field, Option, Procedure, Step
from kiosque.rules.result import Check, RuleStatus
from kiosque.store.store import Store

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

    @property
    def procedure(self) -> str:
        return self.journey.procedure

    @property
    def step(self) -> str:
        return self.journey.step


class KioskService:
    def __init__(self, engine: Engine, store: Store, clock: Clock, *, terminal: str) -> None:
        self.engine = engine
        self.store = store
        self.clock = clock
        self.terminal = terminal

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
        """Close the session row and forget everything held in memory."""
        with self.store.unit() as repos:
            repos.sessions.finish(
                session.id,
                status="wiped" if wiped else "finished",
                now=self.clock.now(),
                trouble_flags=sorted(session.troubles),
            )
        session.journey.wipe()
        session.troubles.clear()

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
