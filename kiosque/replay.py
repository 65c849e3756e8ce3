"""``kiosque replay``: play a recorded journey headless (SPEC §8).

The journey file is checked whole against the catalogue before anything touches the
store, so a malformed file is one message and exit status 2 and the store is untouched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from kiosque.clock import ManualClock
from kiosque.procedures.actions import CHALLENGE, INBOX
from kiosque.procedures.engine import BACK, EngineError
from kiosque.procedures.model import NEXT, Catalogue
from kiosque.services import KioskService, KioskSession

SHOWN = "@affiche"  # what the security image shows
RECEIVED = "@recu"  # the code the simulated SMS or e-mail shows

_DURATION = re.compile(
    r"^P(?!$)(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


class JourneyError(ValueError):
    """The journey file is malformed; the message says where."""


@dataclass(frozen=True)
class StartAction:
    procedure: str


@dataclass(frozen=True)
class StepAction:
    step: str
    answers: Mapping[str, Any]
    action: str


@dataclass(frozen=True)
class WaitAction:
    delta: timedelta


Action = StartAction | StepAction | WaitAction


@dataclass(frozen=True)
class Journey:
    start: datetime
    actions: tuple[Action, ...]


def parse_duration(text: str) -> timedelta:
    """ISO 8601 duration in weeks, days, hours, minutes, seconds (``P16D``, ``PT6M``)."""
    match = _DURATION.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"{text!r} is not an ISO 8601 duration such as P16D or PT10M")
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    return timedelta(**parts)


def _where(index: int) -> str:
    return f"actions[{index}]"


def parse_journey(text: str, catalogue: Catalogue) -> Journey:
    """Check the whole file against the catalogue; raise :class:`JourneyError`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JourneyError(f"not valid JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(data, dict) or set(data) - {"start", "actions"}:
        raise JourneyError('a journey is {"start": ..., "actions": [...]}')
    try:
        start = datetime.fromisoformat(str(data.get("start")))
    except ValueError:
        raise JourneyError(f"start: {data.get('start')!r} is not an ISO 8601 datetime") from None
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    raw_actions = data.get("actions")
    if not isinstance(raw_actions, list):
        raise JourneyError("actions: a list is expected")
    steps: dict[str, list[Any]] = {}
    for proc in catalogue.procedures.values():
        for step in proc.steps:
            steps.setdefault(step.id, []).append(step)
    actions: list[Action] = []
    started = False
    for i, raw in enumerate(raw_actions):
        where = _where(i)
        if not isinstance(raw, dict):
            raise JourneyError(f"{where}: an object is expected")
        if "procedure" in raw:
            if set(raw) != {"procedure"}:
                raise JourneyError(f"{where}: a start names only the procedure")
            if raw["procedure"] not in catalogue.procedures:
                raise JourneyError(f"{where}: unknown procedure {raw['procedure']!r}")
            actions.append(StartAction(raw["procedure"]))
            started = True
        elif "wait" in raw:
            if set(raw) != {"wait"}:
                raise JourneyError(f"{where}: a wait names only its duration")
            try:
                actions.append(WaitAction(parse_duration(raw["wait"])))
            except ValueError as exc:
                raise JourneyError(f"{where}: wait: {exc}") from None
        elif "step" in raw:
            actions.append(_step_action(where, raw, steps, started))
        else:
            raise JourneyError(f"{where}: expected procedure, step or wait")
    return Journey(start, tuple(actions))


def _step_action(
    where: str, raw: dict[str, Any], steps: dict[str, list[Any]], started: bool
) -> StepAction:
    if set(raw) - {"step", "answers", "action"}:
        extra = sorted(set(raw) - {"step", "answers", "action"})
        raise JourneyError(f"{where}: unknown key(s) {extra}")
    if not started:
        raise JourneyError(f"{where}: no procedure started before this step")
    step_id = raw["step"]
    if not isinstance(step_id, str) or step_id not in steps:
        raise JourneyError(f"{where}: unknown step {step_id!r}")
    answers = raw.get("answers", {})
    if not isinstance(answers, dict):
        raise JourneyError(f"{where}: answers: an object is expected")
    known_fields = {f.id for s in steps[step_id] for f in s.fields}
    for field_id, value in answers.items():
        if field_id not in known_fields:
            raise JourneyError(f"{where}: step {step_id!r} has no field {field_id!r}")
        if not isinstance(value, (str, bool, int, float)) or value is None:
            raise JourneyError(f"{where}: answers.{field_id}: text, number or true/false")
    action = raw.get("action", NEXT)
    known_actions = {a for s in steps[step_id] for a in s.actions} | {NEXT, BACK}
    if not isinstance(action, str) or action not in known_actions:
        raise JourneyError(f"{where}: step {step_id!r} has no action {action!r}")
    return StepAction(step_id, answers, action)


def _substitute(session: KioskSession, answers: Mapping[str, Any]) -> dict[str, Any]:
    """``@affiche`` and ``@recu``: what a person reads on screen."""
    out = dict(answers)
    state = session.journey.state
    if out.get("code_securite") == SHOWN and state.get(CHALLENGE) is not None:
        out["code_securite"] = state[CHALLENGE].text
    if out.get("code") == RECEIVED:
        inbox = state.get(INBOX) or ()
        codes = [m.code for m in inbox if getattr(m, "code", "")]
        out["code"] = codes[0] if codes else ""
    return out


def _line(
    procedure: str | None,
    step: str | None,
    action: str,
    accepted: bool,
    errors: Mapping[str, Any] | None = None,
    next_step: str | None = None,
    documents: tuple[str, ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    line = {
        "procedure": procedure,
        "step": step,
        "action": action,
        "accepted": accepted,
        "errors": {k: [m.text() for m in v] for k, v in (errors or {}).items()},
        "next": next_step,
        "documents": list(documents),
    }
    line.update(extra)
    return line


def play(journey: Journey, service: KioskService, clock: ManualClock) -> Iterator[dict[str, Any]]:
    """Play each action; yield the SPEC §8 line for it."""
    clock.set(journey.start)
    session: KioskSession | None = None
    for index, action in enumerate(journey.actions):
        if isinstance(action, StartAction):
            if session is not None and not session.journey.finished:
                service.end(session, wiped=False)
            session = service.start(action.procedure)
            yield _line(action.procedure, None, "start", True, next_step=session.step)
        elif isinstance(action, WaitAction):
            clock.advance(action.delta)
            current = session.step if session else None
            yield _line(
                session.procedure if session else None, current, "wait", True, None, current
            )
        else:
            assert session is not None
            if session.journey.finished or session.step != action.step:
                where = session.step if not session.journey.finished else "(fin)"
                raise JourneyError(
                    f"{_where(index)}: the journey is at step {where!r}, not {action.step!r}"
                )
            try:
                out = service.act(session, action.action, _substitute(session, action.answers))
            except EngineError as exc:
                raise JourneyError(f"{_where(index)}: {exc}") from None
            extra: dict[str, Any] = {}
            if out.hints:
                extra["hints"] = {k: [m.text() for m in v] for k, v in out.hints.items()}
            if out.next_procedure not in (None, out.procedure):
                extra["next_procedure"] = out.next_procedure
            yield _line(
                out.procedure,
                out.step,
                out.action,
                out.accepted,
                out.errors,
                out.next_step,
                out.documents,
                **extra,
            )
    if session is not None and not session.journey.finished:
        service.end(session, wiped=False)


def read_journey(path: Path, catalogue: Catalogue) -> Journey:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise JourneyError(f"cannot read the file: {exc}") from None
    return parse_journey(text, catalogue)


def write_lines(lines: Iterator[dict[str, Any]], out: TextIO) -> None:
    for line in lines:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
