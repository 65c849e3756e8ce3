"""Typed, immutable model of the catalogue: procedures, steps, fields and actions.

Built by :mod:`kiosque.procedures.loader` from the files under ``ressources/procedures``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

FieldKind = str  # text | nir | password | email | phone | date | postal_code | code | choice
# | radio | checkbox | search | results

NEXT = "next"
DEFAULT_OUTCOME = "ok"


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class Condition:
    """Show a field only when another field of the step has one of some values."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    id: str
    kind: FieldKind
    label: str
    help: str = ""
    example: str = ""
    default: str = ""  # preselected answer (e.g. France for the country)
    required: bool = True
    rule: str | None = None
    sensitive: bool = False
    secret: bool = False
    no_paste: bool = False
    options: tuple[Option, ...] = ()
    options_from: str | None = None
    when: Condition | None = None

    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@dataclass(frozen=True)
class Target:
    """Where an action leads: a step of this procedure, or of another one."""

    step: str | None  # None with procedure set: the other procedure's first step
    procedure: str | None = None  # None: this procedure

    @classmethod
    def parse(cls, text: str) -> Target:
        if ":" in text:
            proc, _, step = text.partition(":")
            return cls(step or None, proc)
        return cls(text, None)

    def __str__(self) -> str:
        if self.procedure is None:
            return self.step or ""
        return f"{self.procedure}:{self.step or ''}"


@dataclass(frozen=True)
class Action:
    id: str
    label: str
    primary: bool = False
    validate: bool | tuple[str, ...] = False
    call: str | None = None
    goto: Mapping[str, Target] = field(default_factory=lambda: MappingProxyType({}))
    return_to: str | None = None

    def target(self, outcome: str) -> Target | None:
        return self.goto.get(outcome)

    def fields_to_validate(self, step: Step) -> tuple[str, ...]:
        if self.validate is True:
            return tuple(f.id for f in step.fields)
        if self.validate is False:
            return ()
        return self.validate


@dataclass(frozen=True)
class Note:
    kind: str  # attention | info | conseil
    text: str
    title: str = ""


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    intro: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    fields: tuple[Field, ...] = ()
    faq: tuple[str, ...] = ()
    actions: Mapping[str, Action] = field(default_factory=lambda: MappingProxyType({}))
    progress: str | None = None
    page: str | None = None
    enter: str | None = None
    official_url: str = ""

    @property
    def main_action(self) -> Action | None:
        for action in self.actions.values():
            if action.primary:
                return action
        return None

    @property
    def is_last(self) -> bool:
        main = self.main_action
        return main is None or not main.goto

    def field(self, field_id: str) -> Field:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def has_field(self, field_id: str) -> bool:
        return any(f.id == field_id for f in self.fields)


@dataclass(frozen=True)
class Procedure:
    id: str
    title: str
    organism: str
    summary: str
    steps: tuple[Step, ...]
    official_url: str = ""
    progress: tuple[str, ...] = ()

    @property
    def first(self) -> Step:
        return self.steps[0]

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(f"{self.id}: no step {step_id!r}")

    def has_step(self, step_id: str) -> bool:
        return any(s.id == step_id for s in self.steps)

    def index(self, step_id: str) -> int:
        for i, s in enumerate(self.steps):
            if s.id == step_id:
                return i
        raise KeyError(step_id)


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: str
    answer: tuple[str, ...]
    source: str  # retraite | caf | kiosque
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    procedures: Mapping[str, Procedure]
    faq: Mapping[str, FaqEntry]

    def procedure(self, procedure_id: str) -> Procedure:
        try:
            return self.procedures[procedure_id]
        except KeyError:
            raise KeyError(f"unknown procedure {procedure_id!r}") from None
