"""The mutable state of one citizen's way through the catalogue (no Qt, no store).

A :class:`Journey` holds where the citizen is, the history for *back*, the answers given
at each step (secrets included, in memory only) and what the organisms answered (the
``state``: logged-in account, challenge shown, mailbox…). :meth:`public_answers` is what
may be written to disk; :meth:`wipe` forgets everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def step_key(procedure_id: str, step_id: str) -> str:
    return f"{procedure_id}/{step_id}"


@dataclass(frozen=True)
class Position:
    procedure: str
    step: str
    returns_depth: int  # length of the return stack when this position was left


@dataclass
class Journey:
    procedure: str
    step: str
    history: list[Position] = field(default_factory=list)
    returns: list[tuple[str, str]] = field(default_factory=list)  # (procedure, step) to resume
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    secret_fields: set[tuple[str, str]] = field(default_factory=set)  # (step key, field id)
    visited: list[str] = field(default_factory=list)  # step keys, most recent last
    state: dict[str, Any] = field(default_factory=dict)
    finished: bool = False

    @property
    def key(self) -> str:
        return step_key(self.procedure, self.step)

    def step_answers(self, procedure: str | None = None, step: str | None = None) -> dict[str, str]:
        key = step_key(procedure or self.procedure, step or self.step)
        return self.answers.setdefault(key, {})

    def lookup(self, field_id: str) -> str | None:
        """The most recent answer to ``field_id``: this step first, then steps visited."""
        current = self.answers.get(self.key, {})
        if field_id in current:
            return current[field_id]
        for key in reversed(self.visited):
            value = self.answers.get(key, {}).get(field_id)
            if value is not None:
                return value
        return None

    def lookup_in(self, step_id: str, field_id: str) -> str | None:
        """The answer given to ``field_id`` at ``step_id`` of the current procedure."""
        return self.answers.get(step_key(self.procedure, step_id), {}).get(field_id)

    def mark_visited(self) -> None:
        if self.key in self.visited:
            self.visited.remove(self.key)
        self.visited.append(self.key)

    def public_answers(self) -> dict[str, dict[str, str]]:
        """Answers without any secret (password, secret answer, codes): safe to store."""
        out: dict[str, dict[str, str]] = {}
        for key, values in self.answers.items():
            kept = {f: v for f, v in values.items() if (key, f) not in self.secret_fields}
            if kept:
                out[key] = kept
        return out

    def wipe(self) -> None:
        """Forget every answer and everything the organisms answered."""
        for values in self.answers.values():
            values.clear()
        self.answers.clear()
        self.secret_fields.clear()
        self.state.clear()
        self.history.clear()
        self.returns.clear()
        self.visited.clear()
        self.finished = True
