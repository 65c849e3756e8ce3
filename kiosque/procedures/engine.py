"""The headless wizard: next / back / branches / named actions over the catalogue.

Electrum's navigation-map idea, typed: a step's actions name where they lead (by outcome
of a connector call), the engine keeps a history so *back* restores the exact earlier
answers, and no GUI is needed to drive a whole journey. Citizen mistakes come back as
structured messages (:class:`Outcome`), never as exceptions; only a caller's error (an
unknown procedure, step, field or action id) raises :class:`EngineError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from kiosque.connectors.base import FORM, Connectors
from kiosque.procedures.actions import CALLS, CallContext, CallResult
from kiosque.procedures.journey import Journey, Position
from kiosque.procedures.model import NEXT, Action, Catalogue, Field, Procedure, Step, Target
from kiosque.procedures.validators import FIELD_RULES, FieldContext, check_choice
from kiosque.rules.result import Check
from kiosque.texts import Message

BACK = "back"


class EngineError(ValueError):
    """The caller named something that does not exist (not a citizen's mistake)."""


@dataclass(frozen=True)
class Outcome:
    """What an action did."""

    procedure: str  # procedure of the step acted on
    step: str  # step acted on
    action: str
    accepted: bool
    errors: Mapping[str, tuple[Message, ...]] = field(default_factory=dict)
    hints: Mapping[str, tuple[Message, ...]] = field(default_factory=dict)
    next_procedure: str | None = None
    next_step: str | None = None  # None: the journey is finished
    documents: tuple[str, ...] = ()


def to_answer(value: object) -> str:
    """Answers are strings; replayed JSON may give booleans or numbers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


class Engine:
    """Drives journeys through the catalogue against the connectors."""

    def __init__(self, catalogue: Catalogue, connectors: Connectors) -> None:
        self.catalogue = catalogue
        self.connectors = connectors

    # -- reading -----------------------------------------------------------------------

    def today(self) -> date:
        return self.connectors.clock.now().date()

    def procedure_of(self, journey: Journey) -> Procedure:
        return self.catalogue.procedure(journey.procedure)

    def step_of(self, journey: Journey) -> Step:
        return self.procedure_of(journey).step(journey.step)

    def visible_fields(self, journey: Journey, step: Step | None = None) -> tuple[Field, ...]:
        step = step or self.step_of(journey)
        answers = journey.step_answers(journey.procedure, step.id)

        def shown(f: Field) -> bool:
            if f.when is None:
                return True
            value = answers.get(f.when.field)
            if value is None:  # the condition is on an earlier step's answer
                value = journey.lookup(f.when.field) or ""
            return value in f.when.values

        return tuple(f for f in step.fields if shown(f))

    def resolve_action(self, step: Step, action_id: str) -> Action | None:
        """The action an id names; ``next`` names the step's main action."""
        if action_id in step.actions:
            return step.actions[action_id]
        if action_id == NEXT:
            return step.main_action
        return None

    # -- starting ----------------------------------------------------------------------

    def start(self, procedure_id: str, journey: Journey | None = None) -> Journey:
        """A new journey (or the given one, moved) at the first step of a procedure."""
        if procedure_id not in self.catalogue.procedures:
            raise EngineError(f"unknown procedure {procedure_id!r}")
        proc = self.catalogue.procedure(procedure_id)
        if journey is None:
            journey = Journey(procedure_id, proc.first.id)
        else:
            journey.procedure, journey.step = procedure_id, proc.first.id
            journey.history.clear()
            journey.returns.clear()
            journey.finished = False
        self.enter_step(journey)
        return journey

    def enter_step(self, journey: Journey) -> CallResult | None:
        """Arrive at the journey's current step: mark it visited and run its entry call
        (a new security image, the mailbox…), as when the step is first shown. Also for
        a journey restored at a step (a resumed session)."""
        journey.mark_visited()
        step = self.step_of(journey)
        if step.enter is None:
            return None
        return self._call(step.enter, journey, step)

    # -- checking ----------------------------------------------------------------------

    def check_field(self, journey: Journey, field_id: str, value: str) -> Check[object]:
        """Check one field as the citizen types (nothing is stored)."""
        step = self.step_of(journey)
        if not step.has_field(field_id):
            raise EngineError(f"{journey.key}: no field {field_id!r}")
        answers = dict(journey.step_answers())
        answers[field_id] = value
        return self._check(journey, step, step.field(field_id), answers)

    def _check(
        self, journey: Journey, step: Step, fld: Field, answers: Mapping[str, str]
    ) -> Check[object]:
        value = answers.get(fld.id, "")
        if fld.kind == "checkbox" and fld.rule is None:
            return Check.good(value)
        if not value.strip() and fld.kind != "checkbox":
            if fld.required:
                return Check.bad(Message.of("demarches.champ_obligatoire", champ=fld.label))
            return Check.good("")
        if fld.options or (fld.kind in ("choice", "radio", "results") and fld.options_from):
            choice = check_choice(fld, value, journey, answers)
            if not choice.ok or fld.rule is None:
                return choice
        if fld.rule is None:
            return Check.good(value)
        ctx = FieldContext(
            field=fld, answers=answers, journey=journey, today=self.today(), step=step
        )
        return FIELD_RULES[fld.rule](value, ctx)

    def validate(
        self, journey: Journey, step: Step, field_ids: tuple[str, ...]
    ) -> tuple[dict[str, tuple[Message, ...]], dict[str, tuple[Message, ...]]]:
        answers = journey.step_answers(journey.procedure, step.id)
        visible = {f.id for f in self.visible_fields(journey, step)}
        errors: dict[str, tuple[Message, ...]] = {}
        hints: dict[str, tuple[Message, ...]] = {}
        for fld in step.fields:
            if fld.id not in field_ids or fld.id not in visible:
                continue
            result = self._check(journey, step, fld, answers)
            if result.errors:
                errors[fld.id] = result.errors
            if result.hints:
                hints[fld.id] = result.hints
        return errors, hints

    # -- acting ------------------------------------------------------------------------

    def act(
        self,
        journey: Journey,
        action_id: str = NEXT,
        answers: Mapping[str, object] | None = None,
    ) -> Outcome:
        """Record the step's answers, then run an action (``next`` by default)."""
        if journey.finished:
            raise EngineError("the journey is finished")
        step = self.step_of(journey)
        proc_id = journey.procedure
        if action_id == BACK:
            self._record(journey, step, answers or {})
            moved = self.back(journey)
            return Outcome(
                proc_id,
                step.id,
                action_id,
                moved,
                next_procedure=journey.procedure,
                next_step=journey.step,
            )
        action = self.resolve_action(step, action_id)
        if action is None and not (action_id == NEXT and step.is_last):
            raise EngineError(f"{journey.key}: no action {action_id!r}")
        self._record(journey, step, answers or {})

        def stay(
            errors: Mapping[str, tuple[Message, ...]] | None = None,
            hints: Mapping[str, tuple[Message, ...]] | None = None,
            documents: tuple[str, ...] = (),
        ) -> Outcome:
            return Outcome(
                proc_id,
                step.id,
                action_id,
                not errors,
                errors or {},
                hints or {},
                journey.procedure,
                journey.step,
                documents,
            )

        if action is None:  # "next" on a last step without a main action: done
            return self._finish(journey, proc_id, step, action_id)

        errors, hints = self.validate(journey, step, action.fields_to_validate(step))
        if errors:
            return stay(errors, hints)
        documents: tuple[str, ...] = ()
        outcome_name = "ok"
        if action.call is not None:
            result = self._call(action.call, journey, step)
            if result.errors:
                return stay(result.errors, hints)
            outcome_name = result.outcome
            documents = result.documents
        target = action.target(outcome_name)
        if target is None:
            if action.primary and not action.goto:  # main action of a last step
                done = self._finish(journey, proc_id, step, action_id)
                return replace(done, hints=hints, documents=documents)
            return stay(None, hints, documents)
        self._go(journey, target, action.return_to)
        return Outcome(
            proc_id,
            step.id,
            action_id,
            True,
            {},
            hints,
            journey.procedure,
            journey.step,
            documents,
        )

    def _record(self, journey: Journey, step: Step, answers: Mapping[str, object]) -> None:
        stored = journey.step_answers(journey.procedure, step.id)
        for field_id, value in answers.items():
            if not step.has_field(field_id):
                raise EngineError(f"{journey.key}: no field {field_id!r}")
            stored[field_id] = to_answer(value)
            if step.field(field_id).secret:
                journey.secret_fields.add((journey.key, field_id))

    def _call(self, name: str, journey: Journey, step: Step) -> CallResult:
        ctx = CallContext(
            journey=journey,
            step=step,
            connectors=self.connectors,
            catalogue=self.catalogue,
            today=self.today(),
            visible=tuple(f.id for f in self.visible_fields(journey, step)),
        )
        result = CALLS[name].fn(ctx)
        unknown = set(result.errors) - {f.id for f in step.fields} - {FORM}
        if unknown:  # a connector refused about a field this step does not show
            merged = dict(result.errors)
            extra = tuple(m for k in unknown for m in merged.pop(k))
            merged[FORM] = merged.get(FORM, ()) + extra
            result = CallResult(result.outcome, merged, result.documents)
        return result

    def _go(self, journey: Journey, target: Target, return_to: str | None) -> None:
        journey.history.append(Position(journey.procedure, journey.step, len(journey.returns)))
        if target.procedure is not None and target.procedure != journey.procedure:
            if target.procedure not in self.catalogue.procedures:
                raise EngineError(f"unknown procedure {target.procedure!r}")
            if return_to is not None:
                journey.returns.append((journey.procedure, return_to))
            journey.procedure = target.procedure
            journey.step = target.step or self.catalogue.procedure(target.procedure).first.id
        else:
            journey.step = target.step or self.procedure_of(journey).first.id
        self.enter_step(journey)

    def _finish(self, journey: Journey, proc_id: str, step: Step, action_id: str) -> Outcome:
        if journey.returns:  # a sub-procedure (FranceConnect) hands back to its caller
            procedure, step_id = journey.returns.pop()
            journey.history.append(Position(journey.procedure, journey.step, len(journey.returns)))
            journey.procedure, journey.step = procedure, step_id
            self.enter_step(journey)
            return Outcome(proc_id, step.id, action_id, True, {}, {}, procedure, step_id)
        journey.finished = True
        return Outcome(proc_id, step.id, action_id, True, {}, {}, None, None)

    def back(self, journey: Journey) -> bool:
        """Return to the previous step with its answers as they were; False at the start."""
        if not journey.history:
            return False
        pos = journey.history.pop()
        journey.procedure, journey.step = pos.procedure, pos.step
        del journey.returns[pos.returns_depth :]
        journey.mark_visited()
        return True
