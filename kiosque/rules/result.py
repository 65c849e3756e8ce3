"""Structured results of the rules: never an exception, always French messages by key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from kiosque.texts import Message

T = TypeVar("T", covariant=True)  # frozen: a Check[str] is a Check[object]
V = TypeVar("V")


@dataclass(frozen=True)
class Check(Generic[T]):
    """Outcome of checking one field.

    ``value`` is the normalised value when the input is acceptable (else ``None``);
    ``errors`` block the step; ``hints`` are gentle remarks that do not block
    (e.g. a likely typo in an e-mail provider).
    """

    value: T | None
    errors: tuple[Message, ...] = ()
    hints: tuple[Message, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    @staticmethod
    def good(value: V, *hints: Message) -> Check[V]:
        return Check(value, (), tuple(hints))

    @staticmethod
    def bad(*errors: Message) -> Check[Any]:
        return Check(None, tuple(errors))


@dataclass(frozen=True)
class RuleStatus:
    """One line of a rule list shown and ticked live (e.g. the password rules)."""

    rule: str  # stable id, e.g. "longueur-min"
    label: Message  # the rule as listed to the citizen
    satisfied: bool
    refusal: Message  # sentence naming the broken rule, shown when refused


@dataclass(frozen=True)
class ValidationResult:
    """Field id → messages, for a whole step."""

    errors: dict[str, tuple[Message, ...]] = field(default_factory=dict)
    hints: dict[str, tuple[Message, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(self.errors.values())
